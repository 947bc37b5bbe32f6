//! Quarter over quarter: a quarter's headline figures, taken from its review (so that `lc trend`
//! and `lc report --quarter` cannot disagree), and their change against the quarter before.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

use super::{FollowThrough, Report, decimal};

/// The headline figures of one quarter's review.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Figures {
    pub contracts: usize,
    pub draft: usize,
    pub agreed: usize,
    pub active: usize,
    pub closed: usize,
    pub cancelled: usize,
    pub overdue_follow_ups: usize,
    pub overdue_applications: usize,
    pub unmet_supports: usize,
    /// Follow-ups due within the quarter (of contracts whose agreement stands), and how many
    /// were done on time, late, or not done by its end.
    pub follow_ups_due: usize,
    pub follow_ups_on_time: usize,
    pub follow_ups_late: usize,
    pub follow_ups_not_done: usize,
    /// On time ÷ due, two decimals; `None` when none was due.
    pub follow_through_rate: Option<f64>,
    pub objectives: usize,
    pub objectives_serving_a_measured_goal: usize,
    pub methods_experiential: usize,
    pub methods_social: usize,
    pub methods_formal: usize,
    pub methods_other: usize,
}

/// One headline figure: its JSON key, its label, and how to read it.
pub struct Figure {
    pub key: &'static str,
    pub label: &'static str,
    pub get: fn(&Figures) -> Option<f64>,
    /// A rate (0-1) rather than a count.
    pub rate: bool,
}

macro_rules! figures {
    ($($key:ident: $label:literal),* $(,)?) => {
        &[$(Figure {
            key: stringify!($key),
            label: $label,
            get: |f| Some(f.$key as f64),
            rate: false,
        }),*]
    };
}

const COUNTS: &[Figure] = figures![
    contracts: "contracts",
    draft: "draft",
    agreed: "agreed",
    active: "active",
    closed: "closed",
    cancelled: "cancelled",
    overdue_follow_ups: "overdue follow-ups",
    overdue_applications: "learning not yet applied",
    unmet_supports: "unmet supports",
    follow_ups_due: "follow-ups due in the quarter",
    follow_ups_on_time: "done on time",
    follow_ups_late: "done late",
    follow_ups_not_done: "not done",
];

const LATER: &[Figure] = figures![
    objectives: "objectives",
    objectives_serving_a_measured_goal: "serving a measured goal",
    methods_experiential: "methods: experiential",
    methods_social: "methods: social",
    methods_formal: "methods: formal",
    methods_other: "methods: other",
];

const RATE: Figure = Figure {
    key: "follow_through_rate",
    label: "follow-through rate",
    get: |f| f.follow_through_rate,
    rate: true,
};

/// Every headline figure, in the order the formats show them.
pub fn figures() -> impl Iterator<Item = &'static Figure> {
    COUNTS.iter().chain(std::iter::once(&RATE)).chain(LATER)
}

/// The figures a quarterly review's summary shows its change beside.
pub const HEADLINE: [&str; 5] = [
    "contracts",
    "overdue_follow_ups",
    "overdue_applications",
    "unmet_supports",
    "follow_through_rate",
];

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
            methods_experiential: m.experiential,
            methods_social: m.social,
            methods_formal: m.formal,
            methods_other: m.other,
        }
    }

    /// Each figure's change since `before`: whole numbers for counts, two decimals for rates;
    /// a rate with no value on either side has no change.
    pub fn change(&self, before: &Figures) -> BTreeMap<&'static str, Value> {
        figures()
            .filter_map(|f| {
                let delta = (f.get)(self)? - (f.get)(before)?;
                let value = if f.rate {
                    Value::from((delta * 100.0).round() / 100.0)
                } else {
                    Value::from(delta as i64)
                };
                Some((f.key, value))
            })
            .collect()
    }
}

