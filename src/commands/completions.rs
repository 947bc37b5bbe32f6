//! `lc completions SHELL`: generated from the clap definition, never kept by hand.

use std::process::ExitCode;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::Cli;

pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "lc", &mut out);
    crate::render::write_out(
        &mut std::io::stdout().lock(),
        &String::from_utf8_lossy(&out),
    )?;
    Ok(ExitCode::SUCCESS)
}
