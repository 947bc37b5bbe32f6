//! `lc calendar`: the open items of agreed and active contracts as iCalendar to-dos (RFC 5545),
//! so that a manager imports exactly their own list, and a re-import updates it.

use std::collections::HashMap;
use std::process::ExitCode;

use anyhow::Result;
use chrono::{NaiveDate, TimeZone, Utc};
use icalendar::{Calendar, Component, Todo, TodoStatus};

use crate::cli::Config;
use crate::commands::{note_set_aside, note_skipped};
use crate::model::contract::Contract;
use crate::model::scalar::{Owner, Person};
use crate::review::read::read_work_tree;
use crate::review::remind::{CheckIn, check_in};
use crate::review::{Filter, as_they_stood, owner_name};

/// One open item: which list, where in it, who acts, what, and when.
struct Item<'a> {
    contract: &'a Contract,
    list: &'static str,
    index: usize,
    /// What makes its UID: see [`uid_keys`].
    key: String,
    owner: &'a Owner,
    summary: String,
    /// The whole text (an action's or support's `text`, a follow-up's `notes`).
    text: Option<&'a str>,
    due: NaiveDate,
    /// What a transfer check-in asks, and the command that records its answer.
    check_in: Option<(CheckIn, String)>,
}

pub fn run(config: &Config, owner: Option<&str>, filter: &Filter) -> Result<ExitCode> {
    let reading = read_work_tree(config.repo.as_deref(), config.as_of)?;
    // Set aside before the status test: a contract agreed only later was a draft that day.
    filter.check_matches(reading.usable())?;
    if let Some(needle) = owner {
        Filter::check_owner(needle, reading.usable().filter(|c| filter.keeps(c)))?;
    }
    let (stood, set_aside) =
        as_they_stood(reading.usable().filter(|c| filter.keeps(c)), reading.as_of);
    let stood: Vec<_> = stood.into_iter().map(|c| filter.narrow(c)).collect();
    let items: Vec<Item<'_>> = stood
        .iter()
        .filter(|c| c.status.value.is_live())
        .flat_map(|c| open_items(c, &reading.settings.policy.transfer_checkins))
        .filter(|item| owner.is_none_or(|needle| owns(item.contract, item.owner, item.due, needle)))
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
    note_set_aside(set_aside, reading.as_of);
    Ok(ExitCode::SUCCESS)
}

fn name(person: Option<&Person>) -> String {
    person.map_or_else(|| "the learner".into(), |p| p.name.clone())
}

/// The open items of a contract that have a due date, each with its summary and UID key;
/// `check_ins` are lc.toml's `transfer_checkins`.
fn open_items<'a>(c: &'a Contract, check_ins: &[i64]) -> Vec<Item<'a>> {
    let learner = name(c.learner.as_ref());
    let keys = uid_keys(c);
    c.open_items()
        .filter_map(|item| {
            let text = item.text.map(summary_text).unwrap_or_default();
            let check_in = check_in(c, &item, check_ins)
                .map(|question| (question, item.record_command(&c.id.value)));
            let summary = match item.list {
                "follow_ups" if let Some((check_in, _)) = &check_in => {
                    format!("{}-day check-in with {learner}", check_in.days)
                }
                "follow_ups" => format!("Follow-up with {learner}"),
                "application" => format!("{learner}: {text}"),
                _ => format!("Support for {learner}: {text}"),
            };
            let key = keys
                .get(&(item.list, item.index))
                .cloned()
                .unwrap_or_else(|| format!("#{}", item.index));
            Some(Item {
                contract: c,
                list: item.list,
                index: item.index,
                key,
                owner: item.owner,
                summary,
                text: item.text,
                due: item.due?,
                check_in,
            })
        })
        .collect()
}

/// A text for a one-line summary: its first line, cut to 40 characters, with `…` when anything
/// was left out (the whole text is in the description).
fn summary_text(text: &str) -> String {
    let text = text.trim();
    let line = text.lines().next().unwrap_or("").trim_end();
    if line.chars().count() > 40 {
        format!("{}…", line.chars().take(39).collect::<String>().trim_end())
    } else if line.len() < text.len() {
        format!("{line} …")
    } else {
        line.to_string()
    }
}

