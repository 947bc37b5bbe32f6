//! What happened during a quarter (`2026Q3`): follow-ups and actions done, supports provided
//! and declined, objectives achieved and dropped, contracts agreed, closed and cancelled.

use chrono::NaiveDate;
use serde::Serialize;

use super::follow_through::{FollowThrough, follow_through, standing};
use crate::model::contract::{At, Contract, Status, item_key};
use crate::model::quarter::Quarter;
use crate::store::history::QuarterStart;

#[derive(Debug, Serialize)]
pub struct DuringQuarter {
    pub quarter: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub follow_ups_done: Vec<FollowUpDone>,
    pub supports_provided: Vec<SupportProvided>,
    pub contracts_agreed: Vec<ContractEvent>,
    pub contracts_closed: Vec<ContractEvent>,
    /// Per manager, the follow-ups due within the quarter (its last day included), of contracts
    /// whose agreement stands: done on time, late, or not done by the quarter's end.
    pub follow_through: Vec<FollowThrough>,
    /// Application actions done within the quarter.
    pub actions_done: Vec<ActionDone>,
    /// Supports declined during the quarter (declined at its end, not at its start).
    pub supports_declined: Vec<SupportDeclined>,
    /// Objectives achieved within the quarter (by `achieved_on`).
    pub objectives_achieved: Vec<ObjectiveOutcome>,
    /// Objectives dropped during the quarter (dropped at its end, not at its start).
    pub objectives_dropped: Vec<ObjectiveOutcome>,
    /// Contracts cancelled during the quarter.
    pub contracts_cancelled: Vec<ContractEvent>,
}

#[derive(Debug, Serialize)]
pub struct FollowUpDone {
    pub contract: String,
    pub file: String,
    pub index: usize,
    pub learner: String,
    /// The manager on its due date, who answers for it in follow-through.
    pub manager: String,
    pub due: Option<NaiveDate>,
    pub done: NaiveDate,
}

#[derive(Debug, Serialize)]
pub struct SupportProvided {
    pub contract: String,
    pub file: String,
    pub index: usize,
    pub learner: String,
    /// The manager on the day it was provided.
    pub manager: String,
    pub text: String,
    pub provided_on: NaiveDate,
}

#[derive(Debug, Serialize)]
pub struct ActionDone {
    pub contract: String,
    pub file: String,
    pub index: usize,
    pub learner: String,
    /// The manager on the day it was done.
    pub manager: String,
    pub text: String,
    pub due: Option<NaiveDate>,
    pub done: NaiveDate,
}

#[derive(Debug, Serialize)]
pub struct SupportDeclined {
    pub contract: String,
    pub file: String,
    pub index: usize,
    pub learner: String,
    pub manager: String,
    pub text: String,
    pub due: Option<NaiveDate>,
}

#[derive(Debug, Serialize)]
pub struct ObjectiveOutcome {
    pub contract: String,
    pub file: String,
    pub index: usize,
    /// Its id, or its number.
    pub objective: String,
    pub learner: String,
    pub manager: String,
    pub text: String,
    /// When it was achieved; `None` for a drop, whose day is not recorded in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on: Option<NaiveDate>,
}

#[derive(Debug, Serialize)]
pub struct ContractEvent {
    pub contract: String,
    pub file: String,
    pub learner: String,
    /// When both had agreed (the later of the two dates); `None` for a closing or a
    /// cancellation, whose day is not recorded in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on: Option<NaiveDate>,
}

/// Whether `c` was closed or cancelled during the quarter that began as `before` says.
fn ended_during(c: &Contract, before: &QuarterStart) -> bool {
    match c.status.value {
        Status::Closed => !before.closed.contains(&c.id.value),
        Status::Cancelled => !before.cancelled.contains(&c.id.value),
        _ => false,
    }
}

