//! The reminders: for each person, the open items they must act on as of a day (overdue, or due
//! within `remind_days`), and for a manager also their reports' items owned by others.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::contract::{Contract, OpenItem};
use crate::model::scalar::{Owner, Person};
use crate::review::owner_name;

/// One item in a digest.
#[derive(Clone, Debug, Serialize)]
pub struct Reminder {
    pub contract: String,
    /// Repo-relative, `/`-separated.
    pub file: String,
    pub learner: String,
    /// `follow_ups`, `application` or `supports`.
    pub list: &'static str,
    pub index: usize,
    /// What is to be done, in words, on one line: `Follow-up with Jane Doe`, the action's or
    /// support's text.
    pub what: String,
    /// Who must act, by name (a role resolved to its person).
    pub owner: String,
    pub due: NaiveDate,
    /// Days past the due date: negative while it is still ahead, 0 on the day.
    pub days_late: i64,
    /// The one command that records it: `lc done 2026-jane-doe follow-up 2`.
    pub command: String,
    /// A transfer check-in (a follow-up near a day of `transfer_checkins` after an experience):
    /// it asks whether the learning is being used.
    pub check_in: Option<CheckIn>,
}

/// What a transfer check-in asks: is the learning from the experience `title` being used,
/// `days` after it?
#[derive(Clone, Debug, Serialize)]
pub struct CheckIn {
    pub days: i64,
    pub title: String,
    /// The follow-up's notes, on one line.
    pub notes: Option<String>,
}

impl CheckIn {
    /// The question, with the title in `*…*` as plain text marks a title.
    pub fn question(&self) -> String {
        format!("is the learning from *{}* being used?", self.title)
    }
}

/// What one person gets.
#[derive(Clone, Debug, Serialize)]
pub struct Digest {
    pub name: String,
    /// `None`: the person cannot be reached by e-mail.
    pub email: Option<String>,
    /// Items this person must act on, most urgent first.
    pub own: Vec<Reminder>,
    /// As a manager: the open items of their reports' contracts that others own.
    pub reports: Vec<Reminder>,
}

impl Digest {
    pub fn overdue(&self) -> usize {
        self.own.iter().filter(|r| r.days_late > 0).count()
    }

    /// `Name <email>`, or the name alone.
    pub fn address(&self) -> String {
        match &self.email {
            Some(email) => format!("{} <{email}>", self.name),
            None => self.name.clone(),
        }
    }
}

/// The digests of `contracts` (already filtered and set as they stood on `as_of`), sorted by
/// name then email; people with nothing to act on get none.
/// `check_ins` are lc.toml's `transfer_checkins`: a follow-up near one of those days after an
/// experience asks whether the learning is being used.
pub fn digests(
    contracts: &[&Contract],
    as_of: NaiveDate,
    remind_days: i64,
    check_ins: &[i64],
) -> Vec<Digest> {
    let mut by_person: HashMap<String, Digest> = HashMap::new();
    for c in contracts.iter().filter(|c| c.status.value.is_live()) {
        for item in c.open_items() {
            let Some(reminder) = reminder(c, &item, as_of, remind_days, check_ins) else {
                continue;
            };
            let owner = acting_person(c, item.owner, item.due);
            if let Some(manager) = c.manager.as_ref().filter(|m| !m.same_as(&owner)) {
                entry(&mut by_person, manager)
                    .reports
                    .push(reminder.clone());
            }
            entry(&mut by_person, &owner).own.push(reminder);
        }
    }
    let mut digests: Vec<Digest> = by_person.into_values().collect();
    digests
        .sort_by(|a, b| (a.name.to_lowercase(), &a.email).cmp(&(b.name.to_lowercase(), &b.email)));
    for d in &mut digests {
        d.own.sort_by(urgency);
        d.reports.sort_by(urgency);
    }
    digests
}

/// A person is their email when they have one, else their name, ignoring case.
fn identity(person: &Person) -> String {
    match &person.email {
        Some(email) => format!("e:{}", email.to_lowercase()),
        None => format!("n:{}", person.name.to_lowercase()),
    }
}

fn entry<'a>(by_person: &'a mut HashMap<String, Digest>, person: &Person) -> &'a mut Digest {
    by_person.entry(identity(person)).or_insert_with(|| Digest {
        name: person.name.clone(),
        email: person.email.clone(),
        own: Vec::new(),
        reports: Vec::new(),
    })
}

