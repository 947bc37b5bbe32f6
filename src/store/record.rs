//! What the record commands (`lc done`, `provide`, `agree`, `close`, …) change in a contract:
//! each request is checked against the contract's model and turned into edits for the edit
//! layer, or refused with what to type instead.

use chrono::NaiveDate;

use crate::model::contract::{Applied, Contract, Status, item_key};
use crate::store::edit::{Change, New, Step};

/// The lists whose items the commands name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    FollowUp,
    Action,
    Support,
    Objective,
}

impl List {
    /// The key of the list in the file.
    pub fn key(self) -> &'static str {
        match self {
            List::FollowUp => "follow_ups",
            List::Action => "application",
            List::Support => "supports",
            List::Objective => "objectives",
        }
    }

    /// The word a command takes and a message uses: `follow-up`, `action`.
    pub fn word(self) -> &'static str {
        match self {
            List::FollowUp => "follow-up",
            List::Action => "action",
            List::Support => "support",
            List::Objective => "objective",
        }
    }
}

/// A party to the agreement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    Learner,
    Manager,
}

impl Party {
    pub fn as_str(self) -> &'static str {
        match self {
            Party::Learner => "learner",
            Party::Manager => "manager",
        }
    }
}

/// One thing to record, as a command gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    Done {
        list: List,
        item: String,
        on: NaiveDate,
        outcome: Option<String>,
        notes: Option<String>,
        evidence: Option<String>,
        /// A transfer check-in's answer (a follow-up of an experience contract).
        applied: Option<Applied>,
    },
    Provide {
        item: String,
        on: NaiveDate,
    },
    Decline {
        item: String,
        reason: Option<String>,
    },
    Achieve {
        item: String,
        on: NaiveDate,
    },
    Drop {
        item: String,
        reason: Option<String>,
    },
    Agree {
        by: Party,
        on: NaiveDate,
    },
    Start,
    Close {
        force: bool,
    },
    Cancel {
        reason: Option<String>,
    },
    AddFollowUp {
        due: NaiveDate,
        owner: Option<String>,
        notes: Option<String>,
        id: Option<String>,
    },
    Reschedule {
        list: List,
        item: String,
        due: NaiveDate,
    },
    /// A support added to the contract (`lc support add`).
    AddSupport {
        text: String,
        due: Option<NaiveDate>,
        owner: Option<String>,
        for_objectives: Vec<String>,
        phase: Option<String>,
        id: Option<String>,
    },
    /// An objective under way: `status: in-progress` (`lc start CONTRACT OBJECTIVE`).
    StartObjective {
        item: String,
    },
    /// Another manager from `on` on (`lc handover`).
    Handover {
        to: String,
        on: NaiveDate,
    },
    /// Links an experience contract from an objective's method (`lc link`), in the strategic
    /// contract.
    Link {
        objective: String,
        experience: String,
        method_type: Option<String>,
    },
}

/// What a request changes, and how to say it (`follow-up #2 done on 2026-09-29`).
#[derive(Debug, Default)]
pub struct Plan {
    pub changes: Vec<Change>,
    pub said: Vec<String>,
    /// What was already recorded just so (nothing to change).
    pub already: Vec<String>,
}

impl Plan {
    /// Whether the plan already sets `key` of the mapping at `at`.
    fn sets(&self, at: &[Step], key: &str) -> bool {
        self.changes
            .iter()
            .any(|c| matches!(c, Change::Set { at: a, key: k, .. } if a == at && k == key))
    }
}

/// Why a request is not carried out: exit 1 (refused) or 2 (names nothing), a message and
/// what to type instead.
#[derive(Debug, PartialEq, Eq)]
pub struct Refusal {
    pub exit: u8,
    pub message: String,
    pub help: Option<String>,
}

impl Refusal {
    fn refused(message: String, help: impl Into<Option<String>>) -> Refusal {
        Refusal {
            exit: 1,
            message,
            help: help.into(),
        }
    }

    fn unknown(message: String, help: impl Into<Option<String>>) -> Refusal {
        Refusal {
            exit: 2,
            message,
            help: help.into(),
        }
    }
}

/// An item of a list as the model reads it: where it is and what is recorded on it.
struct Item {
    index: usize,
    id: Option<String>,
    /// How a message names it: follow-up #2, support `booking`.
    name: String,
    due: Option<NaiveDate>,
    /// The recorded fact: a done, provided or achieved date, or a status word.
    state: State,
    notes: Option<String>,
    /// A follow-up's `outcome`.
    outcome: Option<String>,
    /// An action's or a follow-up's `evidence`.
    evidence: Option<String>,
    /// A follow-up's `applied`.
    applied: Option<Applied>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    Open,
    Done(NaiveDate),
    /// A support's or objective's status word other than open.
    Word(String, Option<NaiveDate>),
    /// Its dates or status cannot be read: the check says what to fix.
    Unreadable,
}

fn name(list: List, id: Option<&str>, index: usize) -> String {
    match id {
        Some(id) => format!("{} `{id}`", list.word()),
        None => format!("{} #{}", list.word(), index + 1),
    }
}

