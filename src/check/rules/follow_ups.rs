//! The follow-up policy of `lc.toml`: `follow_up_within_days` and `max_days_between_follow_ups`.

use chrono::{Days, NaiveDate};

use crate::check::diagnostic::{Code, Sink};
use crate::check::policy::Context;
use crate::model::contract::Contract;

pub(super) fn check(contract: &Contract, ctx: Context<'_>, sink: &mut Sink<'_>) {
    // A follow-up with a date that cannot be read could be the one that is missing.
    if !contract.status.value.is_live() || contract.follow_ups.iter().any(|f| !f.readable) {
        return;
    }
    let (at, width) = match contract.follow_ups_key {
        Some(key) => (key, "follow_ups".len() as u32),
        None => (contract.first_key, 1),
    };
    let mut dues: Vec<NaiveDate> = contract
        .follow_ups
        .iter()
        .filter_map(|f| f.due.as_ref())
        .map(|d| d.value)
        .collect();
    dues.sort_unstable();
    if let Some(e) = contract.experience() {
        let (end, ends) = match (&e.end, &e.start) {
            (Some(end), _) => (end.value, "ends"),
            (None, Some(start)) => (start.value, "starts (it has no end date)"),
            (None, None) => return,
        };
        let within = ctx.policy.follow_up_within_days;
        let last = end
            .checked_add_days(Days::new(within.unsigned_abs()))
            .unwrap_or(NaiveDate::MAX);
        if !dues.iter().any(|due| (end..=last).contains(due)) {
            sink.add(
                Code::MissingFollowUp,
                at,
                width,
                format!("no follow-up is due within {within} days after the experience {ends} on {end}"),
                Some(format!("add a follow-up due between {end} and {last} (lc.toml: `follow_up_within_days`)")),
            );
        }
    }
    if let Some(s) = contract.strategic() {
        let (Some(start), Some(end)) = (&s.period_start, &s.period_end) else {
            return;
        };
        let max = ctx.policy.max_days_between_follow_ups;
        let mut points = vec![start.value];
        points.extend(
            dues.iter()
                .copied()
                .filter(|d| (start.value..=end.value).contains(d)),
        );
        points.push(end.value);
        let widest = points.windows(2).max_by_key(|w| (w[1] - w[0]).num_days());
        if let Some([from, to]) = widest.map(|w| [w[0], w[1]]) {
            let gap = (to - from).num_days();
            if gap > max {
                let message = if dues.is_empty() {
                    format!(
                        "the contract has no follow-up over its {gap}-day period; the policy asks for one every {max} days"
                    )
                } else {
                    format!(
                        "{gap} days pass without a follow-up, from {from} to {to}; the policy allows {max}"
                    )
                };
                sink.add(
                    Code::MissingFollowUp,
                    at,
                    width,
                    message,
                    Some(format!("add follow-ups so that none is more than {max} days from the next (lc.toml: `max_days_between_follow_ups`)")),
                );
            }
        }
    }
}
