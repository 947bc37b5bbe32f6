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
    /// The quarterly review: overdue follow-ups, unmet supports, learning not applied, and more
    Report(ReportArgs),
    /// One row per contract
    List(ListArgs),
    /// Start a contract from the repo's template: a draft that asks the right questions
    New {
        #[command(subcommand)]
        kind: NewKind,
    },
    /// Turn a directory into an HR repo that checks itself in CI
    Init {
        /// The directory [default: the current one]
        dir: Option<PathBuf>,
    },
    /// Write the open items of agreed and active contracts as an iCalendar file (to-dos)
    Calendar(CalendarArgs),
    /// Print a shell's completion script
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff)
    Man,
    /// Print the JSON Schema of contracts, for editors and other tools
    Schema {
        /// One kind only [default: one schema for both, chosen by `kind`]
        #[arg(value_enum)]
        kind: Option<KindArg>,
    },
}

#[derive(Debug, Args)]
struct ReportArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,
    /// Read the contracts as committed at this git revision, not the working tree
    #[arg(long, value_name = "REV", conflicts_with = "quarter")]
    rev: Option<String>,
    /// Report on a quarter: as of its last day, contracts as committed on the current branch
    /// at the end of that day, plus what happened during it
    #[arg(long, value_name = "YYYYQn", value_parser = parse_quarter)]
    quarter: Option<crate::report::Quarter>,
    #[command(flatten)]
    filter: FilterArgs,
}

#[derive(Debug, Args)]
struct ListArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
    #[command(flatten)]
    filter: FilterArgs,
}

#[derive(Debug, Args)]
struct CalendarArgs {
    /// Only items this person must act on (name or email; roles resolve to their person)
    #[arg(long, value_name = "PERSON")]
    owner: Option<String>,
    /// Only items of this manager's contracts (name or email)
    #[arg(long, value_name = "PERSON")]
    manager: Option<String>,
    /// Only items of this team's contracts
    #[arg(long)]
    team: Option<String>,
}

#[derive(Debug, Args)]
struct FilterArgs {
    /// Only contracts of this manager (name or email)
    #[arg(long, value_name = "PERSON")]
    manager: Option<String>,
    /// Only contracts of this team
    #[arg(long)]
    team: Option<String>,
    /// Only contracts of this learner (name or email)
    #[arg(long, value_name = "PERSON")]
    learner: Option<String>,
    /// Only contracts of this kind
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned tables that fit the terminal
    Table,
    /// Markdown, to paste into a wiki or a pull request
    Markdown,
    /// The item lists as one CSV table with a `section` column
    Csv,
    /// One JSON document
    Json,
    /// One self-contained HTML page with charts, for a review meeting (prints on A4)
    Html,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Csv,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Strategic,
    Experience,
}

#[derive(Debug, Subcommand)]
enum NewKind {
    /// A yearly contract: the job goals, the learning that serves them, and the support needed
    Strategic {
        #[command(flatten)]
        common: NewCommon,
        /// The calendar year the contract covers [default: the year of --as-of]
        #[arg(long, value_name = "YYYY", value_parser = clap::value_parser!(i32).range(1900..=9999), conflicts_with_all = ["start", "end"])]
        year: Option<i32>,
        /// The first day of the period (with --end), instead of --year
        #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "end")]
        start: Option<NaiveDate>,
        /// The last day of the period (with --start)
        #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "start")]
        end: Option<NaiveDate>,
    },
    /// A contract for one seminar, course or secondment
    Experience {
        #[command(flatten)]
        common: NewCommon,
        /// The event's title
        #[arg(long)]
        title: Option<String>,
        /// The event's method type: course, seminar, secondment, mentoring… (see `lc schema`)
        #[arg(long = "type", value_name = "TYPE", value_parser = parse_method_type)]
        method_type: Option<String>,
        /// The event's first day
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        start: Option<NaiveDate>,
        /// The event's last day
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        end: Option<NaiveDate>,
        /// The strategic contract this serves; learner, manager and team default to its own
        #[arg(long, value_name = "ID", value_parser = parse_id)]
        strategic: Option<String>,
    },
}

#[derive(Debug, Args)]
struct NewCommon {
    /// The learner, as `Name <email>`
    #[arg(long, value_name = "PERSON", value_parser = parse_person)]
    learner: Option<String>,
    /// The learner's manager, as `Name <email>`
    #[arg(long, value_name = "PERSON", value_parser = parse_person)]
    manager: Option<String>,
    /// The team, for grouping reports
    #[arg(long)]
    team: Option<String>,
    /// The contract's id [default: derived from the year or date, the learner and the title]
    #[arg(long, value_parser = parse_id)]
    id: Option<String>,
    /// Where to write the contract [default: <contracts>/<year>/<id>.yaml]
    #[arg(long, value_name = "PATH", conflicts_with = "stdout")]
    output: Option<PathBuf>,
    /// Print the contract instead of writing a file
    #[arg(long)]
    stdout: bool,
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
    /// SARIF 2.1.0, for code-scanning upload (exit 0 whatever is found)
    Sarif,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    crate::scalar::parse_date(text).map_err(|e| format!("{e}: write it as YYYY-MM-DD"))
}

fn parse_quarter(text: &str) -> Result<crate::report::Quarter, String> {
    crate::report::Quarter::parse(text)
}

