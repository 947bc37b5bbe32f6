//! Lines and positions of a text as YAML counts them: a line break is `\r\n`, `\n` or a lone
//! `\r`, a position is a 1-based line and a 1-based column counted in characters.

/// A place in a file: 1-based line, 1-based column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, col: 1 };

    /// The place of the byte at `offset` in `text`, with line breaks counted as YAML counts them
    /// (`\r\n`, `\n` or a lone `\r`) and a leading BOM not counted as a column.
    pub fn at_byte(text: &str, offset: usize) -> Pos {
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let bytes = text.as_bytes();
        let mut line = 1usize;
        let mut line_start = start.min(end);
        for i in start..end {
            let lone_cr = bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
            if bytes[i] == b'\n' || lone_cr {
                line += 1;
                line_start = i + 1;
            }
        }
        Pos {
            line: clamp_u32(line),
            col: clamp_u32(text[line_start..end].chars().count() + 1),
        }
    }
}

/// A count as a line or column number, saturating at `u32::MAX`.
pub fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A problem that stops the file being read as YAML, or (`duplicate key`) makes it ambiguous.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
    pub help: Option<String>,
}

/// The lines of a text as YAML counts them: a line break is `\r\n`, `\n` or a lone `\r`.
pub fn text_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.find(['\n', '\r']) {
            Some(at) => {
                let width = if current[at..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
                rest = Some(&current[at + width..]).filter(|r| !r.is_empty());
                Some(&current[..at])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// Whether some line is indented with a tab (YAML allows only spaces there).
pub fn tab_indented(text: &str) -> bool {
    text_lines(text).any(|line| {
        let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        indent.contains('\t')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_at_crlf_lf_and_lone_cr() {
        assert_eq!(
            text_lines("a\r\nb\nc\rd").collect::<Vec<_>>(),
            ["a", "b", "c", "d"]
        );
        assert_eq!(text_lines("a\n").collect::<Vec<_>>(), ["a"]);
        assert_eq!(text_lines("").count(), 1);
    }

    #[test]
    fn tabs_only_in_the_indentation_count() {
        assert!(tab_indented("a:\n \tb: 1\n"));
        assert!(!tab_indented("a: x\tb\n"));
    }
}