/// `+3`, `−2`, `0`; rates as percentage points: `+5 pp`.
pub fn signed(change: &Value, rate: bool) -> String {
    let n = change.as_f64().unwrap_or(0.0);
    let (n, unit) = if rate {
        ((n * 100.0).round(), " pp")
    } else {
        (n, "")
    };
    if n > 0.0 {
        format!("+{n}{unit}")
    } else if n < 0.0 {
        format!("−{}{unit}", -n)
    } else {
        format!("0{unit}")
    }
}

/// A figure's value as shown: a count, or a rate as a percentage (`–` when none was due).
pub fn shown(figure: &Figure, figures: &Figures) -> String {
    match (figure.get)(figures) {
        Some(v) if figure.rate => format!("{:.0} %", v * 100.0),
        Some(v) => format!("{v}"),
        None => "–".into(),
    }
}

/// Cents as a decimal with two places, negative ones too: `-1.50`.
fn signed_decimal(cents: i64) -> String {
    if cents < 0 {
        format!("-{}", decimal(cents.saturating_neg()))
    } else {
        decimal(cents)
    }
}

/// A quarter's spend in one currency, and its change.
#[derive(Clone, Debug, Serialize)]
pub struct SpendFigure {
    pub currency: String,
    pub total: String,
    pub application_open: String,
    pub total_change: Option<String>,
    pub application_open_change: Option<String>,
    #[serde(skip)]
    pub total_cents: i64,
    #[serde(skip)]
    pub open_cents: i64,
}

/// One quarter of `lc trend`.
#[derive(Clone, Debug, Serialize)]
pub struct TrendQuarter {
    pub quarter: String,
    pub as_of: NaiveDate,
    pub revision: Option<String>,
    #[serde(flatten)]
    pub figures: Figures,
    pub follow_through_by_manager: Vec<FollowThrough>,
    pub spend: Vec<SpendFigure>,
    pub later_facts_set_aside: usize,
    pub skipped_files: usize,
    /// Against the quarter before; `None` when the history does not hold it.
    pub change: Option<BTreeMap<&'static str, Value>>,
}

impl TrendQuarter {
    /// The quarter of a review made with `--quarter`, changes against `before` when known.
    pub fn of(report: &Report, before: Option<&TrendQuarter>) -> TrendQuarter {
        let figures = Figures::of(report);
        let change = before.map(|b| figures.change(&b.figures));
        let spend = report
            .spend
            .iter()
            .map(|s| {
                let old = before.and_then(|b| b.spend.iter().find(|o| o.currency == s.currency));
                let delta = |now: i64, then: fn(&SpendFigure) -> i64| {
                    before.map(|_| signed_decimal(now - old.map_or(0, then)))
                };
                SpendFigure {
                    currency: s.currency.clone(),
                    total: s.total.clone(),
                    application_open: s.application_open.clone(),
                    total_change: delta(s.total_cents, |o| o.total_cents),
                    application_open_change: delta(s.open_cents, |o| o.open_cents),
                    total_cents: s.total_cents,
                    open_cents: s.open_cents,
                }
            })
            .collect();
        let during = report.during_the_quarter.as_ref();
        TrendQuarter {
            quarter: during.map_or_else(String::new, |d| d.quarter.clone()),
            as_of: during.map_or_else(NaiveDate::default, |d| d.to),
            revision: report.revision.clone(),
            figures,
            follow_through_by_manager: during.map_or_else(Vec::new, |d| d.follow_through.clone()),
            spend,
            later_facts_set_aside: report.later_facts_set_aside,
            skipped_files: report.skipped_files,
            change,
        }
    }
}

/// `lc trend`: the quarters, oldest first.
#[derive(Debug, Serialize)]
pub struct Trend {
    pub version: u32,
    pub quarters: Vec<TrendQuarter>,
    /// Where the trend was made from, for the table and the page (not in JSON).
    #[serde(skip)]
    pub repo: String,
}

/// The change of a quarterly review against the quarter before (`lc report --quarter`).
#[derive(Debug, Serialize)]
pub struct QuarterChange {
    pub against: String,
    pub figures: Figures,
    pub change: BTreeMap<&'static str, Value>,
}
