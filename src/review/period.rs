//! Which contracts a review is of: those of the period it looks at (`--period`). By default,
//! the contracts whose period covers the as-of date; next period's drafts and last period's
//! finished contracts are set apart, and counted, rather than added to this period's figures.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::contract::{Contract, Status};

/// The period a review counts (`lc report --period`, `lc trend --period`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Period {
    /// The contracts whose period covers the as-of date, and those of an earlier period still
    /// agreed or active (their items are still owed).
    #[default]
    Current,
    /// The contracts whose period overlaps this calendar year.
    Year(i32),
    /// Every contract, whatever its period.
    All,
}

impl Period {
    /// `current`, `all`, or a year (`2027`).
    pub fn parse(text: &str) -> Result<Period, String> {
        match text.trim() {
            "current" => Ok(Period::Current),
            "all" => Ok(Period::All),
            year => match year.parse::<i32>() {
                Ok(y) if (1000..=9999).contains(&y) && year.len() == 4 => Ok(Period::Year(y)),
                _ => Err(format!(
                    "`{text}` is no period: write `current`, `all`, or a year such as `2027`"
                )),
            },
        }
    }
}

/// How many contracts a review set apart as being of another period than its own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OtherPeriods {
    /// Of a period that ended before the as-of date (or, with a year, before that year).
    pub earlier: usize,
    /// Of a period that starts after it: next period's drafts.
    pub later: usize,
    /// The year of the nearest earlier and later period set apart, for the command that
    /// reviews them (`--period 2027`).
    #[serde(skip)]
    pub earlier_year: Option<i32>,
    #[serde(skip)]
    pub later_year: Option<i32>,
}

impl OtherPeriods {
    pub fn total(&self) -> usize {
        self.earlier + self.later
    }
}

/// Each strategic contract's period, by id, so that an experience contract takes the period of
/// the strategic contract it serves (whatever the filters keep).
pub fn periods<'a>(
    contracts: impl IntoIterator<Item = &'a Contract>,
) -> HashMap<String, (NaiveDate, NaiveDate)> {
    contracts
        .into_iter()
        .filter_map(|c| Some((c.id.value.clone(), c.own_period()?)))
        .collect()
}

/// Where a contract's period lies against the review's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    In,
    Earlier(i32),
    Later(i32),
}

/// The contracts of a review of one period, and those of an earlier period it set apart.
pub struct Scoped<'a> {
    pub kept: Vec<Cow<'a, Contract>>,
    /// With `current`, the earlier period's finished contracts: not in the figures, but what
    /// happened to them during a quarter (the last follow-up, the closing in January) is
    /// still what happened in that quarter.
    pub earlier: Vec<Cow<'a, Contract>>,
    pub other: OtherPeriods,
}

/// Keeps the contracts (as they stood on `as_of`) of the review of `period`, and counts those
/// set apart. A contract whose period cannot be read is kept.
pub fn scope<'a>(
    contracts: Vec<Cow<'a, Contract>>,
    periods: &HashMap<String, (NaiveDate, NaiveDate)>,
    period: Period,
    as_of: NaiveDate,
) -> Scoped<'a> {
    use chrono::Datelike;
    let mut scoped = Scoped {
        kept: Vec::new(),
        earlier: Vec::new(),
        other: OtherPeriods::default(),
    };
    for c in contracts {
        let Some((start, end)) = c.period(|id| periods.get(id).copied()) else {
            scoped.kept.push(c);
            continue;
        };
        let owed = matches!(c.status.value, Status::Agreed | Status::Active);
        let place = match period {
            Period::All => Place::In,
            Period::Current if start > as_of => Place::Later(start.year()),
            Period::Current if end < as_of && !owed => Place::Earlier(end.year()),
            Period::Current => Place::In,
            Period::Year(y) if start.year() > y => Place::Later(start.year()),
            Period::Year(y) if end.year() < y => Place::Earlier(end.year()),
            Period::Year(_) => Place::In,
        };
        let other = &mut scoped.other;
        match place {
            Place::In => scoped.kept.push(c),
            Place::Earlier(year) => {
                other.earlier += 1;
                other.earlier_year = other.earlier_year.max(Some(year));
                if period == Period::Current {
                    scoped.earlier.push(c);
                }
            }
            Place::Later(year) => {
                other.later += 1;
                other.later_year = Some(other.later_year.map_or(year, |y| y.min(year)));
            }
        }
    }
    scoped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_current_all_or_a_year() {
        assert_eq!(Period::parse("current"), Ok(Period::Current));
        assert_eq!(Period::parse("all"), Ok(Period::All));
        assert_eq!(Period::parse("2027"), Ok(Period::Year(2027)));
        assert!(Period::parse("27").is_err());
        assert!(
            Period::parse("2026Q3")
                .unwrap_err()
                .contains("`current`, `all`")
        );
    }
}
