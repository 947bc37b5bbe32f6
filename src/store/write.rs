//! How a change reaches a contract file: the file found by id or path (`locate`), the records
//! planned and applied through the edit layer and checked (`prepare`: nothing that adds an
//! error gets through), then written whole, staged and, when asked, committed (`write_all`).
//! Every front end records through here: the CLI's record commands and `lc serve`'s forms.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;
use rayon::prelude::*;

use crate::check::diagnostic::{Diagnostic, Severity};
use crate::check::policy::Context;
use crate::check::policy::Settings;
use crate::check::source::{FoundKind, read_limited};
use crate::check::{self, load_bytes};
use crate::model::contract;
use crate::store::edit;
use crate::store::git::Git;
use crate::store::lock::WriteLock;
use crate::store::record::{self, Record, Refusal};
use crate::store::repo;

/// A file written by a record: the commit message's line, the file, and how git keeps it
/// (` (staged)`, ` (committed abc123)`, or nothing outside git).
#[derive(Clone, Debug)]
pub struct Written {
    pub message: String,
    pub rel: String,
    pub how: String,
}

/// What a record command did: the files it wrote, and the facts that were already recorded.
#[derive(Debug, Default)]
pub struct Recorded {
    pub written: Vec<Written>,
    pub notes: Vec<String>,
}

/// Records `records` in one contract (by id or path); with `with_linked`, a cancellation also
/// cancels the strategic contract's open linked experiences. Every file or none is changed.
pub fn record(
    root: &Path,
    settings: &Settings,
    ctx: Context<'_>,
    contract: &str,
    records: &[Record],
    with_linked: bool,
    commit: bool,
) -> Result<Recorded, Refusal> {
    let _lock = lock(root, settings)?;
    let file = locate(root, settings, contract)?;
    let mut notes = Vec::new();
    let mut prepared: Vec<Prepared> = prepare(&file, records, settings, ctx, &mut notes)?
        .into_iter()
        .collect();
    if with_linked {
        for other in linked_experiences(root, settings, ctx, &file)? {
            let reason = records.iter().find_map(|r| match r {
                Record::Cancel { reason } => reason.clone(),
                _ => None,
            });
            let cancel = Record::Cancel {
                reason: Some(reason.unwrap_or_else(|| {
                    format!("its strategic contract `{}` was cancelled", other.1)
                })),
            };
            prepared.extend(prepare(&other.0, &[cancel], settings, ctx, &mut notes)?);
        }
    }
    let written = if prepared.is_empty() {
        Vec::new()
    } else {
        write_all(root, &prepared, commit)?
    };
    Ok(Recorded { written, notes })
}

/// Hands one contract, or every agreed and active contract of the manager `old`, over to `to`.
#[allow(clippy::too_many_arguments)]
pub fn handover(
    root: &Path,
    settings: &Settings,
    ctx: Context<'_>,
    contract: Option<&str>,
    old: Option<&str>,
    to: &str,
    on: chrono::NaiveDate,
    commit: bool,
) -> Result<Recorded, Refusal> {
    let _lock = lock(root, settings)?;
    let records = [Record::Handover {
        to: to.to_string(),
        on,
    }];
    let files = match (contract, old) {
        (Some(contract), _) => vec![locate(root, settings, contract)?],
        (None, Some(old)) => {
            let checked = all_contracts(root, settings, ctx)?;
            let mut files = Vec::new();
            for c in checked.contracts() {
                let theirs = c.manager.as_ref().is_some_and(|m| m.matches(old));
                if theirs && c.status.value.is_live() {
                    files.push(read(root, settings, c.file.clone())?);
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
                Some(
                    "`lc handover CONTRACT --to PERSON` or `lc handover --manager OLD --to NEW`"
                        .into(),
                ),
            ));
        }
    };
    let mut notes = Vec::new();
    let mut prepared = Vec::new();
    for file in &files {
        prepared.extend(prepare(file, &records, settings, ctx, &mut notes)?);
    }
    let written = if prepared.is_empty() {
        Vec::new()
    } else {
        write_all(root, &prepared, commit)?
    };
    Ok(Recorded { written, notes })
}

