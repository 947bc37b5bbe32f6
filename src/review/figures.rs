//! A review's headline figures, and their change against the quarter before (`lc report
//! --quarter`, `lc trend`).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

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
    /// Objectives achieved (by the as-of date) and dropped.
    pub objectives_achieved: usize,
    pub objectives_dropped: usize,
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
    objectives_achieved: "achieved",
    objectives_dropped: "dropped",
    methods_experiential: "methods: experiential",
    methods_social: "methods: social",
    methods_formal: "methods: formal",
    methods_other: "methods: other",
];

const RATE: Figure = Figure {
    key: "follow_through_rate",
    label: "follow-through in the quarter",
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

/// The change of a quarterly review against the quarter before (`lc report --quarter`).
#[derive(Debug, Serialize)]
pub struct QuarterChange {
    pub against: String,
    pub figures: Figures,
    pub change: BTreeMap<&'static str, Value>,
}
