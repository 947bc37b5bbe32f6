//! What `lc new --from` carries from one contract to the next: the people, the goals and the
//! learning still to do, as edits of the fresh draft — never the dates, which belong to the new
//! dialogue.

use chrono::{Days, NaiveDate};

use crate::model::contract::Contract;
use crate::model::scalar::Money;
use crate::store::edit::{Change, New, Step};
use crate::text::yaml::{Node, Value};

/// What was carried and what was left behind, for the command's output.
#[derive(Debug, Default)]
pub struct Carried {
    pub changes: Vec<Change>,
    pub said: Vec<String>,
    pub left: Vec<String>,
}

/// A node as a value to write, leaving out null values and the keys in `drop` (at any depth
/// below a mapping item).
fn to_new(node: &Node, drop: &[&str]) -> Option<New> {
    match &node.value {
        Value::Seq(items) => Some(New::List(
            items.iter().filter_map(|n| to_new(n, drop)).collect(),
        )),
        Value::Map(entries) => Some(New::Map(
            entries
                .iter()
                .filter_map(|e| {
                    let key = &e.key.as_scalar()?.text;
                    if drop.contains(&key.as_str()) || e.value.is_null() {
                        return None;
                    }
                    Some((key.clone(), to_new(&e.value, drop)?))
                })
                .collect(),
        )),
        _ if node.is_null() => None,
        _ => {
            let scalar = node.as_scalar()?;
            let number = scalar.plain
                && scalar.text.parse::<f64>().is_ok_and(f64::is_finite)
                && scalar.text.bytes().all(|b| b.is_ascii_digit() || b == b'.');
            Some(if number {
                New::Number(scalar.text.clone())
            } else {
                New::Text(scalar.text.clone())
            })
        }
    }
}

fn items(root: &Node, key: &str) -> Vec<Node> {
    match root.get(key).map(|n| &n.value) {
        Some(Value::Seq(items)) => items.clone(),
        _ => Vec::new(),
    }
}

fn push_all(out: &mut Carried, key: &str, nodes: &[Node], drop: &[&str]) -> usize {
    let mut count = 0;
    for node in nodes {
        if let Some(item) = to_new(node, drop) {
            out.changes.push(Change::Push {
                at: vec![],
                key: key.into(),
                item,
            });
            count += 1;
        }
    }
    count
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Next period's strategic draft from `old`: partners, goals, and the objectives neither
/// achieved nor dropped, with their methods (without links to last period's experience
/// contracts), serves and application, but no dates.
pub fn strategic(old: &Contract, root: &Node) -> Carried {
    let mut out = Carried::default();
    let partners = push_all(&mut out, "partners", &items(root, "partners"), &[]);
    let goals = push_all(&mut out, "goals", &items(root, "goals"), &[]);
    let objectives = old.strategic().map_or(&[][..], |s| &s.objectives);
    let nodes = items(root, "objectives");
    let mut kept = Vec::new();
    for (index, node) in nodes.iter().enumerate() {
        let model = objectives.iter().find(|o| o.index == index);
        let status = model.and_then(|o| o.status.as_deref());
        if let Some(word @ ("achieved" | "dropped")) = status {
            let name = model
                .and_then(|o| o.id.as_ref())
                .map_or(format!("#{}", index + 1), |id| format!("`{}`", id.value));
            out.left.push(format!("objective {name} ({word})"));
            continue;
        }
        kept.push(node.clone());
    }
    let carried = push_all(
        &mut out,
        "objectives",
        &kept,
        &["due", "achieved_on", "experience"],
    );
    out.said.push(format!(
        "{}, {} and {}",
        plural(partners, "partner"),
        plural(goals, "goal"),
        plural(carried, "objective")
    ));
    out
}

/// A repeated event from `old`: partners, the event but its dates, learning, links, and the
/// application actions without what was done. An action must have a due date even in a draft,
/// so each keeps its distance from the event's first day, counted from `start`.
pub fn experience(old: &Contract, root: &Node, start: NaiveDate) -> Carried {
    let mut out = Carried::default();
    let partners = push_all(&mut out, "partners", &items(root, "partners"), &[]);
    if let Some(Value::Map(entries)) = root.get("experience").map(|n| &n.value) {
        for e in entries {
            let Some(key) = e.key.as_scalar().map(|k| k.text.as_str()) else {
                continue;
            };
            if matches!(key, "title" | "type" | "start" | "end") {
                continue;
            }
            if let Some(value) = to_new(&e.value, &[]) {
                out.changes.push(Change::Set {
                    at: vec![Step::Key("experience".into())],
                    key: key.into(),
                    value,
                });
            }
        }
    }
    let learning = push_all(&mut out, "learning", &items(root, "learning"), &[]);
    if let Some(Value::Map(entries)) = root.get("links").map(|n| &n.value) {
        for e in entries {
            let Some(key) = e.key.as_scalar().map(|k| k.text.clone()) else {
                continue;
            };
            if let Some(value) = to_new(&e.value, &[]) {
                out.changes.push(Change::Set {
                    at: vec![Step::Key("links".into())],
                    key,
                    value,
                });
            }
        }
    }
    let old_start = old
        .experience()
        .and_then(|e| e.start.as_ref())
        .map(|d| d.value);
    let dues: Vec<Option<NaiveDate>> = old
        .experience()
        .map_or(&[][..], |e| &e.application)
        .iter()
        .map(|a| a.due.as_ref().map(|d| d.value))
        .collect();
    let mut actions = 0;
    for (index, node) in items(root, "application").iter().enumerate() {
        let Some(New::Map(mut fields)) = to_new(node, &["due", "done", "evidence", "notes"]) else {
            continue;
        };
        let after = match (old_start, dues.get(index).copied().flatten()) {
            (Some(old_start), Some(due)) => (due - old_start).num_days().max(0),
            _ => 30,
        };
        let due = start
            .checked_add_days(Days::new(after.unsigned_abs()))
            .unwrap_or(start);
        let at = fields
            .iter()
            .position(|(k, _)| k == "owner")
            .unwrap_or(fields.len());
        fields.insert(at, ("due".into(), New::Text(due.to_string())));
        out.changes.push(Change::Push {
            at: vec![],
            key: "application".into(),
            item: New::Map(fields),
        });
        actions += 1;
    }
    out.said.push(format!(
        "{}, the event, {} and {}",
        plural(partners, "partner"),
        plural(learning, "learning point"),
        plural(actions, "application action")
    ));
    out
}

/// What a new experience contract linked from an objective's method (`lc new experience
/// --objective`) takes from that method: its cost, which the spend counts from the experience
/// once a method links it. `None` when the method that would be linked has no cost, or a new
/// method would be added.
pub fn linked_cost(
    strategic: &Contract,
    objective: &str,
    method_type: Option<&str>,
) -> Option<Carried> {
    let method = crate::store::record::method_to_link(strategic, objective, method_type)?;
    let cost = method.cost.as_ref()?;
    let text = money_text(cost);
    Some(Carried {
        changes: vec![Change::Set {
            at: vec![Step::Key("experience".into())],
            key: "cost".into(),
            value: New::Text(text.clone()),
        }],
        said: vec![format!(
            "its cost, {text}, from the {} method of objective `{objective}` of {}",
            method.method_type.as_deref().unwrap_or("linked"),
            strategic.id.value
        )],
        left: Vec::new(),
    })
}

/// Money as a contract writes it: `1200 EUR`, `249.90 USD`.
fn money_text(money: &Money) -> String {
    if money.cents % 100 == 0 {
        format!("{} {}", money.cents / 100, money.currency)
    } else {
        money.to_string()
    }
}
