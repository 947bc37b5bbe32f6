//! `lc list`: one row per contract.

use std::process::ExitCode;

use crate::cli::{Config, ListFormat};
use crate::commands::{note_set_aside, note_skipped};
use crate::render;
use crate::review::list::{Row, row};
use crate::review::read::read_work_tree;
use crate::review::{Filter, as_they_stood};
use anyhow::Result;

pub fn run(config: &Config, format: ListFormat, filter: &Filter) -> Result<ExitCode> {
    let reading = read_work_tree(config.repo.as_deref(), config.as_of)?;
    filter.check_matches(reading.usable())?;
    let (stood, set_aside) =
        as_they_stood(reading.usable().filter(|c| filter.keeps(c)), reading.as_of);
    // After a handover, `--manager` counts that manager's own open items, as the review does.
    let stood: Vec<_> = stood.into_iter().map(|c| filter.narrow(c)).collect();
    let mut rows: Vec<Row> = stood.iter().map(|c| row(c)).collect();
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    let text = match format {
        ListFormat::Table => render::report::list_table(&rows),
        ListFormat::Csv => render::report::list_csv(&rows)?,
        ListFormat::Json => format!("{}\n", serde_json::to_string_pretty(&rows)?),
    };
    render::write_out(&mut std::io::stdout().lock(), &text)?;
    note_skipped(reading.skipped());
    note_set_aside(set_aside, reading.as_of);
    Ok(ExitCode::SUCCESS)
}