fn items(contract: &Contract, list: List) -> Vec<Item> {
    let date = |d: &Option<crate::model::contract::At<NaiveDate>>| d.as_ref().map(|d| d.value);
    match list {
        List::FollowUp => contract
            .follow_ups
            .iter()
            .map(|f| Item {
                index: f.index,
                id: f.id.as_ref().map(|i| i.value.clone()),
                name: name(list, f.id.as_ref().map(|i| i.value.as_str()), f.index),
                due: date(&f.due),
                state: match (f.readable, date(&f.done)) {
                    (false, _) => State::Unreadable,
                    (true, Some(done)) => State::Done(done),
                    (true, None) => State::Open,
                },
                notes: f.notes.clone(),
                outcome: f.outcome.clone(),
                evidence: f.evidence.clone(),
                applied: f.applied,
            })
            .collect(),
        List::Action => contract
            .experience()
            .map_or(&[][..], |e| &e.application)
            .iter()
            .map(|a| Item {
                index: a.index,
                id: a.id.as_ref().map(|i| i.value.clone()),
                name: name(list, a.id.as_ref().map(|i| i.value.as_str()), a.index),
                due: date(&a.due),
                state: match (a.readable, date(&a.done)) {
                    (false, _) => State::Unreadable,
                    (true, Some(done)) => State::Done(done),
                    (true, None) => State::Open,
                },
                notes: a.notes.clone(),
                outcome: None,
                evidence: a.evidence.clone(),
                applied: None,
            })
            .collect(),
        List::Support => contract
            .supports
            .iter()
            .map(|s| Item {
                index: s.index,
                id: s.id.as_ref().map(|i| i.value.clone()),
                name: name(list, s.id.as_ref().map(|i| i.value.as_str()), s.index),
                due: date(&s.due),
                state: match (s.readable, s.status.as_str()) {
                    (false, _) => State::Unreadable,
                    (true, "needed") => State::Open,
                    (true, word) => State::Word(word.into(), date(&s.provided_on)),
                },
                notes: s.notes.clone(),
                outcome: None,
                evidence: None,
                applied: None,
            })
            .collect(),
        List::Objective => contract
            .strategic()
            .map_or(&[][..], |s| &s.objectives)
            .iter()
            .map(|o| Item {
                index: o.index,
                id: o.id.as_ref().map(|i| i.value.clone()),
                name: name(list, o.id.as_ref().map(|i| i.value.as_str()), o.index),
                due: date(&o.due),
                state: match o.status.as_deref() {
                    Some("achieved" | "dropped") => {
                        State::Word(o.status.clone().unwrap_or_default(), date(&o.achieved_on))
                    }
                    Some(_) => State::Open,
                    None => State::Unreadable,
                },
                notes: o.notes.clone(),
                outcome: None,
                evidence: None,
                applied: None,
            })
            .collect(),
    }
}

/// The item a command names by its id, else by its 1-based number (format.md).
fn find(contract: &Contract, list: List, key: &str) -> Result<Item, Refusal> {
    let all = items(contract, list);
    let id = &contract.id.value;
    if matches!(list, List::Action) && contract.experience().is_none() {
        return Err(Refusal::unknown(
            format!("`{id}` is not an experience contract, so it has no application actions"),
            Some(format!(
                "name one of its follow-ups: `lc done {id} follow-up N`"
            )),
        ));
    }
    if matches!(list, List::Objective) && contract.strategic().is_none() {
        return Err(Refusal::unknown(
            format!("`{id}` is not a strategic contract, so it has no objectives"),
            Some(
                "objectives are in the strategic contract the experience serves (its `strategic:`)"
                    .into(),
            ),
        ));
    }
    let by_id = all.iter().position(|i| i.id.as_deref() == Some(key));
    // A number as format.md writes it: digits, no sign, no leading zero (`+1` and `01` are
    // not item 1).
    let is_number = key.bytes().all(|b| b.is_ascii_digit()) && !key.starts_with('0');
    let by_number = key
        .parse::<usize>()
        .ok()
        .filter(|_| is_number)
        .and_then(|n| all.iter().position(|i| i.index + 1 == n));
    match by_id.or(by_number) {
        Some(at) => Ok(all.into_iter().nth(at).expect("found above")),
        None if all.is_empty() => Err(Refusal::unknown(
            format!("`{id}` has no {}s", list.word()),
            match list {
                List::FollowUp => {
                    Some(format!("add one: `lc follow-up add {id} --due YYYY-MM-DD`"))
                }
                List::Support => Some(format!(
                    "add one: `lc support add {id} --text TEXT --due YYYY-MM-DD`"
                )),
                _ => None,
            },
        )),
        None => Err(Refusal::unknown(
            format!(
                "`{id}` has no {} `{key}`; its {}s are: {}",
                list.word(),
                list.word(),
                all.iter().map(describe).collect::<Vec<_>>().join(", ")
            ),
            Some(format!(
                "name an item by its number or id: `{}`",
                example(list, id, &all[0])
            )),
        )),
    }
}

/// `#2 (due 2026-07-24, done)`, for the list of what exists.
fn describe(item: &Item) -> String {
    let name = match &item.id {
        Some(id) => format!("#{} `{id}`", item.index + 1),
        None => format!("#{}", item.index + 1),
    };
    let state = match &item.state {
        State::Open => "open".to_string(),
        State::Done(on) => format!("done {on}"),
        State::Word(word, _) => word.clone(),
        State::Unreadable => "unreadable".to_string(),
    };
    match item.due {
        Some(due) => format!("{name} (due {due}, {state})"),
        None => format!("{name} ({state})"),
    }
}

fn example(list: List, id: &str, item: &Item) -> String {
    let key = item_key(item.id.as_deref(), item.index);
    match list {
        List::FollowUp | List::Action => format!("lc done {id} {} {key}", list.word()),
        List::Support => format!("lc provide {id} {key}"),
        List::Objective => format!("lc achieve {id} {key}"),
    }
}

fn path(list: List, index: usize) -> Vec<Step> {
    vec![Step::Key(list.key().into()), Step::Index(index)]
}

fn set(at: Vec<Step>, key: &str, value: impl Into<String>) -> Change {
    Change::Set {
        at,
        key: key.into(),
        value: New::Text(value.into()),
    }
}

