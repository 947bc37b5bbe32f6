//! `lc`: learning contracts kept as YAML in git, checked in CI, and reported on.

// The layers, each standing only on those above it in this list (docs/design.md, "The shape
// of the program"; tests/layers.rs keeps it so).
pub mod check;
pub mod model;
pub mod render;
pub mod review;
pub mod store;
pub mod text;
// The front ends: the command line.
pub mod cli;
pub mod commands;
pub mod mail;
pub mod prompt;

use std::ffi::OsString;
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

/// Runs `lc` with these arguments; the exit code of cli.md, or an error for exit 2.
pub fn run(args: impl IntoIterator<Item = OsString>) -> Result<ExitCode> {
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            // Help and version go to stdout with exit 0; usage errors to stderr with exit 2.
            let _ = err.print();
            return Ok(ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2)));
        }
    };
    let config = cli.into_config()?;
    match config.command {
        cli::Action::Check(ref check) => commands::check::run(&config, check),
        cli::Action::New(ref new) => commands::new::run(&config, new),
        cli::Action::Init(ref init) => commands::init::run(init),
        cli::Action::Schema { kind } => commands::schema::run(kind),
        cli::Action::Report(ref report) => commands::report::run(&config, report),
        cli::Action::Trend(ref trend) => commands::trend::run(&config, trend),
        cli::Action::List { format, ref filter } => commands::list::run(&config, format, filter),
        cli::Action::Calendar {
            ref owner,
            ref filter,
        } => commands::calendar::run(&config, owner.as_deref(), filter),
        cli::Action::Remind(ref remind) => commands::remind::run(&config, remind),
        cli::Action::Completions { shell } => commands::completions::completions(shell),
        cli::Action::Man { ref dir } => commands::man::run(dir.as_deref()),
        cli::Action::Record(ref record) => commands::record::run(&config, record),
        cli::Action::ContractIds => commands::record::contract_ids(&config),
        cli::Action::Handover(ref handover) => commands::record::handover(&config, handover),
        cli::Action::Link(ref link) => commands::record::link(&config, link),
        cli::Action::Offboard(ref offboard) => commands::offboard::run(&config, offboard),
    }
}
