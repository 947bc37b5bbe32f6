//! Item ids unique in their list, references within the contract, owners that resolve, metrics.

use std::collections::HashMap;

use crate::check::diagnostic::{Code, Sink};
use crate::check::policy::Context;
use crate::model::contract::{At, Contract};
use crate::model::scalar::Owner;

pub(super) fn check(contract: &Contract, ctx: Context<'_>, sink: &mut Sink<'_>) {
    let support_ids: Vec<_> = contract
        .supports
        .iter()
        .filter_map(|s| s.id.as_ref())
        .collect();
    unique_ids("support", &support_ids, sink);
    let follow_up_ids: Vec<_> = contract
        .follow_ups
        .iter()
        .filter_map(|f| f.id.as_ref())
        .collect();
    unique_ids("follow-up", &follow_up_ids, sink);
    if let Some(experience) = contract.experience() {
        let action_ids: Vec<_> = experience
            .application
            .iter()
            .filter_map(|a| a.id.as_ref())
            .collect();
        unique_ids("application action", &action_ids, sink);
    }
    owners(contract, sink);
    if let Some(strategic) = contract.strategic() {
        let goal_ids: Vec<_> = strategic
            .goals
            .iter()
            .filter_map(|g| g.id.as_ref())
            .collect();
        let objective_ids: Vec<_> = strategic
            .objectives
            .iter()
            .filter_map(|o| o.id.as_ref())
            .collect();
        unique_ids("goal", &goal_ids, sink);
        unique_ids("objective", &objective_ids, sink);
        for objective in &strategic.objectives {
            let name = objective.id.as_ref().map_or("an objective".into(), |id| {
                format!("objective `{}`", id.value)
            });
            references(&name, "serves goal", &objective.serves, &goal_ids, sink);
        }
        for support in &contract.supports {
            references(
                &support.label(),
                "is for objective",
                &support.for_objectives,
                &objective_ids,
                sink,
            );
        }
        if ctx.policy.require_metric && !contract.status.value.is_draft_like() {
            for goal in strategic.goals.iter().filter(|g| !g.has_metric) {
                let name = goal
                    .id
                    .as_ref()
                    .map_or("a goal".into(), |id| format!("goal `{}`", id.value));
                sink.add(
                    Code::MissingField,
                    goal.pos,
                    goal.width,
                    format!("{name} has no `metric`"),
                    Some("lc.toml's `require_metric` asks every goal for `metric: {name: …, baseline: …, target: …}`".into()),
                );
            }
        }
    }
}

/// Each id after the first of its value is a `duplicate-id`, naming the first's line.
fn unique_ids(what: &str, ids: &[&At<String>], sink: &mut Sink<'_>) {
    let mut first: HashMap<&str, u32> = HashMap::new();
    for id in ids {
        match first.get(id.value.as_str()) {
            Some(line) => sink.add(
                Code::DuplicateId,
                id.pos,
                id.width,
                format!(
                    "{what} id `{}` is used twice in this contract (first at line {line})",
                    id.value
                ),
                Some(format!("give each {what} its own id")),
            ),
            None => {
                first.insert(&id.value, id.pos.line);
            }
        }
    }
}

fn references(
    from: &str,
    verb: &str,
    refs: &[At<String>],
    known: &[&At<String>],
    sink: &mut Sink<'_>,
) {
    for reference in refs {
        if known.iter().any(|k| k.value == reference.value) {
            continue;
        }
        let list: Vec<String> = known.iter().map(|k| format!("`{}`", k.value)).collect();
        let help = if list.is_empty() {
            format!(
                "this contract has no {} with an id yet",
                verb.rsplit(' ').next().unwrap_or("item")
            )
        } else {
            format!("the ids here are {}", list.join(", "))
        };
        sink.add(
            Code::DanglingReference,
            reference.pos,
            reference.width,
            format!(
                "{from} {verb} `{}`, which this contract does not have",
                reference.value
            ),
            Some(help),
        );
    }
}

/// A role word must name someone: `learner`, `manager`, or a partner with that role.
fn owners(contract: &Contract, sink: &mut Sink<'_>) {
    let supports = contract.supports.iter().map(|s| &s.owner);
    let follow_ups = contract.follow_ups.iter().map(|f| &f.owner);
    let actions = contract
        .experience()
        .into_iter()
        .flat_map(|e| e.application.iter().map(|a| &a.owner));
    for owner in supports.chain(follow_ups).chain(actions) {
        let Owner::Role(role) = &owner.value else {
            continue;
        };
        if role == "learner"
            || role == "manager"
            || contract
                .partners
                .iter()
                .any(|p| p.role.as_deref() == Some(role))
        {
            continue;
        }
        sink.add(
            Code::DanglingReference,
            owner.pos,
            owner.width,
            format!("owner `{role}` names no one: the contract has no partner with role `{role}`"),
            Some(format!("add `partners: [{{who: Name <email>, role: {role}}}]`, or name the owner as `Name <email>`")),
        );
    }
}