/// Whether a text field already holds `line` as one of its lines.
fn has_line(old: Option<&str>, line: &str) -> bool {
    old.is_some_and(|old| old.lines().any(|l| l.trim_end() == line.trim_end()))
}

/// The reasons a text field gives in lines `<Verb> on YYYY-MM-DD: <reason>`, as the record
/// commands write them.
fn reasons<'a>(old: Option<&'a str>, verb: &str) -> Vec<&'a str> {
    old.into_iter()
        .flat_map(str::lines)
        .filter_map(|l| {
            let rest = l.strip_prefix(verb)?.strip_prefix(" on ")?;
            let (date, reason) = rest.split_once(": ")?;
            crate::model::scalar::parse_date(date).ok()?;
            Some(reason.trim_end())
        })
        .collect()
}

/// A reason given again: `Ok(true)` when the notes already give it, `Ok(false)` when they give
/// none, refused when they give another.
fn same_reason(
    notes: Option<&str>,
    verb: &str,
    reason: &str,
    what: &str,
    field: &str,
) -> Result<bool, Refusal> {
    let given = reasons(notes, verb);
    if given.contains(&reason.trim_end()) {
        return Ok(true);
    }
    match given.last() {
        None => Ok(false),
        Some(other) => Err(Refusal::refused(
            format!(
                "{what}, for another reason: \"{}\"",
                crate::model::contract::short(other)
            ),
            Some(format!(
                "to change the reason, edit `notes:` of {field} in the file by hand"
            )),
        )),
    }
}

/// Adds a line to a text field, keeping what it held.
fn appended(old: Option<&str>, line: &str) -> String {
    match old.map(str::trim_end).filter(|o| !o.is_empty()) {
        Some(old) => format!("{old}\n{line}"),
        None => line.to_string(),
    }
}

/// Turns requests into the edits of one contract, checking each against the model.
pub fn plan(contract: &Contract, records: &[Record], as_of: NaiveDate) -> Result<Plan, Refusal> {
    let mut plan = Plan::default();
    for record in records {
        one(contract, record, as_of, &mut plan)?;
    }
    Ok(plan)
}

fn not_after(what: &str, on: NaiveDate, as_of: NaiveDate) -> Result<(), Refusal> {
    if on > as_of {
        return Err(Refusal::refused(
            format!(
                "{what} on {on} would be after the as-of date {as_of}: nothing can be recorded as happened later than the day it is recorded for"
            ),
            Some(format!(
                "give the day it happened with `--on YYYY-MM-DD` (on or before {as_of})"
            )),
        ));
    }
    Ok(())
}

