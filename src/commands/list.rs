//! `lc list`: one row per contract.

use std::process::ExitCode;

use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::cli::{Config, ListFormat};
use crate::commands::report::{note_set_aside, note_skipped, read_work_tree};
use crate::contract::Contract;
use crate::render;
use crate::report::{Filter, as_they_stood, open_items};

/// A row of `lc list`.
#[derive(Debug, Serialize)]
pub struct Row {
    pub id: String,
    pub kind: String,
    pub status: String,
    pub learner: String,
    pub manager: String,
    pub team: Option<String>,
    /// The period of a strategic contract, the days of an experience.
    pub dates: String,
    pub open_items: usize,
    pub file: String,
}

pub fn run(config: &Config, format: ListFormat, filter: &Filter) -> Result<ExitCode> {
    let reading = read_work_tree(config)?;
    filter.check_matches(reading.usable())?;
    let (stood, set_aside) =
        as_they_stood(reading.usable().filter(|c| filter.keeps(c)), reading.as_of);
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

fn row(c: &Contract) -> Row {
    let name =
        |p: &Option<crate::scalar::Person>| p.as_ref().map_or_else(String::new, |p| p.name.clone());
    let dates = match (c.strategic(), c.experience()) {
        (Some(s), _) => span(
            s.period_start.as_ref().map(|d| d.value),
            s.period_end.as_ref().map(|d| d.value),
        ),
        (_, Some(e)) => span(
            e.start.as_ref().map(|d| d.value),
            e.end.as_ref().map(|d| d.value),
        ),
        _ => String::new(),
    };
    Row {
        id: c.id.value.clone(),
        kind: c.kind().map_or("", |k| k.as_str()).to_string(),
        status: c.status.value.as_str().to_string(),
        learner: name(&c.learner),
        manager: name(&c.manager),
        team: c.team.clone(),
        dates,
        open_items: open_items(c),
        file: c.file.clone(),
    }
}

/// `2026` for a calendar year, `2026-03-10 – 03-11` within a year, else both dates in full.
fn span(start: Option<NaiveDate>, end: Option<NaiveDate>) -> String {
    let (Some(start), end) = (start, end) else {
        return String::new();
    };
    let Some(end) = end.filter(|e| *e != start) else {
        return start.to_string();
    };
    let calendar_year =
        start.ordinal() == 1 && end.year() == start.year() && end.month() == 12 && end.day() == 31;
    if calendar_year {
        start.year().to_string()
    } else if end.year() == start.year() {
        format!("{start} – {}", end.format("%m-%d"))
    } else {
        format!("{start} – {end}")
    }
}