/// The person who must act on an item: for the role `manager`, the manager on its due date
/// (as the report says, after a handover). A role that names no one in the contract (an error
/// `lc check` reports) still gets a digest, unreachable, so that the item is not lost.
fn acting_person(c: &Contract, owner: &Owner, due: Option<NaiveDate>) -> Person {
    let person = match (owner, due) {
        (Owner::Person(p), _) => Some(p),
        (Owner::Role(role), Some(due)) if role == "manager" => c.manager_on(due),
        (Owner::Role(role), _) => c.resolve_role(role),
    };
    person.cloned().unwrap_or_else(|| Person {
        name: match owner {
            Owner::Role(role) => format!("{role} of {}", c.id.value),
            Owner::Person(p) => p.name.clone(),
        },
        email: None,
    })
}

/// The reminder for an open item that is overdue or due within `remind_days`.
fn reminder(
    c: &Contract,
    item: &OpenItem<'_>,
    as_of: NaiveDate,
    remind_days: i64,
    check_ins: &[i64],
) -> Option<Reminder> {
    let due = item.due?;
    let days_late = (as_of - due).num_days();
    if days_late < -remind_days {
        return None;
    }
    let learner = c
        .learner
        .as_ref()
        .map_or("the learner", |p| p.name.as_str());
    let check_in = check_in(c, item, check_ins);
    let what = match (item.list, item.text.map(one_line)) {
        ("follow_ups", _) if let Some(check_in) = &check_in => {
            let notes = (check_in.notes.as_ref()).map_or_else(String::new, |n| format!(" ({n})"));
            format!(
                "{}-day check-in with {learner}: {}{notes}",
                check_in.days,
                check_in.question()
            )
        }
        ("follow_ups", Some(notes)) => format!("Follow-up with {learner}: {notes}"),
        ("follow_ups", None) => format!("Follow-up with {learner}"),
        ("application", text) => format!("{learner}: {}", text.as_deref().unwrap_or("an action")),
        (_, text) => format!(
            "Support for {learner}: {}",
            text.as_deref().unwrap_or("a support")
        ),
    };
    Some(Reminder {
        contract: c.id.value.clone(),
        file: c.file.clone(),
        learner: learner.to_string(),
        list: item.list,
        index: item.index,
        what,
        owner: owner_name(c, item.owner, item.due),
        due,
        days_late,
        command: item.record_command(&c.id.value),
        check_in,
    })
}

/// The check-in a follow-up of an experience contract is, when it is due near a day of
/// `check_ins` after the experience (`Experience::check_in_for`, as `missing-transfer-checkin`
/// counts it).
pub fn check_in(c: &Contract, item: &OpenItem<'_>, check_ins: &[i64]) -> Option<CheckIn> {
    let e = c.experience().filter(|_| item.list == "follow_ups")?;
    let days = e.check_in_for(item.due?, check_ins)?;
    Some(CheckIn {
        days,
        title: e
            .title
            .as_deref()
            .map_or_else(|| "the experience".into(), one_line),
        notes: item.text.map(one_line),
    })
}

/// A text on one line, however the file wrapped it.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Most days overdue first, then the nearest due date; then by contract and place.
fn urgency(a: &Reminder, b: &Reminder) -> Ordering {
    b.days_late
        .cmp(&a.days_late)
        .then_with(|| (&a.contract, a.list, a.index).cmp(&(&b.contract, b.list, b.index)))
}

/// `92 days late`, `due today`, `due in 3 days`.
pub fn lateness(days_late: i64) -> String {
    match days_late {
        1 => "1 day late".into(),
        n if n > 1 => format!("{n} days late"),
        0 => "due today".into(),
        -1 => "due tomorrow".into(),
        n => format!("due in {} days", -n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(days_late: i64, expected: &str) {
        assert_eq!(lateness(days_late), expected);
    }

    #[test]
    fn lateness_in_words() {
        case(92, "92 days late");
        case(1, "1 day late");
        case(0, "due today");
        case(-1, "due tomorrow");
        case(-5, "due in 5 days");
    }

    fn reminder(contract: &str, index: usize, days_late: i64) -> Reminder {
        Reminder {
            contract: contract.into(),
            file: String::new(),
            learner: String::new(),
            list: "follow_ups",
            index,
            what: String::new(),
            owner: String::new(),
            due: NaiveDate::default(),
            days_late,
            command: String::new(),
            check_in: None,
        }
    }

    #[test]
    fn most_overdue_first_then_nearest_due() {
        let mut items = [
            reminder("b", 0, -3),
            reminder("a", 1, 10),
            reminder("c", 0, 0),
            reminder("a", 0, 10),
            reminder("d", 0, 40),
        ];
        items.sort_by(urgency);
        let order: Vec<(&str, usize)> = items
            .iter()
            .map(|r| (r.contract.as_str(), r.index))
            .collect();
        assert_eq!(order, [("d", 0), ("a", 0), ("a", 1), ("c", 0), ("b", 0)]);
    }
}
