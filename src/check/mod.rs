//! Reading every contract file of a repo into models and diagnostics: what `lc check` prints
//! and what every other command stands on.

pub mod diagnostic;
pub mod policy;
pub mod rules;
pub mod source;
pub mod validate;

use std::collections::HashSet;

use rayon::prelude::*;

use crate::check::diagnostic::{Code, Diagnostic, Sink};
use crate::check::policy::Settings;
use crate::check::validate::{Walk, validate_contract};
use crate::model::contract::{self, At, Contract, Status};
use crate::text::lines::text_lines;
use crate::text::yaml::{self, Pos};
use policy::Context;
use rules::Links;

pub use source::{Found, FoundKind, Source, WorkTree, refusal};

/// One file's outcome: its contract, when it gives one, and its own diagnostics.
#[derive(Debug)]
pub struct Loaded {
    pub path: String,
    /// The model, when the file gives a contract and the models are kept (`Keep::Models`).
    pub contract: Option<Box<Contract>>,
    /// What the rules across files need, whenever the file gives a contract.
    pub links: Option<Links>,
    /// The `id`, when it can be read but the file gives no contract: links to it are not
    /// reported as dangling, since the file's own errors say what is wrong.
    pub broken_id: Option<String>,
    /// Whether `lc report` uses the contract: not when the file has `yaml-syntax` or
    /// `unsupported-version` (cli.md), whose reading of the fields cannot be trusted.
    pub reportable: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// Every file of the repo, read and checked, with the cross-file rules applied.
#[derive(Debug)]
pub struct RepoCheck {
    pub files: Vec<Loaded>,
    /// Diagnostics of the rules that span files.
    pub repo_diagnostics: Vec<Diagnostic>,
}

impl RepoCheck {
    pub fn contracts(&self) -> impl Iterator<Item = &Contract> {
        self.files.iter().filter_map(|f| f.contract.as_deref())
    }

    /// All diagnostics, taken out, in cli.md's order: file, line, column, code.
    pub fn take_diagnostics(&mut self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = std::mem::take(&mut self.repo_diagnostics);
        all.reserve(self.files.iter().map(|f| f.diagnostics.len()).sum());
        for file in &mut self.files {
            all.append(&mut file.diagnostics);
        }
        all.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        all
    }
}

/// Whether the contract models are kept after the rules ran: `lc check` needs only what the
/// rules across files use, and keeping less is faster and smaller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    Models,
    Links,
}

/// Reads and checks every file (in parallel, results in path order), then the cross-file rules.
pub fn check_repo(
    found: &[Found],
    source: &dyn Source,
    settings: &Settings,
    ctx: Context<'_>,
    keep: Keep,
) -> RepoCheck {
    let files: Vec<Loaded> = found
        .par_iter()
        .map(|f| {
            let mut loaded = load(f, source, settings, ctx);
            if keep == Keep::Links {
                loaded.contract = None;
            }
            loaded
        })
        .collect();
    let contracts: Vec<&Links> = files.iter().filter_map(|f| f.links.as_ref()).collect();
    let broken: HashSet<&str> = files
        .iter()
        .filter_map(|f| f.broken_id.as_deref())
        .collect();
    let repo_diagnostics = rules::repo_rules(&contracts, &broken, ctx);
    RepoCheck {
        files,
        repo_diagnostics,
    }
}

/// Reads one file into its contract and diagnostics.
pub fn load(found: &Found, source: &dyn Source, settings: &Settings, ctx: Context<'_>) -> Loaded {
    match source.read(found, settings.max_file_bytes) {
        Ok(bytes) => load_bytes(&found.path, &bytes, settings, ctx),
        Err((code, message, help)) => {
            let mut sink = Sink::new(&found.path, ctx.policy.overdue);
            sink.add(code, Pos::START, 1, message, Some(help));
            Loaded {
                path: found.path.clone(),
                contract: None,
                links: None,
                broken_id: None,
                reportable: false,
                diagnostics: sink.found,
            }
        }
    }
}

