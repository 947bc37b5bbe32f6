//! `lc completions SHELL` and `lc man`: generated from the clap definition, never kept by hand.

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

/// The man page of `lc`: the main page, then each command's synopsis and options.
pub fn man() -> Result<ExitCode> {
    let command = Cli::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut out)?;
    for sub in command.get_subcommands() {
        let name = format!("lc {}", sub.get_name());
        let sub = sub.clone().bin_name(name.clone());
        out.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
        if let Some(about) = sub.get_about() {
            out.extend_from_slice(format!("{about}\n").as_bytes());
        }
        let page = clap_mangen::Man::new(sub);
        page.render_synopsis_section(&mut out)?;
        page.render_options_section(&mut out)?;
    }
    crate::render::write_out(
        &mut std::io::stdout().lock(),
        &String::from_utf8_lossy(&out),
    )?;
    Ok(ExitCode::SUCCESS)
}
