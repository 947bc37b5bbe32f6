//! `lc trend`: quarter over quarter, each quarter's headline figures from its last commit (the
//! same review as `lc report --quarter`), with the change against the quarter before.

use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use crate::cli::{Config, ReportFormat, TrendConfig};
use crate::commands::note_skipped;
use crate::model::quarter::Quarter;
use crate::render;
use crate::review::read::{aggregate_of, open_git, quarter_end, quarter_reviews, repo_name};
use crate::review::trend::{Trend, TrendQuarter};
use crate::store::history::end_of;
use crate::store::repo;

pub fn run(config: &Config, args: &TrendConfig) -> Result<ExitCode> {
    let root = repo::find_root(config.repo.as_deref())?;
    let git = open_git(&root, "lc trend")?;
    let line = git.first_parent_line()?;
    let Some((oldest, newest)) = line.span() else {
        bail!("this git repository has no commit yet");
    };
    let (first, last) = range(args, oldest, newest, config.as_of)?;
    if line.at(end_of(last.last_day())).is_none() {
        bail!(
            "no commit on the current branch was made by the end of {last} ({}): the history \
             starts on {oldest}",
            last.last_day()
        );
    }
    if args.aggregate {
        return aggregates(&git, &line, &root, first, last, args);
    }
    let reviews = quarter_reviews(&git, &line, first.previous(), last, &args.filter)?;
    let mut quarters: Vec<TrendQuarter> = Vec::new();
    let mut before: Option<TrendQuarter> = None;
    for report in &reviews {
        let quarter = TrendQuarter::of(report, before.as_ref());
        if Quarter::parse(&quarter.quarter).is_ok_and(|q| q >= first) {
            quarters.push(quarter.clone());
        }
        before = Some(quarter);
    }
    let missing = (quarters.first()).map_or(0, |q| count_between(first, &q.quarter));
    if missing > 0 {
        errln!(
            "note: {} before the history's first commit ({oldest}) left out",
            render::plural(missing, "quarter")
        );
    }
    let skipped = quarters.last().map_or(0, |q| q.skipped_files);
    let trend = Trend {
        version: 1,
        quarters,
        repo: repo_name(&root),
    };
    let text = match args.format {
        ReportFormat::Table => render::trend::table(&trend),
        ReportFormat::Markdown => render::trend::markdown(&trend),
        ReportFormat::Csv => render::trend::csv(&trend)?,
        ReportFormat::Json => render::trend::json(&trend),
        ReportFormat::Html => render::trend::html(&trend)?,
    };
    render::write_out(&mut std::io::stdout().lock(), &text)?;
    note_skipped(skipped);
    Ok(ExitCode::SUCCESS)
}

/// The quarters asked for; by default the last four the history covers that have ended by the
/// as-of date.
fn range(
    args: &TrendConfig,
    oldest: NaiveDate,
    newest: NaiveDate,
    as_of: NaiveDate,
) -> Result<(Quarter, Quarter)> {
    let last = args.to.unwrap_or_else(|| {
        let q = Quarter::of(newest);
        if q.last_day() > as_of {
            q.previous()
        } else {
            q
        }
    });
    let first = args.from.unwrap_or_else(|| {
        let back = last.previous().previous().previous();
        back.max(Quarter::of(oldest)).min(last)
    });
    if first > last {
        bail!("--from {first} is after --to {last}: the first quarter comes first");
    }
    Ok((first, last))
}

/// How many quarters come before `shown` from `first` on.
fn count_between(first: Quarter, shown: &str) -> usize {
    let Ok(shown) = Quarter::parse(shown) else {
        return 0;
    };
    let mut n = 0;
    let mut q = first;
    while q < shown {
        n += 1;
        q = q.next();
    }
    n
}

/// `lc trend --aggregate`: each quarter's aggregate review, from its last commit. No changes
/// between quarters: a change of one would point at the one person who moved.
fn aggregates(
    git: &crate::store::git::Git,
    line: &crate::store::git::FirstParentLine,
    root: &std::path::Path,
    first: Quarter,
    last: Quarter,
    args: &TrendConfig,
) -> Result<ExitCode> {
    let mut quarters = Vec::new();
    let mut q = first;
    loop {
        if let Some(reading) = quarter_end(git, line, root, q)? {
            quarters.push((q.to_string(), aggregate_of(&reading, &args.filter, root)?));
        }
        if q >= last {
            break;
        }
        q = q.next();
    }
    let text = match args.format {
        ReportFormat::Table => render::aggregate::trend_text(&quarters, render::aggregate::table),
        ReportFormat::Markdown => {
            render::aggregate::trend_text(&quarters, render::aggregate::markdown)
        }
        ReportFormat::Csv => render::aggregate::trend_csv(&quarters)?,
        ReportFormat::Json => render::aggregate::trend_json(&quarters),
        ReportFormat::Html => render::aggregate::trend_html(&quarters, &repo_name(root)),
    };
    render::write_out(&mut std::io::stdout().lock(), &text)?;
    Ok(ExitCode::SUCCESS)
}
