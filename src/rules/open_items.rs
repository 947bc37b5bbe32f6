//! Overdue follow-ups and actions, unmet supports, and closed contracts with open items.

use super::Context;
use crate::contract::{Contract, Status, days_overdue, short};
use crate::diagnostic::{Code, Sink};

pub(super) fn check(contract: &Contract, ctx: Context<'_>, sink: &mut Sink<'_>) {
    let status = contract.status.value;
    if status == Status::Closed {
        return closed_with_open_items(contract, sink);
    }
    for f in contract.follow_ups.iter().filter(|f| f.readable) {
        if let Some(days) = days_overdue(status, f.due.as_ref(), f.done.as_ref(), ctx.as_of) {
            let due = f.due.as_ref().map(|d| d.value).unwrap_or_default();
            sink.add(
                Code::OverdueFollowUp,
                f.pos,
                f.width,
                format!(
                    "follow-up #{} was due on {due}, {} overdue",
                    f.index + 1,
                    plural(days, "day")
                ),
                Some("hold it and record `done: YYYY-MM-DD`, or agree a new `due` date".into()),
            );
        }
    }
    for action in contract
        .experience()
        .map_or(&[][..], |e| &e.application)
        .iter()
        .filter(|a| a.readable)
    {
        if let Some(days) =
            days_overdue(status, action.due.as_ref(), action.done.as_ref(), ctx.as_of)
        {
            let due = action.due.as_ref().map(|d| d.value).unwrap_or_default();
            let text = action.text.as_deref().map(short).unwrap_or_default();
            sink.add(
                Code::OverdueApplication,
                action.pos,
                action.width,
                format!(
                    "\"{text}\" was due on {due}, {} overdue: the learning is not yet applied",
                    plural(days, "day")
                ),
                Some("record `done: YYYY-MM-DD` once it is done, or agree a new `due` date".into()),
            );
        }
    }
    for support in contract.supports.iter().filter(|s| s.readable) {
        let Some(days) = support.days_unmet(status, ctx.as_of) else {
            continue;
        };
        let due = support
            .due
            .as_ref()
            .map_or(String::from("no date"), |d| d.value.to_string());
        let message = if support.status == "declined" {
            format!("{} was declined", support.label())
        } else {
            format!(
                "{} is still needed, {} after its due date {due}",
                support.label(),
                plural(days, "day")
            )
        };
        sink.add(
            Code::UnmetSupport,
            support.pos,
            support.width,
            message,
            Some("provide it and record `status: provided` with `provided_on`, or agree another support".into()),
        );
    }
}

fn closed_with_open_items(contract: &Contract, sink: &mut Sink<'_>) {
    let open: Vec<&str> = contract.open_items().map(|item| item.list).collect();
    let counts = [
        ("follow_ups", "open follow-up"),
        ("application", "open application action"),
        ("supports", "needed support"),
    ];
    let said: Vec<String> = counts
        .iter()
        .map(|(list, what)| (open.iter().filter(|l| *l == list).count(), what))
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| plural(n as i64, what))
        .collect();
    if said.is_empty() {
        return;
    }
    sink.add(
        Code::ClosedWithOpenItems,
        contract.status.pos,
        contract.status.width,
        format!("the contract is closed but still has {}", said.join(", ")),
        Some(
            "record `done` or `provided_on` for what happened, mark a support that never came \
             `declined`, or set `status: active` again"
                .into(),
        ),
    );
}

pub(crate) fn plural(n: i64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