/// What happened in `quarter`; `before` says how things stood when it began (read from the
/// last commit before it).
pub fn during(quarter: Quarter, contracts: &[&Contract], before: &QuarterStart) -> DuringQuarter {
    let learner = |c: &Contract| {
        c.learner
            .as_ref()
            .map_or_else(String::new, |p| p.name.clone())
    };
    let manager = |c: &Contract, day: Option<NaiveDate>| {
        day.map_or(c.manager.as_ref(), |d| c.manager_on(d))
            .map_or_else(String::new, |p| p.name.clone())
    };
    let mut section = DuringQuarter {
        quarter: quarter.to_string(),
        from: quarter.first_day(),
        to: quarter.last_day(),
        follow_ups_done: Vec::new(),
        supports_provided: Vec::new(),
        contracts_agreed: Vec::new(),
        contracts_closed: Vec::new(),
        follow_through: follow_through(&standing(contracts), |due| quarter.contains(due)),
        actions_done: Vec::new(),
        supports_declined: Vec::new(),
        objectives_achieved: Vec::new(),
        objectives_dropped: Vec::new(),
        contracts_cancelled: Vec::new(),
    };
    let within =
        |d: &Option<At<NaiveDate>>| d.as_ref().map(|d| d.value).filter(|d| quarter.contains(*d));
    for c in contracts {
        let id = &c.id.value;
        let key = |item_id: &Option<At<String>>, index: usize| {
            (
                id.clone(),
                item_key(item_id.as_ref().map(|i| i.value.as_str()), index),
            )
        };
        for f in &c.follow_ups {
            if let Some(done) = within(&f.done) {
                let due = f.due.as_ref().map(|d| d.value);
                section.follow_ups_done.push(FollowUpDone {
                    contract: id.clone(),
                    file: c.file.clone(),
                    index: f.index,
                    learner: learner(c),
                    manager: manager(c, due),
                    due,
                    done,
                });
            }
        }
        for a in c.experience().map_or(&[][..], |e| &e.application) {
            if let Some(done) = within(&a.done) {
                section.actions_done.push(ActionDone {
                    contract: id.clone(),
                    file: c.file.clone(),
                    index: a.index,
                    learner: learner(c),
                    manager: manager(c, Some(done)),
                    text: a.text.clone().unwrap_or_default(),
                    due: a.due.as_ref().map(|d| d.value),
                    done,
                });
            }
        }
        for s in &c.supports {
            if let Some(on) = within(&s.provided_on) {
                section.supports_provided.push(SupportProvided {
                    contract: id.clone(),
                    file: c.file.clone(),
                    index: s.index,
                    learner: learner(c),
                    manager: manager(c, Some(on)),
                    text: s.text.clone().unwrap_or_default(),
                    provided_on: on,
                });
            }
            if s.status == "declined" && !before.declined.contains(&key(&s.id, s.index)) {
                section.supports_declined.push(SupportDeclined {
                    contract: id.clone(),
                    file: c.file.clone(),
                    index: s.index,
                    learner: learner(c),
                    manager: manager(c, None),
                    text: s.text.clone().unwrap_or_default(),
                    due: s.due.as_ref().map(|d| d.value),
                });
            }
        }
        for o in c.strategic().map_or(&[][..], |s| &s.objectives) {
            let outcome = |on: Option<NaiveDate>| ObjectiveOutcome {
                contract: id.clone(),
                file: c.file.clone(),
                index: o.index,
                objective: item_key(o.id.as_ref().map(|i| i.value.as_str()), o.index),
                learner: learner(c),
                manager: manager(c, on),
                text: o.text.clone().unwrap_or_default(),
                on,
            };
            match o.status.as_deref() {
                Some("achieved") => {
                    if let Some(on) = within(&o.achieved_on) {
                        section.objectives_achieved.push(outcome(Some(on)));
                    }
                }
                Some("dropped") if !before.dropped.contains(&key(&o.id, o.index)) => {
                    section.objectives_dropped.push(outcome(None));
                }
                _ => {}
            }
        }
        let agreed = match (&c.agreed_learner, &c.agreed_manager) {
            (Some(l), Some(m)) => Some(l.value.max(m.value)),
            _ => None,
        };
        let event = |on| ContractEvent {
            contract: id.clone(),
            file: c.file.clone(),
            learner: learner(c),
            on,
        };
        if let Some(on) = agreed.filter(|d| quarter.contains(*d)) {
            section.contracts_agreed.push(event(Some(on)));
        }
        if ended_during(c, before) {
            match c.status.value {
                Status::Closed => section.contracts_closed.push(event(None)),
                _ => section.contracts_cancelled.push(event(None)),
            }
        }
    }
    let by_item = |a: &(&String, usize), b: &(&String, usize)| a.cmp(b);
    section
        .follow_ups_done
        .sort_by(|a, b| by_item(&(&a.contract, a.index), &(&b.contract, b.index)));
    section
        .supports_provided
        .sort_by(|a, b| by_item(&(&a.contract, a.index), &(&b.contract, b.index)));
    section
        .actions_done
        .sort_by(|a, b| by_item(&(&a.contract, a.index), &(&b.contract, b.index)));
    section
        .supports_declined
        .sort_by(|a, b| by_item(&(&a.contract, a.index), &(&b.contract, b.index)));
    section
        .objectives_achieved
        .sort_by(|a, b| by_item(&(&a.contract, a.index), &(&b.contract, b.index)));
    section
        .objectives_dropped
        .sort_by(|a, b| by_item(&(&a.contract, a.index), &(&b.contract, b.index)));
    for events in [
        &mut section.contracts_agreed,
        &mut section.contracts_closed,
        &mut section.contracts_cancelled,
    ] {
        events.sort_by(|a, b| a.contract.cmp(&b.contract));
    }
    section
}
