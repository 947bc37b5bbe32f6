//! Reading the contracts a review stands on (the working tree, a revision, a quarter's last
//! commit) and making the review from them: one function, `review`, for every source, so that
//! `lc report`, `lc trend`, `lc remind` and `lc serve` cannot count differently.

use std::borrow::Cow;
use std::path::Path;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use crate::check::policy::Context;
use crate::check::policy::Settings;
use crate::check::source::Found;
use crate::check::{Keep, Loaded, RepoCheck, Source, WorkTree, check_repo};
use crate::model::contract::Contract;
use crate::model::quarter::Quarter;
use crate::review::figures::{Figures, QuarterChange};
use crate::review::period::OtherPeriods;
use crate::review::{self as report, Filter, Report};
use crate::store::git::{FirstParentLine, Git, Snapshot};
use crate::store::history::{self, QuarterStart, end_of};
use crate::store::repo;

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

/// Reads the working tree of the HR repo at `repo` (found from the current directory when
/// `None`), as of `as_of`.
pub fn read_work_tree(repo: Option<&Path>, as_of: NaiveDate) -> Result<Reading> {
    let repo::HrRepo {
        root,
        settings,
        found,
    } = repo::HrRepo::open(repo)?;
    let checked = read(&found, &WorkTree(&root), &settings, as_of);
    Ok(Reading {
        root,
        settings,
        checked,
        as_of,
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
    /// The working tree (neither `rev` nor `quarter`), a revision, or a quarter's history.
    pub fn open(
        root: &Path,
        rev: Option<&str>,
        quarter: Option<Quarter>,
        as_of: NaiveDate,
    ) -> Result<Reviews> {
        Ok(match (rev, quarter) {
            (None, None) => Reviews::Files(read_work_tree(Some(root), as_of)?),
            (Some(rev), _) => {
                let git = open_git(root, "--rev")?;
                let snapshot = git.snapshot(git.resolve(rev)?)?;
                Reviews::Files(read_snapshot(root, &snapshot, as_of))
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
                Ok(Files::Owned(Box::new(reading)))
            }
        }
    }
}

/// A reading [`Reviews`] holds, or one it made.
pub enum Files<'a> {
    Borrowed(&'a Reading),
    Owned(Box<Reading>),
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
    let reviewed = reviewed(reading.checked.files.iter(), reading.as_of, filter);
    let contracts = reviewed.contracts();
    let mut aggregate = report::aggregate::build(&contracts, &reading.settings, reading.as_of);
    aggregate.transfer_curve = report::aggregate::transfer(
        &reviewed.looking_back(),
        reading.as_of,
        reading.settings.min_group,
    );
    aggregate.revision = reading.revision.clone();
    aggregate.skipped_files = reading.skipped();
    aggregate.repo = repo_name(root);
    Ok(aggregate)
}

/// The repo as the outputs name it: its directory's name, never an absolute path.
pub fn repo_name(root: &Path) -> String {
    let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    name(root)
        .or_else(|| root.canonicalize().ok().as_deref().and_then(name))
        .unwrap_or_else(|| ".".into())
}

/// The contracts a review counts, as they stood on its day, and what it left out.
pub struct Reviewed<'a> {
    pub contracts: Vec<Cow<'a, Contract>>,
    /// Files that gave no contract the review can use.
    pub skipped: usize,
    /// Facts dated after the day, set aside.
    pub set_aside: usize,
    /// Contracts of other periods than the review's, set apart.
    pub other_periods: OtherPeriods,
    /// The earlier period's contracts set apart, for what happened to them during a quarter.
    pub earlier: Vec<Cow<'a, Contract>>,
}

impl Reviewed<'_> {
    pub fn contracts(&self) -> Vec<&Contract> {
        self.contracts.iter().map(|c| &**c).collect()
    }

    /// The contracts *Learning after training* counts: the period's and the earlier periods'
    /// set apart. Its horizons reach a year past an experience's end, so last year's finished
    /// experiences are the ones its 180- and 365-day figures are made of (docs/commands.md).
    pub fn looking_back(&self) -> Vec<&Contract> {
        let mut all: Vec<&Contract> = self
            .contracts
            .iter()
            .chain(&self.earlier)
            .map(|c| &**c)
            .collect();
        // In the files' order, as every list of the review is.
        all.sort_by(|a, b| a.file.cmp(&b.file));
        all
    }
}

/// The contracts of `files` that a review as of `as_of` counts: those `filter` keeps, as they
/// stood that day (later facts set aside), of the period it asks for (the one that covers the
/// day, unless `--period` says otherwise), each narrowed to its manager's items after a
/// handover when `--manager` is given. Every review — the ordinary one, the aggregate, each of
/// `--split` and each quarter of `lc trend` — counts these, so they cannot disagree.
pub fn reviewed<'a>(
    files: impl IntoIterator<Item = &'a Loaded>,
    as_of: NaiveDate,
    filter: &Filter,
) -> Reviewed<'a> {
    let mut skipped = 0;
    let usable: Vec<&Contract> = files
        .into_iter()
        .filter(|f| {
            skipped += usize::from(!f.reportable);
            f.reportable
        })
        .filter_map(|f| f.contract.as_deref())
        .collect();
    // An experience takes the period of the strategic contract it serves, whatever is kept.
    let periods = report::period::periods(usable.iter().copied());
    let kept = usable.into_iter().filter(|c| filter.keeps(c));
    let (stood, set_aside) = report::as_they_stood(kept, as_of);
    let scoped = report::period::scope(stood, &periods, filter.period, as_of);
    // After a handover, `--manager` keeps that manager's own items (docs/format.md).
    let narrow = |c: Vec<Cow<'a, Contract>>| c.into_iter().map(|c| filter.narrow(c)).collect();
    Reviewed {
        contracts: narrow(scoped.kept),
        skipped,
        set_aside,
        other_periods: scoped.other,
        earlier: narrow(scoped.earlier),
    }
}

/// The review of `files` as they stood on `as_of` (later facts set aside), keeping the contracts
/// `filter` keeps; with a quarter, what happened during it too. `lc report` (from any source)
/// and `lc trend` all make their figures here.
pub fn review<'a>(
    files: impl IntoIterator<Item = &'a Loaded>,
    settings: &Settings,
    as_of: NaiveDate,
    filter: &Filter,
    quarter: Option<(Quarter, &QuarterStart)>,
) -> Report {
    let reviewed = reviewed(files, as_of, filter);
    let contracts = reviewed.contracts();
    let mut report = report::build(&contracts, settings, as_of);
    report.transfer_curve =
        report::transfer_curve(&report::standing(&reviewed.looking_back()), as_of);
    report.skipped_files = reviewed.skipped;
    report.later_facts_set_aside = reviewed.set_aside;
    report.contracts_of_other_periods = reviewed.other_periods;
    if let Some((quarter, before)) = quarter {
        // What happened in the quarter, to this period's contracts and the last period's.
        let mut all = contracts.clone();
        all.extend(reviewed.earlier.iter().map(|c| &**c));
        report.during_the_quarter = Some(report::during(quarter, &all, before));
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
            let during = Some((end.quarter, &end.before));
            let mut report = review(files, &end.settings, day, filter, during);
            report.revision = Some(commit.clone());
            reports.push(report);
        }
        Ok(())
    })?;
    Ok(reports)
}
