//! Learning after training (the transfer curve): of the experiences that stood long enough,
//! how many were applied on the job right after them and at 90, 180 and 365 days, from the
//! application actions and the managers' check-in answers (`applied`), beside the trainers'
//! estimates of Saks & Belcourt (2006).
//!
//! Each experience contract gets one [`Answer`] per horizon ([`answers`]); the review's figures,
//! the aggregate's and the trend's are counts of those answers.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::contract::{Applied, Contract, FollowUp, Status};
use crate::model::scalar::decimal;

/// Days after the experience's end (its start when it has none) at which the curve is read.
pub const HORIZONS: [i64; 4] = [0, 90, 180, 365];

/// The share of training applied on the job that training professionals of 150 organisations
/// estimated (Saks & Belcourt 2006): 62 % right after, 44 % after six months, 34 % after a
/// year; none at 90 days. Trainers' estimates, not measured behaviour.
pub const REFERENCE: [Option<f64>; 4] = [Some(0.62), None, Some(0.44), Some(0.34)];

/// Where the reference figures come from, for every format.
pub const REFERENCE_SOURCE: &str = "what training professionals of 150 organisations estimated (Saks & Belcourt 2006); not a benchmark of measured behaviour";

/// At 0 days: applied when an application action was done within this many days of the end.
pub const ACTIONS_WITHIN: i64 = 30;
/// After: a check-in counts for a horizon when done from this many days before its day…
pub const ASKED_BEFORE: i64 = 45;
/// …to this many days after it.
pub const ASKED_AFTER: i64 = 30;

/// The horizon whose not-asked experiences the spend counts from.
const SPEND_FROM: usize = 2;

/// What one experience says at one horizon.
#[derive(Clone, Copy, Debug)]
pub enum Answer<'a> {
    /// Not eligible yet: the horizon's day (at 0, the end plus 30 days) is after the as-of date.
    NotYet,
    /// At 0 days: whether an application action was done within 30 days of the end.
    Actions { applied: bool },
    /// After: the answer of the check-in done last within the horizon's window.
    CheckIn {
        follow_up: &'a FollowUp,
        applied: Applied,
    },
    /// Eligible, and no check-in with an answer was done within the window.
    NotAsked,
}

impl<'a> Answer<'a> {
    pub fn eligible(&self) -> bool {
        !matches!(self, Answer::NotYet)
    }

    /// `Some(true)` applied, `Some(false)` not applied, `None` not asked (or not yet).
    pub fn applied(&self) -> Option<bool> {
        match self {
            Answer::Actions { applied } => Some(*applied),
            Answer::CheckIn { applied, .. } => Some(applied.is_applied()),
            Answer::NotYet | Answer::NotAsked => None,
        }
    }

    fn check_in(&self) -> Option<(&'a FollowUp, Applied)> {
        match *self {
            Answer::CheckIn { follow_up, applied } => Some((follow_up, applied)),
            _ => None,
        }
    }
}

/// An experience contract's answers at each of the `HORIZONS`, as of `as_of`; `None` for a
/// contract the curve does not count: not an experience, a draft or cancelled, or without a
/// readable start. The contract is taken as it stood on `as_of` (later facts set aside).
pub fn answers(c: &Contract, as_of: NaiveDate) -> Option<[Answer<'_>; 4]> {
    let e = c.experience()?;
    if matches!(c.status.value, Status::Draft | Status::Cancelled) {
        return None;
    }
    let end = e.end_or_start()?;
    let day = |days: i64| end.checked_add_signed(chrono::Duration::try_days(days)?);
    Some(HORIZONS.map(|h| {
        let due = if h == 0 { day(ACTIONS_WITHIN) } else { day(h) };
        if due.is_none_or(|due| due > as_of) {
            return Answer::NotYet;
        }
        if h == 0 {
            let last = day(ACTIONS_WITHIN).unwrap_or(NaiveDate::MAX);
            let applied = e
                .application
                .iter()
                .any(|a| a.done.as_ref().is_some_and(|d| d.value <= last));
            return Answer::Actions { applied };
        }
        let (Some(from), Some(to)) = (day(h - ASKED_BEFORE), day(h + ASKED_AFTER)) else {
            return Answer::NotAsked;
        };
        // The latest answer in the window; of two on one day, the later in the list.
        c.follow_ups
            .iter()
            .filter(|f| f.readable)
            .filter_map(|f| Some((f, f.done.as_ref()?.value, f.applied?)))
            .filter(|(_, done, _)| (from..=to).contains(done))
            .max_by_key(|(f, done, _)| (*done, f.index))
            .map_or(Answer::NotAsked, |(follow_up, _, applied)| {
                Answer::CheckIn { follow_up, applied }
            })
    }))
}

