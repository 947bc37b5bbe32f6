//! Quarters (`2026Q3`), and what happened during one: follow-ups done, supports provided,
//! contracts agreed and closed.

use std::collections::HashSet;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::contract::{Contract, Status};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quarter {
    pub year: i32,
    pub number: u32,
}

impl Quarter {
    /// Parses `YYYYQn` (also `YYYY-Qn`, any case).
    pub fn parse(text: &str) -> Result<Quarter, String> {
        let upper = text.trim().to_uppercase().replace('-', "");
        let parsed = upper.split_once('Q').and_then(|(year, number)| {
            let year: i32 = year.parse().ok().filter(|y| (1900..=9999).contains(y))?;
            let number: u32 = number.parse().ok().filter(|n| (1..=4).contains(n))?;
            Some(Quarter { year, number })
        });
        parsed.ok_or_else(|| format!("`{text}` is not a quarter: write it as YYYYQn, e.g. 2026Q3"))
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, 3 * self.number - 2, 1).unwrap_or_default()
    }

    pub fn last_day(self) -> NaiveDate {
        let next_first = if self.number == 4 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, 3 * self.number + 1, 1)
        };
        next_first.and_then(|d| d.pred_opt()).unwrap_or_default()
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        (self.first_day()..=self.last_day()).contains(&date)
    }
}

impl Quarter {
    /// The quarter a day falls in.
    pub fn of(day: NaiveDate) -> Quarter {
        Quarter {
            year: day.year(),
            number: day.month0() / 3 + 1,
        }
    }

    /// The quarter before this one.
    pub fn previous(self) -> Quarter {
        if self.number == 1 {
            Quarter {
                year: self.year - 1,
                number: 4,
            }
        } else {
            Quarter {
                year: self.year,
                number: self.number - 1,
            }
        }
    }

    /// The quarter after this one.
    pub fn next(self) -> Quarter {
        if self.number == 4 {
            Quarter {
                year: self.year + 1,
                number: 1,
            }
        } else {
            Quarter {
                year: self.year,
                number: self.number + 1,
            }
        }
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}Q{}", self.year, self.number)
    }
}

#[derive(Debug, Serialize)]
pub struct DuringQuarter {
    pub quarter: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub follow_ups_done: Vec<FollowUpDone>,
    pub supports_provided: Vec<SupportProvided>,
    pub contracts_agreed: Vec<ContractEvent>,
    pub contracts_closed: Vec<ContractEvent>,
    /// Per manager, the follow-ups due within the quarter (its last day included), of contracts
    /// whose agreement stands: done on time, late, or not done by the quarter's end.
    pub follow_through: Vec<super::FollowThrough>,
}

#[derive(Debug, Serialize)]
pub struct FollowUpDone {
    pub contract: String,
    pub file: String,
    pub index: usize,
    pub learner: String,
    pub due: Option<NaiveDate>,
    pub done: NaiveDate,
}

#[derive(Debug, Serialize)]
pub struct SupportProvided {
    pub contract: String,
    pub file: String,
    pub index: usize,
    pub learner: String,
    pub text: String,
    pub provided_on: NaiveDate,
}

#[derive(Debug, Serialize)]
pub struct ContractEvent {
    pub contract: String,
    pub file: String,
    pub learner: String,
    /// When both had agreed (the later of the two dates); `None` for a closing, whose day
    /// is not recorded in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on: Option<NaiveDate>,
}

/// What happened in `quarter`; `closed_before` holds the ids of contracts already closed when
/// it began (read from the last commit before it).
pub fn during(
    quarter: Quarter,
    contracts: &[&Contract],
    closed_before: &HashSet<String>,
) -> DuringQuarter {
    let learner = |c: &Contract| {
        c.learner
            .as_ref()
            .map_or_else(String::new, |p| p.name.clone())
    };
    let mut section = DuringQuarter {
        quarter: quarter.to_string(),
        from: quarter.first_day(),
        to: quarter.last_day(),
        follow_ups_done: Vec::new(),
        supports_provided: Vec::new(),
        contracts_agreed: Vec::new(),
        contracts_closed: Vec::new(),
        follow_through: super::follow_through(&super::standing(contracts), |due| {
            quarter.contains(due)
        }),
    };
    for c in contracts {
        for f in &c.follow_ups {
            if let Some(done) = f
                .done
                .as_ref()
                .map(|d| d.value)
                .filter(|d| quarter.contains(*d))
            {
                section.follow_ups_done.push(FollowUpDone {
                    contract: c.id.value.clone(),
                    file: c.file.clone(),
                    index: f.index,
                    learner: learner(c),
                    due: f.due.as_ref().map(|d| d.value),
                    done,
                });
            }
        }
        for s in &c.supports {
            if let Some(on) = s
                .provided_on
                .as_ref()
                .map(|d| d.value)
                .filter(|d| quarter.contains(*d))
            {
                section.supports_provided.push(SupportProvided {
                    contract: c.id.value.clone(),
                    file: c.file.clone(),
                    index: s.index,
                    learner: learner(c),
                    text: s.text.clone().unwrap_or_default(),
                    provided_on: on,
                });
            }
        }
        let agreed = match (&c.agreed_learner, &c.agreed_manager) {
            (Some(l), Some(m)) => Some(l.value.max(m.value)),
            _ => None,
        };
        let event = |on| ContractEvent {
            contract: c.id.value.clone(),
            file: c.file.clone(),
            learner: learner(c),
            on,
        };
        if let Some(on) = agreed.filter(|d| quarter.contains(*d)) {
            section.contracts_agreed.push(event(Some(on)));
        }
        if c.status.value == Status::Closed && !closed_before.contains(&c.id.value) {
            section.contracts_closed.push(event(None));
        }
    }
    section
        .follow_ups_done
        .sort_by(|a, b| (&a.contract, a.index).cmp(&(&b.contract, b.index)));
    section
        .supports_provided
        .sort_by(|a, b| (&a.contract, a.index).cmp(&(&b.contract, b.index)));
    section
        .contracts_agreed
        .sort_by(|a, b| a.contract.cmp(&b.contract));
    section
        .contracts_closed
        .sort_by(|a, b| a.contract.cmp(&b.contract));
    section
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters() {
        let q = Quarter::parse("2026Q3").unwrap();
        assert_eq!(
            (q.first_day().to_string(), q.last_day().to_string()),
            ("2026-07-01".into(), "2026-09-30".into())
        );
        assert_eq!(
            Quarter::parse("2026q4").unwrap().last_day().to_string(),
            "2026-12-31"
        );
        assert_eq!(
            Quarter::parse("2024-Q1").unwrap().last_day().to_string(),
            "2024-03-31"
        );
        assert!(Quarter::parse("2026Q5").is_err());
        assert!(Quarter::parse("Q3").is_err());
        assert_eq!(Quarter::of(q.last_day()), q);
        assert_eq!(q.previous().next(), q);
        assert_eq!(
            Quarter::parse("2026Q1").unwrap().previous().to_string(),
            "2025Q4"
        );
    }
}