fn one(
    contract: &Contract,
    record: &Record,
    as_of: NaiveDate,
    plan: &mut Plan,
) -> Result<(), Refusal> {
    let id = &contract.id.value;
    match record {
        Record::Done {
            list,
            item,
            on,
            outcome,
            notes,
            evidence,
            applied,
        } => {
            let given = Given {
                outcome: outcome.as_deref(),
                evidence: evidence.as_deref(),
                applied: *applied,
                notes: notes.as_deref(),
            };
            done(contract, *list, item, *on, given, as_of, plan)?;
        }
        Record::Provide { item, on } => {
            let item = find(contract, List::Support, item)?;
            dated_word(
                &item,
                List::Support,
                ("provided", "provided_on"),
                *on,
                as_of,
                plan,
            )?;
        }
        Record::Decline { item, reason } => {
            let item = find(contract, List::Support, item)?;
            word_with_reason(
                &item,
                List::Support,
                ("declined", "Declined"),
                reason,
                as_of,
                plan,
            )?;
        }
        Record::Achieve { item, on } => {
            let item = find(contract, List::Objective, item)?;
            dated_word(
                &item,
                List::Objective,
                ("achieved", "achieved_on"),
                *on,
                as_of,
                plan,
            )?;
        }
        Record::Drop { item, reason } => {
            let item = find(contract, List::Objective, item)?;
            word_with_reason(
                &item,
                List::Objective,
                ("dropped", "Dropped"),
                reason,
                as_of,
                plan,
            )?;
        }
        Record::Agree { by, on } => agree(contract, *by, *on, as_of, plan)?,
        Record::Handover { to, on } => handover(contract, to, *on, plan)?,
        Record::Link {
            objective,
            experience,
            method_type,
        } => link(
            contract,
            objective,
            experience,
            method_type.as_deref(),
            plan,
        )?,
        Record::Start => {
            match contract.status.value {
                Status::Active => {
                    plan.already.push(format!("`{id}` is already active"));
                    return Ok(());
                }
                Status::Agreed => {}
                Status::Draft => {
                    return Err(Refusal::refused(
                        format!("`{id}` is a draft: it starts once both parties have agreed it"),
                        Some(format!(
                            "record both agreements first: `lc agree {id} --by learner` and `lc agree {id} --by manager`"
                        )),
                    ));
                }
                other => {
                    return Err(Refusal::refused(
                        format!("`{id}` is {}, so it cannot start", other.as_str()),
                        None,
                    ));
                }
            }
            plan.changes.push(set(vec![], "status", "active"));
            plan.said.push("started (active)".into());
        }
        Record::Close { force } => {
            match contract.status.value {
                Status::Closed => {
                    plan.already.push(format!("`{id}` is already closed"));
                    return Ok(());
                }
                Status::Agreed | Status::Active => {}
                other => {
                    let help = (other == Status::Draft).then(|| {
                        format!("a draft that will not go ahead is cancelled: `lc cancel {id}`")
                    });
                    return Err(Refusal::refused(
                        format!("`{id}` is {}, so it cannot be closed", other.as_str()),
                        help,
                    ));
                }
            }
            let open: Vec<String> = contract
                .open_items()
                .map(|item| format!("  {}", item.record_command(id)))
                .collect();
            if !open.is_empty() && !force {
                return Err(Refusal::refused(
                    format!(
                        "`{id}` still has {} open item{}; record what happened first:\n{}",
                        open.len(),
                        if open.len() == 1 { "" } else { "s" },
                        open.join("\n")
                    ),
                    Some(format!(
                        "or close it with the items open: `lc close {id} --force`"
                    )),
                ));
            }
            plan.changes.push(set(vec![], "status", "closed"));
            plan.changes
                .push(set(vec![], "closed_on", as_of.to_string()));
            plan.said.push(format!("closed on {as_of}"));
            let later: Vec<String> = contract
                .open_items()
                .filter(|item| item.due.is_some_and(|due| due > as_of))
                .map(|item| {
                    let list = match item.list {
                        "follow_ups" => List::FollowUp,
                        "application" => List::Action,
                        _ => List::Support,
                    };
                    let due = item.due.map_or(String::new(), |d| format!(" (due {d})"));
                    format!("{}{due}", name(list, item.id, item.index))
                })
                .collect();
            if !later.is_empty() {
                let line = format!(
                    "Closed on {as_of}; no longer owed, as due after that day: {}.",
                    later.join(", ")
                );
                plan.changes.push(set(
                    vec![],
                    "notes",
                    appended(contract.notes.as_deref(), &line),
                ));
                plan.said.push(format!(
                    "{} due after {as_of} no longer owed",
                    if later.len() == 1 {
                        "1 item".to_string()
                    } else {
                        format!("{} items", later.len())
                    }
                ));
            }
        }
        Record::Cancel { reason } => {
            match contract.status.value {
                Status::Cancelled
                    if reason.as_ref().map_or(Ok(true), |r| {
                        same_reason(
                            contract.notes.as_deref(),
                            "Cancelled",
                            r,
                            &format!("`{id}` is already cancelled"),
                            "the contract",
                        )
                    })? =>
                {
                    plan.already.push(format!("`{id}` is already cancelled"));
                    return Ok(());
                }
                Status::Closed => {
                    return Err(Refusal::refused(
                        format!("`{id}` is closed: a finished contract is not cancelled"),
                        None,
                    ));
                }
                _ => {}
            }
            if contract.status.value != Status::Cancelled {
                plan.changes.push(set(vec![], "status", "cancelled"));
                plan.changes
                    .push(set(vec![], "cancelled_on", as_of.to_string()));
            }
            if let Some(reason) = reason {
                let old = contract.notes.clone();
                let line = format!("Cancelled on {as_of}: {reason}");
                plan.changes
                    .push(set(vec![], "notes", appended(old.as_deref(), &line)));
            }
            plan.said.push("cancelled".into());
        }
        Record::AddFollowUp {
            due,
            owner,
            notes,
            id: new_id,
        } => {
            not_before_start(contract, *due, as_of)?;
            if let Some(new_id) = new_id
                && let Some(there) = contract
                    .follow_ups
                    .iter()
                    .find(|f| f.id.as_ref().is_some_and(|i| &i.value == new_id))
            {
                // Added already, just so: a retry changes nothing.
                let same = there.due.as_ref().is_some_and(|d| d.value == *due)
                    && owner.as_ref().is_none_or(|o| {
                        crate::model::scalar::parse_owner(o).is_ok_and(|o| o == there.owner.value)
                    })
                    && notes
                        .as_ref()
                        .is_none_or(|n| has_line(there.notes.as_deref(), n));
                if same {
                    plan.already
                        .push(format!("follow-up `{new_id}` is already there, due {due}"));
                    return Ok(());
                }
                return Err(Refusal::refused(
                    format!("`{id}` already has a follow-up `{new_id}`"),
                    Some("give the new follow-up another --id".into()),
                ));
            }
            let mut fields = Vec::new();
            if let Some(new_id) = new_id {
                fields.push(("id".to_string(), New::Text(new_id.clone())));
            }
            fields.push(("due".to_string(), New::Text(due.to_string())));
            if let Some(owner) = owner {
                fields.push(("owner".to_string(), New::Text(owner.clone())));
            }
            if let Some(notes) = notes {
                fields.push(("notes".to_string(), New::Text(notes.clone())));
            }
            plan.changes.push(Change::Push {
                at: vec![],
                key: "follow_ups".into(),
                item: New::Map(fields),
            });
            let number = contract
                .follow_ups
                .iter()
                .map(|f| f.index + 1)
                .max()
                .unwrap_or(0)
                + 1;
            let name = match new_id {
                Some(new_id) => format!("follow-up `{new_id}`"),
                None => format!("follow-up #{number}"),
            };
            plan.said.push(format!("{name} added, due {due}"));
        }
        Record::Reschedule { list, item, due } => {
            reschedule(contract, *list, item, *due, as_of, plan)?
        }
        Record::AddSupport {
            text,
            due,
            owner,
            for_objectives,
            phase,
            id: new_id,
        } => add_support(
            contract,
            NewSupport {
                text,
                due: *due,
                owner: owner.as_deref(),
                for_objectives,
                phase: phase.as_deref(),
                id: new_id.as_deref(),
            },
            as_of,
            plan,
        )?,
        Record::StartObjective { item } => {
            let item = find(contract, List::Objective, item)?;
            match &item.state {
                State::Word(had, date) => return Err(already_recorded(&item, had, *date)),
                State::Unreadable => {
                    return Err(Refusal::refused(
                        format!("the status of {} cannot be read", item.name),
                        Some(format!("`lc check {}` says what to fix", contract.file)),
                    ));
                }
                _ => {}
            }
            let objectives = contract.strategic().map_or(&[][..], |s| &s.objectives);
            let now = objectives
                .iter()
                .find(|o| o.index == item.index)
                .and_then(|o| o.status.as_deref());
            if now == Some("in-progress") {
                plan.already
                    .push(format!("{} is already in progress", item.name));
                return Ok(());
            }
            plan.changes.push(set(
                path(List::Objective, item.index),
                "status",
                "in-progress",
            ));
            plan.said.push(format!("{} in progress", item.name));
        }
    }
    Ok(())
}

