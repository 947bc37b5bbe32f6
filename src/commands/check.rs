//! `lc check`: every contract, every rule, printed for people, programs or CI.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::check::policy::Context;
use crate::check::policy::Settings;
use crate::check::source::{Found, FoundKind};
use crate::check::{Keep, WorkTree, check_repo};
use crate::cli::{CheckConfig, CheckFormat, Config, FixMode};
use crate::render::{self, Totals};
use crate::store::git::Git;
use crate::store::repo;

pub fn run(config: &Config, check: &CheckConfig) -> Result<ExitCode> {
    let repo::HrRepo {
        root,
        settings,
        found,
    } = repo::HrRepo::open(config.repo.as_deref())?;
    let git = Git::open(&root);
    let selected = select(&root, &settings.contracts, &found, check, git.as_ref())?;

    let ctx = Context {
        as_of: config.as_of,
        policy: &settings.policy,
    };
    if check.fix != FixMode::Off {
        let _lock = match (check.fix == FixMode::Write)
            .then(|| crate::store::write::lock(&root, &settings))
        {
            Some(Err(refusal)) => {
                crate::commands::record::report_refusal(&refusal)?;
                return Ok(ExitCode::from(refusal.exit));
            }
            lock => lock,
        };
        let is_selected = |path: &str| selected.as_ref().is_none_or(|s| s.contains(path));
        let chosen: Vec<&Found> = found.iter().filter(|f| is_selected(&f.path)).collect();
        let fixed = fix_files(&root, &settings, &chosen, ctx, check.fix)?;
        if check.fix == FixMode::Diff {
            return Ok(ExitCode::from(u8::from(fixed > 0)));
        }
    }
    let summary_file = step_summary_file(check.format);
    // The summary's urgent items come from the contracts themselves, as the report finds them.
    let keep = if summary_file.is_some() {
        Keep::Models
    } else {
        Keep::Links
    };
    let mut checked = check_repo(&found, &WorkTree(&root), &settings, ctx, keep);
    if let Some(git) = &git {
        checked
            .repo_diagnostics
            .extend(git.untracked_findings(&found, ctx)?);
    }
    let mut diagnostics = checked.take_diagnostics();

    let is_selected = |path: &str| selected.as_ref().is_none_or(|s| s.contains(path));
    diagnostics.retain(|d| is_selected(&d.file));
    if check.ready {
        let chosen = found.iter().filter(|f| is_selected(&f.path));
        diagnostics.extend(ready_findings(&root, &settings, chosen, ctx));
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
    // Links and leftover temporary copies are skipped, not read: they are not counted as files.
    let is_read = |f: &&Found| !matches!(f.kind, FoundKind::Symlink | FoundKind::Leftover);
    let files = found
        .iter()
        .filter(is_read)
        .filter(|f| is_selected(&f.path))
        .count();
    let contracts = checked
        .files
        .iter()
        .filter(|f| f.links.is_some() && is_selected(&f.path))
        .count();
    let totals = Totals::count(&diagnostics, files, contracts);
    if let Some(file) = summary_file {
        let usable: Vec<&crate::model::contract::Contract> = checked
            .files
            .iter()
            .filter(|f| f.reportable && is_selected(&f.path))
            .filter_map(|f| f.contract.as_deref())
            .collect();
        let report = crate::review::build(&usable, &settings, config.as_of);
        write_step_summary(&file, &render::step_summary::markdown(totals, &report));
    }
    // The models are no longer needed, and freeing a whole repo's worth of them one by one
    // costs more than the process exit that frees them at once.
    std::mem::forget(checked);

    // GitHub and code scanning place findings by the path from the top of the work tree.
    let prefix = git.as_ref().map_or("", |g| g.prefix());
    let stdout = std::io::stdout();
    let text = match check.format {
        CheckFormat::Human => render::human::check(
            &diagnostics,
            totals,
            &root,
            render::use_colour(&stdout),
            settings.max_file_bytes,
        ),
        CheckFormat::Json => render::json::check(&diagnostics, totals, config.as_of),
        CheckFormat::Github => render::github::check(&diagnostics, totals, prefix),
        CheckFormat::Sarif => render::sarif::check(&diagnostics, prefix),
    };
    let mut out = stdout.lock();
    render::write_out(&mut out, &text)?;
    let _ = out.flush();

    // SARIF is for upload: the step that uploads it must still run (cli.md).
    let failed = check.format != CheckFormat::Sarif
        && (totals.errors > 0 || (check.deny_warnings && totals.warnings > 0));
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `--ready`: what agreeing each draft among `files` needs (`store::ready`); a draft that
/// needs nothing more is named on stderr with the command that agrees it.
fn ready_findings<'f>(
    root: &Path,
    settings: &Settings,
    files: impl Iterator<Item = &'f Found>,
    ctx: Context<'_>,
) -> Vec<crate::check::diagnostic::Diagnostic> {
    let mut found = Vec::new();
    for f in files.filter(|f| matches!(f.kind, FoundKind::Regular { .. })) {
        let path = root.join(&f.path);
        let Ok(Some(bytes)) = crate::check::source::read_limited(&path, settings.max_file_bytes)
        else {
            continue;
        };
        let Some(ready) = crate::store::ready::agreement_errors(&f.path, &bytes, settings, ctx)
        else {
            continue;
        };
        if ready.errors.is_empty() {
            errln!(
                "note: `{}` is ready to be agreed: `lc agree {} --by both`",
                ready.id,
                ready.id
            );
        }
        found.extend(ready.errors);
    }
    found
}

/// Where GitHub Actions takes a step's Markdown summary: `$GITHUB_STEP_SUMMARY`, written by the
/// `github` format only, so that a SARIF or JSON step in the same job adds nothing twice.
fn step_summary_file(format: CheckFormat) -> Option<std::ffi::OsString> {
    if format != CheckFormat::Github {
        return None;
    }
    std::env::var_os("GITHUB_STEP_SUMMARY").filter(|f| !f.is_empty())
}

/// Appends the summary, as each step's writers do; a failure is a note, not a failed check.
fn write_step_summary(file: &std::ffi::OsStr, text: &str) {
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    if let Err(err) = written {
        errln!("lc: cannot write the step summary to $GITHUB_STEP_SUMMARY: {err}");
    }
}

/// The files to report on: those named, those changed, or (`None`) all of them.
fn select(
    root: &Path,
    contracts_dir: &str,
    found: &[Found],
    check: &CheckConfig,
    git: Option<&Git>,
) -> Result<Option<HashSet<String>>> {
    let mut selected: Option<HashSet<String>> = None;
    if !check.paths.is_empty() {
        let mut named = HashSet::new();
        for path in &check.paths {
            let rel = repo::relative_to_root(root, path).map_err(|err| {
                let hint = if check.changed == Some(None) && !path.exists() {
                    format!(
                        " (to compare with a revision, write `--changed={}`)",
                        path.display()
                    )
                } else {
                    String::new()
                };
                anyhow::anyhow!("{err}{hint}")
            })?;
            let under = |f: &&Found| {
                f.path == rel || rel.is_empty() || f.path.starts_with(&format!("{rel}/"))
            };
            let matching: Vec<&Found> = found.iter().filter(under).collect();
            if matching.is_empty() {
                bail!(
                    "`{}` is not a contract file: lc checks `*.yaml` and `*.yml` files under `{contracts_dir}/`",
                    path.display()
                );
            }
            named.extend(matching.into_iter().map(|f| f.path.clone()));
        }
        selected = Some(named);
    }
    if let Some(base) = &check.changed {
        let Some(git) = git else {
            bail!(
                "--changed needs a git work tree, and `{}` is not in one",
                root.display()
            );
        };
        let changed = git.changed_files(base.as_deref())?;
        selected = Some(match selected {
            Some(named) => named.intersection(&changed).cloned().collect(),
            None => changed,
        });
    }
    Ok(selected)
}

/// Applies (or, with `--diff`, prints) the safe fixes of each file, in up to four rounds (a fix
/// can uncover another), keeping a round only when it adds no error. Returns how many files
/// had something to fix.
fn fix_files(
    root: &Path,
    settings: &Settings,
    files: &[&Found],
    ctx: Context<'_>,
    mode: FixMode,
) -> Result<usize> {
    let mut changed = 0;
    let mut out = std::io::stdout().lock();
    for file in files {
        if !matches!(file.kind, FoundKind::Regular { .. }) {
            continue;
        }
        let path = root.join(&file.path);
        let Ok(Some(bytes)) = crate::check::source::read_limited(&path, settings.max_file_bytes)
        else {
            continue;
        };
        let Ok(original) = String::from_utf8(bytes) else {
            continue;
        };
        let (text, applied) = crate::store::fix::fixed(&file.path, &original, settings, ctx);
        if text == original {
            continue;
        }
        changed += 1;
        if mode == FixMode::Diff {
            let diff = similar::TextDiff::from_lines(&original, &text);
            let shown = diff
                .unified_diff()
                .header(&format!("a/{}", file.path), &format!("b/{}", file.path))
                .to_string();
            render::write_out(&mut out, &shown)?;
            continue;
        }
        repo::write_whole(&path, text.as_bytes())?;
        for d in &applied {
            if let Some(fix) = &d.fix {
                errln!(
                    "fixed {}:{}:{}: {fix} [{}]",
                    d.file,
                    d.line,
                    d.column,
                    d.code
                );
            }
        }
    }
    Ok(changed)
}
