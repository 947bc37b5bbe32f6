//! `--format human`: rustc-style excerpts with a caret under the node, then a summary line.

use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::Totals;
use crate::check::diagnostic::{Diagnostic, Severity};

/// Renders every diagnostic, reading each file's lines from `root` for the excerpt.
pub fn check(
    diagnostics: &[Diagnostic],
    totals: Totals,
    root: &Path,
    colour: bool,
    max_bytes: u64,
) -> String {
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut text = String::new();
    let mut lines = SourceLines::default();
    for d in diagnostics {
        let source_line = lines.line(root, &d.file, d.line, max_bytes);
        text += &renderer.render(&[group(d, source_line.as_deref())]);
        text += "\n\n";
    }
    let summary = totals.summary();
    text += &if colour {
        format!("\x1b[1m{summary}\x1b[0m")
    } else {
        summary
    };
    text.push('\n');
    text
}

fn group<'a>(d: &'a Diagnostic, line: Option<&'a str>) -> Group<'a> {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(d.message.as_str()).id(d.code.as_str());
    let mut group = match line {
        Some(line) => {
            let start = byte_offset(line, d.column.saturating_sub(1) as usize);
            let end = byte_offset(line, (d.column.saturating_sub(1) + d.width) as usize).max(start);
            let span = if start == end && start < line.len() {
                start..start + 1
            } else {
                start..end
            };
            title.element(
                Snippet::source(line)
                    .line_start(d.line as usize)
                    .path(d.file.as_str())
                    .annotation(AnnotationKind::Primary.span(span)),
            )
        }
        None => title.element(
            Origin::path(d.file.as_str())
                .line(d.line as usize)
                .char_column(d.column as usize),
        ),
    };
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    group
}

/// The byte offset of the `chars`-th character, or the line's end.
fn byte_offset(line: &str, chars: usize) -> usize {
    line.char_indices()
        .nth(chars)
        .map_or(line.len(), |(i, _)| i)
}

/// The lines of the file being rendered, kept while its diagnostics are written.
#[derive(Default)]
struct SourceLines {
    file: String,
    lines: Vec<String>,
}

impl SourceLines {
    fn line(&mut self, root: &Path, file: &str, line: u32, max_bytes: u64) -> Option<String> {
        if self.file != file {
            self.file = file.to_string();
            self.lines = read_lines(&root.join(file), max_bytes);
        }
        let text = self.lines.get((line as usize).checked_sub(1)?)?;
        Some(text.clone())
    }
}

/// A regular file's lines (never a link, a FIFO or an over-size file), BOM and `\r` removed.
fn read_lines(path: &Path, max_bytes: u64) -> Vec<String> {
    let is_regular = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file());
    let Some(bytes) = is_regular
        .then(|| {
            crate::check::source::read_limited(path, max_bytes)
                .ok()
                .flatten()
        })
        .flatten()
    else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    crate::text::lines::text_lines(text)
        .map(str::to_string)
        .collect()
}
