//! The facts a quarterly review needs, computed from the contracts (format.md, "Derived facts";
//! cli.md, `lc report`). Renderers turn a `Report` into tables, CSV, JSON or HTML.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::check::policy::Settings;
use crate::model::contract::{Contract, Status, days_overdue, record_command};
use crate::model::scalar::{Owner, PARTNER_ROLES, Person, fold};
use crate::model::schema::{Kind, method_group};

use super::figures::{Figures, QuarterChange};
pub use super::follow_through::{FollowThrough, follow_through, standing};
pub use super::period::{OtherPeriods, Period};
pub use super::quarter::{
    ActionDone, ContractEvent, DuringQuarter, FollowUpDone, ObjectiveOutcome, SupportDeclined,
    SupportProvided, during,
};
pub use super::transfer::{TransferCurve, transfer_curve};

/// Which contracts a report or list covers.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub manager: Option<String>,
    pub team: Option<String>,
    pub learner: Option<String>,
    pub kind: Option<Kind>,
    /// The period the review counts (`--period`); the other commands list every contract.
    pub period: Period,
}

impl Filter {
    /// Whether any of `--manager`, `--learner` or `--team` is given.
    pub fn names_someone(&self) -> bool {
        self.manager.is_some() || self.learner.is_some() || self.team.is_some()
    }

    /// The filters given, for a message: `--manager "Sam Lee"`.
    pub fn describe(&self) -> String {
        [
            ("--manager", &self.manager),
            ("--learner", &self.learner),
            ("--team", &self.team),
        ]
        .iter()
        .filter_map(|(flag, value)| value.as_ref().map(|v| format!("{flag} \"{v}\"")))
        .collect::<Vec<_>>()
        .join(" ")
    }

    /// Fails when a name filter was given and no contract of `contracts` matches it, so that a
    /// typo gives a message instead of an empty review.
    pub fn check_matches<'a>(
        &self,
        mut contracts: impl Iterator<Item = &'a Contract>,
    ) -> anyhow::Result<()> {
        if self.names_someone() && !contracts.any(|c| self.keeps_names(c)) {
            anyhow::bail!(
                "no contract matches {} (names, emails and teams match ignoring case and \
                 accents): `lc list` shows who is there",
                self.describe()
            );
        }
        Ok(())
    }

    /// Fails when `needle` (`lc calendar --owner`) is no one the contracts name — as learner,
    /// manager (now or before a handover), partner or the owner of an item — so that a typo
    /// gives a message, as the other filters do, instead of an empty calendar. Someone named
    /// who has nothing open gets an empty calendar: that is an answer.
    pub fn check_owner<'a>(
        needle: &str,
        mut contracts: impl Iterator<Item = &'a Contract>,
    ) -> anyhow::Result<()> {
        if !contracts.any(|c| names(c, needle)) {
            anyhow::bail!(
                "no contract names --owner \"{needle}\" (names and emails match ignoring case \
                 and accents): `lc list` shows who is there"
            );
        }
        Ok(())
    }

    fn keeps_names(&self, c: &Contract) -> bool {
        Filter {
            kind: None,
            ..self.clone()
        }
        .keeps(c)
    }

    pub fn keeps(&self, c: &Contract) -> bool {
        let person = |p: &Option<Person>, needle: &Option<String>| {
            needle
                .as_ref()
                .is_none_or(|n| p.as_ref().is_some_and(|p| p.matches(n)))
        };
        let team = self
            .team
            .as_ref()
            .is_none_or(|t| c.team.as_ref().is_some_and(|ct| fold(ct) == fold(t)));
        let manager = self.manager.as_ref().is_none_or(|m| c.ever_managed_by(m));
        manager
            && person(&c.learner, &self.learner)
            && team
            && self.kind.is_none_or(|k| c.kind() == Some(k))
    }
}

