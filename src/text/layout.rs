//! Advice on layout mistakes: the parser's complaint, read with the lines around it, turned into
//! the right place and words for someone editing YAML by hand.
//!
//! The parser says what it expected where it stopped, which is often a line after the mistake
//! and in its own terms ("mapping values are not allowed in this context"). A person needs the
//! line to change and what to write there; where the change is certain, the help gives the
//! corrected line itself, so that following it literally fixes the file.

use crate::text::lines::{Pos, SyntaxError, text_lines};

/// The error to report for the parser's complaint `info` at `pos` in `text`.
pub fn explain(text: &str, info: &str, pos: Pos) -> SyntaxError {
    let lines: Vec<&str> = text_lines(text).collect();
    let diagnosis = if info.contains("mapping values are not allowed") {
        colon_in_text(&lines, pos)
    } else if is_about_tabs(info) {
        tab(&lines, pos)
    } else if info.contains("did not find expected '-' indicator") {
        key_among_items(&lines, pos)
    } else if info.contains("trailing content after double-quoted scalar") {
        quote_inside_quotes(&lines, pos)
    } else {
        None
    };
    diagnosis.unwrap_or_else(|| SyntaxError {
        pos,
        message: format!("the file is not valid YAML: {info}"),
        help: general_help(info).map(str::to_string),
    })
}

/// Whether the parser complains about a tab (not about "unprintable", which holds "tab" too).
fn is_about_tabs(info: &str) -> bool {
    ["found a tab", "tabs disallowed", "tab cannot be used"]
        .iter()
        .any(|needle| info.contains(needle))
}

/// One line, split into its indentation, an item's `- ` marks and the rest.
struct Line<'a> {
    number: u32,
    indent: usize,
    /// Columns (0-based) taken by the indentation and any `- ` before the content.
    content_col: usize,
    dashes: usize,
    content: &'a str,
}

