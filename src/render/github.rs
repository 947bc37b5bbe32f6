//! `--format github`: workflow commands that GitHub Actions shows as annotations.

use super::Totals;
use crate::check::diagnostic::{Diagnostic, Severity};

/// GitHub shows at most this many annotations of each kind (error, warning) per step.
pub const SHOWN_PER_KIND: usize = 10;

/// `prefix` is the HR repo's place in the work tree, so that annotations land on the right file.
/// Past ten of a kind, findings are printed as plain lines, which stay readable in the log.
pub fn check(diagnostics: &[Diagnostic], totals: Totals, prefix: &str) -> String {
    let mut text = String::new();
    let mut shown = [0usize; 2];
    let mut rest = String::new();
    for d in diagnostics {
        let kind = usize::from(d.severity == Severity::Warning);
        let file = format!("{prefix}{}", d.file);
        if shown[kind] < SHOWN_PER_KIND {
            shown[kind] += 1;
            text += &format!(
                "::{} file={},line={},col={},title={}::{}\n",
                d.severity.as_str(),
                property(&file),
                d.line,
                d.column,
                property(&format!("lc {}", d.code)),
                data(&d.message),
            );
        } else {
            rest += &format!(
                "{}: {file}:{}:{}: {} [{}]\n",
                d.severity.as_str(),
                d.line,
                d.column,
                d.message,
                d.code
            );
        }
    }
    let hidden = diagnostics.len() - shown[0] - shown[1];
    if hidden > 0 {
        text += &format!(
            "GitHub shows {SHOWN_PER_KIND} annotations of each kind; the other {hidden} findings follow \
             (run `lc check` to see them all with their excerpts):\n{rest}"
        );
    }
    text += &totals.summary();
    text.push('\n');
    text
}

/// Escapes a command's message as the runner expects.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: also `:` and `,`, which separate properties.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a,b:c"), "a%2Cb%3Ac");
    }
}