/// Links the experience contract `experience` from objective `objective` of the strategic
/// contract its `strategic:` names.
pub fn link(
    root: &Path,
    settings: &Settings,
    ctx: Context<'_>,
    experience: &str,
    objective: &str,
    commit: bool,
) -> Result<Recorded, Refusal> {
    let _lock = lock(root, settings)?;
    let file = locate(root, settings, experience)?;
    let loaded = load_bytes(&file.rel, &file.bytes, settings, ctx);
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
    let mut notes = Vec::new();
    let prepared = prepare_link(
        root,
        settings,
        ctx,
        &strategic.value,
        objective,
        &id,
        body.event_type.as_deref(),
        &mut notes,
    )?;
    let written = match prepared {
        Some(p) => write_all(root, &[p], commit)?,
        None => Vec::new(),
    };
    Ok(Recorded { written, notes })
}

/// The repo's write lock, held by every command that writes contracts from before it reads
/// the file it changes until the change is staged and committed (`store::lock`).
pub fn lock(root: &Path, settings: &Settings) -> Result<WriteLock, Refusal> {
    crate::store::lock::acquire(root, Duration::from_secs(settings.write_wait_seconds))
}

/// Every contract id of the repo, sorted and once each (shell completion).
pub fn contract_ids(root: &Path, settings: &Settings) -> Vec<String> {
    let mut ids: Vec<String> = all_ids(root, settings, None)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(_, id)| id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// A contract file: where it is, and its bytes as read.
pub struct Located {
    /// Repo-relative, `/`-separated.
    pub rel: String,
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

pub fn refused(message: String, help: Option<String>) -> Refusal {
    Refusal {
        exit: 1,
        message,
        help,
    }
}

pub fn unknown(message: String, help: Option<String>) -> Refusal {
    Refusal {
        exit: 2,
        message,
        help,
    }
}

/// Finds a contract by id (first at its default path, `<contracts>/<year>/<id>.yaml`, then by
/// reading every file's id) or by the path of its file. A file lc will not edit (a link, a
/// special file, one over the size limit) is refused with what to do, whichever way it was
/// named.
pub fn locate(root: &Path, settings: &Settings, arg: &str) -> Result<Located, Refusal> {
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
    if crate::model::scalar::parse_id(arg).is_err() {
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
        if std::fs::symlink_metadata(root.join(&rel)).is_err() {
            continue;
        }
        // The file named after the id: lc edits it, or says why not, unless it holds
        // another contract's id.
        let file = read(root, settings, rel)?;
        match id_of(&file.bytes) {
            Some(id) if id != arg => {}
            _ => return Ok(file),
        }
    }
    scan(root, settings, arg)
}

/// Every regular contract file with its id, when it can be read. With `wanted`, a file whose
/// text does not hold that id anywhere is not parsed (its id is `None`): finding one contract
/// among thousands reads them all, but parses only the few that could be it.
pub fn all_ids(
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
            let bytes = read_limited(&root.join(&f.path), settings.max_file_bytes)
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
            let near = crate::text::closest::closest(id, known.iter().copied());
            let mut help = match near {
                Some(near) => format!("did you mean `{near}`? `lc list` shows every contract"),
                None => "`lc list` shows every contract and its id".into(),
            };
            let unread = unreadable_files(root, settings);
            if unread > 0 {
                let files = if unread == 1 { "file" } else { "files" };
                help += &format!(
                    "; {unread} {files} under `{}/` cannot be read (`lc check` says why), and may hold it",
                    settings.contracts
                );
            }
            Err(unknown(
                format!("there is no contract `{id}` under `{}/`", settings.contracts),
                Some(help),
            ))
        }
    }
}

