//! Overdue follow-ups and actions, unmet supports, and closed contracts with open items.

use crate::check::diagnostic::{Code, Sink};
use crate::check::policy::Context;
use crate::model::contract::{Contract, Status, days_overdue, item_key, short};

pub(super) fn check(contract: &Contract, ctx: Context<'_>, sink: &mut Sink<'_>) {
    let status = contract.status.value;
    let id = &contract.id.value;
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
                    "{} was due on {due}, {} overdue",
                    follow_up_name(f.id.as_ref().map(|i| i.value.as_str()), f.index),
                    plural(days, "day")
                ),
                Some(format!(
                    "once it is held, record it: `lc done {id} follow-up {key} --on YYYY-MM-DD`; or agree a new date: `lc reschedule {id} follow-up {key} --due YYYY-MM-DD`",
                    key = item_key(f.id.as_ref().map(|i| i.value.as_str()), f.index)
                )),
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
                Some(format!(
                    "once it is done, record it: `lc done {id} action {key} --on YYYY-MM-DD`; or agree a new date: `lc reschedule {id} action {key} --due YYYY-MM-DD`",
                    key = item_key(action.id.as_ref().map(|i| i.value.as_str()), action.index)
                )),
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
        let key = item_key(support.id.as_ref().map(|i| i.value.as_str()), support.index);
        let help = if support.status == "declined" {
            format!(
                "agree another support in its place, and record it: `lc support add {id} --text TEXT --due YYYY-MM-DD`"
            )
        } else {
            format!(
                "once it is provided, record it: `lc provide {id} {key} --on YYYY-MM-DD`; if it will not come: `lc decline {id} {key} --reason TEXT`; or agree a new date: `lc reschedule {id} support {key} --due YYYY-MM-DD`"
            )
        };
        sink.add(
            Code::UnmetSupport,
            support.pos,
            support.width,
            message,
            Some(help),
        );
    }
}

/// How a message names a follow-up: by its id, else by its number.
fn follow_up_name(id: Option<&str>, index: usize) -> String {
    match id {
        Some(id) => format!("follow-up `{id}`"),
        None => format!("follow-up #{}", index + 1),
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
