//! `lc calendar`: the open items of agreed and active contracts as iCalendar to-dos (RFC 5545),
//! so that a manager imports exactly their own list, and a re-import updates it.

use std::process::ExitCode;

use anyhow::Result;
use chrono::{NaiveDate, TimeZone, Utc};
use icalendar::{Calendar, Component, Todo, TodoStatus};

use crate::cli::Config;
use crate::commands::report::{note_skipped, read_work_tree};
use crate::contract::Contract;
use crate::report::{Filter, owner_name};
use crate::scalar::{Owner, Person};

/// One open item: which list, where in it, who acts, what, and when.
struct Item<'a> {
    contract: &'a Contract,
    list: &'static str,
    index: usize,
    owner: &'a Owner,
    summary: String,
    due: NaiveDate,
}

pub fn run(config: &Config, owner: Option<&str>, filter: &Filter) -> Result<ExitCode> {
    let reading = read_work_tree(config)?;
    let contracts = reading
        .usable()
        .filter(|c| c.status.value.is_live() && filter.keeps(c));
    let items: Vec<Item<'_>> = contracts
        .flat_map(open_items)
        .filter(|item| owner.is_none_or(|needle| owns(item.contract, item.owner, needle)))
        .collect();
    let mut calendar = Calendar::new();
    calendar.name("Learning contracts: open items");
    // A fixed stamp (the as-of day) keeps the file the same from run to run.
    let stamp = Utc.from_utc_datetime(&config.as_of.and_hms_opt(0, 0, 0).unwrap_or_default());
    for item in &items {
        calendar.push(todo(item, stamp));
    }
    let text = calendar.done().to_string();
    crate::render::write_out(&mut std::io::stdout().lock(), &text)?;
    note_skipped(reading.skipped());
    Ok(ExitCode::SUCCESS)
}

fn name(person: Option<&Person>) -> String {
    person.map_or_else(|| "the learner".into(), |p| p.name.clone())
}

/// The open items of a contract that have a due date, each with its summary.
fn open_items(c: &Contract) -> Vec<Item<'_>> {
    let learner = name(c.learner.as_ref());
    c.open_items()
        .filter_map(|item| {
            let text = item.text.map(crate::contract::short).unwrap_or_default();
            let summary = match item.list {
                "follow_ups" => format!("Follow-up with {learner}"),
                "application" => format!("{learner}: {text}"),
                _ => format!("Support for {learner}: {text}"),
            };
            Some(Item {
                contract: c,
                list: item.list,
                index: item.index,
                owner: item.owner,
                summary,
                due: item.due?,
            })
        })
        .collect()
}

/// Whether `needle` (a name or an email) is the person who must act.
fn owns(contract: &Contract, owner: &Owner, needle: &str) -> bool {
    let person = match owner {
        Owner::Person(p) => Some(p),
        Owner::Role(role) => contract.resolve_role(role),
    };
    person.is_some_and(|p| p.matches(needle))
}

fn todo(item: &Item<'_>, stamp: chrono::DateTime<Utc>) -> Todo {
    let c = item.contract;
    let description = format!(
        "Owner: {}\nContract: {}\nFile: {}\nItem: {}[{}]",
        owner_name(c, item.owner),
        c.id.value,
        c.file,
        item.list,
        item.index
    );
    Todo::new()
        // Stable across runs and unique: a re-import updates the to-do instead of adding one.
        .uid(&format!("{}/{}/{}@lc", c.id.value, item.list, item.index))
        .timestamp(stamp)
        .summary(&item.summary)
        .description(&description)
        .due(item.due)
        .status(TodoStatus::NeedsAction)
        .done()
}
