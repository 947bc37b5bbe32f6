//! Follow-through: per manager, the follow-ups due that were done on time, late, or not done.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::contract::{Contract, Status};

#[derive(Clone, Debug, Serialize)]
pub struct FollowThrough {
    pub manager: String,
    pub due: usize,
    pub on_time: usize,
    pub late: usize,
    pub not_done: usize,
    pub on_time_rate: f64,
}

/// The contracts whose agreement stands (agreed, active or closed): sections 6-10 count these.
pub fn standing<'a>(contracts: &[&'a Contract]) -> Vec<&'a Contract> {
    contracts
        .iter()
        .copied()
        .filter(|c| {
            matches!(
                c.status.value,
                Status::Agreed | Status::Active | Status::Closed
            )
        })
        .collect()
}

/// Per manager, the follow-ups whose due date `counts`: done on time, late, or not done; each
/// counts for the manager who was the contract's manager on its due date.
pub fn follow_through(
    contracts: &[&Contract],
    counts: impl Fn(NaiveDate) -> bool,
) -> Vec<FollowThrough> {
    let mut by_manager: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    for c in contracts {
        for f in c.follow_ups.iter().filter(|f| f.readable) {
            // A check-in moved after it had passed is judged by the day first promised.
            let Some(due) = f.deadline().filter(|d| counts(*d)) else {
                continue;
            };
            // A check-in due after the contract was closed (its learner left) is not owed.
            if f.done.is_none() && !c.owes(Some(due)) {
                continue;
            }
            // The manager on the due date answers for it, even if another took over since.
            let Some(manager) = c.manager_on(due) else {
                continue;
            };
            let counts = by_manager.entry(manager.name.clone()).or_default();
            match &f.done {
                Some(done) if done.value <= due => counts[0] += 1,
                Some(_) => counts[1] += 1,
                None => counts[2] += 1,
            }
        }
    }
    by_manager
        .into_iter()
        .map(|(manager, [on_time, late, not_done])| {
            let due = on_time + late + not_done;
            let rate = if due == 0 {
                0.0
            } else {
                (on_time as f64 / due as f64 * 100.0).round() / 100.0
            };
            FollowThrough {
                manager,
                due,
                on_time,
                late,
                not_done,
                on_time_rate: rate,
            }
        })
        .collect()
}