/// The answer at the longest horizon after the experience at which it was asked.
pub fn latest_answer<'a>(answers: &[Answer<'a>; 4]) -> Option<(usize, &'a FollowUp, Applied)> {
    (1..HORIZONS.len())
        .rev()
        .find_map(|i| answers[i].check_in().map(|(f, a)| (i, f, a)))
}

/// Whether an experience was eligible at 180 days and no check-in answered at 180 days or
/// after: what the spend's `not_asked_after_180` counts.
pub fn not_asked_after_180(answers: &[Answer<'_>; 4]) -> bool {
    answers[SPEND_FROM].eligible()
        && answers[SPEND_FROM..]
            .iter()
            .all(|a| matches!(a, Answer::NotYet | Answer::NotAsked))
}

/// One horizon of the curve.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Horizon {
    pub days: i64,
    pub eligible: usize,
    pub applied: usize,
    pub not_applied: usize,
    pub not_asked: usize,
    /// Applied ÷ (applied + not applied), two decimals; `None` when none was asked.
    pub share: Option<f64>,
    /// The trainers' estimate for this horizon (`REFERENCE`).
    pub reference: Option<f64>,
}

impl Horizon {
    fn empty(i: usize) -> Horizon {
        Horizon {
            days: HORIZONS[i],
            reference: REFERENCE[i],
            ..Horizon::default()
        }
    }

    fn add(&mut self, answer: &Answer<'_>) {
        if !answer.eligible() {
            return;
        }
        self.eligible += 1;
        match answer.applied() {
            Some(true) => self.applied += 1,
            Some(false) => self.not_applied += 1,
            None => self.not_asked += 1,
        }
        self.share = share(self.applied, self.not_applied);
    }
}

/// `applied` of those asked, two decimals, as the follow-through rate is; `None` of nobody.
pub fn share(applied: usize, not_applied: usize) -> Option<f64> {
    let asked = applied + not_applied;
    (asked > 0).then(|| (applied as f64 / asked as f64 * 100.0).round() / 100.0)
}

fn curve<'a, 'c>(answers: impl IntoIterator<Item = &'a [Answer<'c>; 4]>) -> Vec<Horizon>
where
    'c: 'a,
{
    let mut horizons: Vec<Horizon> = (0..HORIZONS.len()).map(Horizon::empty).collect();
    for one in answers {
        for (h, answer) in horizons.iter_mut().zip(one) {
            h.add(answer);
        }
    }
    horizons
}

