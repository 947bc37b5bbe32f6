//! CSV that a spreadsheet opens as text: RFC 4180 with every field quoted, CRLF line ends, and
//! no cell that a spreadsheet would run as a formula.

use std::borrow::Cow;

use anyhow::Result;

/// The first characters that make a spreadsheet read a cell as a formula (OWASP, "CSV
/// Injection"): `=`, `+`, `-`, `@`, a tab and a carriage return.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as text: one that a spreadsheet would take for a formula gets a leading `'`, as
/// OWASP advises, so that `=HYPERLINK(…)` in a contract stays words on the screen.
pub fn formula_safe(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A CSV writer whose every cell goes through [`formula_safe`].
pub struct Writer {
    inner: csv::Writer<Vec<u8>>,
}

impl Writer {
    /// Writes to memory, with CRLF line ends (RFC 4180).
    pub fn in_memory() -> Writer {
        Writer {
            // Every field quoted: a `;` or a tab inside a text cannot start a cell when a
            // spreadsheet splits on them too, as it does where `;` is the list separator.
            inner: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .quote_style(csv::QuoteStyle::Always)
                .from_writer(Vec::new()),
        }
    }

    pub fn write_record<I, T>(&mut self, record: I) -> Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        let cells: Vec<String> = record
            .into_iter()
            .map(|cell| formula_safe(cell.as_ref()).into_owned())
            .collect();
        self.inner.write_record(&cells)?;
        Ok(())
    }

    pub fn into_string(self) -> Result<String> {
        Ok(String::from_utf8(self.inner.into_inner()?)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(cell: &str, expected: &str) {
        assert_eq!(formula_safe(cell), expected);
    }

    #[test]
    fn cells_a_spreadsheet_would_run_get_a_quote() {
        case("=1+1", "'=1+1");
        case("+1", "'+1");
        case("-1", "'-1");
        case("@SUM(A1)", "'@SUM(A1)");
        case("\t=1", "'\t=1");
        case("\r=1", "'\r=1");
        case("a=1", "a=1");
        case(" =1", " =1");
        case("", "");
        case("2026-04-15", "2026-04-15");
        case("–", "–");
    }

    #[test]
    fn every_field_is_quoted() {
        let mut writer = Writer::in_memory();
        writer
            .write_record(["x;=1+2", "a\tb", "=1", "2026-04-15", "3"])
            .unwrap();
        assert_eq!(
            writer.into_string().unwrap(),
            "\"x;=1+2\",\"a\tb\",\"'=1\",\"2026-04-15\",\"3\"\r\n"
        );
    }
}