/// How many contract files lc does not read: links, special files, files over the size limit.
fn unreadable_files(root: &Path, settings: &Settings) -> usize {
    let found = repo::find_contract_files(root, &settings.contracts).unwrap_or_default();
    found
        .iter()
        .filter(|f| match f.kind {
            FoundKind::Regular { size } => size > settings.max_file_bytes,
            FoundKind::Symlink | FoundKind::Special(_) => true,
            FoundKind::Leftover => false,
        })
        .count()
}

/// A file's `id`, when it parses, else as its `id:` line writes it (a file with conflict
/// markers, say), so that the command can say what is wrong with it.
fn id_of(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    let root = crate::text::yaml::parse(text.strip_prefix('\u{feff}').unwrap_or(text)).root;
    match root {
        Some(root) => contract::header(&root).1.map(|id| id.value),
        None => crate::check::id_as_written(bytes),
    }
}

/// Reads a contract file to edit it: a regular file (not a link) under the size limit.
pub fn read(root: &Path, settings: &Settings, rel: String) -> Result<Located, Refusal> {
    let path = root.join(&rel);
    let meta = std::fs::symlink_metadata(&path)
        .map_err(|_| unknown(format!("there is no file `{rel}`"), None))?;
    let check = Some(format!("`lc check {rel}` says more"));
    if meta.file_type().is_symlink() {
        return Err(refused(
            format!("`{rel}` is a symbolic link; lc does not edit through links"),
            Some(format!(
                "replace the link by the file itself, then run the command again; {}",
                check.as_deref().unwrap_or_default()
            )),
        ));
    }
    if !meta.is_file() {
        return Err(refused(
            format!("`{rel}` is not a regular file (a FIFO, a device…), so lc does not edit it"),
            check,
        ));
    }
    let bytes = read_limited(&path, settings.max_file_bytes)
        .map_err(|e| refused(format!("cannot read `{rel}`: {e}"), check.clone()))?
        .ok_or_else(|| {
            refused(
                format!(
                    "`{rel}` is over the size limit of {} bytes (`[limits] max_file_bytes`), so lc does not edit it",
                    settings.max_file_bytes
                ),
                check.clone(),
            )
        })?;
    Ok(Located { rel, path, bytes })
}

/// The first line of a text that is a merge's conflict marker (`<<<<<<<`, `|||||||`,
/// `>>>>>>>` at the start of a line, where no YAML value can start so), 1-based. A line of
/// `=======` alone could be a text's, so it does not count.
fn conflict_marker(text: &str) -> Option<usize> {
    crate::text::lines::text_lines(text)
        .position(|line| {
            ["<<<<<<<", ">>>>>>>", "|||||||"]
                .iter()
                .any(|m| line.starts_with(m))
        })
        .map(|i| i + 1)
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
pub struct Prepared {
    pub rel: String,
    pub path: PathBuf,
    /// The text as read, which the edit was made to: git gets only what changed from it.
    pub original: String,
    pub edited: String,
    /// `2026-jane-doe: follow-up #2 done on 2026-09-29`.
    pub message: String,
}

/// Plans and applies `records` to one file and checks the result; `None` when there is nothing
/// to change. Nothing is written.
pub fn prepare(
    file: &Located,
    records: &[record::Record],
    settings: &Settings,
    ctx: Context<'_>,
    notes: &mut Vec<String>,
) -> Result<Option<Prepared>, Refusal> {
    let rel = &file.rel;
    let Ok(text) = std::str::from_utf8(&file.bytes) else {
        return Err(refused(
            format!("`{rel}` is not UTF-8 text, so lc does not edit it"),
            Some(format!("`lc check {rel}` says where")),
        ));
    };
    if let Some(line) = conflict_marker(text) {
        return Err(refused(
            format!(
                "`{rel}` holds the conflict markers of an unfinished merge (line {line}), so lc does not edit it"
            ),
            Some(format!(
                "finish the merge first (keep the right lines, remove the markers); `lc check {rel}` shows where the file stops being valid"
            )),
        ));
    }
    let before = load_bytes(rel, &file.bytes, settings, ctx);
    let Some(contract) = before.contract.as_deref() else {
        return Err(refused(
            format!("the kind, id or status of `{rel}` cannot be read, so lc does not edit it"),
            Some(format!("`lc check {rel}` says what to fix")),
        ));
    };
    let plan = record::plan(contract, records, ctx.as_of)?;
    let id = contract.id.value.clone();
    notes.extend(
        plan.already
            .iter()
            .map(|a| format!("{a}; nothing to change")),
    );
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
    })
    .map_err(|mut refusal| {
        if agreeing {
            refusal.help = Some(format!(
                "fill in what is missing, then agree again; `lc check --ready {rel}` shows everything agreeing needs"
            ));
        }
        refusal
    })?;
    Ok(Some(Prepared {
        rel: rel.clone(),
        path: file.path.clone(),
        original: text.to_string(),
        edited,
        message: format!("{id}: {}", plan.said.join(", ")),
    }))
}

