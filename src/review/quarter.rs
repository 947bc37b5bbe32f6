//! Quarters (`2026Q3`), and what happened during one: follow-ups done, supports provided,
//! contracts agreed and closed.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::Serialize;

use super::follow_through::{FollowThrough, follow_through, standing};
use crate::model::contract::{Contract, Status};
use crate::model::quarter::Quarter;

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
}

#[derive(Debug, Serialize)]
pub struct FollowUpDone {
    pub contract: String,
    pub file: String,
    pub index: usize,
    pub learner: String,
    pub due: Option<NaiveDate>,
    pub done: NaiveDate,
}

#[derive(Debug, Serialize)]
pub struct SupportProvided {
    pub contract: String,
    pub file: String,
    pub index: usize,
    pub learner: String,
    pub text: String,
    pub provided_on: NaiveDate,
}

#[derive(Debug, Serialize)]
pub struct ContractEvent {
    pub contract: String,
    pub file: String,
    pub learner: String,
    /// When both had agreed (the later of the two dates); `None` for a closing, whose day
    /// is not recorded in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on: Option<NaiveDate>,
}

/// What happened in `quarter`; `closed_before` holds the ids of contracts already closed when
/// it began (read from the last commit before it).
pub fn during(
    quarter: Quarter,
    contracts: &[&Contract],
    closed_before: &HashSet<String>,
) -> DuringQuarter {
    let learner = |c: &Contract| {
        c.learner
            .as_ref()
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
    };
    for c in contracts {
        for f in &c.follow_ups {
            if let Some(done) = f
                .done
                .as_ref()
                .map(|d| d.value)
                .filter(|d| quarter.contains(*d))
            {
                section.follow_ups_done.push(FollowUpDone {
                    contract: c.id.value.clone(),
                    file: c.file.clone(),
                    index: f.index,
                    learner: learner(c),
                    due: f.due.as_ref().map(|d| d.value),
                    done,
                });
            }
        }
        for s in &c.supports {
            if let Some(on) = s
                .provided_on
                .as_ref()
                .map(|d| d.value)
                .filter(|d| quarter.contains(*d))
            {
                section.supports_provided.push(SupportProvided {
                    contract: c.id.value.clone(),
                    file: c.file.clone(),
                    index: s.index,
                    learner: learner(c),
                    text: s.text.clone().unwrap_or_default(),
                    provided_on: on,
                });
            }
        }
        let agreed = match (&c.agreed_learner, &c.agreed_manager) {
            (Some(l), Some(m)) => Some(l.value.max(m.value)),
            _ => None,
        };
        let event = |on| ContractEvent {
            contract: c.id.value.clone(),
            file: c.file.clone(),
            learner: learner(c),
            on,
        };
        if let Some(on) = agreed.filter(|d| quarter.contains(*d)) {
            section.contracts_agreed.push(event(Some(on)));
        }
        if c.status.value == Status::Closed && !closed_before.contains(&c.id.value) {
            section.contracts_closed.push(event(None));
        }
    }
    section
        .follow_ups_done
        .sort_by(|a, b| (&a.contract, a.index).cmp(&(&b.contract, b.index)));
    section
        .supports_provided
        .sort_by(|a, b| (&a.contract, a.index).cmp(&(&b.contract, b.index)));
    section
        .contracts_agreed
        .sort_by(|a, b| a.contract.cmp(&b.contract));
    section
        .contracts_closed
        .sort_by(|a, b| a.contract.cmp(&b.contract));
    section
}
