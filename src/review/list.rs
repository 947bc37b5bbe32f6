//! `lc list`'s rows: one per contract, with its open items.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::contract::Contract;
use crate::review::open_items;

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

/// The row of one contract.
pub fn row(c: &Contract) -> Row {
    let name = |p: &Option<crate::model::scalar::Person>| {
        p.as_ref().map_or_else(String::new, |p| p.name.clone())
    };
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
