//! Dates in order, and nothing done after the as-of date.

use chrono::NaiveDate;

use crate::check::diagnostic::{Code, Sink};
use crate::check::policy::Context;
use crate::model::contract::{At, Contract};

pub(super) fn check(contract: &Contract, ctx: Context<'_>, sink: &mut Sink<'_>) {
    if let Some(s) = contract.strategic() {
        order(
            "period",
            s.period_start.as_ref(),
            s.period_end.as_ref(),
            sink,
        );
    }
    if let Some(e) = contract.experience() {
        order("experience", e.start.as_ref(), e.end.as_ref(), sink);
    }
    let mut done: Vec<(&str, &At<NaiveDate>)> = Vec::new();
    done.extend(
        contract
            .agreed_learner
            .iter()
            .map(|d| ("agreed.learner", d)),
    );
    done.extend(
        contract
            .agreed_manager
            .iter()
            .map(|d| ("agreed.manager", d)),
    );
    done.extend(contract.closed_on.iter().map(|d| ("closed_on", d)));
    done.extend(contract.cancelled_on.iter().map(|d| ("cancelled_on", d)));
    done.extend(
        contract
            .supports
            .iter()
            .filter_map(|s| s.provided_on.as_ref())
            .map(|d| ("provided_on", d)),
    );
    done.extend(
        contract
            .follow_ups
            .iter()
            .filter_map(|f| f.done.as_ref())
            .map(|d| ("done", d)),
    );
    if let Some(s) = contract.strategic() {
        done.extend(
            s.objectives
                .iter()
                .filter_map(|o| o.achieved_on.as_ref())
                .map(|d| ("achieved_on", d)),
        );
    }
    if let Some(e) = contract.experience() {
        done.extend(
            e.application
                .iter()
                .filter_map(|a| a.done.as_ref())
                .map(|d| ("done", d)),
        );
    }
    for (name, date) in done {
        if date.value > ctx.as_of {
            sink.add(
                Code::FutureDate,
                date.pos,
                date.width,
                format!(
                    "`{name}` is {}, after the as-of date {}",
                    date.value, ctx.as_of
                ),
                Some(
                    "nothing can have happened after the day the check is about: correct the date"
                        .into(),
                ),
            );
        }
    }
}

fn order(
    what: &str,
    start: Option<&At<NaiveDate>>,
    end: Option<&At<NaiveDate>>,
    sink: &mut Sink<'_>,
) {
    let (Some(start), Some(end)) = (start, end) else {
        return;
    };
    if end.value < start.value {
        sink.add(
            Code::DateOrder,
            end.pos,
            end.width,
            format!(
                "the {what} ends on {} before it starts on {}",
                end.value, start.value
            ),
            Some("swap the dates, or correct the one that is wrong".into()),
        );
    }
}
