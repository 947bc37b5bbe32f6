//! `lc done`, `provide`, `decline`, `achieve`, `drop`, `agree`, `start`, `close`, `cancel`,
//! `follow-up add` and `reschedule`: one contract changed through the edit layer, checked
//! before it is written, written whole or not at all, and staged in git.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use rayon::prelude::*;

use crate::check::load_bytes;
use crate::cli::{Config, RecordConfig};
use crate::contract;
use crate::diagnostic::{Diagnostic, Severity};
use crate::edit;
use crate::git::Git;
use crate::policy::Settings;
use crate::record::{self, Refusal};
use crate::repo::{self, FoundKind};
use crate::rules::Context;

pub fn run(config: &Config, rec: &RecordConfig) -> Result<ExitCode> {
    let root = repo::find_root(config.repo.as_deref())?;
    let settings = repo::load_settings(&root)?;
    let ctx = Context {
        as_of: config.as_of,
        policy: &settings.policy,
    };
    let outcome = locate(&root, &settings, &rec.contract)
        .and_then(|file| record_in(&root, &file, rec, &settings, ctx));
    match outcome {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(refusal) => {
            let mut err = std::io::stderr().lock();
            writeln!(err, "error: {}", refusal.message)?;
            if let Some(help) = &refusal.help {
                writeln!(err, "  = help: {help}")?;
            }
            Ok(ExitCode::from(refusal.exit))
        }
    }
}

/// A contract file: where it is, and its bytes as read.
pub(crate) struct Located {
    /// Repo-relative, `/`-separated.
    pub(crate) rel: String,
    pub(crate) path: PathBuf,
    pub(crate) bytes: Vec<u8>,
}

fn refused(message: String, help: Option<String>) -> Refusal {
    Refusal {
        exit: 1,
        message,
        help,
    }
}

fn unknown(message: String, help: Option<String>) -> Refusal {
    Refusal {
        exit: 2,
        message,
        help,
    }
}

/// Finds a contract by id (first at its default path, `<contracts>/<year>/<id>.yaml`, then by
/// reading every file's id) or by the path of its file.
fn locate(root: &Path, settings: &Settings, arg: &str) -> Result<Located, Refusal> {
    let dir = &settings.contracts;
    if arg.ends_with(".yaml") || arg.ends_with(".yml") || arg.contains('/') {
        let rel = repo::relative_to_root(root, Path::new(arg))
            .map_err(|e| unknown(format!("{e:#}"), None))?;
        if !rel.starts_with(&format!("{dir}/")) {
            return Err(unknown(
                format!("`{arg}` is not under the contracts directory `{dir}/`"),
                None,
            ));
        }
        return read(root, settings, rel);
    }
    if crate::scalar::parse_id(arg).is_err() {
        return Err(unknown(
            format!("`{arg}` is neither a contract id nor the path of a contract file"),
            Some("give the id, as `lc list` shows it, or the file's path".into()),
        ));
    }
    let year = arg
        .get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()));
    for ext in ["yaml", "yml"] {
        let Some(year) = year else { break };
        let rel = format!("{dir}/{year}/{arg}.{ext}");
        if root.join(&rel).is_file()
            && let Ok(file) = read(root, settings, rel)
            && id_of(&file.bytes).as_deref() == Some(arg)
        {
            return Ok(file);
        }
    }
    scan(root, settings, arg)
}