/// The part of each item's UID that says which item it is, by `(list, index)`, chosen from
/// what survives edits (docs/commands.md, `lc calendar`):
/// - the item's `id` when it has one: `q3`;
/// - else, for an action or a support, its text (whitespace folded) as a 64-bit FNV-1a hash,
///   with `-2`, `-3`… for a text that an earlier item of the list without an id repeats:
///   `~5f0c…`;
/// - else (a follow-up without an id, or an item without text) its position in the list:
///   `#2`. Follow-ups of one contract differ only in their dates, so their position, which a
///   new due date does not change, is the one stable thing they have.
///
/// `~` and `#` are not allowed in ids, so the three kinds never meet. Linear in the items.
fn uid_keys(c: &Contract) -> HashMap<(&'static str, usize), String> {
    let mut keys = HashMap::new();
    let follow_ups = c.follow_ups.iter().map(|f| (f.index, id(&f.id), None));
    add_keys("follow_ups", follow_ups, &mut keys);
    let actions = c.experience().map_or(&[][..], |e| &e.application);
    let actions = actions
        .iter()
        .map(|a| (a.index, id(&a.id), a.text.as_deref()));
    add_keys("application", actions, &mut keys);
    let supports = c
        .supports
        .iter()
        .map(|s| (s.index, id(&s.id), s.text.as_deref()));
    add_keys("supports", supports, &mut keys);
    keys
}

fn id(id: &Option<crate::model::contract::At<String>>) -> Option<&str> {
    id.as_ref().map(|i| i.value.as_str())
}

fn add_keys<'a>(
    list: &'static str,
    items: impl Iterator<Item = (usize, Option<&'a str>, Option<&'a str>)>,
    keys: &mut HashMap<(&'static str, usize), String>,
) {
    let mut seen: HashMap<u64, usize> = HashMap::new();
    for (index, id, text) in items {
        let key = match (id, text) {
            (Some(id), _) => id.to_string(),
            (None, Some(text)) => {
                let hash = fnv1a(text);
                let count = seen.entry(hash).or_default();
                *count += 1;
                match *count {
                    1 => format!("~{hash:016x}"),
                    n => format!("~{hash:016x}-{n}"),
                }
            }
            (None, None) => format!("#{index}"),
        };
        keys.insert((list, index), key);
    }
}

/// FNV-1a (64 bits) of a text with its whitespace folded, so that re-wrapping a long text in
/// the YAML keeps its UID. Written out rather than `std`'s hasher, whose output may change
/// between Rust releases.
fn fnv1a(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, word) in text.split_whitespace().enumerate() {
        let space = if i == 0 { &b""[..] } else { &b" "[..] };
        for byte in space.iter().chain(word.as_bytes()) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// Whether `needle` (a name or an email) is the person who must act.
/// Whether `needle` must act on an item due on `due`; the manager is the one on that day, so
/// that a handover gives the new manager what falls due from then on.
fn owns(contract: &Contract, owner: &Owner, due: NaiveDate, needle: &str) -> bool {
    let person = match owner {
        Owner::Person(p) => Some(p),
        Owner::Role(role) if role == "manager" => contract.manager_on(due),
        Owner::Role(role) => contract.resolve_role(role),
    };
    person.is_some_and(|p| p.matches(needle))
}

fn todo(item: &Item<'_>, stamp: chrono::DateTime<Utc>) -> Todo {
    let c = item.contract;
    let mut description = format!(
        "Owner: {}\nContract: {}\nFile: {}\nItem: {}[{}]",
        owner_name(c, item.owner, Some(item.due)),
        c.id.value,
        c.file,
        item.list,
        item.index
    );
    if let Some(text) = item.text.map(str::trim).filter(|t| !t.is_empty()) {
        let label = if item.list == "follow_ups" {
            "Notes"
        } else {
            "Text"
        };
        description += &format!("\n{label}: {text}");
    }
    if let Some((check_in, command)) = &item.check_in {
        description += &format!(
            "\nAsks: {}\nRecord the answer: {command} --applied none, partly or fully",
            check_in.question()
        );
    }
    Todo::new()
        // Stays with its item across runs and edits: a re-import updates the to-do.
        .uid(&format!("{}/{}/{}@lc", c.id.value, item.list, item.key))
        .timestamp(stamp)
        .summary(&item.summary)
        .description(&description)
        .due(item.due)
        .status(TodoStatus::NeedsAction)
        .done()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_say_when_text_is_left_out() {
        assert_eq!(summary_text("Share the checklist"), "Share the checklist");
        assert_eq!(summary_text("Share\nthe checklist\n"), "Share …");
        let long = "Share the checklist with the whole team and the mentor";
        assert_eq!(
            summary_text(long),
            "Share the checklist with the whole team…"
        );
    }

    #[test]
    fn the_text_hash_is_fixed_and_folds_whitespace() {
        // FNV-1a's published test vectors.
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a("foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(
            fnv1a("  Share the\n  checklist "),
            fnv1a("Share the checklist")
        );
        assert_ne!(fnv1a("Share the checklist"), fnv1a("Share the checklists"));
    }
}
