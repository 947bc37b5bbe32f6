//! `lc report`: the quarterly review, from the working tree or from any point in git history.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Config, ReportConfig, ReportFormat};
use crate::commands::{note_skipped, rendered};
use crate::render;
use crate::review::read::{Reviews, aggregate_of, repo_name};
use crate::store::repo;

pub fn run(config: &Config, args: &ReportConfig) -> Result<ExitCode> {
    let root = repo::find_root(config.repo.as_deref())?;
    let source = Reviews::open(&root, args.rev.as_deref(), args.quarter, config.as_of)?;
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