/// Moves an item's due date, keeping the old one in its notes; a follow-up moved after its
/// due date had passed keeps that date as `first_due`, so that follow-through still counts it
/// late (format.md).
fn reschedule(
    contract: &Contract,
    list: List,
    key: &str,
    due: NaiveDate,
    as_of: NaiveDate,
    plan: &mut Plan,
) -> Result<(), Refusal> {
    let item = find(contract, list, key)?;
    match &item.state {
        State::Done(done) => {
            return Err(Refusal::refused(
                format!(
                    "{} was done on {done}: there is nothing to reschedule",
                    item.name
                ),
                Some(format!(
                    "if it was not done, correct `done:` of {} in the file by hand",
                    item.name
                )),
            ));
        }
        State::Word(word, date) => {
            let when = date.map_or(String::new(), |d| format!(" on {d}"));
            return Err(Refusal::refused(
                format!(
                    "{} is already {word}{when}: there is nothing to reschedule",
                    item.name
                ),
                Some(format!(
                    "if that is wrong, correct `status:` of {} in the file by hand",
                    item.name
                )),
            ));
        }
        _ => {}
    }
    not_before_start(contract, due, as_of)?;
    if item.due == Some(due) {
        plan.already
            .push(format!("{} is already due on {due}", item.name));
        return Ok(());
    }
    let at = path(list, item.index);
    plan.changes.push(set(at.clone(), "due", due.to_string()));
    let mut said = format!("{} rescheduled to {due}", item.name);
    if let Some(old) = item.due {
        let first_due = contract
            .follow_ups
            .iter()
            .find(|f| f.index == item.index)
            .and_then(|f| f.first_due.as_ref());
        if list == List::FollowUp && old < as_of && first_due.is_none() {
            plan.changes
                .push(set(at.clone(), "first_due", old.to_string()));
            said += &format!(" (late: follow-through still counts it due {old})");
        }
        let line = format!("Due date moved from {old} to {due} on {as_of}.");
        plan.changes
            .push(set(at, "notes", appended(item.notes.as_deref(), &line)));
    }
    plan.said.push(said);
    Ok(())
}

/// Refuses a due date before the contract began: a strategic contract's period start; for an
/// experience, the earliest of its event's start, its agreements and the day it is recorded
/// (a support may be needed before the event). `2020` for `2026` is a slip of the keyboard.
fn not_before_start(contract: &Contract, due: NaiveDate, as_of: NaiveDate) -> Result<(), Refusal> {
    let id = &contract.id.value;
    let day = |d: &Option<crate::model::contract::At<NaiveDate>>| d.as_ref().map(|d| d.value);
    let start = match &contract.body {
        crate::model::contract::Body::Strategic(s) => {
            day(&s.period_start).map(|d| (d, "its period starts"))
        }
        crate::model::contract::Body::Experience(e) => [
            day(&e.start),
            day(&contract.agreed_learner),
            day(&contract.agreed_manager),
            Some(as_of),
        ]
        .into_iter()
        .flatten()
        .min()
        .map(|d| (d, "it began")),
        crate::model::contract::Body::Unknown => None,
    };
    match start {
        Some((start, what)) if due < start => Err(Refusal::refused(
            format!("a due date of {due} is before `{id}` began: {what} on {start}"),
            Some(format!(
                "give a day on or after {start} with `--due YYYY-MM-DD`"
            )),
        )),
        _ => Ok(()),
    }
}

/// What `lc support add` was given.
struct NewSupport<'a> {
    text: &'a str,
    due: Option<NaiveDate>,
    owner: Option<&'a str>,
    for_objectives: &'a [String],
    phase: Option<&'a str>,
    id: Option<&'a str>,
}

