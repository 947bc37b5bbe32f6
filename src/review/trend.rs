//! Quarter over quarter: a quarter's headline figures, taken from its review (so that `lc trend`
//! and `lc report --quarter` cannot disagree), and their change against the quarter before.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

use super::figures::Figures;
use super::follow_through::FollowThrough;
use super::report::{Report, decimal};
use super::transfer::Horizon;

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

/// A quarter's transfer curve at one horizon, and the change of its share since the quarter
/// before (in rate points, two decimals; `None` without a share on either side).
#[derive(Clone, Debug, Serialize)]
pub struct TrendHorizon {
    #[serde(flatten)]
    pub horizon: Horizon,
    pub share_change: Option<f64>,
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
    /// Learning after training: the share applied of those asked at each horizon.
    pub transfer_curve: Vec<TrendHorizon>,
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
        let transfer_curve = report
            .transfer_curve
            .horizons
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let then = before.and_then(|b| b.transfer_curve.get(i)?.horizon.share);
                TrendHorizon {
                    horizon: *h,
                    share_change: h
                        .share
                        .zip(then)
                        .map(|(now, then)| ((now - then) * 100.0).round() / 100.0),
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
            transfer_curve,
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