/// `lc __contract-ids`: every contract id of the repo, sorted, for shell completion. Prints
/// nothing (and succeeds) outside an HR repo, so that completing never shows an error.
pub fn contract_ids(config: &Config) -> Result<ExitCode> {
    let Ok(root) = repo::find_root(config.repo.as_deref()) else {
        return Ok(ExitCode::SUCCESS);
    };
    let Ok(settings) = repo::load_settings(&root) else {
        return Ok(ExitCode::SUCCESS);
    };
    let mut ids: Vec<String> = all_ids(&root, &settings, None)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(_, id)| id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out = std::io::stdout().lock();
    for id in ids {
        if writeln!(out, "{id}").is_err() {
            break;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Every regular contract file with its id, when it can be read. With `wanted`, a file whose
/// text does not hold that id anywhere is not parsed (its id is `None`): finding one contract
/// among thousands reads them all, but parses only the few that could be it.
fn all_ids(
    root: &Path,
    settings: &Settings,
    wanted: Option<&str>,
) -> Result<Vec<(String, Option<String>)>> {
    let found = repo::find_contract_files(root, &settings.contracts)?;
    Ok(found
        .par_iter()
        .filter(
            |f| matches!(f.kind, FoundKind::Regular { size } if size <= settings.max_file_bytes),
        )
        .map(|f| {
            let bytes = repo::read_limited(&root.join(&f.path), settings.max_file_bytes)
                .ok()
                .flatten();
            let could_be = |b: &Vec<u8>| {
                wanted.is_none_or(|id| std::str::from_utf8(b).is_ok_and(|t| t.contains(id)))
            };
            let id = bytes.filter(could_be).and_then(|b| id_of(&b));
            (f.path.clone(), id)
        })
        .collect())
}

/// Reads every contract file's id, for a contract that is not at its default path.
fn scan(root: &Path, settings: &Settings, id: &str) -> Result<Located, Refusal> {
    let ids = all_ids(root, settings, Some(id)).map_err(|e| unknown(format!("{e:#}"), None))?;
    let mut matching = ids.iter().filter(|(_, found)| found.as_deref() == Some(id));
    match (matching.next(), matching.next()) {
        (Some((path, _)), None) => read(root, settings, path.clone()),
        (Some((first, _)), Some((second, _))) => Err(refused(
            format!("the id `{id}` is used by `{first}` and `{second}`"),
            Some("give each contract its own id (`lc check` reports `duplicate-id`), or name the file".into()),
        )),
        (None, _) => {
            let ids = all_ids(root, settings, None).unwrap_or_default();
            let known: Vec<&str> = ids.iter().filter_map(|(_, id)| id.as_deref()).collect();
            let near = crate::validate::closest(id, known.iter().copied());
            Err(unknown(
                format!("there is no contract `{id}` under `{}/`", settings.contracts),
                Some(match near {
                    Some(near) => format!("did you mean `{near}`? `lc list` shows every contract"),
                    None => "`lc list` shows every contract and its id".into(),
                }),
            ))
        }
    }
}

/// A file's `id`, when it parses.
fn id_of(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    let root = crate::yaml::parse(text.strip_prefix('\u{feff}').unwrap_or(text)).root?;
    contract::header(&root).1.map(|id| id.value)
}

pub(crate) fn read(root: &Path, settings: &Settings, rel: String) -> Result<Located, Refusal> {
    let path = root.join(&rel);
    let meta = std::fs::symlink_metadata(&path)
        .map_err(|_| unknown(format!("there is no file `{rel}`"), None))?;
    if meta.file_type().is_symlink() || !meta.is_file() {
        return Err(refused(
            format!("`{rel}` is not a regular file (a link, a FIFO…), so lc does not edit it"),
            None,
        ));
    }
    let bytes = repo::read_limited(&path, settings.max_file_bytes)
        .map_err(|e| refused(format!("cannot read `{rel}`: {e}"), None))?
        .ok_or_else(|| {
            refused(
                format!("`{rel}` is over the size limit, so lc does not edit it"),
                None,
            )
        })?;
    Ok(Located { rel, path, bytes })
}

/// The errors of a file's own check, as (code, message) pairs.
fn errors(diagnostics: &[Diagnostic]) -> Vec<(String, String)> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.code.to_string(), d.message.clone()))
        .collect()
}