/// Checks a file's bytes; also for text that is not on disk (a rendered template).
pub fn load_bytes(path: &str, bytes: &[u8], settings: &Settings, ctx: Context<'_>) -> Loaded {
    let mut sink = Sink::new(path, ctx.policy.overdue);
    let (contract, id) = match decode(bytes, &mut sink) {
        Some(text) => {
            let read = read_contract(text, &mut sink, settings, ctx);
            // A file that does not parse says so first: a NUL there is the syntax error itself.
            if !sink.found.iter().any(|d| d.code == Code::YamlSyntax) {
                unsafe_characters(text, &mut sink);
            }
            keep_inside(text, &mut sink.found);
            read
        }
        None => (None, None),
    };
    // A file that gives no contract still answers for the id it was meant to have, so that the
    // files linking to it are not told it does not exist: its own errors say what is wrong.
    let broken_id = match (&contract, id) {
        (Some(_), _) => None,
        (None, Some(id)) => Some(id),
        (None, None) => Some(id_as_written(bytes).unwrap_or_else(|| file_stem(path))),
    };
    let untrusted = sink
        .found
        .iter()
        .any(|d| matches!(d.code, Code::YamlSyntax | Code::UnsupportedVersion));
    Loaded {
        path: path.to_string(),
        reportable: contract.is_some() && !untrusted,
        links: contract.as_ref().map(Links::of),
        contract: contract.map(Box::new),
        broken_id,
        diagnostics: sink.found,
    }
}

/// The value of a top-level `id:` line, read from the text alone (for a file the parser
/// could not read).
pub fn id_as_written(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    text_lines(&text).find_map(|line| {
        let value = line.strip_prefix("id:")?;
        let value = value.split(" #").next().unwrap_or(value).trim();
        let unquoted = ['"', '\'']
            .iter()
            .find_map(|q| value.strip_prefix(*q)?.strip_suffix(*q))
            .unwrap_or(value);
        (!unquoted.is_empty()).then(|| unquoted.to_string())
    })
}

/// The file's name without `.yaml` or `.yml`: `lc new` names a contract's file after its id.
fn file_stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name
        .strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"));
    stem.unwrap_or(name).to_string()
}

/// The file's text without a leading BOM, or `None` (with the finding) when it is not UTF-8.
fn decode<'a>(bytes: &'a [u8], sink: &mut Sink<'_>) -> Option<&'a str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(err) => {
            let utf16 = bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]);
            let (pos, message) = if utf16 {
                (
                    Pos::START,
                    "the file is UTF-16 text (\"Unicode\" in some editors), not UTF-8",
                )
            } else {
                let valid = &bytes[..err.valid_up_to()];
                // The part before the first bad byte is UTF-8, so it counts like any text.
                let before = std::str::from_utf8(valid).unwrap_or_default();
                (
                    Pos::at_byte(before, before.len()),
                    "the file is not UTF-8 text",
                )
            };
            let help = "save the file as UTF-8 (contracts are text files)";
            sink.add(Code::YamlSyntax, pos, 1, message.into(), Some(help.into()));
            None
        }
    }
}

/// Every finding points inside the file, whatever node it is about (an empty document after
/// `---` starts on the line after the last).
fn keep_inside(text: &str, found: &mut [Diagnostic]) {
    if found.is_empty() {
        return;
    }
    let lines = u32::try_from(text_lines(text).count()).unwrap_or(u32::MAX);
    for d in found.iter_mut().filter(|d| d.line > lines) {
        let pos = within(
            text,
            Pos {
                line: d.line,
                col: d.column,
            },
        );
        (d.line, d.column) = (pos.line, pos.col);
    }
}

/// `unsafe-character` for each character written raw that other YAML readers refuse or read
/// as a line break, and each bidirectional control (which makes a line display in another
/// order than it is stored): `lc`'s own edits write them escaped.
fn unsafe_characters(text: &str, sink: &mut Sink<'_>) {
    if !yaml::needs_escaping(text) {
        return;
    }
    for (n, line) in text_lines(text).enumerate() {
        for (col, c) in line.chars().enumerate() {
            let Some(why) = yaml::unsafe_char(c) else {
                continue;
            };
            let name = format!("U+{:04X}", u32::from(c));
            let message = match why {
                yaml::Unsafe::Bidi => format!(
                    "{name} is a bidirectional control written raw: the line displays in another order than it is stored, in a diff as in an editor"
                ),
                yaml::Unsafe::LineBreak => format!(
                    "{name} is written raw: other YAML readers take it for a line break inside the text"
                ),
                yaml::Unsafe::Forbidden => format!(
                    "{name} is written raw, which YAML 1.2 does not allow: other YAML readers refuse the whole file"
                ),
                yaml::Unsafe::ByteOrderMark => format!(
                    "{name} (a byte-order mark) is written raw inside the file: other YAML readers refuse it there"
                ),
            };
            let help = format!(
                "remove it, or write it escaped inside double quotes as `{}`",
                yaml::escaped(c)
            );
            let pos = Pos {
                line: u32::try_from(n + 1).unwrap_or(u32::MAX),
                col: u32::try_from(col + 1).unwrap_or(u32::MAX),
            };
            sink.add(Code::UnsafeCharacter, pos, 1, message, Some(help));
        }
    }
}