fn parse_person(text: &str) -> Result<String, String> {
    crate::scalar::parse_person(text)
        .map(|p| p.to_string())
        .map_err(|e| format!("{e}: write `Name <email>`"))
}

fn parse_id(text: &str) -> Result<String, String> {
    crate::scalar::parse_id(text).map_err(|e| format!("{e}: use lowercase letters, digits and `-`"))
}

fn parse_method_type(text: &str) -> Result<String, String> {
    match crate::schema::method_group(text) {
        Some(_) => Ok(text.to_string()),
        None => {
            let types: Vec<&str> = crate::schema::method_types().collect();
            let near = crate::validate::closest(text, types.iter().copied());
            let hint = near.map_or(String::new(), |n| format!(" (did you mean `{n}`?)"));
            Err(format!(
                "`{text}` is not a method type{hint}; the types are {}",
                types.join(", ")
            ))
        }
    }
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
    New(NewConfig),
    Init {
        dir: Option<PathBuf>,
    },
    Report(ReportConfig),
    Calendar {
        owner: Option<String>,
        filter: crate::report::Filter,
    },
    Completions {
        shell: clap_complete::Shell,
    },
    Man,
    List {
        format: ListFormat,
        filter: crate::report::Filter,
    },
    Schema {
        kind: Option<crate::schema::Kind>,
    },
}

#[derive(Debug)]
pub struct ReportConfig {
    pub format: ReportFormat,
    pub rev: Option<String>,
    pub quarter: Option<crate::report::Quarter>,
    pub filter: crate::report::Filter,
    /// Whether `--as-of` was given (it may not be, with `--quarter`).
    pub as_of_given: bool,
}

/// `lc new`: the values given as flags, each already well-formed; missing ones are asked for
/// or named by the command.
#[derive(Clone, Debug, Default)]
pub struct NewConfig {
    pub kind: Option<crate::schema::Kind>,
    pub learner: Option<String>,
    pub manager: Option<String>,
    pub team: Option<String>,
    pub id: Option<String>,
    pub output: Option<PathBuf>,
    pub stdout: bool,
    pub year: Option<i32>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub title: Option<String>,
    pub method_type: Option<String>,
    pub strategic: Option<String>,
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
            Command::New { kind } => Action::New(new_config(kind)),
            Command::Report(args) => {
                if args.quarter.is_some() && self.global.as_of.is_some() {
                    bail!(
                        "--quarter sets the as-of date to the quarter's last day: give one or the other"
                    );
                }
                Action::Report(ReportConfig {
                    format: args.format,
                    rev: args.rev,
                    quarter: args.quarter,
                    filter: args.filter.into_filter(),
                    as_of_given: self.global.as_of.is_some(),
                })
            }
            Command::Calendar(args) => Action::Calendar {
                owner: args.owner,
                filter: crate::report::Filter {
                    manager: args.manager,
                    team: args.team,
                    ..crate::report::Filter::default()
                },
            },
            Command::Completions { shell } => Action::Completions { shell },
            Command::Man => Action::Man,
            Command::List(args) => Action::List {
                format: args.format,
                filter: args.filter.into_filter(),
            },
            Command::Init { dir } => Action::Init { dir },
            Command::Schema { kind } => Action::Schema {
                kind: kind.map(KindArg::kind),
            },
        };
        Ok(Config {
            repo: self.global.repo,
            as_of,
            command,
        })
    }
}

impl FilterArgs {
    fn into_filter(self) -> crate::report::Filter {
        crate::report::Filter {
            manager: self.manager,
            team: self.team,
            learner: self.learner,
            kind: self.kind.map(KindArg::kind),
        }
    }
}

impl KindArg {
    fn kind(self) -> crate::schema::Kind {
        match self {
            KindArg::Strategic => crate::schema::Kind::Strategic,
            KindArg::Experience => crate::schema::Kind::Experience,
        }
    }
}

fn new_config(kind: NewKind) -> NewConfig {
    let (kind, common, rest) = match kind {
        NewKind::Strategic {
            common,
            year,
            start,
            end,
        } => (
            crate::schema::Kind::Strategic,
            common,
            NewConfig {
                year,
                start,
                end,
                ..NewConfig::default()
            },
        ),
        NewKind::Experience {
            common,
            title,
            method_type,
            start,
            end,
            strategic,
        } => (
            crate::schema::Kind::Experience,
            common,
            NewConfig {
                title,
                method_type,
                start,
                end,
                strategic,
                ..NewConfig::default()
            },
        ),
    };
    NewConfig {
        kind: Some(kind),
        learner: common.learner,
        manager: common.manager,
        team: common.team,
        id: common.id,
        output: common.output,
        stdout: common.stdout,
        ..rest
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
        let Command::Check(args) = cli.command else {
            panic!("check")
        };
        assert_eq!(args.changed, Some(None));
        let cli = Cli::try_parse_from(["lc", "check", "--changed=main", "a.yaml"]).unwrap();
        let Command::Check(args) = cli.command else {
            panic!("check")
        };
        assert_eq!(args.changed, Some(Some("main".into())));
        assert_eq!(args.paths, vec![PathBuf::from("a.yaml")]);
    }

    #[test]
    fn bad_dates_are_usage_errors() {
        let err = Cli::try_parse_from(["lc", "check", "--as-of", "2026-13-01"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }
}
