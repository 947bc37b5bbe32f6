//! `lc check --fix`: applies the fixes the check attached to its findings, through the edit
//! layer, and only where the result is no worse than the file was.

use crate::check::diagnostic::{Diagnostic, Fix, Severity};
use crate::check::load_bytes;
use crate::check::policy::{Context, Settings};
use crate::store::edit::{self, Change, EditError, New, Step};
use crate::text::yaml::{self, Node, Pos, Value};

/// The text with every tab of the indentation replaced by the file's indentation step of
/// spaces (2 when no line is indented with spaces), line breaks as they were.
pub fn retab(text: &str) -> String {
    let step = crate::store::edit::indent_step(text);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line = &rest[..end];
        let indent_len = line.len() - line.trim_start_matches([' ', '\t']).len();
        out += &line[..indent_len].replace('\t', &" ".repeat(step));
        out += &line[indent_len..];
        let brk = if rest[end..].starts_with("\r\n") {
            2
        } else {
            usize::from(end < rest.len())
        };
        out += &rest[end..end + brk];
        rest = &rest[end + brk..];
    }
    out
}

/// Applies the fixes of one file's findings; `Ok(None)` when there are none.
pub fn apply(text: &str, found: &[Diagnostic]) -> Result<Option<String>, EditError> {
    let fixes: Vec<(&Diagnostic, &Fix)> = found
        .iter()
        .filter_map(|d| d.fix.as_ref().map(|f| (d, f)))
        .collect();
    if fixes.is_empty() {
        return Ok(None);
    }
    if fixes.iter().any(|(_, f)| matches!(f, Fix::Retab)) {
        return Ok(Some(retab(text)));
    }
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = yaml::parse(body)
        .root
        .ok_or_else(|| EditError::Path("the file does not parse".into()))?;
    let changes: Vec<Change> = fixes
        .iter()
        .filter_map(|(d, fix)| {
            change(
                &root,
                Pos {
                    line: d.line,
                    col: d.column,
                },
                fix,
            )
        })
        .collect();
    edit::apply(text, &changes).map(Some)
}

fn change(root: &Node, at: Pos, fix: &Fix) -> Option<Change> {
    if let Fix::AddFollowUp { due } = fix {
        return Some(Change::Push {
            at: Vec::new(),
            key: "follow_ups".into(),
            item: New::Map(vec![("due".into(), New::Text(due.clone()))]),
        });
    }
    let (path, is_key) = path_to(root, at)?;
    match fix {
        Fix::Replace { to, .. } if !is_key => Some(Change::Replace {
            at: path,
            value: to.clone(),
        }),
        Fix::Rename { from, to } if is_key => {
            let (_, parent) = path.split_last()?;
            Some(Change::Rename {
                at: parent.to_vec(),
                from: from.clone(),
                to: to.clone(),
            })
        }
        _ => None,
    }
}

/// The path of the scalar (value or key) that starts at `at`, and whether it is a key.
fn path_to(root: &Node, at: Pos) -> Option<(Vec<Step>, bool)> {
    let mut todo: Vec<(&Node, Vec<Step>)> = vec![(root, Vec::new())];
    while let Some((node, path)) = todo.pop() {
        match &node.value {
            Value::Scalar(_) if node.start == at => return Some((path, false)),
            Value::Scalar(_) => {}
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    let mut p = path.clone();
                    p.push(Step::Index(i));
                    todo.push((item, p));
                }
            }
            Value::Map(entries) => {
                for entry in entries {
                    let name = entry.key.as_scalar()?.text.clone();
                    let mut p = path.clone();
                    p.push(Step::Key(name));
                    if entry.key.start == at {
                        return Some((p, true));
                    }
                    todo.push((&entry.value, p));
                }
            }
        }
    }
    None
}

/// How many errors a file's findings hold: a fix is kept only when it does not add any.
pub fn errors(found: &[Diagnostic]) -> usize {
    found
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
}

/// How many of them keep the file from being read at all (`yaml-syntax`).
fn unreadable(found: &[Diagnostic]) -> usize {
    found
        .iter()
        .filter(|d| d.code == crate::check::diagnostic::Code::YamlSyntax)
        .count()
}

/// Whether a round of fixes is kept: it adds no error, or it makes a file readable that was not
/// (tabs as indentation): the errors then found were there all along, hidden, and are reported
/// in the same run rather than the tabs left for a later one.
fn better(before: &[Diagnostic], after: &[Diagnostic]) -> bool {
    errors(after) <= errors(before) || unreadable(after) < unreadable(before)
}

/// The text of the file `rel` with its safe fixes applied, in up to four rounds (a fix can
/// uncover another: tabs first, then what they hid), keeping a round only when it adds no
/// error or makes the file readable; and the findings that were fixed. The text is unchanged when nothing could be fixed.
pub fn fixed(
    rel: &str,
    original: &str,
    settings: &Settings,
    ctx: Context<'_>,
) -> (String, Vec<Diagnostic>) {
    let mut text = original.to_string();
    let mut applied = Vec::new();
    for _ in 0..4 {
        let loaded = load_bytes(rel, text.as_bytes(), settings, ctx);
        let Ok(Some(next)) = apply(&text, &loaded.diagnostics) else {
            break;
        };
        let after = load_bytes(rel, next.as_bytes(), settings, ctx);
        if next == text || !better(&loaded.diagnostics, &after.diagnostics) {
            break;
        }
        applied.extend(loaded.diagnostics.into_iter().filter(|d| d.fix.is_some()));
        text = next;
    }
    (text, applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_in_the_indentation_become_the_files_step() {
        assert_eq!(
            retab("a:\n\tb: 1\r\n\t\tc: x\td\n"),
            "a:\n  b: 1\r\n    c: x\td\n"
        );
        assert_eq!(retab("a:\n    b:\n\tc: 1"), "a:\n    b:\n    c: 1");
    }
}
