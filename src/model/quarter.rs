//! Quarters (`2026Q3`): the period of a review.

use std::fmt;

use chrono::{Datelike, NaiveDate};

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