#[derive(Clone, Debug, Serialize)]
pub struct ByType {
    #[serde(rename = "type")]
    pub event_type: String,
    pub horizons: Vec<Horizon>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ByProvider {
    /// `None` for the experiences that name no provider.
    pub provider: Option<String>,
    pub horizons: Vec<Horizon>,
}

/// An experience whose latest answer was `fully` (success) or `none` (non-success), to ask
/// the learner and the manager why (after Brinkerhoff's success case method).
#[derive(Clone, Debug, Serialize)]
pub struct Case {
    pub contract: String,
    pub file: String,
    pub learner: String,
    /// The manager on the day of the answer.
    pub manager: String,
    pub team: Option<String>,
    pub title: String,
    /// The horizon of the answer, in days after the experience.
    pub days: i64,
    /// The check-in that gave it: its 0-based index in `follow_ups`, and the day it was done.
    pub index: usize,
    pub asked_on: NaiveDate,
    pub applied: &'static str,
    pub evidence: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Cases {
    pub success: Vec<Case>,
    pub non_success: Vec<Case>,
}

/// What was spent on experiences the curve cannot count as used, by currency.
#[derive(Clone, Debug, Serialize)]
pub struct TransferSpend {
    pub currency: String,
    /// The cost of the experiences whose latest answer is `none`.
    pub latest_answer_none: String,
    /// The cost of those eligible at 180 days that no check-in answered at 180 days or after.
    pub not_asked_after_180: String,
    #[serde(skip)]
    pub none_cents: i64,
    #[serde(skip)]
    pub not_asked_cents: i64,
}

/// The section "Learning after training" of the review.
#[derive(Clone, Debug, Default, Serialize)]
pub struct TransferCurve {
    pub horizons: Vec<Horizon>,
    pub by_type: Vec<ByType>,
    pub by_provider: Vec<ByProvider>,
    pub cases: Cases,
    pub spend: Vec<TransferSpend>,
}

impl TransferCurve {
    /// Whether any experience is counted at all (eligible at 0 days).
    pub fn is_empty(&self) -> bool {
        self.horizons.first().is_none_or(|h| h.eligible == 0)
    }
}

/// Groups texts ignoring case and surrounding space, each named as first written.
fn group_key(text: &str) -> String {
    text.trim().to_lowercase()
}

/// The curve of `contracts` (already filtered and as they stood on `as_of`).
pub fn transfer_curve(contracts: &[&Contract], as_of: NaiveDate) -> TransferCurve {
    let counted: Vec<(&Contract, [Answer<'_>; 4])> = contracts
        .iter()
        .filter_map(|c| Some((*c, answers(c, as_of)?)))
        .filter(|(_, a)| a[0].eligible())
        .collect();
    let mut types: BTreeMap<String, Vec<&[Answer<'_>; 4]>> = BTreeMap::new();
    let mut providers: BTreeMap<Option<String>, (String, Vec<&[Answer<'_>; 4]>)> = BTreeMap::new();
    for (c, a) in &counted {
        let e = c.experience().expect("answers are of experiences");
        let event_type = e.event_type.clone().unwrap_or_else(|| "(no type)".into());
        types.entry(event_type).or_default().push(a);
        let key = e.provider.as_deref().map(group_key);
        let name = e.provider.as_deref().map_or("", str::trim).to_string();
        providers.entry(key).or_insert((name, Vec::new())).1.push(a);
    }
    let mut by_provider: Vec<ByProvider> = providers
        .into_iter()
        .map(|(key, (name, answers))| ByProvider {
            provider: key.map(|_| name),
            horizons: curve(answers),
        })
        .collect();
    // The experiences that name no provider come last.
    by_provider.sort_by_key(|p| p.provider.is_none());
    TransferCurve {
        horizons: curve(counted.iter().map(|(_, a)| a)),
        by_type: types
            .into_iter()
            .map(|(event_type, answers)| ByType {
                event_type,
                horizons: curve(answers),
            })
            .collect(),
        by_provider,
        cases: cases(&counted),
        spend: spend(&counted),
    }
}

fn cases(counted: &[(&Contract, [Answer<'_>; 4])]) -> Cases {
    let mut cases = Cases::default();
    for (c, a) in counted {
        let Some((i, f, applied)) = latest_answer(a) else {
            continue;
        };
        let list = match applied {
            Applied::Fully => &mut cases.success,
            Applied::None => &mut cases.non_success,
            Applied::Partly => continue,
        };
        let asked_on = f.done.as_ref().map(|d| d.value).unwrap_or_default();
        let name = |p: Option<&crate::model::scalar::Person>| {
            p.map_or_else(String::new, |p| p.name.clone())
        };
        list.push(Case {
            contract: c.id.value.clone(),
            file: c.file.clone(),
            learner: name(c.learner.as_ref()),
            manager: name(c.manager_on(asked_on)),
            team: c.team.clone(),
            title: c
                .experience()
                .and_then(|e| e.title.clone())
                .unwrap_or_default(),
            days: HORIZONS[i],
            index: f.index,
            asked_on,
            applied: applied.as_str(),
            evidence: f.evidence.clone(),
        });
    }
    cases.success.sort_by(|a, b| a.contract.cmp(&b.contract));
    cases
        .non_success
        .sort_by(|a, b| a.contract.cmp(&b.contract));
    cases
}

/// Per currency of the counted experiences' costs: what went to experiences answered `none`,
/// and to those not asked after 180 days.
fn spend(counted: &[(&Contract, [Answer<'_>; 4])]) -> Vec<TransferSpend> {
    let mut by_currency: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for (c, a) in counted {
        let Some(cost) = c.experience().and_then(|e| e.cost.as_ref()) else {
            continue;
        };
        let entry = by_currency.entry(cost.currency.clone()).or_default();
        if latest_answer(a).is_some_and(|(_, _, applied)| applied == Applied::None) {
            entry.0 += cost.cents;
        }
        if not_asked_after_180(a) {
            entry.1 += cost.cents;
        }
    }
    by_currency
        .into_iter()
        .map(|(currency, (none, not_asked))| TransferSpend {
            currency,
            latest_answer_none: decimal(none),
            not_asked_after_180: decimal(not_asked),
            none_cents: none,
            not_asked_cents: not_asked,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_of_those_asked() {
        assert_eq!(share(2, 1), Some(0.67));
        assert_eq!(share(0, 3), Some(0.0));
        assert_eq!(share(0, 0), None);
    }

    #[test]
    fn horizons_and_windows_do_not_overlap() {
        for pair in HORIZONS[1..].windows(2) {
            assert!(pair[0] + ASKED_AFTER < pair[1] - ASKED_BEFORE, "{pair:?}");
        }
        assert_eq!(REFERENCE.len(), HORIZONS.len());
    }
}