fn add_support(
    contract: &Contract,
    new: NewSupport<'_>,
    as_of: NaiveDate,
    plan: &mut Plan,
) -> Result<(), Refusal> {
    let id = &contract.id.value;
    if matches!(contract.status.value, Status::Cancelled | Status::Closed) {
        return Err(Refusal::refused(
            format!(
                "`{id}` is {}: it owes no more support",
                contract.status.value.as_str()
            ),
            Some("add it to a contract still under way; `lc list` shows each one's status".into()),
        ));
    }
    if let Some(due) = new.due {
        not_before_start(contract, due, as_of)?;
    }
    let same_id = |s: &crate::model::contract::Support| {
        new.id
            .is_some_and(|n| s.id.as_ref().is_some_and(|i| i.value == n))
    };
    // The same support again (same text and due date): already recorded, nothing to add.
    let due_text = new.due.map(|d| d.to_string());
    if let Some(same) = contract.supports.iter().find(|s| {
        s.text.as_deref().map(str::trim) == Some(new.text.trim())
            && s.due.as_ref().map(|d| d.value.to_string()) == due_text
            && new.id.is_none_or(|_| same_id(s))
    }) {
        plan.already
            .push(format!("`{id}` already has {}", same.label()));
        return Ok(());
    }
    if let Some(taken) = new.id.filter(|_| contract.supports.iter().any(same_id)) {
        return Err(Refusal::refused(
            format!("`{id}` already has a support `{taken}`"),
            Some("give the new support another --id".into()),
        ));
    }
    let mut fields = Vec::new();
    let mut text_field =
        |key: &str, value: &str| fields.push((key.to_string(), New::Text(value.into())));
    if let Some(new_id) = new.id {
        text_field("id", new_id);
    }
    text_field("text", new.text);
    if let Some(owner) = new.owner {
        text_field("owner", owner);
    }
    if let Some(due) = &due_text {
        text_field("due", due);
    }
    if let Some(phase) = new.phase {
        text_field("phase", phase);
    }
    if !new.for_objectives.is_empty() {
        fields.push((
            "for".to_string(),
            New::List(
                new.for_objectives
                    .iter()
                    .map(|o| New::Text(o.clone()))
                    .collect(),
            ),
        ));
    }
    plan.changes.push(Change::Push {
        at: vec![],
        key: "supports".into(),
        item: New::Map(fields),
    });
    let number = contract
        .supports
        .iter()
        .map(|s| s.index + 1)
        .max()
        .unwrap_or(0)
        + 1;
    let name = match new.id {
        Some(new_id) => format!("support `{new_id}`"),
        None => format!("support #{number}"),
    };
    let due = due_text.map_or(String::new(), |d| format!(", due {d}"));
    plan.said.push(format!("{name} added{due}"));
    Ok(())
}

/// What `lc done` was given besides the date.
#[derive(Clone, Copy)]
struct Given<'a> {
    outcome: Option<&'a str>,
    evidence: Option<&'a str>,
    applied: Option<Applied>,
    notes: Option<&'a str>,
}

/// `lc done`: the item's `done`, and the outcome, evidence or check-in answer given, unless the
/// same is already recorded (nothing to do) or something else is (refused).
fn done(
    contract: &Contract,
    list: List,
    key: &str,
    on: NaiveDate,
    given: Given<'_>,
    as_of: NaiveDate,
    plan: &mut Plan,
) -> Result<(), Refusal> {
    let item = find(contract, list, key)?;
    misplaced(contract, list, &item, given)?;
    not_after(&format!("{} done", item.name), on, as_of)?;
    if let State::Done(done) = item.state
        && done != on
    {
        return Err(Refusal::refused(
            format!("{} is already recorded done on {done}, not {on}", item.name),
            Some(format!(
                "if {done} is wrong, correct `done:` of {} in the file by hand",
                item.name
            )),
        ));
    }
    let applied_old = item.applied.map(Applied::as_str);
    let fields = [
        ("outcome", given.outcome, item.outcome.as_deref()),
        ("applied", given.applied.map(Applied::as_str), applied_old),
        ("evidence", given.evidence, item.evidence.as_deref()),
    ];
    let mut new = Vec::new();
    for (field, value, old) in fields {
        let Some(value) = value else { continue };
        match old {
            Some(old) if old == value => {}
            Some(old) => {
                return Err(Refusal::refused(
                    format!(
                        "{} already has `{field}: {}`",
                        item.name,
                        crate::model::contract::short(old)
                    ),
                    Some(format!(
                        "to change it, edit `{field}:` of {} in the file by hand",
                        item.name
                    )),
                ));
            }
            None => new.push((field, value)),
        }
    }
    // The same fact again with the same words changes nothing; other words are refused.
    let already_done = item.state == State::Done(on);
    let at = path(list, item.index);
    let mut changes = Vec::new();
    if !already_done {
        changes.push(set(at.clone(), "done", on.to_string()));
    }
    for (field, value) in new {
        changes.push(set(at.clone(), field, value));
    }
    if let Some(text) = given.notes {
        let held = has_line(item.notes.as_deref(), text);
        if already_done && !held && item.notes.as_deref().is_some_and(|n| !n.trim().is_empty()) {
            return Err(Refusal::refused(
                format!(
                    "{} is already recorded done on {on}, and its notes do not say \"{}\"",
                    item.name,
                    crate::model::contract::short(text)
                ),
                Some(format!(
                    "to add to them, edit `notes:` of {} in the file by hand",
                    item.name
                )),
            ));
        }
        if !held {
            changes.push(set(at, "notes", appended(item.notes.as_deref(), text)));
        }
    }
    if changes.is_empty() {
        plan.already
            .push(format!("{} is already recorded done on {on}", item.name));
        return Ok(());
    }
    plan.changes.extend(changes);
    plan.said.push(match given.applied {
        Some(applied) => format!(
            "{} done on {on}, learning applied: {}",
            item.name,
            applied.as_str()
        ),
        None => format!("{} done on {on}", item.name),
    });
    Ok(())
}

