//! `lc done`, `provide`, `decline`, `achieve`, `drop`, `agree`, `start`, `close`, `cancel`,
//! `follow-up add` and `reschedule`: one contract changed through the edit layer, checked
//! before it is written, written whole or not at all, and staged in git.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use rayon::prelude::*;

use crate::check::load_bytes;
use crate::cli::{Config, HandoverConfig, LinkConfig, RecordConfig};
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

/// An edit of one file, checked and ready to write.
pub(crate) struct Prepared {
    rel: String,
    path: PathBuf,
    edited: String,
    /// `2026-jane-doe: follow-up #2 done on 2026-09-29`.
    message: String,
}

/// Plans and applies `records` to one file and checks the result; `None` when there is nothing
/// to change. Nothing is written.
fn prepare(
    file: &Located,
    records: &[record::Record],
    settings: &Settings,
    ctx: Context<'_>,
) -> Result<Option<Prepared>, Refusal> {
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
    let plan = record::plan(contract, records, ctx.as_of)?;
    let id = contract.id.value.clone();
    for already in &plan.already {
        eprintln!("note: {already}; nothing to change");
    }
    if plan.changes.is_empty() {
        return Ok(None);
    }
    let edited = edit::apply(text, &plan.changes).map_err(|e| edit_refused(rel, e))?;
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
    Ok(Some(Prepared {
        rel: rel.clone(),
        path: file.path.clone(),
        edited,
        message: format!("{id}: {}", plan.said.join(", ")),
    }))
}

/// Writes each prepared file whole, stages it, and with `commit` commits them together.
fn write_all(root: &Path, prepared: &[Prepared], commit: bool) -> Result<(), Refusal> {
    for (n, p) in prepared.iter().enumerate() {
        repo::write_whole(&p.path, p.edited.as_bytes()).map_err(|e| {
            let written: Vec<&str> = prepared[..n].iter().map(|p| p.rel.as_str()).collect();
            let also = if written.is_empty() {
                String::new()
            } else {
                format!(" (already written: `{}`)", written.join("`, `"))
            };
            refused(format!("cannot write `{}`: {e:#}{also}", p.rel), None)
        })?;
    }
    let rels: Vec<&str> = prepared.iter().map(|p| p.rel.as_str()).collect();
    let message: Vec<&str> = prepared.iter().map(|p| p.message.as_str()).collect();
    let message = message.join("\n");
    let how = keep_in_git(root, &rels, commit.then_some(message.as_str()))?;
    for p in prepared {
        println!("{}{how}", p.message);
        println!("  in {}", p.rel);
    }
    Ok(())
}

fn record_in(
    root: &Path,
    file: &Located,
    rec: &RecordConfig,
    settings: &Settings,
    ctx: Context<'_>,
) -> Result<(), Refusal> {
    let mut prepared: Vec<Prepared> = prepare(file, &rec.records, settings, ctx)?
        .into_iter()
        .collect();
    if rec.with_linked {
        for other in linked_experiences(root, settings, ctx, file)? {
            let reason = rec.records.iter().find_map(|r| match r {
                record::Record::Cancel { reason } => reason.clone(),
                _ => None,
            });
            let cancel = record::Record::Cancel {
                reason: Some(reason.unwrap_or_else(|| {
                    format!("its strategic contract `{}` was cancelled", other.1)
                })),
            };
            prepared.extend(prepare(&other.0, &[cancel], settings, ctx)?);
        }
    }
    if prepared.is_empty() {
        return Ok(());
    }
    write_all(root, &prepared, rec.commit)
}

/// Every contract of the repo, read as the check reads them.
fn all_contracts(
    root: &Path,
    settings: &Settings,
    ctx: Context<'_>,
) -> Result<crate::check::RepoCheck, Refusal> {
    let found = repo::find_contract_files(root, &settings.contracts)
        .map_err(|e| unknown(format!("{e:#}"), None))?;
    Ok(crate::check::check_repo(
        &found,
        &crate::check::WorkTree(root),
        settings,
        ctx,
        crate::check::Keep::Models,
    ))
}