fn record_in(
    root: &Path,
    file: &Located,
    rec: &RecordConfig,
    settings: &Settings,
    ctx: Context<'_>,
) -> Result<(), Refusal> {
    let rel = &file.rel;
    let Ok(text) = std::str::from_utf8(&file.bytes) else {
        return Err(refused(
            format!("`{rel}` is not UTF-8 text, so lc does not edit it"),
            Some(format!("`lc check {rel}` says where")),
        ));
    };
    let before = load_bytes(rel, &file.bytes, settings, ctx);
    let Some(contract) = before.contract.as_deref() else {
        return Err(refused(
            format!("the kind, id or status of `{rel}` cannot be read, so lc does not edit it"),
            Some(format!("`lc check {rel}` says what to fix")),
        ));
    };
    let plan = record::plan(contract, &rec.records, ctx.as_of)?;
    let id = contract.id.value.clone();
    for already in &plan.already {
        eprintln!("note: {already}; nothing to change");
    }
    if plan.changes.is_empty() {
        return Ok(());
    }
    let edited = edit::apply(text, &plan.changes).map_err(|e| edit_refused(rel, e))?;
    let message = format!("{id}: {}", plan.said.join(", "));
    let agreeing = plan.changes.iter().any(|c| {
        matches!(c, edit::Change::Set { at, key, value: edit::New::Text(v) }
            if at.is_empty() && key == "status" && v == "agreed")
    });
    let what = if agreeing {
        format!("`{id}` is not complete enough to be agreed")
    } else {
        format!("{} would make `{rel}` invalid", plan.said.join(", "))
    };
    refuse_new_errors(file, &before, &edited, &what, settings, ctx, &|m| {
        m.to_string()
    })?;
    let how = write_and_stage(root, file, &edited, rec.commit.then_some(message.as_str()))?;
    println!("{message}{how}");
    println!("  in {rel}");
    Ok(())
}

pub(crate) fn edit_refused(rel: &str, e: edit::EditError) -> Refusal {
    refused(
        format!("`{rel}`: {e}"),
        matches!(e, edit::EditError::Syntax { .. })
            .then(|| format!("`lc check {rel}` says what to fix")),
    )
}

/// Refuses an edited text that has an error the file did not have before, saying `what` (`…
/// would make x invalid`) and the errors; `same` maps an
/// old message to how it reads after the edit (an edit that renames someone renames them in
/// messages too).
pub(crate) fn refuse_new_errors(
    file: &Located,
    before: &crate::check::Loaded,
    edited: &str,
    what: &str,
    settings: &Settings,
    ctx: Context<'_>,
    same: &dyn Fn(&str) -> String,
) -> Result<(), Refusal> {
    let rel = &file.rel;
    let after = load_bytes(rel, edited.as_bytes(), settings, ctx);
    let old: Vec<(String, String)> = errors(&before.diagnostics)
        .into_iter()
        .map(|(code, message)| (code, same(&message)))
        .collect();
    let new: Vec<&Diagnostic> = after
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter(|d| !old.contains(&(d.code.to_string(), d.message.clone())))
        .collect();
    if !new.is_empty() {
        let listed: Vec<String> = new
            .iter()
            .map(|d| format!("  line {}: {} [{}]", d.line, d.message, d.code))
            .collect();
        return Err(refused(
            format!("{what}, so nothing was written:\n{}", listed.join("\n")),
            Some(format!(
                "fill in what is missing, then run the same command again; `lc check {rel}` shows every problem"
            )),
        ));
    }
    Ok(())
}

/// Writes the edited file whole, stages it inside a git work tree and, given a message,
/// commits it; returns how it was kept (` (staged)`, ` (committed abc123)`).
pub(crate) fn write_and_stage(
    root: &Path,
    file: &Located,
    edited: &str,
    commit: Option<&str>,
) -> Result<String, Refusal> {
    let rel = &file.rel;
    repo::write_whole(&file.path, edited.as_bytes())
        .map_err(|e| refused(format!("cannot write `{rel}`: {e:#}"), None))?;
    let git = Git::open(root);
    let staged = git.as_ref().is_some_and(|g| g.add(rel).is_ok());
    let committed = match (&git, commit) {
        (Some(git), Some(message)) => Some(git.commit_file(rel, message).map_err(|e| {
            refused(
                format!("`{rel}` was written but not committed: {e:#}"),
                None,
            )
        })?),
        (None, Some(_)) => {
            return Err(refused(
                format!(
                    "`{rel}` was written, but it is not in a git work tree, so --commit could not commit it"
                ),
                None,
            ));
        }
        _ => None,
    };
    Ok(match (committed, staged) {
        (Some(commit), _) => format!(" (committed {commit})"),
        (None, true) => " (staged)".into(),
        (None, false) => String::new(),
    })
}