/// Writes each prepared file whole, stages it, and with `commit` commits them together. Git
/// gets only lc's own change: when the file also holds changes someone has not staged (or, with
/// `commit`, not committed), the change is merged into the index's (and `HEAD`'s) text as well,
/// and those changes are left where they were; when they touch the same lines, nothing is
/// written. A failure of git after the write is exit 1 with git's words, the file kept.
pub fn write_all(
    root: &Path,
    prepared: &[Prepared],
    commit: bool,
) -> Result<Vec<Written>, Refusal> {
    for p in prepared {
        refuse_read_only(p)?;
    }
    let git = Git::open(root);
    let staging: Vec<Staging> = match &git {
        Some(git) => prepared
            .iter()
            .map(|p| staging(git, p, commit))
            .collect::<Result<_, _>>()?,
        None => prepared
            .iter()
            .map(|_| Staging::Whole { mode: PLAIN_FILE })
            .collect(),
    };
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
    let message: Vec<&str> = prepared.iter().map(|p| p.message.as_str()).collect();
    let message = message.join("\n");
    let hows = keep_in_git(
        git.as_ref(),
        prepared,
        &staging,
        commit.then_some(&*message),
    )?;
    Ok(prepared
        .iter()
        .zip(hows)
        .map(|(p, how)| Written {
            message: p.message.clone(),
            rel: p.rel.clone(),
            how,
        })
        .collect())
}

/// git's mode of a file that is not executable.
const PLAIN_FILE: u32 = 0o100644;

/// What git gets of a written file.
enum Staging {
    /// The file as written: git holds nothing else of it that the file does not. `mode` is the
    /// index's, or a plain file's for a file git does not track yet.
    Whole { mode: u32 },
    /// lc's change alone, merged into the index's text (`index`) and, to commit, into
    /// `HEAD`'s (`head`); the file's other changes stay unstaged or uncommitted.
    Own {
        index: Vec<u8>,
        head: Option<Vec<u8>>,
        mode: u32,
    },
}

/// How git gets a prepared file's change, decided before anything is written: a change that
/// cannot be told apart from someone's unstaged or uncommitted one is refused.
fn staging(git: &Git, p: &Prepared, commit: bool) -> Result<Staging, Refusal> {
    let cannot =
        |e: anyhow::Error| refused(format!("cannot ask git about `{}`: {e:#}", p.rel), None);
    let standing = git
        .standing(&p.rel, p.original.as_bytes())
        .map_err(cannot)?;
    let Some((index_id, mode)) = standing.index else {
        return Ok(Staging::Whole { mode: PLAIN_FILE });
    };
    let staged_apart = commit && standing.head != Some(index_id);
    if !standing.unstaged && !staged_apart {
        return Ok(Staging::Whole { mode });
    }
    let ours = |theirs: &[u8], what: &str| -> Result<Vec<u8>, Refusal> {
        merged_change(p, theirs).ok_or_else(|| {
            refused(
                format!(
                    "`{}` has changes that are not {what}, on or next to the lines lc would change, so lc cannot {} its own change alone; nothing was written",
                    p.rel,
                    if what == "staged" { "stage" } else { "commit" }
                ),
                Some(format!(
                    "{} first, or put them aside (`git stash`), then run the command again",
                    if what == "staged" {
                        format!("stage them (`git add {}`)", p.rel)
                    } else {
                        "commit them".to_string()
                    }
                )),
            )
        })
    };
    let index = if standing.unstaged {
        let text = git.blob_bytes(index_id).map_err(cannot)?;
        ours(&text, "staged")?
    } else {
        p.edited.as_bytes().to_vec()
    };
    let head = match (commit, standing.head) {
        (false, _) => None,
        (true, Some(head)) if head == index_id => Some(index.clone()),
        (true, Some(head)) => {
            let text = git.blob_bytes(head).map_err(cannot)?;
            Some(ours(&text, "committed")?)
        }
        // A file `HEAD` does not have yet is committed as the index will hold it.
        (true, None) => Some(index.clone()),
    };
    Ok(Staging::Own { index, head, mode })
}

