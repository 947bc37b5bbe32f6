//! `lc report`: the quarterly review, from the working tree or from any point in git history.

use std::collections::HashSet;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use crate::check::{Keep, Loaded, RepoCheck, Source, WorkTree, check_repo};
use crate::cli::{Config, ReportConfig, ReportFormat};
use crate::contract::Contract;
use crate::git::{FirstParentLine, Git, Snapshot};
use crate::history::{self, end_of};
use crate::policy::Settings;
use crate::render;
use crate::repo::{self, Found};
use crate::report::trend::{Figures, QuarterChange};
use crate::report::{self, Filter, Quarter, Report};
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

pub fn open_git(root: &Path, flag: &str) -> Result<Git> {
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

pub fn run(config: &Config, args: &ReportConfig) -> Result<ExitCode> {
    let root = repo::find_root(config.repo.as_deref())?;
    let source = Reviews::open(config, args, &root)?;
    if args.aggregate {
        return aggregate(&source, args, &root);
    }
    if let Some((by, out)) = &args.split {
        return crate::commands::split::run(&source, args, &root, *by, out);
    }
    let mut report = source.review(&args.filter)?;
    report.repo = repo_name(&root);
    let text = rendered(&report, args.format, render::use_colour(&std::io::stdout()))?;
    render::write_out(&mut std::io::stdout().lock(), &text)?;
    note_skipped(report.skipped_files);
    Ok(ExitCode::SUCCESS)
}

/// The review in one format.
pub fn rendered(report: &Report, format: ReportFormat, colour: bool) -> Result<String> {
    Ok(match format {
        ReportFormat::Table => render::report::table(report, colour),
        ReportFormat::Markdown => render::report::markdown(report),
        ReportFormat::Csv => render::report::csv(report)?,
        ReportFormat::Json => render::report::json(report),
        ReportFormat::Html => render::html::report(report),
    })
}

/// Where a review's figures come from: files read once (the working tree, `--rev`), or the
/// history of a quarter (`--quarter`). `--split` asks it for one review per audience.
pub enum Reviews {
    Files(Reading),
    Quarter {
        git: Git,
        line: FirstParentLine,
        quarter: Quarter,
    },
}

impl Reviews {
    pub fn open(config: &Config, args: &ReportConfig, root: &Path) -> Result<Reviews> {
        Ok(match (&args.rev, args.quarter) {
            (None, None) => Reviews::Files(read_work_tree(config)?),
            (Some(rev), _) => {
                let git = open_git(root, "--rev")?;
                let snapshot = git.snapshot(git.resolve(rev)?)?;
                Reviews::Files(read_snapshot(root, &snapshot, config.as_of))
            }
            (None, Some(quarter)) => {
                let git = open_git(root, "--quarter")?;
                let line = git.first_parent_line()?;
                Reviews::Quarter { git, line, quarter }
            }
        })
    }

    /// The review of the contracts `filter` keeps.
    pub fn review(&self, filter: &Filter) -> Result<Report> {
        match self {
            Reviews::Files(reading) => {
                filter.check_matches(reading.usable())?;
                let files = reading.checked.files.iter();
                let mut report = review(files, &reading.settings, reading.as_of, filter, None);
                report.revision = reading.revision.clone();
                Ok(report)
            }
            Reviews::Quarter { git, line, quarter } => {
                let quarter = *quarter;
                let mut reports = quarter_reviews(git, line, quarter.previous(), quarter, filter)?;
                let Some(mut report) = reports.pop() else {
                    bail!("no commit was made by the end of {quarter}");
                };
                if let Some(before) = reports.pop() {
                    let before = Figures::of(&before);
                    report.change_against_previous_quarter = Some(QuarterChange {
                        against: quarter.previous().to_string(),
                        change: Figures::of(&report).change(&before),
                        figures: before,
                    });
                }
                Ok(report)
            }
        }
    }

    /// The files as the review reads them at its end: for a quarter, its last commit, as of
    /// its last day.
    pub fn files(&self, root: &Path) -> Result<Files<'_>> {
        match self {
            Reviews::Files(reading) => Ok(Files::Borrowed(reading)),
            Reviews::Quarter { git, line, quarter } => {
                let Some(reading) = quarter_end(git, line, root, *quarter)? else {
                    let day = quarter.last_day();
                    bail!(
                        "no commit on the current branch was made on or before {day}, the end of {quarter}"
                    );
                };
                Ok(Files::Owned(reading))
            }
        }
    }
}

/// A reading [`Reviews`] holds, or one it made.
pub enum Files<'a> {
    Borrowed(&'a Reading),
    Owned(Reading),
}

impl std::ops::Deref for Files<'_> {
    type Target = Reading;

    fn deref(&self) -> &Reading {
        match self {
            Files::Borrowed(reading) => reading,
            Files::Owned(reading) => reading,
        }
    }
}