/// Refuses a flag given to the wrong kind of item: `--outcome` on an action, `--applied` on
/// anything but a follow-up of an experience contract, `--evidence` on a follow-up without an
/// answer.
fn misplaced(
    contract: &Contract,
    list: List,
    item: &Item,
    given: Given<'_>,
) -> Result<(), Refusal> {
    let id = &contract.id.value;
    let number = item.index + 1;
    let experience = contract.experience().is_some();
    let (message, help) = match list {
        List::FollowUp if given.applied.is_some() && !experience => (
            format!(
                "--applied is the answer of a transfer check-in, which only experience contracts have: `{id}` is not one"
            ),
            format!("record the follow-up with what came of it: `lc done {id} follow-up {number} --outcome TEXT`"),
        ),
        List::FollowUp if given.evidence.is_some() && !experience => (
            "--evidence is for application actions and for the check-ins of experience contracts; a follow-up of this contract takes --outcome".to_string(),
            format!("`lc done {id} follow-up {number} --outcome TEXT`"),
        ),
        List::FollowUp
            if given.evidence.is_some() && given.applied.is_none() && item.applied.is_none() =>
        {
            (
                "--evidence on a follow-up goes with its answer: is the learning being used?".to_string(),
                format!("`lc done {id} follow-up {number} --applied none|partly|fully --evidence TEXT`"),
            )
        }
        List::FollowUp => return Ok(()),
        _ if given.applied.is_some() => (
            "--applied is for follow-ups (a transfer check-in's answer); an application action takes --evidence".to_string(),
            format!("`lc done {id} follow-up N --applied none|partly|fully`"),
        ),
        _ if given.outcome.is_some() => (
            "--outcome is for follow-ups; an application action takes --evidence".to_string(),
            format!("`lc done {id} {} {number} --evidence TEXT`", list.word()),
        ),
        _ => return Ok(()),
    };
    Err(Refusal::unknown(message, Some(help)))
}

/// A support provided or an objective achieved: `status: <word>` and its date, unless that is
/// already recorded (the same: nothing to do; another status or date: refused).
fn dated_word(
    item: &Item,
    list: List,
    (word, date_key): (&str, &str),
    on: NaiveDate,
    as_of: NaiveDate,
    plan: &mut Plan,
) -> Result<(), Refusal> {
    not_after(&format!("{} {word}", item.name), on, as_of)?;
    match &item.state {
        State::Word(had, Some(date)) if had == word && *date == on => {
            plan.already
                .push(format!("{} is already recorded {word} on {on}", item.name));
            return Ok(());
        }
        State::Word(had, date) => return Err(already_recorded(item, had, *date)),
        _ => {}
    }
    let at = path(list, item.index);
    plan.changes.push(set(at.clone(), "status", word));
    plan.changes.push(set(at, date_key, on.to_string()));
    plan.said.push(format!("{} {word} on {on}", item.name));
    Ok(())
}

/// A support declined or an objective dropped: `status: <word>`, and the reason added to its
/// notes as `<Verb> on DATE: …`.
fn word_with_reason(
    item: &Item,
    list: List,
    (word, verb): (&str, &str),
    reason: &Option<String>,
    as_of: NaiveDate,
    plan: &mut Plan,
) -> Result<(), Refusal> {
    if let State::Word(had, date) = &item.state {
        if had != word {
            return Err(already_recorded(item, had, *date));
        }
        let same = match reason {
            None => true,
            Some(reason) => same_reason(
                item.notes.as_deref(),
                verb,
                reason,
                &format!("{} is already recorded {word}", item.name),
                &item.name,
            )?,
        };
        if same {
            plan.already
                .push(format!("{} is already recorded {word}", item.name));
            return Ok(());
        }
    }
    let at = path(list, item.index);
    plan.changes.push(set(at.clone(), "status", word));
    if let Some(reason) = reason {
        let line = format!("{verb} on {as_of}: {reason}");
        plan.changes
            .push(set(at, "notes", appended(item.notes.as_deref(), &line)));
    }
    plan.said.push(format!("{} {word}", item.name));
    Ok(())
}

fn already_recorded(item: &Item, word: &str, date: Option<NaiveDate>) -> Refusal {
    let when = date.map_or(String::new(), |d| format!(" on {d}"));
    Refusal::refused(
        format!("{} is already recorded {word}{when}", item.name),
        Some(format!(
            "if that is wrong, correct `status:` of {} in the file by hand",
            item.name
        )),
    )
}

fn agree(
    contract: &Contract,
    by: Party,
    on: NaiveDate,
    as_of: NaiveDate,
    plan: &mut Plan,
) -> Result<(), Refusal> {
    let id = &contract.id.value;
    not_after(&format!("the {}'s agreement", by.as_str()), on, as_of)?;
    if matches!(contract.status.value, Status::Cancelled | Status::Closed) {
        return Err(Refusal::refused(
            format!(
                "`{id}` is {}: there is nothing left to agree",
                contract.status.value.as_str()
            ),
            None,
        ));
    }
    let (mine, other) = match by {
        Party::Learner => (&contract.agreed_learner, &contract.agreed_manager),
        Party::Manager => (&contract.agreed_manager, &contract.agreed_learner),
    };
    match mine {
        Some(date) if date.value == on => {
            plan.already
                .push(format!("the {} already agreed on {on}", by.as_str()));
        }
        Some(date) => {
            return Err(Refusal::refused(
                format!(
                    "the {} is already recorded as agreeing on {}, not {on}",
                    by.as_str(),
                    date.value
                ),
                Some(format!(
                    "if {} is wrong, correct `agreed: {{{}: …}}` in the file by hand",
                    date.value,
                    by.as_str()
                )),
            ));
        }
        None => {
            plan.changes.push(set(
                vec![Step::Key("agreed".into())],
                by.as_str(),
                on.to_string(),
            ));
            plan.said
                .push(format!("agreed by the {} on {on}", by.as_str()));
        }
    }
    let other_party = match by {
        Party::Learner => Party::Manager,
        Party::Manager => Party::Learner,
    };
    // `--by both` plans the two agreements in one go: the first counts for the second.
    let other_now =
        other.is_some() || plan.sets(&[Step::Key("agreed".into())], other_party.as_str());
    if other_now && contract.status.value == Status::Draft && !plan.sets(&[], "status") {
        plan.changes.push(set(vec![], "status", "agreed"));
        plan.said.push("agreed by both (status agreed)".into());
    }
    Ok(())
}

