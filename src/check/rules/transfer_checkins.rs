//! `transfer_checkins` of `lc.toml`: an experience contract books a follow-up near each day,
//! after the experience, on which someone asks whether the learning is being used.

use chrono::NaiveDate;

use crate::check::diagnostic::{Code, Fix, Sink};
use crate::check::policy::Context;
use crate::model::contract::{CHECK_IN_WINDOW, Contract, Status};

pub(super) fn check(contract: &Contract, ctx: Context<'_>, sink: &mut Sink<'_>) {
    let standing = matches!(
        contract.status.value,
        Status::Agreed | Status::Active | Status::Closed
    );
    // A follow-up with a date that cannot be read could be the check-in.
    if !standing || contract.follow_ups.iter().any(|f| !f.readable) {
        return;
    }
    let Some(e) = contract.experience() else {
        return;
    };
    let Some(end) = e.end_or_start() else {
        return;
    };
    let ends = if e.end.is_some() {
        "ends"
    } else {
        "starts (it has no end date)"
    };
    let (at, width) = match contract.follow_ups_key {
        Some(key) => (key, "follow_ups".len() as u32),
        None => (contract.first_key, 1),
    };
    let dues: Vec<NaiveDate> = contract
        .follow_ups
        .iter()
        .filter_map(|f| f.due.as_ref())
        .map(|d| d.value)
        .collect();
    for &days in &ctx.policy.transfer_checkins {
        let Some(day) = e.day_after_end(days) else {
            continue;
        };
        if dues
            .iter()
            .any(|due| (*due - day).num_days().abs() <= CHECK_IN_WINDOW)
        {
            continue;
        }
        let id = &contract.id.value;
        sink.add(
            Code::MissingTransferCheckin,
            at,
            width,
            format!(
                "no follow-up is due within {CHECK_IN_WINDOW} days of {day}, {days} days after the experience {ends} on {end}: nobody will ask whether the learning is being used"
            ),
            Some(format!(
                "book the check-in: `lc follow-up add {id} --due {day}` (lc.toml: `transfer_checkins`)"
            )),
        );
        sink.fix_last(Fix::AddFollowUp {
            due: day.to_string(),
        });
    }
}