/// The experience contracts linked to the strategic contract in `file` (by their `strategic`
/// or by one of its methods) that are not yet closed or cancelled, with the strategic's id.
fn linked_experiences(
    root: &Path,
    settings: &Settings,
    ctx: Context<'_>,
    file: &Located,
) -> Result<Vec<(Located, String)>, Refusal> {
    let loaded = load_bytes(&file.rel, &file.bytes, settings, ctx);
    let Some(strategic) = loaded.contract.as_deref() else {
        return Ok(Vec::new());
    };
    let id = strategic.id.value.clone();
    let Some(body) = strategic.strategic() else {
        return Err(unknown(
            format!(
                "`{id}` is not a strategic contract: --with-linked cancels a strategic contract's experiences"
            ),
            Some(format!("`lc cancel {id}` cancels this contract alone")),
        ));
    };
    let from_methods: Vec<&str> = body
        .objectives
        .iter()
        .flat_map(|o| &o.methods)
        .filter_map(|m| m.experience.as_ref().map(|e| e.value.as_str()))
        .collect();
    let checked = all_contracts(root, settings, ctx)?;
    let mut out = Vec::new();
    for c in checked.contracts() {
        let Some(e) = c.experience() else { continue };
        let names_it = e.strategic.as_ref().is_some_and(|s| s.value == id)
            || from_methods.contains(&c.id.value.as_str());
        let open = matches!(
            c.status.value,
            contract::Status::Draft | contract::Status::Agreed | contract::Status::Active
        );
        if names_it && open && c.file != file.rel {
            out.push((read(root, settings, c.file.clone())?, id.clone()));
        }
    }
    Ok(out)
}

/// `lc handover`: one contract, or every agreed and active contract of a manager.
pub fn handover(config: &Config, args: &HandoverConfig) -> Result<ExitCode> {
    let outcome = (|| {
        let root =
            repo::find_root(config.repo.as_deref()).map_err(|e| unknown(format!("{e:#}"), None))?;
        let settings = repo::load_settings(&root).map_err(|e| unknown(format!("{e:#}"), None))?;
        let ctx = Context {
            as_of: config.as_of,
            policy: &settings.policy,
        };
        let records = [record::Record::Handover {
            to: args.to.clone(),
            on: args.on,
        }];
        let files = match (&args.contract, &args.manager) {
            (Some(contract), _) => vec![locate(&root, &settings, contract)?],
            (None, Some(old)) => {
                let checked = all_contracts(&root, &settings, ctx)?;
                let mut files = Vec::new();
                for c in checked.contracts() {
                    let theirs = c.manager.as_ref().is_some_and(|m| m.matches(old));
                    if theirs && c.status.value.is_live() {
                        files.push(read(&root, &settings, c.file.clone())?);
                    }
                }
                if files.is_empty() {
                    return Err(unknown(
                        format!("no agreed or active contract has the manager `{old}`"),
                        Some("give the manager's name or email as `lc list` shows it".into()),
                    ));
                }
                files
            }
            (None, None) => {
                return Err(unknown(
                    "name a contract, or every contract of a manager with --manager".into(),
                    Some("`lc handover CONTRACT --to PERSON` or `lc handover --manager OLD --to NEW`".into()),
                ));
            }
        };
        let mut prepared = Vec::new();
        for file in &files {
            prepared.extend(prepare(file, &records, &settings, ctx)?);
        }
        if prepared.is_empty() {
            return Ok(());
        }
        write_all(&root, &prepared, args.commit)
    })();
    finish(outcome)
}

