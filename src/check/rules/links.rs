//! Rules across files: contract ids unique in the repo, links between contracts, same learner.

use std::collections::{HashMap, HashSet};

use crate::check::diagnostic::{Code, Diagnostic, Sink};
use crate::check::policy::Context;
use crate::model::contract::{At, Contract, Status};
use crate::model::scalar::Person;
use crate::model::schema::Kind;

/// What the rules across files need of a contract, kept when its model is not.
#[derive(Clone, Debug)]
pub struct Links {
    pub file: String,
    pub id: At<String>,
    pub kind: Option<Kind>,
    pub status: At<Status>,
    pub learner: Option<Person>,
    /// An experience contract's `strategic`.
    pub strategic: Option<At<String>>,
    /// A strategic contract's `methods[].experience`.
    pub experiences: Vec<At<String>>,
    /// Whether a strategic contract has objectives yet (something to link an experience from).
    pub has_objectives: bool,
}

impl Links {
    pub fn of(contract: &Contract) -> Links {
        let methods = contract
            .strategic()
            .into_iter()
            .flat_map(|s| &s.objectives)
            .flat_map(|o| &o.methods);
        Links {
            file: contract.file.clone(),
            id: contract.id.clone(),
            kind: contract.kind(),
            status: contract.status.clone(),
            learner: contract.learner.clone(),
            strategic: contract.experience().and_then(|e| e.strategic.clone()),
            experiences: methods.filter_map(|m| m.experience.clone()).collect(),
            has_objectives: contract
                .strategic()
                .is_some_and(|s| !s.objectives.is_empty()),
        }
    }

    fn kind(&self) -> Option<Kind> {
        self.kind
    }
}

fn sink_for<'a>(links: &'a Links, ctx: Context<'_>) -> Sink<'a> {
    Sink::new(&links.file, ctx.policy.overdue)
}

/// Runs the cross-file rules over every contract of the repo, in path order.
pub fn repo_rules(
    contracts: &[&Links],
    broken: &HashSet<&str>,
    ctx: Context<'_>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut by_id: HashMap<&str, &Links> = HashMap::new();
    for &contract in contracts {
        match by_id.get(contract.id.value.as_str()) {
            Some(first) => {
                let mut sink = sink_for(contract, ctx);
                sink.add(
                    Code::DuplicateId,
                    contract.id.pos,
                    contract.id.width,
                    format!(
                        "contract id `{}` is already used by {}:{}",
                        contract.id.value, first.file, first.id.pos.line
                    ),
                    Some("give this contract an id of its own".into()),
                );
                crate::check::diagnostic::extend(&mut out, sink);
            }
            None => {
                by_id.insert(&contract.id.value, contract);
            }
        }
    }
    for &contract in contracts {
        let mut sink = sink_for(contract, ctx);
        let mut link = |target: &At<String>, kind: Kind, what: &str| -> Option<&Links> {
            match by_id.get(target.value.as_str()) {
                Some(found) if found.kind() == Some(kind) => Some(*found),
                // The file with that id has errors of its own that say what is wrong.
                None if broken.contains(target.value.as_str()) => None,
                found => {
                    let message = match found {
                        Some(other) => format!(
                            "{what} `{}` is {} ({}), not {}",
                            target.value,
                            other
                                .kind()
                                .map_or("a contract of unknown kind", kind_phrase),
                            other.file,
                            kind_phrase(kind)
                        ),
                        None => format!("{what} `{}` names no contract in this repo", target.value),
                    };
                    sink.add(
                        Code::DanglingReference,
                        target.pos,
                        target.width,
                        message,
                        Some(format!(
                            "use the id of an existing {} contract",
                            kind.as_str()
                        )),
                    );
                    None
                }
            }
        };
        for target in &contract.experiences {
            link(target, Kind::Experience, "method experience");
        }
        let linked = contract
            .strategic
            .as_ref()
            .and_then(|target| Some((target, link(target, Kind::Strategic, "strategic")?)));
        if let Some((target, strategic)) = linked
            && let (Some(mine), Some(theirs)) = (&contract.learner, &strategic.learner)
            && !mine.same_as(theirs)
        {
            sink.add(
                Code::LearnerMismatch,
                target.pos,
                target.width,
                format!(
                    "strategic contract `{}` is for {theirs}, but this one is for {mine}",
                    target.value
                ),
                Some("link the learner's own strategic contract, or correct the learner".into()),
            );
        }
        if let Some((target, strategic)) = linked {
            both_ways(contract, target, strategic, &mut sink);
        }
        crate::check::diagnostic::extend(&mut out, sink);
    }
    out
}

/// An experience contract and the strategic contract it names: the strategic's methods link
/// it back (else its cost may be counted twice), and a strategic contract that ended does not
/// leave it running.
fn both_ways(experience: &Links, target: &At<String>, strategic: &Links, sink: &mut Sink<'_>) {
    let id = &experience.id.value;
    let status = experience.status.value;
    let linked_back = strategic.experiences.iter().any(|e| &e.value == id);
    // A strategic draft without objectives yet has no method to link from, nor a cost to count.
    if !linked_back && status != Status::Cancelled && strategic.has_objectives {
        sink.add(
            Code::UnlinkedExperience,
            target.pos,
            target.width,
            format!(
                "strategic contract `{}` has no method that links `{id}` back, so its cost may be counted twice (once here, once as a method's cost)",
                target.value
            ),
            Some(format!(
                "link it from the objective it serves: `lc link {id} --objective OID`"
            )),
        );
    }
    let ended = strategic.status.value;
    if matches!(ended, Status::Cancelled | Status::Closed) && status.is_live() {
        let help = if ended == Status::Cancelled {
            format!(
                "cancel every experience still open under it: `lc cancel {} --with-linked`; or this one alone: `lc cancel {id}`",
                target.value
            )
        } else {
            format!(
                "close it once it is finished (`lc close {id}`), or cancel it (`lc cancel {id}`)"
            )
        };
        sink.add(
            Code::OpenLinkedExperience,
            experience.status.pos,
            experience.status.width,
            format!(
                "strategic contract `{}` is {}, but this experience contract linked to it is still {}",
                target.value,
                ended.as_str(),
                status.as_str()
            ),
            Some(help),
        );
    }
}

fn kind_phrase(kind: Kind) -> &'static str {
    match kind {
        Kind::Strategic => "a strategic contract",
        Kind::Experience => "an experience contract",
    }
}
