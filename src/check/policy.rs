//! `lc.toml`: where the contracts are, the default currency, and the follow-up policy.
//!
//! Every key is declared once in `KEYS`, with its default; `lc init` writes the same table.

use anyhow::{Context as _, Result, bail};
use chrono::NaiveDate;

use crate::check::diagnostic::Severity;
use crate::model::scalar;

/// What the rules are about: the as-of date and the repo's policy.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub as_of: NaiveDate,
    pub policy: &'a Policy,
}

/// The settings of an HR repo, with format.md's defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The contracts directory, relative to the repo root.
    pub contracts: String,
    pub currency: String,
    pub policy: Policy,
    /// Files larger than this are refused with `unreadable-file`.
    pub max_file_bytes: u64,
    /// An aggregate figure that counts fewer people than this is withheld.
    pub min_group: usize,
    /// How long a command that writes contracts waits for another one to finish.
    pub write_wait_seconds: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    pub follow_up_within_days: i64,
    pub max_days_between_follow_ups: i64,
    pub due_soon_days: i64,
    /// `lc remind` takes items overdue or due within this many days.
    pub remind_days: i64,
    /// The severity of overdue and unmet items in `lc check`; `None` is `off`.
    pub overdue: Option<Severity>,
    pub require_metric: bool,
    /// Days after an experience's end (its start when it has none) on which a transfer
    /// check-in asks whether the learning is being used; empty: none asked for.
    pub transfer_checkins: Vec<i64>,
}

/// One key of `lc.toml`: its dotted name, its default as TOML, and what it means.
pub struct Key {
    pub name: &'static str,
    pub default: &'static str,
    pub about: &'static str,
}

pub const KEYS: &[Key] = &[
    Key {
        name: "contracts",
        default: "\"contracts\"",
        about: "the contracts directory",
    },
    Key {
        name: "currency",
        default: "\"EUR\"",
        about: "for bare-number money",
    },
    Key {
        name: "policy.follow_up_within_days",
        default: "30",
        about: "an experience contract needs a follow-up due at most this many days after the experience ends",
    },
    Key {
        name: "policy.max_days_between_follow_ups",
        default: "120",
        about: "an agreed or active strategic contract needs follow-ups no further apart than this over its period",
    },
    Key {
        name: "policy.due_soon_days",
        default: "14",
        about: "how far ahead `due soon` looks",
    },
    Key {
        name: "policy.remind_days",
        default: "7",
        about: "`lc remind` brings items overdue or due within this many days",
    },
    Key {
        name: "policy.overdue",
        default: "\"warning\"",
        about: "severity of overdue / unmet items in `lc check`: off | warning | error",
    },
    Key {
        name: "policy.require_metric",
        default: "false",
        about: "every goal must carry a metric",
    },
    Key {
        name: "policy.transfer_checkins",
        default: "[90, 180]",
        about: "an agreed, active or closed experience contract needs a follow-up within 30 days of each of these days after the experience ends, to ask whether the learning is used; [] for none",
    },
    Key {
        name: "privacy.min_group",
        default: "5",
        about: "`lc report --aggregate` withholds a figure that counts fewer people than this",
    },
    Key {
        name: "limits.max_file_bytes",
        default: "10000000",
        about: "a contract file larger than this is refused, not read",
    },
    Key {
        name: "limits.write_wait_seconds",
        default: "10",
        about: "how long a command that writes contracts waits for another lc that is writing",
    },
];

impl Default for Settings {
    fn default() -> Settings {
        Settings::from_toml("").expect("the defaults are valid")
    }
}

impl Settings {
    /// Reads `lc.toml`'s text. An unknown key or a bad value is an error naming the key.
    pub fn from_toml(text: &str) -> Result<Settings> {
        let table: toml::Table = text.parse().context("lc.toml is not valid TOML")?;
        reject_unknown(&table, "")?;
        let get = |name: &str| -> toml::Value {
            lookup(&table, name).cloned().unwrap_or_else(|| {
                let key = KEYS
                    .iter()
                    .find(|k| k.name == name)
                    .expect("a declared key");
                key.default.parse::<toml::Value>().expect("a valid default")
            })
        };
        let contracts = string(&get("contracts"), "contracts")?;
        if contracts.is_empty()
            || contracts.split('/').any(|part| part == "..")
            || contracts.starts_with('/')
        {
            bail!("lc.toml: `contracts` must be a directory inside the repo, not `{contracts}`");
        }
        let currency = string(&get("currency"), "currency")?;
        if !scalar::is_currency(&currency) {
            bail!(
                "lc.toml: `currency` must be an ISO 4217 code such as \"EUR\", not \"{currency}\""
            );
        }
        let overdue = match string(&get("policy.overdue"), "policy.overdue")?.as_str() {
            "off" => None,
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            other => bail!(
                "lc.toml: `policy.overdue` must be \"off\", \"warning\" or \"error\", not \"{other}\""
            ),
        };
        Ok(Settings {
            contracts: contracts.trim_end_matches('/').to_string(),
            currency,
            policy: Policy {
                follow_up_within_days: days(
                    &get("policy.follow_up_within_days"),
                    "policy.follow_up_within_days",
                )?,
                max_days_between_follow_ups: days(
                    &get("policy.max_days_between_follow_ups"),
                    "policy.max_days_between_follow_ups",
                )?,
                due_soon_days: days(&get("policy.due_soon_days"), "policy.due_soon_days")?,
                remind_days: days(&get("policy.remind_days"), "policy.remind_days")?,
                overdue,
                require_metric: boolean(&get("policy.require_metric"), "policy.require_metric")?,
                transfer_checkins: day_list(
                    &get("policy.transfer_checkins"),
                    "policy.transfer_checkins",
                )?,
            },
            max_file_bytes: days(&get("limits.max_file_bytes"), "limits.max_file_bytes")?
                .try_into()
                .unwrap_or(u64::MAX),
            min_group: days(&get("privacy.min_group"), "privacy.min_group")?
                .try_into()
                .unwrap_or(usize::MAX),
            write_wait_seconds: days(
                &get("limits.write_wait_seconds"),
                "limits.write_wait_seconds",
            )?
            .try_into()
            .unwrap_or(u64::MAX),
        })
    }
}