/// Whether a contract names `needle` as anyone: its learner, a manager, a partner, an owner.
fn names(c: &Contract, needle: &str) -> bool {
    let handovers = c.handovers.iter().flat_map(|h| [&h.from, &h.to]);
    let partners = c.partners.iter().filter_map(|p| p.who.as_ref());
    let owners = c
        .follow_ups
        .iter()
        .map(|f| &f.owner.value)
        .chain(c.supports.iter().map(|s| &s.owner.value))
        .chain(
            c.experience()
                .into_iter()
                .flat_map(|e| &e.application)
                .map(|a| &a.owner.value),
        )
        .filter_map(|o| match o {
            Owner::Person(p) => Some(p),
            Owner::Role(_) => None,
        });
    c.learner
        .iter()
        .chain(&c.manager)
        .chain(handovers)
        .chain(partners)
        .chain(owners)
        .any(|p| p.matches(needle))
}

impl Filter {
    /// With `--manager`, a contract handed over keeps only that manager's items: those due while
    /// they were its manager (items without a due date go with the manager now).
    pub fn narrow<'a>(&self, c: Cow<'a, Contract>) -> Cow<'a, Contract> {
        let Some(needle) = self.manager.as_deref().filter(|_| !c.handovers.is_empty()) else {
            return c;
        };
        let mut c = c.into_owned();
        let theirs = |c: &Contract, due: Option<NaiveDate>| {
            let manager = match due {
                Some(due) => c.manager_on(due),
                None => c.manager.as_ref(),
            };
            manager.is_some_and(|m| m.matches(needle))
        };
        let due = |d: &Option<crate::model::contract::At<NaiveDate>>| d.as_ref().map(|d| d.value);
        let follow_ups = std::mem::take(&mut c.follow_ups);
        c.follow_ups = follow_ups
            .into_iter()
            .filter(|f| theirs(&c, due(&f.due)))
            .collect();
        let supports = std::mem::take(&mut c.supports);
        c.supports = supports
            .into_iter()
            .filter(|s| theirs(&c, due(&s.due)))
            .collect();
        let kept = c.clone();
        if let crate::model::contract::Body::Experience(e) = &mut c.body {
            e.application.retain(|a| theirs(&kept, due(&a.due)));
        }
        Cow::Owned(c)
    }
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub version: u32,
    pub as_of: String,
    /// The commit read, or `None` for the working tree.
    pub revision: Option<String>,
    pub contracts: Counts,
    /// Files that gave no contract the report can use (`lc check` says why).
    pub skipped_files: usize,
    /// Facts dated after the as-of date (a `done`, `provided_on`, `achieved_on` or `agreed`),
    /// set aside as not yet happened on that day.
    pub later_facts_set_aside: usize,
    /// Contracts of another period than the review's (next period's drafts, last period's
    /// finished contracts), set apart from every figure (`--period` counts them).
    pub contracts_of_other_periods: OtherPeriods,
    pub overdue_follow_ups: Vec<OverdueFollowUp>,
    pub overdue_applications: Vec<OverdueApplication>,
    pub unmet_supports: Vec<UnmetSupport>,
    pub due_soon: Vec<DueSoon>,
    pub follow_through: Vec<FollowThrough>,
    pub line_of_sight: LineOfSight,
    pub method_mix: MethodMix,
    pub spend: Vec<Spend>,
    pub transfer_matrix: Vec<TransferCell>,
    /// Learning after training: the transfer curve and what stands behind it.
    pub transfer_curve: TransferCurve,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub during_the_quarter: Option<DuringQuarter>,
    /// With `--quarter`, the headline figures against the quarter before, when the history
    /// holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_against_previous_quarter: Option<QuarterChange>,
    /// Where the report was made from, for the summary (not in JSON).
    #[serde(skip)]
    pub repo: String,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Counts {
    pub total: usize,
    pub by_kind: ByKind,
    pub by_status: ByStatus,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ByKind {
    pub strategic: usize,
    pub experience: usize,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ByStatus {
    pub draft: usize,
    pub agreed: usize,
    pub active: usize,
    pub closed: usize,
    pub cancelled: usize,
}

#[derive(Debug, Serialize)]
pub struct OverdueFollowUp {
    pub contract: String,
    pub file: String,
    pub index: usize,
    /// The command that records it (`lc done 2026-jane-doe follow-up 2`).
    pub record: String,
    pub learner: String,
    pub manager: String,
    pub owner: String,
    pub team: Option<String>,
    pub due: NaiveDate,
    pub days_overdue: i64,
}

#[derive(Debug, Serialize)]
pub struct OverdueApplication {
    pub contract: String,
    pub file: String,
    pub index: usize,
    /// The command that records it (`lc done 2026-jane-doe follow-up 2`).
    pub record: String,
    pub learner: String,
    pub owner: String,
    pub team: Option<String>,
    pub text: String,
    pub due: NaiveDate,
    pub days_overdue: i64,
}

#[derive(Debug, Serialize)]
pub struct UnmetSupport {
    pub contract: String,
    pub file: String,
    pub index: usize,
    /// The command that records it (`lc provide 2026-jane-doe s1`); empty for a declined one,
    /// which no command records.
    pub record: String,
    pub learner: String,
    pub owner: String,
    pub team: Option<String>,
    pub text: String,
    pub due: Option<NaiveDate>,
    pub status: String,
    pub days_late: i64,
}

#[derive(Debug, Serialize)]
pub struct DueSoon {
    pub contract: String,
    pub file: String,
    /// `follow_ups`, `application` or `supports`.
    pub list: &'static str,
    pub index: usize,
    /// The command that records it (`lc done 2026-jane-doe follow-up 2`).
    pub record: String,
    pub learner: String,
    pub owner: String,
    pub text: String,
    pub due: NaiveDate,
    pub days_left: i64,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct LineOfSight {
    pub objectives: usize,
    pub serving_a_goal: usize,
    pub serving_a_measured_goal: usize,
    /// The objectives' outcomes so far: achieved (by the as-of date) and dropped.
    pub achieved: usize,
    pub dropped: usize,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct MethodMix {
    pub formal: usize,
    pub social: usize,
    pub experiential: usize,
    pub other: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Spend {
    pub currency: String,
    pub total: String,
    pub application_open: String,
    /// Where the total comes from: the costs of experience contracts…
    pub from_experiences: String,
    /// …and the costs of strategic methods: those that link no experience contract, and those
    /// that link one counted with no cost of its own.
    pub from_methods: String,
    /// The part of `from_methods` counted for experience contracts that have no cost of their
    /// own, at the cost of the method that links them.
    pub from_methods_for_experiences: String,
    /// Those experience contracts: their cost is their linking method's.
    pub costed_by_method: Vec<String>,
    /// Experience contracts counted whose strategic contract links none of its methods to them:
    /// their cost may be counted twice (`lc check`: `unlinked-experience`).
    pub not_linked_back: Vec<String>,
    #[serde(skip)]
    pub total_cents: i64,
    #[serde(skip)]
    pub open_cents: i64,
}

#[derive(Debug, Serialize)]
pub struct TransferCell {
    pub owner: String,
    pub phase: String,
    pub provided: usize,
    pub needed: usize,
    pub unmet: usize,
}

/// The owners of the transfer matrix, in its order; a person owner counts as `other`.
pub const TRANSFER_OWNERS: [&str; 9] = [
    "learner", "manager", "hr", "l&d", "mentor", "coach", "sponsor", "peer", "other",
];
pub const TRANSFER_PHASES: [&str; 4] = ["before", "during", "after", "unset"];

/// The contracts as they stood on `as_of` (format.md, "Derived facts"): facts dated later are
/// set aside. Only the contracts that have such facts are copied. Returns how many were set aside.
pub fn as_they_stood<'a>(
    contracts: impl IntoIterator<Item = &'a Contract>,
    as_of: NaiveDate,
) -> (Vec<Cow<'a, Contract>>, usize) {
    let mut set_aside = 0;
    let stood = contracts
        .into_iter()
        .map(|c| {
            if c.has_facts_after(as_of) {
                let mut c = c.clone();
                set_aside += c.set_aside_after(as_of);
                Cow::Owned(c)
            } else {
                Cow::Borrowed(c)
            }
        })
        .collect();
    (stood, set_aside)
}

/// Builds the report of `contracts` (already filtered) as of `as_of`.
pub fn build(contracts: &[&Contract], settings: &Settings, as_of: NaiveDate) -> Report {
    // Sections 6-10 count the contracts whose agreement stands (cli.md).
    let standing = standing(contracts);
    let mut report = Report {
        version: 1,
        as_of: as_of.to_string(),
        revision: None,
        contracts: counts(contracts),
        skipped_files: 0,
        later_facts_set_aside: 0,
        contracts_of_other_periods: OtherPeriods::default(),
        overdue_follow_ups: overdue_follow_ups(contracts, as_of),
        overdue_applications: overdue_applications(contracts, as_of),
        unmet_supports: unmet_supports(contracts, as_of),
        due_soon: due_soon(contracts, as_of, settings.policy.due_soon_days),
        follow_through: follow_through(&standing, |due| due < as_of),
        line_of_sight: line_of_sight(&standing),
        method_mix: method_mix(&standing),
        spend: spend(&standing),
        transfer_matrix: transfer_matrix(&standing, as_of),
        transfer_curve: transfer_curve(&standing, as_of),
        during_the_quarter: None,
        change_against_previous_quarter: None,
        repo: String::new(),
    };
    report
        .overdue_follow_ups
        .sort_by(|a, b| (&a.contract, a.index).cmp(&(&b.contract, b.index)));
    report
        .overdue_applications
        .sort_by(|a, b| (&a.contract, a.index).cmp(&(&b.contract, b.index)));
    report
        .unmet_supports
        .sort_by(|a, b| (&a.contract, a.index).cmp(&(&b.contract, b.index)));
    report
        .due_soon
        .sort_by(|a, b| (&a.contract, a.list, a.index).cmp(&(&b.contract, b.list, b.index)));
    report
}

fn counts(contracts: &[&Contract]) -> Counts {
    let mut counts = Counts {
        total: contracts.len(),
        ..Counts::default()
    };
    for c in contracts {
        match c.kind() {
            Some(Kind::Strategic) => counts.by_kind.strategic += 1,
            Some(Kind::Experience) => counts.by_kind.experience += 1,
            None => {}
        }
        let s = &mut counts.by_status;
        *match c.status.value {
            Status::Draft => &mut s.draft,
            Status::Agreed => &mut s.agreed,
            Status::Active => &mut s.active,
            Status::Closed => &mut s.closed,
            Status::Cancelled => &mut s.cancelled,
        } += 1;
    }
    counts
}

fn name(person: Option<&Person>) -> String {
    person.map_or_else(String::new, |p| p.name.clone())
}

fn id_of(id: &Option<crate::model::contract::At<String>>) -> Option<&str> {
    id.as_ref().map(|id| id.value.as_str())
}

/// The person an owner names (a role resolved in the contract), by name. The role `manager`
/// is the manager on the item's due date (after a handover, the new manager answers only for
/// what falls due from then on).
pub fn owner_name(contract: &Contract, owner: &Owner, due: Option<NaiveDate>) -> String {
    let person = match (owner, due) {
        (Owner::Person(p), _) => Some(p),
        (Owner::Role(role), Some(due)) if role == "manager" => contract.manager_on(due),
        (Owner::Role(role), _) => contract.resolve_role(role),
    };
    match (person, owner) {
        (Some(p), _) => p.name.clone(),
        (None, Owner::Role(role)) => role.clone(),
        (None, Owner::Person(p)) => p.name.clone(),
    }
}

fn overdue_follow_ups(contracts: &[&Contract], as_of: NaiveDate) -> Vec<OverdueFollowUp> {
    let mut rows = Vec::new();
    for c in contracts {
        for f in c.follow_ups.iter().filter(|f| f.readable) {
            let Some(days) = days_overdue(c.status.value, f.due.as_ref(), f.done.as_ref(), as_of)
            else {
                continue;
            };
            rows.push(OverdueFollowUp {
                contract: c.id.value.clone(),
                file: c.file.clone(),
                index: f.index,
                record: record_command(&c.id.value, "follow_ups", id_of(&f.id), f.index),
                learner: name(c.learner.as_ref()),
                // The manager it fell due under, as follow-through counts it.
                manager: name(
                    f.due
                        .as_ref()
                        .map_or(c.manager.as_ref(), |d| c.manager_on(d.value)),
                ),
                owner: owner_name(c, &f.owner.value, f.due.as_ref().map(|d| d.value)),
                team: c.team.clone(),
                due: f.due.as_ref().map(|d| d.value).unwrap_or_default(),
                days_overdue: days,
            });
        }
    }
    rows
}

fn overdue_applications(contracts: &[&Contract], as_of: NaiveDate) -> Vec<OverdueApplication> {
    let mut rows = Vec::new();
    for c in contracts {
        let Some(e) = c.experience() else { continue };
        for a in e.application.iter().filter(|a| a.readable) {
            let Some(days) = days_overdue(c.status.value, a.due.as_ref(), a.done.as_ref(), as_of)
            else {
                continue;
            };
            rows.push(OverdueApplication {
                contract: c.id.value.clone(),
                file: c.file.clone(),
                index: a.index,
                record: record_command(&c.id.value, "application", id_of(&a.id), a.index),
                learner: name(c.learner.as_ref()),
                owner: owner_name(c, &a.owner.value, a.due.as_ref().map(|d| d.value)),
                team: c.team.clone(),
                text: a.text.clone().unwrap_or_default(),
                due: a.due.as_ref().map(|d| d.value).unwrap_or_default(),
                days_overdue: days,
            });
        }
    }
    rows
}

fn unmet_supports(contracts: &[&Contract], as_of: NaiveDate) -> Vec<UnmetSupport> {
    let mut rows = Vec::new();
    for c in contracts {
        for s in c.supports.iter().filter(|s| s.readable) {
            let Some(days) = s.days_unmet(c.status.value, as_of) else {
                continue;
            };
            rows.push(UnmetSupport {
                contract: c.id.value.clone(),
                file: c.file.clone(),
                index: s.index,
                // A declined support has nothing left to record: `lc provide` would refuse it
                // (the check's help says to agree another support in its place).
                record: if s.status == "declined" {
                    String::new()
                } else {
                    record_command(&c.id.value, "supports", id_of(&s.id), s.index)
                },
                learner: name(c.learner.as_ref()),
                owner: owner_name(c, &s.owner.value, s.due.as_ref().map(|d| d.value)),
                team: c.team.clone(),
                text: s.text.clone().unwrap_or_default(),
                due: s.due.as_ref().map(|d| d.value),
                status: s.status.clone(),
                days_late: days,
            });
        }
    }
    rows
}

/// Open items of live contracts due between the as-of date and `days` after it.
fn due_soon(contracts: &[&Contract], as_of: NaiveDate, days: i64) -> Vec<DueSoon> {
    let mut rows = Vec::new();
    for c in contracts.iter().filter(|c| c.status.value.is_live()) {
        for item in c.open_items() {
            let Some(due) = item.due else { continue };
            let days_left = (due - as_of).num_days();
            if !(0..=days).contains(&days_left) {
                continue;
            }
            // Whole, as every other text: only the terminal table cuts texts to fit. A
            // follow-up's text is its notes; without any, the item is named by its number.
            let text = item.text.unwrap_or_default().to_string();
            rows.push(DueSoon {
                contract: c.id.value.clone(),
                file: c.file.clone(),
                list: item.list,
                index: item.index,
                record: item.record_command(&c.id.value),
                learner: name(c.learner.as_ref()),
                owner: owner_name(c, item.owner, Some(due)),
                text,
                due,
                days_left,
            });
        }
    }
    rows
}

fn line_of_sight(contracts: &[&Contract]) -> LineOfSight {
    let mut sight = LineOfSight::default();
    for s in contracts.iter().filter_map(|c| c.strategic()) {
        for o in &s.objectives {
            sight.objectives += 1;
            let served: Vec<_> = s
                .goals
                .iter()
                .filter(|g| {
                    g.id.as_ref()
                        .is_some_and(|id| o.serves.iter().any(|r| r.value == id.value))
                })
                .collect();
            sight.serving_a_goal += usize::from(!served.is_empty());
            sight.achieved += usize::from(o.status.as_deref() == Some("achieved"));
            sight.dropped += usize::from(o.status.as_deref() == Some("dropped"));
            sight.serving_a_measured_goal += usize::from(served.iter().any(|g| g.has_metric));
        }
    }
    sight
}

/// Every objective's methods by group, plus each experience's type unless a method links it.
fn method_mix(contracts: &[&Contract]) -> MethodMix {
    let mut mix = MethodMix::default();
    for part in method_mix_parts(contracts) {
        mix.formal += part.formal;
        mix.social += part.social;
        mix.experiential += part.experiential;
        mix.other += part.other;
    }
    mix
}

/// Each contract's part of the method mix, in the order of `contracts`: a strategic contract's
/// methods, an experience contract's type unless a method of one of `contracts` links it. The
/// parts add up to the mix of all of them, which is what `--aggregate` needs: a contract's mix
/// alone would count a linked experience once in its own and once in its method's.
fn method_mix_parts(contracts: &[&Contract]) -> Vec<MethodMix> {
    let linked: HashSet<&str> = contracts
        .iter()
        .filter_map(|c| c.strategic())
        .flat_map(|s| &s.objectives)
        .flat_map(|o| &o.methods)
        .filter_map(|m| m.experience.as_ref())
        .map(|e| e.value.as_str())
        .collect();
    contracts
        .iter()
        .map(|c| {
            let mut mix = MethodMix::default();
            let mut add = |method_type: &str| match method_group(method_type) {
                Some("formal") => mix.formal += 1,
                Some("social") => mix.social += 1,
                Some("experiential") => mix.experiential += 1,
                _ => mix.other += 1,
            };
            let methods = c
                .strategic()
                .into_iter()
                .flat_map(|s| &s.objectives)
                .flat_map(|o| &o.methods);
            for t in methods.filter_map(|m| m.method_type.as_deref()) {
                add(t);
            }
            if let Some(e) = c.experience()
                && !linked.contains(c.id.value.as_str())
                && let Some(t) = &e.event_type
            {
                add(t);
            }
            mix
        })
        .collect()
}

/// One contract's part of the spend in one currency.
#[derive(Clone, Debug, Default)]
struct SpendPart {
    total: i64,
    open: i64,
    experiences: i64,
    /// Costs of methods that link an experience contract counted with no cost of its own.
    linking_methods: i64,
    /// Those experience contracts.
    costed_by_method: Vec<String>,
    not_linked_back: Vec<String>,
}

/// Experience costs plus method costs, by currency, and what is spent on experiences whose
/// application is still open.
fn spend(contracts: &[&Contract]) -> Vec<Spend> {
    let mut by_currency: BTreeMap<String, SpendPart> = BTreeMap::new();
    for parts in spend_parts(contracts) {
        for (currency, part) in parts {
            let sum = by_currency.entry(currency).or_default();
            sum.total += part.total;
            sum.open += part.open;
            sum.experiences += part.experiences;
            sum.linking_methods += part.linking_methods;
            sum.costed_by_method.extend(part.costed_by_method);
            sum.not_linked_back.extend(part.not_linked_back);
        }
    }
    by_currency
        .into_iter()
        .map(|(currency, part)| spend_row(currency, part))
        .collect()
}

fn spend_row(currency: String, part: SpendPart) -> Spend {
    Spend {
        currency,
        total: decimal(part.total),
        application_open: decimal(part.open),
        from_experiences: decimal(part.experiences),
        from_methods: decimal(part.total - part.experiences),
        from_methods_for_experiences: decimal(part.linking_methods),
        costed_by_method: part.costed_by_method,
        not_linked_back: part.not_linked_back,
        total_cents: part.total,
        open_cents: part.open,
    }
}

/// Each contract's part of the spend, in the order of `contracts`, by currency. An experience
/// contract adds its cost; a strategic contract adds the cost of each method, unless the
/// experience contract the method links is among `contracts` with a cost of its own (counted
/// there, so not twice). A method's cost counted for an experience with none (`lc new
/// experience --objective` from before the cost was carried) is still open while that
/// experience's application is.
fn spend_parts(contracts: &[&Contract]) -> Vec<BTreeMap<String, SpendPart>> {
    let experiences: BTreeMap<&str, &Contract> = contracts
        .iter()
        .filter(|c| c.experience().is_some())
        .map(|c| (c.id.value.as_str(), *c))
        .collect();
    let open =
        |e: &crate::model::contract::Experience| e.application.iter().any(|a| a.done.is_none());
    contracts
        .iter()
        .map(|c| {
            let mut parts: BTreeMap<String, SpendPart> = BTreeMap::new();
            if let Some(e) = c.experience()
                && let Some(cost) = &e.cost
            {
                let part = parts.entry(cost.currency.clone()).or_default();
                part.total += cost.cents;
                part.open += if open(e) { cost.cents } else { 0 };
                part.experiences += cost.cents;
                if !linked_back(contracts, c) {
                    part.not_linked_back.push(c.id.value.clone());
                }
            }
            let methods = c
                .strategic()
                .into_iter()
                .flat_map(|s| &s.objectives)
                .flat_map(|o| &o.methods);
            for method in methods {
                let Some(cost) = &method.cost else { continue };
                let linked = method
                    .experience
                    .as_ref()
                    .and_then(|id| experiences.get(id.value.as_str()));
                let linked_event = linked.and_then(|l| l.experience().map(|e| (l, e)));
                if linked_event.is_some_and(|(_, e)| e.cost.is_some()) {
                    continue;
                }
                let part = parts.entry(cost.currency.clone()).or_default();
                part.total += cost.cents;
                if let Some((l, e)) = linked_event {
                    part.open += if open(e) { cost.cents } else { 0 };
                    part.linking_methods += cost.cents;
                    part.costed_by_method.push(l.id.value.clone());
                }
            }
            parts
        })
        .collect()
}

/// One contract's part of the figures that depend on other contracts (the method mix and the
/// spend), in the context of all the contracts reviewed: what `--aggregate` sums per team.
#[derive(Clone, Debug, Default)]
pub struct Part {
    pub method_mix: MethodMix,
    pub spend: Vec<Spend>,
}

/// The part of each contract of `contracts` (in their order) in the method mix and the spend of
/// their review: summed, they are the review's figures. Contracts whose agreement does not
/// stand have none, as in the review.
pub fn parts(contracts: &[&Contract]) -> Vec<Part> {
    let standing = standing(contracts);
    let mut mixes = method_mix_parts(&standing).into_iter();
    let mut spends = spend_parts(&standing).into_iter();
    let mut at = standing.iter().peekable();
    contracts
        .iter()
        .map(|c| {
            if at.peek().is_some_and(|s| std::ptr::eq(**s, *c)) {
                at.next();
                Part {
                    method_mix: mixes.next().unwrap_or_default(),
                    spend: spends
                        .next()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|(currency, part)| spend_row(currency, part))
                        .collect(),
                }
            } else {
                Part::default()
            }
        })
        .collect()
}

/// Whether an experience contract that names a strategic contract among `contracts` is linked
/// back from one of its methods (one that names none, or one not among them, counts as linked).
fn linked_back(contracts: &[&Contract], experience: &Contract) -> bool {
    let Some(target) = experience.experience().and_then(|e| e.strategic.as_ref()) else {
        return true;
    };
    let Some(strategic) = contracts
        .iter()
        .find(|c| c.id.value == target.value)
        .and_then(|c| c.strategic())
    else {
        return true;
    };
    strategic
        .objectives
        .iter()
        .flat_map(|o| &o.methods)
        .any(|m| {
            m.experience
                .as_ref()
                .is_some_and(|e| e.value == experience.id.value)
        })
}

pub use crate::model::scalar::decimal;

/// Supports by resolved owner role and phase: provided, still needed, and unmet.
fn transfer_matrix(contracts: &[&Contract], as_of: NaiveDate) -> Vec<TransferCell> {
    let mut cells: BTreeMap<(usize, usize), [usize; 3]> = BTreeMap::new();
    for c in contracts {
        for s in c.supports.iter().filter(|s| s.readable) {
            let role = match &s.owner.value {
                Owner::Role(role)
                    if role == "learner"
                        || role == "manager"
                        || PARTNER_ROLES.contains(&role.as_str()) =>
                {
                    role.as_str()
                }
                _ => "other",
            };
            let owner = TRANSFER_OWNERS
                .iter()
                .position(|o| *o == role)
                .unwrap_or(TRANSFER_OWNERS.len() - 1);
            let phase = TRANSFER_PHASES
                .iter()
                .position(|p| Some(*p) == s.phase.as_deref())
                .unwrap_or(3);
            let cell = cells.entry((owner, phase)).or_default();
            if s.days_unmet(c.status.value, as_of).is_some() {
                cell[2] += 1;
            } else if s.status == "provided" {
                cell[0] += 1;
            } else if s.status == "needed" {
                cell[1] += 1;
            }
        }
    }
    cells
        .into_iter()
        .filter(|(_, counts)| counts.iter().any(|n| *n > 0))
        .map(|((owner, phase), [provided, needed, unmet])| TransferCell {
            owner: TRANSFER_OWNERS[owner].to_string(),
            phase: TRANSFER_PHASES[phase].to_string(),
            provided,
            needed,
            unmet,
        })
        .collect()
}

/// Open items of a contract: follow-ups and actions not done, supports still needed.
pub fn open_items(c: &Contract) -> usize {
    c.open_items().count()
}

impl Figures {
    /// The figures of a quarter's review (`lc report --quarter`).
    pub fn of(report: &Report) -> Figures {
        let s = &report.contracts.by_status;
        let during = report
            .during_the_quarter
            .as_ref()
            .map_or(&[][..], |d| &d.follow_through[..]);
        let sum = |get: fn(&FollowThrough) -> usize| during.iter().map(get).sum::<usize>();
        let (due, on_time) = (sum(|f| f.due), sum(|f| f.on_time));
        let m = &report.method_mix;
        Figures {
            contracts: report.contracts.total,
            draft: s.draft,
            agreed: s.agreed,
            active: s.active,
            closed: s.closed,
            cancelled: s.cancelled,
            overdue_follow_ups: report.overdue_follow_ups.len(),
            overdue_applications: report.overdue_applications.len(),
            unmet_supports: report.unmet_supports.len(),
            follow_ups_due: due,
            follow_ups_on_time: on_time,
            follow_ups_late: sum(|f| f.late),
            follow_ups_not_done: sum(|f| f.not_done),
            follow_through_rate: (due > 0)
                .then(|| (on_time as f64 / due as f64 * 100.0).round() / 100.0),
            objectives: report.line_of_sight.objectives,
            objectives_serving_a_measured_goal: report.line_of_sight.serving_a_measured_goal,
            objectives_achieved: report.line_of_sight.achieved,
            objectives_dropped: report.line_of_sight.dropped,
            methods_experiential: m.experiential,
            methods_social: m.social,
            methods_formal: m.formal,
            methods_other: m.other,
        }
    }
}