/// The files as they stood at the last commit of a quarter, as of its last day; `None` when
/// no commit was made by then.
pub fn quarter_end(
    git: &Git,
    line: &FirstParentLine,
    root: &Path,
    quarter: Quarter,
) -> Result<Option<Reading>> {
    let day = quarter.last_day();
    let Some(commit) = line.at(end_of(day)) else {
        return Ok(None);
    };
    let snapshot = git.snapshot(commit)?;
    Ok(Some(read_snapshot(root, &snapshot, day)))
}

/// The aggregate review of the contracts `filter` keeps, as they stood on the reading's day.
pub fn aggregate_of(
    reading: &Reading,
    filter: &Filter,
    root: &Path,
) -> Result<report::aggregate::Aggregate> {
    filter.check_matches(reading.usable())?;
    let usable = reading.usable().filter(|c| filter.keeps(c));
    let (stood, _) = report::as_they_stood(usable, reading.as_of);
    let contracts: Vec<&Contract> = stood.iter().map(|c| &**c).collect();
    let mut aggregate = report::aggregate::build(&contracts, &reading.settings, reading.as_of);
    aggregate.revision = reading.revision.clone();
    aggregate.skipped_files = reading.skipped();
    aggregate.repo = repo_name(root);
    Ok(aggregate)
}

/// `lc report --aggregate`: figures by team, no names, small figures withheld.
fn aggregate(source: &Reviews, args: &ReportConfig, root: &Path) -> Result<ExitCode> {
    let reading = source.files(root)?;
    let aggregate = aggregate_of(&reading, &args.filter, root)?;
    let text = match args.format {
        ReportFormat::Table => render::aggregate::table(&aggregate),
        ReportFormat::Markdown => render::aggregate::markdown(&aggregate),
        ReportFormat::Csv => render::aggregate::csv(&aggregate)?,
        ReportFormat::Json => render::aggregate::json(&aggregate),
        ReportFormat::Html => render::aggregate::html(&aggregate),
    };
    render::write_out(&mut std::io::stdout().lock(), &text)?;
    note_skipped(reading.skipped());
    Ok(ExitCode::SUCCESS)
}

/// The repo as the outputs name it: its directory's name, never an absolute path.
pub fn repo_name(root: &Path) -> String {
    let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    name(root)
        .or_else(|| root.canonicalize().ok().as_deref().and_then(name))
        .unwrap_or_else(|| ".".into())
}

/// The review of `files` as they stood on `as_of` (later facts set aside), keeping the contracts
/// `filter` keeps; with a quarter, what happened during it too. `lc report` (from any source)
/// and `lc trend` all make their figures here.
pub fn review<'a>(
    files: impl IntoIterator<Item = &'a Loaded>,
    settings: &Settings,
    as_of: NaiveDate,
    filter: &Filter,
    quarter: Option<(Quarter, &HashSet<String>)>,
) -> Report {
    let mut skipped = 0;
    let usable = files
        .into_iter()
        .filter(|f| {
            skipped += usize::from(!f.reportable);
            f.reportable
        })
        .filter_map(|f| f.contract.as_deref())
        .filter(|c| filter.keeps(c));
    let (stood, set_aside) = report::as_they_stood(usable, as_of);
    // After a handover, `--manager` keeps that manager's own items (docs/format.md).
    let stood: Vec<_> = stood.into_iter().map(|c| filter.narrow(c)).collect();
    let contracts: Vec<&Contract> = stood.iter().map(|c| &**c).collect();
    let mut report = report::build(&contracts, settings, as_of);
    report.skipped_files = skipped;
    report.later_facts_set_aside = set_aside;
    if let Some((quarter, closed_before)) = quarter {
        report.during_the_quarter = Some(report::during(quarter, &contracts, closed_before));
    }
    report
}

/// The review of each quarter from `first` to `last`, each from its last commit, from one walk
/// of the history. A quarter that ends before the first commit gives none; when `last` does,
/// the error says to use `--as-of` on today's files instead.
pub fn quarter_reviews(
    git: &Git,
    line: &FirstParentLine,
    first: Quarter,
    last: Quarter,
    filter: &Filter,
) -> Result<Vec<Report>> {
    if line.at(end_of(last.last_day())).is_none() {
        if git.is_shallow() {
            bail!(
                "this is a shallow clone, so the history before {} is not here: fetch it with \
                 `git fetch --unshallow` (in GitHub Actions: `fetch-depth: 0` on actions/checkout)",
                last.last_day()
            );
        }
        bail!(
            "no commit on the current branch was made on or before {day}, the end of {last}: \
             to review today's files as they stood that day, run `lc report --as-of {day}`",
            day = last.last_day()
        );
    }
    let mut reports = Vec::new();
    history::each_quarter_end(git, line, first, last, |end| {
        if end.quarter == last {
            let usable = end.files.values().filter(|f| f.reportable);
            filter.check_matches(usable.filter_map(|f| f.contract.as_deref()))?;
        }
        if let Some(commit) = &end.commit {
            let files = end.files.values();
            let day = end.quarter.last_day();
            let during = Some((end.quarter, &end.closed_before));
            let mut report = review(files, &end.settings, day, filter, during);
            report.revision = Some(commit.clone());
            reports.push(report);
        }
        Ok(())
    })?;
    Ok(reports)
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