/// `lc link EXPERIENCE --objective OID`: the experience linked back from its strategic
/// contract's objective.
pub fn link(config: &Config, args: &LinkConfig) -> Result<ExitCode> {
    let outcome = (|| {
        let root =
            repo::find_root(config.repo.as_deref()).map_err(|e| unknown(format!("{e:#}"), None))?;
        let settings = repo::load_settings(&root).map_err(|e| unknown(format!("{e:#}"), None))?;
        let ctx = Context {
            as_of: config.as_of,
            policy: &settings.policy,
        };
        let file = locate(&root, &settings, &args.experience)?;
        let loaded = load_bytes(&file.rel, &file.bytes, &settings, ctx);
        let Some(experience) = loaded.contract.as_deref() else {
            return Err(refused(
                format!("the kind, id or status of `{}` cannot be read", file.rel),
                Some(format!("`lc check {}` says what to fix", file.rel)),
            ));
        };
        let id = experience.id.value.clone();
        let Some(body) = experience.experience() else {
            return Err(unknown(
                format!("`{id}` is not an experience contract"),
                Some("name the experience contract to link; its `strategic:` says where".into()),
            ));
        };
        let Some(strategic) = &body.strategic else {
            return Err(refused(
                format!(
                    "`{id}` names no strategic contract (`strategic:`), so there is nothing to link it from"
                ),
                Some(format!(
                    "add `strategic: <id>` to `{}`, then link it",
                    file.rel
                )),
            ));
        };
        let prepared = prepare_link(
            &root,
            &settings,
            ctx,
            &strategic.value,
            &args.objective,
            &id,
            body.event_type.as_deref(),
        )?;
        match prepared {
            Some(p) => write_all(&root, &[p], args.commit),
            None => Ok(()),
        }
    })();
    finish(outcome)
}

/// The edit that links experience `id` from objective `objective` of strategic contract
/// `strategic`, checked and not yet written (`lc link`, `lc new experience --objective`).
pub(crate) fn prepare_link(
    root: &Path,
    settings: &Settings,
    ctx: Context<'_>,
    strategic: &str,
    objective: &str,
    id: &str,
    method_type: Option<&str>,
) -> Result<Option<Prepared>, Refusal> {
    let file = locate(root, settings, strategic)?;
    let records = [record::Record::Link {
        objective: objective.to_string(),
        experience: id.to_string(),
        method_type: method_type.map(str::to_string),
    }];
    prepare(&file, &records, settings, ctx)
}

/// Writes prepared edits (for `lc new experience --objective`).
pub(crate) fn write_prepared(root: &Path, prepared: &[Prepared]) -> Result<(), Refusal> {
    write_all(root, prepared, false)
}

fn finish(outcome: Result<(), Refusal>) -> Result<ExitCode> {
    match outcome {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(refusal) => {
            report_refusal(&refusal)?;
            Ok(ExitCode::from(refusal.exit))
        }
    }
}

pub(crate) fn report_refusal(refusal: &Refusal) -> Result<()> {
    let mut err = std::io::stderr().lock();
    writeln!(err, "error: {}", refusal.message)?;
    if let Some(help) = &refusal.help {
        writeln!(err, "  = help: {help}")?;
    }
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
    keep_in_git(root, &[rel.as_str()], commit)
}

/// Stages written files inside a git work tree and, given a message, commits them (alone);
/// returns how they were kept (` (staged)`, ` (committed abc123)`, or nothing outside git).
fn keep_in_git(root: &Path, rels: &[&str], commit: Option<&str>) -> Result<String, Refusal> {
    let git = Git::open(root);
    let staged = git
        .as_ref()
        .is_some_and(|g| rels.iter().all(|rel| g.add(rel).is_ok()));
    let files = rels.join("`, `");
    let committed = match (&git, commit) {
        (Some(git), Some(message)) => Some(git.commit_files(rels, message).map_err(|e| {
            refused(
                format!("`{files}` was written but not committed: {e:#}"),
                None,
            )
        })?),
        (None, Some(_)) => {
            return Err(refused(
                format!(
                    "`{files}` was written, but it is not in a git work tree, so --commit could not commit it"
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
