//! The command line (clap), converted once into a plain `Config`. No other module sees clap.

use std::path::PathBuf;

use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Keep learning contracts as YAML in git: check them in CI, and make the follow-up
/// impossible to forget.
#[derive(Debug, Parser)]
#[command(name = "lc", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args)]
struct Global {
    /// The HR repo [default: the nearest directory with lc.toml, else the git work tree's root,
    /// else the current directory]
    #[arg(long, global = true, value_name = "DIR")]
    repo: Option<PathBuf>,

    /// The day the check or report is about, as YYYY-MM-DD [default: today]
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check every contract against the format and the repo's policy
    Check(CheckArgs),
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Report only on these files or directories (cross-file rules still read the whole repo)
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Output format [default: human, or github when GITHUB_ACTIONS=true]
    #[arg(long, value_enum)]
    format: Option<CheckFormat>,

    /// Warnings also make the exit code 1
    #[arg(long)]
    deny_warnings: bool,

    /// Report only on files changed against BASE [default: the merge base with origin/HEAD, else HEAD]
    #[arg(long, value_name = "BASE", num_args = 0..=1, require_equals = true)]
    changed: Option<Option<String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Excerpts with a caret under each problem, for people
    Human,
    /// One JSON document
    Json,
    /// GitHub Actions workflow commands (annotations)
    Github,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    crate::scalar::parse_date(text).map_err(|e| format!("{e}: write it as YYYY-MM-DD"))
}

/// Everything a command needs, with defaults resolved; no clap types.
#[derive(Debug)]
pub struct Config {
    /// `--repo` as given; the root is found from it (or the current directory) when run.
    pub repo: Option<PathBuf>,
    pub as_of: NaiveDate,
    pub command: Action,
}

#[derive(Debug)]
pub enum Action {
    Check(CheckConfig),
}

#[derive(Debug)]
pub struct CheckConfig {
    pub paths: Vec<PathBuf>,
    pub format: CheckFormat,
    pub deny_warnings: bool,
    /// `Some(None)`: changed against the default base.
    pub changed: Option<Option<String>>,
}

impl Cli {
    /// Resolves defaults from the environment: today's date, `GITHUB_ACTIONS`.
    pub fn into_config(self) -> Result<Config> {
        let as_of = self
            .global
            .as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        let in_github = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
        let command = match self.command {
            Command::Check(args) => {
                if args
                    .changed
                    .as_ref()
                    .is_some_and(|base| base.as_deref() == Some(""))
                {
                    bail!("--changed= needs a revision after `=`, or no `=` for the default base");
                }
                Action::Check(CheckConfig {
                    paths: args.paths,
                    format: args.format.unwrap_or(if in_github {
                        CheckFormat::Github
                    } else {
                        CheckFormat::Human
                    }),
                    deny_warnings: args.deny_warnings,
                    changed: args.changed,
                })
            }
        };
        Ok(Config {
            repo: self.global.repo,
            as_of,
            command,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn changed_takes_an_optional_base() {
        let cli = Cli::try_parse_from(["lc", "check", "--changed"]).unwrap();
        let Command::Check(args) = cli.command;
        assert_eq!(args.changed, Some(None));
        let cli = Cli::try_parse_from(["lc", "check", "--changed=main", "a.yaml"]).unwrap();
        let Command::Check(args) = cli.command;
        assert_eq!(args.changed, Some(Some("main".into())));
        assert_eq!(args.paths, vec![PathBuf::from("a.yaml")]);
    }

    #[test]
    fn bad_dates_are_usage_errors() {
        let err = Cli::try_parse_from(["lc", "check", "--as-of", "2026-13-01"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }
}