/// The records that agree a contract by both parties on `on`, keeping a party's day already
/// recorded (`lc agree --by both` takes `on` for both; `lc check --ready` this).
pub fn agreement(contract: &Contract, on: NaiveDate) -> Vec<Record> {
    [
        (Party::Learner, &contract.agreed_learner),
        (Party::Manager, &contract.agreed_manager),
    ]
    .into_iter()
    .map(|(by, day)| Record::Agree {
        by,
        on: day.as_ref().map_or(on, |d| d.value),
    })
    .collect()
}

fn handover(contract: &Contract, to: &str, on: NaiveDate, plan: &mut Plan) -> Result<(), Refusal> {
    let id = &contract.id.value;
    if matches!(contract.status.value, Status::Cancelled | Status::Closed) {
        return Err(Refusal::refused(
            format!(
                "`{id}` is {}: there is nothing left to hand over",
                contract.status.value.as_str()
            ),
            None,
        ));
    }
    let new = crate::model::scalar::parse_person(to).map_err(|e| {
        Refusal::unknown(
            format!("--to `{to}`: {e}"),
            Some("write `Name <email>`".into()),
        )
    })?;
    let Some(old) = &contract.manager else {
        return Err(Refusal::refused(
            format!("the `manager` of `{id}` cannot be read, so it cannot be handed over"),
            Some(format!("`lc check {}` says what to fix", contract.file)),
        ));
    };
    if old.same_as(&new) {
        plan.already
            .push(format!("{old} is already the manager of `{id}`"));
        return Ok(());
    }
    if let Some(last) = contract.handovers.last().filter(|h| h.on >= on) {
        return Err(Refusal::refused(
            format!(
                "`{id}` was already handed over on {} (from {} to {}), not before {on}",
                last.on, last.from, last.to
            ),
            Some("give a later day with `--on YYYY-MM-DD`".into()),
        ));
    }
    plan.changes.push(set(vec![], "manager", new.to_string()));
    plan.changes.push(Change::Push {
        at: vec![],
        key: "handovers".into(),
        item: New::Map(vec![
            ("on".into(), New::Text(on.to_string())),
            ("from".into(), New::Text(old.to_string())),
            ("to".into(), New::Text(new.to_string())),
        ]),
    });
    plan.said.push(format!(
        "handed over from {} to {} on {on}",
        old.name, new.name
    ));
    Ok(())
}

/// The method of `objective` that a new link to an experience of `method_type` goes to: its
/// first method of that type that links no experience yet.
fn free_method<'a>(
    objective: &'a crate::model::contract::Objective,
    method_type: Option<&str>,
) -> Option<&'a crate::model::contract::Method> {
    objective.methods.iter().find(|m| {
        m.experience.is_none() && method_type.is_some() && m.method_type.as_deref() == method_type
    })
}

/// The method of the objective named `objective` (by id or number, as the commands name it) of
/// the strategic contract `contract` that `lc link` and `lc new experience --objective` would
/// link an experience of `method_type` from; `None` when a new method would be added.
pub fn method_to_link<'a>(
    contract: &'a Contract,
    objective: &str,
    method_type: Option<&str>,
) -> Option<&'a crate::model::contract::Method> {
    let item = find(contract, List::Objective, objective).ok()?;
    let objectives = contract.strategic().map_or(&[][..], |s| &s.objectives);
    let o = objectives.iter().find(|o| o.index == item.index)?;
    free_method(o, method_type)
}

fn link(
    contract: &Contract,
    objective: &str,
    experience: &str,
    method_type: Option<&str>,
    plan: &mut Plan,
) -> Result<(), Refusal> {
    let item = find(contract, List::Objective, objective)?;
    let objectives = contract.strategic().map_or(&[][..], |s| &s.objectives);
    let linked_from = objectives.iter().find(|o| {
        o.methods
            .iter()
            .any(|m| m.experience.as_ref().is_some_and(|e| e.value == experience))
    });
    if let Some(o) = linked_from {
        let name = name(
            List::Objective,
            o.id.as_ref().map(|i| i.value.as_str()),
            o.index,
        );
        if o.index == item.index {
            plan.already
                .push(format!("{name} already links `{experience}`"));
            return Ok(());
        }
        return Err(Refusal::refused(
            format!(
                "{name} of `{}` already links `{experience}`",
                contract.id.value
            ),
            Some(format!(
                "an experience is linked from one method; to move it, edit `experience:` of {name} by hand"
            )),
        ));
    }
    let Some(o) = objectives.iter().find(|o| o.index == item.index) else {
        return Err(Refusal::refused(
            format!("{} cannot be read", item.name),
            None,
        ));
    };
    let at = path(List::Objective, item.index);
    match (free_method(o, method_type), method_type) {
        (Some(m), _) => {
            let mut at = at;
            at.extend([Step::Key("methods".into()), Step::Index(m.index)]);
            plan.changes.push(set(at, "experience", experience));
            plan.said.push(format!(
                "`{experience}` linked from the {} method of {}",
                m.method_type.as_deref().unwrap_or("its"),
                item.name
            ));
        }
        (None, Some(method_type)) => {
            plan.changes.push(Change::Push {
                at,
                key: "methods".into(),
                item: New::Map(vec![
                    ("type".into(), New::Text(method_type.into())),
                    ("experience".into(), New::Text(experience.into())),
                ]),
            });
            plan.said.push(format!(
                "`{experience}` linked from a new {method_type} method of {}",
                item.name
            ));
        }
        (None, None) => {
            return Err(Refusal::refused(
                format!(
                    "the type of `{experience}` cannot be read, so lc cannot tell which method it is"
                ),
                Some(format!(
                    "give `experience: {{type: …}}` in `{experience}`, then link it again"
                )),
            ));
        }
    }
    Ok(())
}