/// Parses, walks the schema, builds the model and applies the single-contract rules.
fn read_contract(
    text: &str,
    sink: &mut Sink<'_>,
    settings: &Settings,
    ctx: Context<'_>,
) -> (Option<Contract>, Option<String>) {
    let parsed = yaml::parse(text);
    for err in &parsed.errors {
        sink.add(
            Code::YamlSyntax,
            err.pos,
            1,
            err.message.clone(),
            err.help.clone(),
        );
    }
    if parsed.root.is_none() && !parsed.errors.is_empty() && crate::text::lines::tab_indented(text)
    {
        sink.fix_last(crate::check::diagnostic::Fix::Retab);
    }
    let empty = yaml::Node {
        value: yaml::Value::Scalar(yaml::Scalar {
            text: String::new(),
            plain: true,
        }),
        start: Pos::START,
        end: Pos::START,
    };
    let root = match &parsed.root {
        Some(root) => root,
        None if parsed.errors.is_empty() => &empty,
        None => return (None, None),
    };
    let (kind, id, status) = contract::header(root);
    if let Some(version) = root.get("lc").filter(|v| !v.is_null()) {
        let scalar = version.as_scalar();
        let text = scalar.map_or(version.type_name(), |s| s.text.trim());
        let is_one = scalar.is_some_and(|s| s.plain && s.text == "1");
        let means_one = text.parse::<f64>().is_ok_and(|n| n == 1.0);
        if !is_one {
            let width = crate::text::yaml::width(version);
            let (message, help) = if means_one {
                (
                    format!(
                        "`lc` must be the plain number 1, not `{}`",
                        version_text(version)
                    ),
                    "write `lc: 1`",
                )
            } else {
                (
                    format!("format version `{text}` is not supported: this lc reads version 1"),
                    "write `lc: 1` for this format, or use the lc release that reads that version",
                )
            };
            sink.add(
                Code::UnsupportedVersion,
                version.start,
                width,
                message,
                Some(help.into()),
            );
            // Another version's fields are not this one's: checking them would only mislead.
            if !means_one {
                return (None, id.map(|id| id.value));
            }
        }
    }
    // format.md: when the kind or the status cannot be read, only the common fields are
    // checked, as for a draft.
    let known_kind = kind.filter(|_| status.is_some());
    let draft = status.as_ref().is_none_or(|s| s.value.is_draft_like());
    let mut walk = Walk {
        sink: &mut *sink,
        kind: known_kind,
        draft,
        currency: &settings.currency,
    };
    validate_contract(&mut walk, root);
    if root.entries().is_none() {
        return (None, None);
    }
    // The single-contract rules run on whatever can be read, so that a file shows all its
    // problems at once; a file whose kind, id and status can be read gives a contract to the
    // cross-file rules too.
    let gives_contract = kind.is_some() && id.is_some() && status.is_some();
    let id_text = id.as_ref().map(|id| id.value.clone());
    let id = id.unwrap_or(At {
        value: String::new(),
        pos: Pos::START,
        width: 1,
    });
    let status = status.unwrap_or(At {
        value: Status::Draft,
        pos: Pos::START,
        width: 1,
    });
    let contract = contract::build(sink.file, root, known_kind, id, status, &settings.currency);
    rules::contract_rules(&contract, ctx, sink);
    (gives_contract.then_some(contract), id_text)
}

/// A position clamped to the text: the parser may point just past the last line.
fn within(text: &str, pos: Pos) -> Pos {
    let lines = text_lines(text).count().max(1);
    if (pos.line as usize) <= lines {
        return pos;
    }
    let col = text_lines(text).last().unwrap_or("").chars().count() + 1;
    Pos {
        line: u32::try_from(lines).unwrap_or(u32::MAX),
        col: u32::try_from(col).unwrap_or(u32::MAX),
    }
}

/// How a scalar was written, quotes included, for messages.
fn version_text(node: &yaml::Node) -> String {
    match node.as_scalar() {
        Some(s) if !s.plain => format!("\"{}\"", s.text),
        Some(s) => s.text.clone(),
        None => node.type_name().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_past_the_end_are_brought_back_to_the_last_line() {
        assert_eq!(
            within("a: 1\nb: &x", Pos { line: 3, col: 1 }),
            Pos { line: 2, col: 6 }
        );
        assert_eq!(
            within("a: 1\n", Pos { line: 2, col: 1 }),
            Pos { line: 1, col: 5 }
        );
        assert_eq!(
            within("a: 1\n", Pos { line: 1, col: 3 }),
            Pos { line: 1, col: 3 }
        );
        assert_eq!(within("", Pos { line: 2, col: 1 }), Pos { line: 1, col: 1 });
        assert_eq!(
            within("a\rb\r\nc", Pos { line: 4, col: 1 }),
            Pos { line: 3, col: 2 }
        );
    }
}
