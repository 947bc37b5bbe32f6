//! `--format github`: workflow commands that GitHub Actions shows as annotations.

use super::Totals;
use crate::diagnostic::Diagnostic;

/// `prefix` is the HR repo's place in the work tree, so that annotations land on the right file.
pub fn check(diagnostics: &[Diagnostic], totals: Totals, prefix: &str) -> String {
    let mut text = String::new();
    for d in diagnostics {
        text += &format!(
            "::{} file={},line={},col={},title={}::{}\n",
            d.severity.as_str(),
            property(&format!("{prefix}{}", d.file)),
            d.line,
            d.column,
            property(&format!("lc {}", d.code)),
            data(&d.message),
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