impl<'a> Line<'a> {
    fn of(lines: &[&'a str], number: u32) -> Option<Line<'a>> {
        let text = *lines.get((number as usize).checked_sub(1)?)?;
        let indent = text.len() - text.trim_start_matches(' ').len();
        let mut content = &text[indent..];
        let mut content_col = indent;
        let mut dashes = 0;
        while let Some(rest) = content.strip_prefix("- ") {
            let spaces = rest.len() - rest.trim_start_matches(' ').len();
            content = &rest[spaces..];
            content_col += 2 + spaces;
            dashes += 1;
        }
        Some(Line {
            number,
            indent,
            content_col,
            dashes,
            content,
        })
    }

    /// The nearest line before this one that holds something besides a comment.
    fn previous(&self, lines: &[&'a str]) -> Option<Line<'a>> {
        (1..self.number)
            .rev()
            .filter_map(|n| Line::of(lines, n))
            .find(|l| !l.content.trim().is_empty() && !l.content.starts_with('#'))
    }

    /// `key` of a `key: value` or `key:` line, when the content starts with a plain key.
    fn key(&self) -> Option<&'a str> {
        let end = self.content.find(": ").or_else(|| {
            self.content
                .trim_end()
                .strip_suffix(':')
                .map(|key| key.len())
        })?;
        let key = &self.content[..end];
        let plain = !key.is_empty()
            && !key.starts_with(['"', '\'', '{', '[', '#', '&', '*', '!', '|', '>'])
            && !key.contains(" #");
        plain.then_some(key)
    }

    /// The value after `key: `, without a trailing comment.
    fn value(&self) -> Option<&'a str> {
        let key = self.key()?;
        let rest = self.content[key.len() + 1..].trim();
        let rest = rest.split(" #").next().unwrap_or(rest).trim_end();
        Some(rest)
    }
}

/// "mapping values are not allowed": a `: ` where the parser reads text. Either the text
/// itself holds `: ` (it must be quoted), or the whole `key: value` line is indented deeper than
/// its neighbours, so that it continues the text of the line above.
fn colon_in_text(lines: &[&str], pos: Pos) -> Option<SyntaxError> {
    let line = Line::of(lines, pos.line)?;
    let colon_col = (pos.col as usize).checked_sub(1)?;
    let is_key_colon = line
        .key()
        .is_some_and(|key| line.content_col + key.chars().count() == colon_col);
    if !is_key_colon {
        return text_with_colon(&line, pos);
    }
    let key = line.key()?;
    let above = line.previous(lines)?;
    let above_key_col = above.content_col;
    // The line above ends in text that this line is read as continuing.
    let continues_text = above.value().is_some_and(|v| !v.is_empty()) || above.key().is_none();
    if !continues_text || line.indent <= above.indent {
        return None;
    }
    if above.key().is_none() && above.dashes > 0 && line.indent == above_key_col {
        return Some(missing_dash(&line, &above));
    }
    let above_key = above.key()?;
    if line.indent <= above_key_col {
        return None;
    }
    let extra = line.indent - above_key_col;
    let fixed = format!("{}{}", " ".repeat(above_key_col), line.content.trim_end());
    Some(SyntaxError {
        pos: Pos {
            line: pos.line,
            col: column(line.indent),
        },
        message: format!(
            "`{key}:` is indented {} more than `{above_key}:` on line {}, so YAML reads it as more of that line's text",
            spaces(extra),
            above.number
        ),
        help: Some(format!(
            "line `{key}:` up with `{above_key}:` by removing {}: `{fixed}`",
            spaces(extra)
        )),
    })
}

/// A `key: value` line under an item of a list of texts, lined up with the item's text: an
/// item whose `- ` was left out.
fn missing_dash(line: &Line<'_>, above: &Line<'_>) -> SyntaxError {
    let dash_col = above.content_col - 2;
    let fixed = format!(
        "{}- {}",
        " ".repeat(dash_col),
        double_quoted(line.content.trim_end())
    );
    SyntaxError {
        pos: Pos {
            line: line.number,
            col: column(line.indent),
        },
        message: format!(
            "this line has no `- `, so YAML reads it as more of the text of the item on line {}",
            above.number
        ),
        help: Some(format!(
            "start an item of its own with `- ` under the `-` of line {}, and quote its text, which holds `: `: `{fixed}`",
            above.number
        )),
    }
}

/// "did not find expected '-' indicator": a `key: value` line where the parser expects the next
/// item of a list. Lined up with the items' `-`, it is an item whose `- ` was left out; between
/// the `-` and the item's keys, it is a key of the item indented too little.
fn key_among_items(lines: &[&str], pos: Pos) -> Option<SyntaxError> {
    let line = Line::of(lines, pos.line)?;
    let key = line.key()?;
    if line.dashes > 0 {
        return None;
    }
    let above = line.previous(lines)?;
    let item = (1..line.number)
        .rev()
        .filter_map(|n| Line::of(lines, n))
        .find(|l| l.dashes > 0 && l.indent <= line.indent)?;
    let at = Pos {
        line: line.number,
        col: column(line.indent),
    };
    if item.indent == line.indent {
        let fixed = format!("{}- {}", " ".repeat(line.indent), line.content.trim_end());
        return Some(SyntaxError {
            pos: at,
            message: format!(
                "`{key}:` lines up with the `-` of the items above, but has no `- ` of its own"
            ),
            help: Some(format!(
                "if it starts another item, write `- ` before it: `{fixed}`"
            )),
        });
    }
    let above_key = above.key()?;
    if above.content_col <= line.indent || item.content_col != above.content_col {
        return None;
    }
    let missing = above.content_col - line.indent;
    let fixed = format!(
        "{}{}",
        " ".repeat(above.content_col),
        line.content.trim_end()
    );
    Some(SyntaxError {
        pos: at,
        message: format!(
            "`{key}:` is indented {} less than `{above_key}:` on line {}",
            spaces(missing),
            above.number
        ),
        help: Some(format!(
            "line `{key}:` up with `{above_key}:` by adding {}: `{fixed}`",
            spaces(missing)
        )),
    })
}

/// Line `line` of `text` as an item of its own: `- ` at column `dash_col`, then its content.
pub fn with_dash(text: &str, line: u32, dash_col: u32) -> Option<String> {
    let raw = text_lines(text).nth((line as usize).checked_sub(1)?)?;
    let indent = " ".repeat((dash_col as usize).checked_sub(1)?);
    Some(format!(
        "{indent}- {}",
        raw.trim_start_matches(' ').trim_end()
    ))
}

/// A value holding `: `, which must be quoted.
fn text_with_colon(line: &Line<'_>, pos: Pos) -> Option<SyntaxError> {
    let help = match (line.key(), line.value()) {
        (Some(key), Some(value)) if !value.is_empty() && !value.starts_with(['"', '\'']) => {
            let fixed = format!(
                "{}{key}: {}",
                &lines_prefix(line),
                double_quoted(value)
            );
            format!("text that holds `: ` must be quoted: `{fixed}`")
        }
        _ => "text that holds `: ` must be quoted (`text: \"Target: 2 %\"`), or written as a block after `>`".into(),
    };
    Some(SyntaxError {
        pos,
        message: "the file is not valid YAML: a `: ` inside text, which YAML reads as a key".into(),
        help: Some(help),
    })
}

/// The indentation and `- ` marks of a line, as written.
fn lines_prefix(line: &Line<'_>) -> String {
    format!("{}{}", " ".repeat(line.indent), "- ".repeat(line.dashes))
}

/// A tab in the indentation. The parser may name the start of the text on the line above (the
/// text it was reading when it met the tab), so the tab is looked for from there.
fn tab(lines: &[&str], pos: Pos) -> Option<SyntaxError> {
    let (number, col) = (pos.line..)
        .take(
            lines
                .len()
                .saturating_sub(pos.line as usize - 1)
                .min(10_000),
        )
        .find_map(|n| {
            let text = lines.get(n as usize - 1)?;
            let indentation = &text[..text.len() - text.trim_start_matches([' ', '\t']).len()];
            let col = indentation.find('\t')?;
            Some((n, col))
        })?;
    let line = Line::of(lines, number)?;
    let raw = lines[number as usize - 1];
    let content = raw.trim_start_matches([' ', '\t']).trim_end();
    let at = Pos {
        line: number,
        col: column(col),
    };
    let message = "the line is indented with a tab; YAML indents with spaces only".to_string();
    let help = match line.previous(lines) {
        Some(above) if !content.is_empty() => {
            let target = expected_indent(content, &above);
            let fixed = format!("{}{content}", " ".repeat(target));
            format!(
                "indent with spaces: write `{fixed}` ({} before it, lined up with line {})",
                spaces(target),
                above.number
            )
        }
        _ => "indent with spaces, and put a space (not a tab) after `:`".into(),
    };
    Some(SyntaxError {
        pos: at,
        message,
        help: Some(help),
    })
}

/// Where a line of `content` most likely belongs after the line `above`.
fn expected_indent(content: &str, above: &Line<'_>) -> usize {
    let opens_block = above.content.trim_end().ends_with(':');
    if content.starts_with("- ") && above.dashes > 0 && !opens_block {
        above.content_col - 2 * above.dashes.min(1)
    } else if opens_block {
        above.content_col + 2
    } else {
        above.content_col
    }
}

/// "invalid trailing content after double-quoted scalar": a quote inside a quoted text ended it
/// (the parser says "double-quoted" for `'…'` too).
fn quote_inside_quotes(lines: &[&str], pos: Pos) -> Option<SyntaxError> {
    let line = Line::of(lines, pos.line)?;
    let raw = lines[pos.line as usize - 1];
    // The parser stops at the text after the closing quote, past any spaces.
    let before: String = raw
        .chars()
        .take((pos.col as usize).checked_sub(1)?)
        .collect();
    let closing = before.trim_end().chars().last()?;
    if closing != '\'' && closing != '"' {
        return None;
    }
    let (prefix, quoted) = match (line.key(), line.value()) {
        (Some(key), Some(value)) => (format!("{}{key}: ", lines_prefix(&line)), value),
        _ => (lines_prefix(&line), line.content.trim_end()),
    };
    let inner = quoted
        .strip_prefix(closing)
        .and_then(|rest| rest.strip_suffix(closing));
    let (message, help) = match (closing, inner) {
        ('\'', Some(inner)) => {
            let text = inner.replace("''", "'");
            (
                "the file is not valid YAML: a `'` inside text quoted with `'…'` ends the text"
                    .to_string(),
                format!(
                    "write the `'` twice inside the quotes, `{prefix}{}`, or quote the text with `\"` instead: `{prefix}{}`",
                    single_quoted(&text),
                    double_quoted(&text)
                ),
            )
        }
        ('\'', None) => (
            "the file is not valid YAML: a `'` inside text quoted with `'…'` ends the text".into(),
            "write a `'` inside `'…'` twice (`'Renée''s team'`), or quote the text with `\"` instead (`\"Renée's team\"`)".into(),
        ),
        (_, Some(inner)) => (
            "the file is not valid YAML: a `\"` inside text quoted with `\"…\"` ends the text"
                .into(),
            format!(
                "write `\\\"` for a `\"` inside the quotes, `{prefix}{}`, or quote the text with `'` instead: `{prefix}{}`",
                double_quoted(inner),
                single_quoted(inner)
            ),
        ),
        (_, None) => (
            format!("the file is not valid YAML: text follows the closing `{closing}`"),
            "quote the whole text or none of it: `\"Error rate\" falls` is neither".into(),
        ),
    };
    Some(SyntaxError {
        pos,
        message,
        help: Some(help),
    })
}

/// `text` in double quotes, with `\` and `"` escaped.
fn double_quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `text` in single quotes, each `'` written twice.
fn single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The 1-based column after `chars` characters.
fn column(chars: usize) -> u32 {
    u32::try_from(chars + 1).unwrap_or(u32::MAX)
}

fn spaces(n: usize) -> String {
    if n == 1 {
        "1 space".into()
    } else {
        format!("{n} spaces")
    }
}

/// What to do about the parser's other complaints, in words for people editing by hand.
fn general_help(info: &str) -> Option<&'static str> {
    let helps: &[(&str, &str)] = &[
        (
            "unprintable character",
            "remove the control character here: YAML allows no control characters in text but tabs and line breaks",
        ),
        (
            "must be followed by a valid YAML whitespace",
            "put a space after `:` (a tab is not accepted there)",
        ),
        ("expected whitespace", "put a space after `:` and after `-`"),
        (
            "simple key expect",
            "each line holds `key: value`: look for a missing `:` or a missing space after it here or on the line above",
        ),
        (
            "did not find expected '-' indicator",
            "line the items of a list up under each other, each starting with `- `",
        ),
        (
            "did not find expected key",
            "line the keys of a mapping up under each other; a key indented differently starts somewhere else",
        ),
        (
            "invalid indentation",
            "indent each level by the same number of spaces as its neighbours",
        ),
        (
            "unexpected character",
            "quote text that starts with `@`, `` ` ``, `*`, `&`, `!`, `%` or `|`",
        ),
        (
            "after double-quoted scalar",
            "quote the whole text or none of it: `\"Error rate\" falls` is neither",
        ),
        (
            "expected ',' or ']'",
            "close the list with `]`, and separate its items with `,`",
        ),
        (
            "expected ',' or '}'",
            "close the mapping with `}`, and separate its entries with `,`",
        ),
        (
            "unknown anchor",
            "an alias `*name` needs an anchor `&name` before it",
        ),
        (
            "unexpected end of stream",
            "close the quoted text with the same quote it opened with",
        ),
        (
            "tab",
            "indent with spaces, and put a space (not a tab) after `:`",
        ),
    ];
    helps
        .iter()
        .find(|(needle, _)| info.contains(needle))
        .map(|(_, help)| *help)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The place, message and help given for `text`, which must not be valid YAML.
    #[track_caller]
    fn case(text: &str, line: u32, col: u32, message: &str, help: &str) {
        let err = crate::text::yaml::parse(text)
            .errors
            .into_iter()
            .next()
            .expect("an error");
        assert_eq!((err.pos.line, err.pos.col), (line, col), "{err:?}");
        assert!(err.message.contains(message), "{err:?}");
        assert!(err.help.as_deref().unwrap_or("").contains(help), "{err:?}");
    }

    #[test]
    fn layout_mistakes() {
        case(
            "a:\n  b: x\n   c: y\n",
            3,
            4,
            "indented 1 space more than `b:`",
            "`  c: y`",
        );
        case("- a\n  b: c\n", 2, 3, "has no `- `", "`- \"b: c\"`");
        case(
            "l:\n  - x: 1\n  y: 2\n",
            3,
            3,
            "lines up with the `-`",
            "`  - y: 2`",
        );
        case("a:\n  b: x\n\tc: y\n", 3, 1, "tab", "`  c: y`");
        case(
            "a: 'it's'\n",
            1,
            8,
            "inside text quoted with `'…'`",
            "`a: 'it''s'`",
        );
        case(
            "a: \"say \"hi\" now\"\n",
            1,
            10,
            "inside text quoted with `\"…\"`",
            "`a: 'say \"hi\" now'`",
        );
        case(
            "a: \"x\" y\n",
            1,
            8,
            "text follows the closing",
            "quote the whole",
        );
        case("a: b: c\n", 1, 5, "a `: ` inside text", "`a: \"b: c\"`");
        case("a: x\0y\n", 1, 5, "NUL", "remove it");
        case(
            "a: &x [*x]\n",
            1,
            8,
            "recursive alias",
            "write the values out",
        );
    }

    #[test]
    fn positions_count_lone_cr_and_skip_a_bom() {
        assert_eq!(Pos::at_byte("a\rb\r\ncd", 6), Pos { line: 3, col: 2 });
        assert_eq!(Pos::at_byte("\u{feff}ab", 5), Pos { line: 1, col: 3 });
        assert_eq!(Pos::at_byte("zoë\nx", 5), Pos { line: 2, col: 1 });
        assert_eq!(Pos::at_byte("", 9), Pos { line: 1, col: 1 });
    }
}