/// lc's change of a file (its text as read to its edited text) made to another version of the
/// same file, `theirs`, when the two can be merged and the merge is the same both ways round:
/// `theirs` with lc's change, then the differences between the versions, gives the edited
/// text again byte for byte.
fn merged_change(p: &Prepared, theirs: &[u8]) -> Option<Vec<u8>> {
    let (before, after) = (p.original.as_bytes(), p.edited.as_bytes());
    let merged = crate::store::git::merge_texts(before, after, theirs)?;
    let back = crate::store::git::merge_texts(theirs, &merged, before)?;
    let parses = |bytes: &[u8]| {
        std::str::from_utf8(bytes).is_ok_and(|t| {
            crate::text::yaml::parse(t.strip_prefix('\u{feff}').unwrap_or(t))
                .errors
                .is_empty()
        })
    };
    (back == after && (parses(&merged) || !parses(theirs))).then_some(merged)
}

/// A read-only file is not replaced: someone made it so (a write through the temporary copy
/// would otherwise replace it whatever its permissions say).
fn refuse_read_only(p: &Prepared) -> Result<(), Refusal> {
    let read_only = std::fs::metadata(&p.path).is_ok_and(|m| m.permissions().readonly());
    if read_only {
        return Err(refused(
            format!(
                "`{}` is read-only, so lc does not change it; nothing was written",
                p.rel
            ),
            Some(format!(
                "if it should change, make it writable first (`chmod u+w {}`), then run the command again",
                p.rel
            )),
        ));
    }
    Ok(())
}

/// Every contract of the repo, read as the check reads them.
pub fn all_contracts(
    root: &Path,
    settings: &Settings,
    ctx: Context<'_>,
) -> Result<check::RepoCheck, Refusal> {
    let found = repo::find_contract_files(root, &settings.contracts)
        .map_err(|e| unknown(format!("{e:#}"), None))?;
    Ok(check::check_repo(
        &found,
        &check::WorkTree(root),
        settings,
        ctx,
        check::Keep::Models,
    ))
}

