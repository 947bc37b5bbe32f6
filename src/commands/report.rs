//! `lc report`: the quarterly review, from the working tree or from any point in git history.

use std::collections::HashSet;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};

use crate::check::{Keep, RepoCheck, Source, WorkTree, check_repo, load_bytes};
use crate::cli::{Config, ReportConfig, ReportFormat};
use crate::contract::{Contract, Status};
use crate::git::{Git, Snapshot};
use crate::policy::Settings;
use crate::render;
use crate::repo::{self, Found};
use crate::report::{self, Quarter};
use crate::rules::Context;

/// What a report or list reads: the repo's files at some point, and as of which day.
pub struct Reading {
    pub root: std::path::PathBuf,
    pub settings: Settings,
    pub checked: RepoCheck,
    pub as_of: NaiveDate,
    /// The commit read, `None` for the working tree.
    pub revision: Option<String>,
}

impl Reading {
    /// The contracts a report can use: their files have no syntax or version error.
    pub fn usable(&self) -> impl Iterator<Item = &Contract> {
        self.checked
            .files
            .iter()
            .filter(|f| f.reportable)
            .filter_map(|f| f.contract.as_deref())
    }

    /// Files that gave no contract the report can use.
    pub fn skipped(&self) -> usize {
        self.checked.files.iter().filter(|f| !f.reportable).count()
    }
}

/// Reads the working tree.
pub fn read_work_tree(config: &Config) -> Result<Reading> {
    let repo::HrRepo {
        root,
        settings,
        found,
    } = repo::HrRepo::open(config.repo.as_deref())?;
    let checked = read(&found, &WorkTree(&root), &settings, config.as_of);
    Ok(Reading {
        root,
        settings,
        checked,
        as_of: config.as_of,
        revision: None,
    })
}

fn read(found: &[Found], source: &dyn Source, settings: &Settings, as_of: NaiveDate) -> RepoCheck {
    check_repo(
        found,
        source,
        settings,
        Context {
            as_of,
            policy: &settings.policy,
        },
        Keep::Models,
    )
}

fn open_git(root: &Path, flag: &str) -> Result<Git> {
    match Git::open(root) {
        Some(git) => Ok(git),
        None => bail!(
            "{flag} reads git history, and `{}` is not in a git repository",
            root.display()
        ),
    }
}

fn read_snapshot(root: &Path, snapshot: &Snapshot, as_of: NaiveDate) -> Reading {
    let checked = read(&snapshot.found, snapshot, &snapshot.settings, as_of);
    Reading {
        root: root.to_path_buf(),
        settings: snapshot.settings.clone(),
        checked,
        as_of,
        revision: Some(snapshot.commit.clone()),
    }
}

/// The last moment of a day, by the committer's clock.
fn end_of(day: NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default())
}

pub fn run(config: &Config, args: &ReportConfig) -> Result<ExitCode> {
    let root = repo::find_root(config.repo.as_deref())?;
    let (reading, during) = match (&args.rev, args.quarter) {
        (None, None) => (read_work_tree(config)?, None),
        (Some(rev), _) => {
            let git = open_git(&root, "--rev")?;
            let snapshot = git.snapshot(git.resolve(rev)?)?;
            (read_snapshot(&root, &snapshot, config.as_of), None)
        }
        (None, Some(quarter)) => {
            let (reading, closed_before) = read_quarter(&root, quarter)?;
            (reading, Some((quarter, closed_before)))
        }
    };
    let (stood, set_aside) = report::as_they_stood(
        reading.usable().filter(|c| args.filter.keeps(c)),
        reading.as_of,
    );
    let contracts: Vec<&Contract> = stood.iter().map(|c| &**c).collect();
    let mut report = report::build(&contracts, &reading.settings, reading.as_of);
    report.later_facts_set_aside = set_aside;
    report.revision = reading.revision.clone();
    report.skipped_files = reading.skipped();
    report.repo = root.display().to_string();
    if let Some((quarter, closed_before)) = during {
        report.during_the_quarter = Some(report::during(quarter, &contracts, &closed_before));
    }
    let colour = render::use_colour(&std::io::stdout());
    let text = match args.format {
        ReportFormat::Table => render::report::table(&report, colour),
        ReportFormat::Markdown => render::report::markdown(&report),
        ReportFormat::Csv => render::report::csv(&report)?,
        ReportFormat::Json => render::report::json(&report),
        ReportFormat::Html => render::html::report(&report),
    };
    render::write_out(&mut std::io::stdout().lock(), &text)?;
    note_skipped(report.skipped_files);
    Ok(ExitCode::SUCCESS)
}

/// The contracts at the end of the quarter's last day, and the ids of those already closed
/// when it began — read from the commit before it, and only for the files that changed since.
fn read_quarter(root: &Path, quarter: Quarter) -> Result<(Reading, HashSet<String>)> {
    let git = open_git(root, "--quarter")?;
    let day_before = quarter
        .first_day()
        .checked_sub_days(Days::new(1))
        .unwrap_or(quarter.first_day());
    let commits = git.first_parent_at(&[end_of(quarter.last_day()), end_of(day_before)])?;
    let Some(end) = commits[0] else {
        bail!(
            "no commit on the current branch was made on or before {last}, the end of {quarter}: \
             to review today's files as they stood that day, run `lc report --as-of {last}`",
            last = quarter.last_day()
        );
    };
    let snapshot = git.snapshot(end)?;
    let reading = read_snapshot(root, &snapshot, quarter.last_day());
    let mut closed_before = HashSet::new();
    if let Some(start) = commits[1] {
        let changed = git.changed_between(start, end)?;
        for c in reading
            .usable()
            .filter(|c| c.status.value == Status::Closed && !changed.contains(&c.file))
        {
            closed_before.insert(c.id.value.clone());
        }
        let before = git.snapshot(start)?;
        let ctx = Context {
            as_of: quarter.last_day(),
            policy: &before.settings.policy,
        };
        // Files that did not exist before the quarter have no blob there.
        for path in &changed {
            let Some(bytes) = before.file(path) else {
                continue;
            };
            let loaded = load_bytes(path, &bytes, &before.settings, ctx);
            if let Some(c) = loaded.contract.filter(|c| c.status.value == Status::Closed) {
                closed_before.insert(c.id.value);
            }
        }
    }
    Ok((reading, closed_before))
}

/// Says on stderr how many facts dated after the as-of date were set aside, when any were.
pub fn note_set_aside(set_aside: usize, as_of: NaiveDate) {
    if set_aside > 0 {
        eprintln!(
            "note: {} dated after {as_of} set aside as not yet happened on that day",
            crate::render::plural(set_aside, "fact")
        );
    }
}

/// Says on stderr how many files the report could not use, and where to learn why.
pub fn note_skipped(skipped: usize) {
    if skipped == 1 {
        eprintln!("note: 1 file gives no contract and was skipped: `lc check` says why");
    } else if skipped > 1 {
        eprintln!("note: {skipped} files give no contract and were skipped: `lc check` says why");
    }
}