fn lookup<'a>(table: &'a toml::Table, name: &str) -> Option<&'a toml::Value> {
    match name.split_once('.') {
        Some((section, key)) => table.get(section)?.as_table()?.get(key),
        None => table.get(name),
    }
}

/// Every key must be declared; sections must be tables.
fn reject_unknown(table: &toml::Table, prefix: &str) -> Result<()> {
    for (key, value) in table {
        let name = format!("{prefix}{key}");
        let is_section = KEYS.iter().any(|k| k.name.starts_with(&format!("{name}.")));
        if is_section {
            let Some(inner) = value.as_table() else {
                bail!("lc.toml: `{name}` must be a table (`[{name}]`)");
            };
            reject_unknown(inner, &format!("{name}."))?;
        } else if !KEYS.iter().any(|k| k.name == name) {
            let names = KEYS.iter().map(|k| k.name);
            match crate::text::closest::closest(&name, names) {
                Some(near) => bail!("lc.toml: unknown key `{name}` (did you mean `{near}`?)"),
                None => bail!(
                    "lc.toml: unknown key `{name}`; the keys are {}",
                    KEYS.iter()
                        .map(|k| format!("`{}`", k.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
    }
    Ok(())
}

fn string(value: &toml::Value, name: &str) -> Result<String> {
    match value.as_str() {
        Some(s) => Ok(s.to_string()),
        None => bail!("lc.toml: `{name}` must be a string, not `{value}`"),
    }
}

fn days(value: &toml::Value, name: &str) -> Result<i64> {
    match value.as_integer() {
        Some(n) if n >= 0 => Ok(n),
        _ => bail!("lc.toml: `{name}` must be a whole number of zero or more, not `{value}`"),
    }
}

/// A list of whole numbers of days, at least 1 each, in order and without repeats.
fn day_list(value: &toml::Value, name: &str) -> Result<Vec<i64>> {
    let items = value.as_array().map(|items| {
        items
            .iter()
            .map(|item| item.as_integer().filter(|n| (1..=36_500).contains(n)))
            .collect::<Option<Vec<i64>>>()
    });
    match items {
        Some(Some(mut days)) => {
            days.sort_unstable();
            days.dedup();
            Ok(days)
        }
        _ => bail!(
            "lc.toml: `{name}` must be a list of days after the experience, such as [90, 180] (each 1 to 36500), or [] for none, not `{value}`"
        ),
    }
}

fn boolean(value: &toml::Value, name: &str) -> Result<bool> {
    match value.as_bool() {
        Some(b) => Ok(b),
        None => bail!("lc.toml: `{name}` must be true or false, not `{value}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn error(text: &str, needle: &str) {
        let err = Settings::from_toml(text).unwrap_err();
        let message = format!("{err:#}");
        assert!(message.contains(needle), "{message}");
    }

    #[test]
    fn defaults() {
        let settings = Settings::default();
        assert_eq!(settings.contracts, "contracts");
        assert_eq!(settings.policy.follow_up_within_days, 30);
        assert_eq!(settings.policy.max_days_between_follow_ups, 120);
        assert_eq!(settings.policy.due_soon_days, 14);
        assert_eq!(settings.policy.remind_days, 7);
        assert_eq!(settings.policy.overdue, Some(Severity::Warning));
        assert!(!settings.policy.require_metric);
        assert_eq!(settings.policy.transfer_checkins, [90, 180]);
        assert_eq!(settings.min_group, 5);
    }

    #[test]
    fn bad_keys_and_values_name_the_key() {
        error("contract = \"x\"", "`contract` (did you mean `contracts`?)");
        error("[policy]\ndue_son_days = 3", "`policy.due_son_days`");
        error("[policy]\noverdue = \"maybe\"", "`policy.overdue`");
        error("[policy]\ndue_soon_days = -1", "`policy.due_soon_days`");
        error("[policy]\nremind_days = \"7\"", "`policy.remind_days`");
        error(
            "[policy]\nrequire_metric = \"yes\"",
            "`policy.require_metric`",
        );
        error("currency = \"EURO\"", "`currency`");
        error(
            "[policy]\ntransfer_checkins = 90",
            "`policy.transfer_checkins` must be a list",
        );
        error(
            "[policy]\ntransfer_checkins = [90, 0]",
            "`policy.transfer_checkins`",
        );
        error(
            "[policy]\ntransfer_checkins = [\"90\"]",
            "`policy.transfer_checkins`",
        );
        error("policy = 3", "`policy` must be a table");
        error("contracts = \"../elsewhere\"", "`contracts`");
        error("what", "not valid TOML");
    }

    #[test]
    fn values_are_read() {
        let settings = Settings::from_toml(
            "contracts = \"hr/\"\n[policy]\noverdue = \"off\"\nrequire_metric = true\ntransfer_checkins = [365, 90, 90]\n",
        )
        .unwrap();
        assert_eq!(settings.policy.transfer_checkins, [90, 365]);
        let off = Settings::from_toml("[policy]\ntransfer_checkins = []\n").unwrap();
        assert!(off.policy.transfer_checkins.is_empty());
        assert_eq!(settings.contracts, "hr");
        assert_eq!(settings.policy.overdue, None);
        assert!(settings.policy.require_metric);
    }
}