/// The experience contracts linked to the strategic contract in `file` (by their `strategic`
/// or by one of its methods) that are not yet closed or cancelled, with the strategic's id.
pub fn linked_experiences(
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

/// The edit that links experience `id` from objective `objective` of strategic contract
/// `strategic`, checked and not yet written (`lc link`, `lc new experience --objective`).
#[allow(clippy::too_many_arguments)]
pub fn prepare_link(
    root: &Path,
    settings: &Settings,
    ctx: Context<'_>,
    strategic: &str,
    objective: &str,
    id: &str,
    method_type: Option<&str>,
    notes: &mut Vec<String>,
) -> Result<Option<Prepared>, Refusal> {
    let file = locate(root, settings, strategic)?;
    let records = [record::Record::Link {
        objective: objective.to_string(),
        experience: id.to_string(),
        method_type: method_type.map(str::to_string),
    }];
    prepare(&file, &records, settings, ctx, notes)
}

pub fn edit_refused(rel: &str, e: edit::EditError) -> Refusal {
    let help = match &e {
        edit::EditError::Syntax { .. } => Some(format!("`lc check {rel}` says what to fix")),
        edit::EditError::Alias { line, .. } => Some(format!(
            "write it out in full at line {line} instead of the alias, then run the command again"
        )),
        _ => None,
    };
    refused(format!("`{rel}`: {e}"), help)
}

/// Refuses an edited text that has an error the file did not have before, saying `what` (`…
/// would make x invalid`) and the errors; `same` maps an
/// old message to how it reads after the edit (an edit that renames someone renames them in
/// messages too).
pub fn refuse_new_errors(
    file: &Located,
    before: &check::Loaded,
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

/// Writes the edited file whole under another name, removes the old one, and inside a git
/// work tree stages both (a `git mv` with the edit); a file already at `new_rel` is refused.
pub fn move_and_stage(
    root: &Path,
    file: &Located,
    new_rel: &str,
    edited: &str,
) -> Result<String, Refusal> {
    let rel = &file.rel;
    let new_path = root.join(new_rel);
    if std::fs::symlink_metadata(&new_path).is_ok() {
        return Err(refused(
            format!("cannot move `{rel}` to `{new_rel}`: that file exists"),
            Some("move or rename it first, then run the same command again".into()),
        ));
    }
    // Written whole in place (its permissions kept), then moved: the lock keeps others out
    // between the look above and the move.
    repo::write_whole(&file.path, edited.as_bytes())
        .map_err(|e| refused(format!("cannot write `{rel}`: {e:#}"), None))?;
    std::fs::rename(&file.path, &new_path).map_err(|e| {
        refused(
            format!("`{rel}` was written, but could not be moved to `{new_rel}`: {e}"),
            None,
        )
    })?;
    let Some(git) = Git::open(root) else {
        return Ok(String::new());
    };
    git.remove(rel).map_err(|e| {
        refused(
            format!("`{rel}` was moved to `{new_rel}`, but git still has it: {e:#}"),
            None,
        )
    })?;
    git.add(new_rel).map_err(|e| {
        refused(
            format!("`{new_rel}` was written (its new content is kept), but git could not stage it: {e:#}"),
            Some(format!("when git can write again, stage it: `git add {new_rel}`")),
        )
    })?;
    Ok(" (staged)".into())
}

/// Stages written files inside a git work tree and, given a message, commits them (alone);
/// returns how each was kept (` (staged)`, ` (committed abc123)`, or nothing outside git).
fn keep_in_git(
    git: Option<&Git>,
    prepared: &[Prepared],
    staging: &[Staging],
    commit: Option<&str>,
) -> Result<Vec<String>, Refusal> {
    let Some(git) = git else {
        if commit.is_some() {
            return Err(refused(
                format!(
                    "`{}` was written, but it is not in a git work tree, so --commit could not commit it",
                    names(prepared)
                ),
                None,
            ));
        }
        return Ok(prepared.iter().map(|_| String::new()).collect());
    };
    for (p, s) in prepared.iter().zip(staging) {
        stage(git, p, s)?;
    }
    let committed = match commit {
        Some(message) => Some(commit_alone(git, prepared, staging, message)?),
        None => None,
    };
    Ok(staging
        .iter()
        .map(|s| {
            let own = match s {
                Staging::Own { .. } if committed.is_some() => {
                    ": lc's change alone; your other changes to the file are left as they were"
                }
                Staging::Own { .. } => {
                    ": lc's change alone; your other changes to the file are left unstaged"
                }
                Staging::Whole { .. } => "",
            };
            format!(" ({}{own})", committed.as_deref().unwrap_or("staged"))
        })
        .collect())
}

/// `` `a.yaml`, `b.yaml` `` without the outer backticks.
fn names(prepared: &[Prepared]) -> String {
    let rels: Vec<&str> = prepared.iter().map(|p| p.rel.as_str()).collect();
    rels.join("`, `")
}

/// Stages a written file as its staging says; a failure is exit 1 with git's words.
fn stage(git: &Git, p: &Prepared, s: &Staging) -> Result<(), Refusal> {
    let staged = match s {
        Staging::Whole { .. } => git.add(&p.rel),
        Staging::Own { index, mode, .. } => git.stage_content(&p.rel, index, *mode),
    };
    staged.map_err(|e| {
        let words = format!("{e:#}");
        refused(
            format!(
                "`{}` was written (its new content is kept), but git could not stage it: {words}",
                p.rel
            ),
            Some(format!(
                "{}, then stage it: `git add {}`",
                what_to_do(&words, &git.in_git_dir("")),
                p.rel
            )),
        )
    })
}

/// Commits the written files alone, with lc's change alone in each: `committed abc123`, and
/// where HEAD was when it was detached.
fn commit_alone(
    git: &Git,
    prepared: &[Prepared],
    staging: &[Staging],
    message: &str,
) -> Result<String, Refusal> {
    let done = if staging.iter().all(|s| matches!(s, Staging::Whole { .. })) {
        let rels: Vec<&str> = prepared.iter().map(|p| p.rel.as_str()).collect();
        git.commit_files(&rels, message)
    } else {
        let contents: Vec<(&str, &[u8], u32)> = prepared
            .iter()
            .zip(staging)
            .map(|(p, s)| match s {
                Staging::Own {
                    head: Some(head),
                    mode,
                    ..
                } => (p.rel.as_str(), head.as_slice(), *mode),
                Staging::Own { mode, .. } | Staging::Whole { mode } => {
                    (p.rel.as_str(), p.edited.as_bytes(), *mode)
                }
            })
            .collect();
        git.commit_contents(&contents, message)
    };
    let id = done.map_err(|e| {
        let words = format!("{e:#}");
        refused(
            format!(
                "`{}` was written and staged (its new content is kept), but git could not commit it: {words}",
                names(prepared)
            ),
            Some(format!(
                "{}, then commit what lc staged: `git commit`",
                what_to_do(&words, &git.in_git_dir(""))
            )),
        )
    })?;
    let detached = if git.is_detached() {
        " on a detached HEAD: no branch holds it; `git switch -c NAME` keeps it"
    } else {
        ""
    };
    Ok(format!("committed {id}{detached}"))
}

/// What to do about a failure of git, from its words: a stale lock, a full disk, a directory
/// git may not write in. `git_dir` is git's directory as a path from the HR repo (`.git/`).
fn what_to_do(words: &str, git_dir: &str) -> String {
    let lower = words.to_lowercase();
    if lower.contains("index.lock") && lower.contains("exists") {
        format!(
            "another git may be running in this repo; when none is, the lock is left from a crash: remove it (`rm {git_dir}index.lock`)"
        )
    } else if lower.contains("no space left") || lower.contains("disk quota") {
        "the disk is full: free some space".into()
    } else if lower.contains("permission denied") || lower.contains("read-only file system") {
        format!(
            "git may not write in its directory (`{}`): check its owner and permissions",
            git_dir.trim_end_matches('/')
        )
    } else {
        "deal with what git says".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(words: &str, says: &str) {
        let advice = what_to_do(words, "../.git/");
        assert!(advice.contains(says), "{words}: {advice}");
    }

    #[test]
    fn the_advice_follows_gits_words() {
        case(
            "fatal: Unable to create '.git/index.lock': File exists.",
            "remove it (`rm ../.git/index.lock`)",
        );
        case(
            "error: unable to write new index file: No space left on device",
            "the disk is full",
        );
        case(
            "fatal: Unable to create '.git/index.lock': Permission denied",
            "git may not write in its directory (`../.git`)",
        );
        case(
            "error: insufficient permission for adding an object: Read-only file system",
            "check its owner and permissions",
        );
        case(
            "pre-commit: contracts are committed by HR",
            "deal with what git says",
        );
    }
}
