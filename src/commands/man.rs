//! `lc man`: the manual, generated from the clap definition — one page on stdout, or one page
//! per command in a directory — and clean under `mandoc -Tlint`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::DateTime;
use clap::{Command, CommandFactory};
use clap_mangen::Man;

use crate::cli::Cli;

/// The date the pages carry when `SOURCE_DATE_EPOCH` does not say otherwise: the day this
/// version was released (or, before that, the last day its pages changed). A test keeps it
/// equal to the version's date in `CHANGELOG.md` once there is one.
pub const RELEASE_DATE: &str = "2026-11-30";

/// `lc man` prints one page holding every command; `lc man --dir DIR` writes `lc.1` and one
/// page per command (`lc-check.1`, `lc-new-strategic.1`, …), each naming the others it refers to.
pub fn run(dir: Option<&Path>) -> Result<ExitCode> {
    let date = date()?;
    let Some(dir) = dir else {
        crate::render::write_out(&mut std::io::stdout().lock(), &one_page(&date)?)?;
        return Ok(ExitCode::SUCCESS);
    };
    std::fs::create_dir_all(dir).context("cannot create the directory for the man pages")?;
    let pages = pages(&date)?;
    for (name, text) in &pages {
        std::fs::write(dir.join(name), text).with_context(|| format!("cannot write `{name}`"))?;
    }
    let names: Vec<&str> = pages.iter().map(|(name, _)| name.as_str()).collect();
    errln!("wrote {} man pages: {}", names.len(), names.join(" "));
    Ok(ExitCode::SUCCESS)
}

/// `SOURCE_DATE_EPOCH` (reproducible-builds.org) as a UTC day, else [`RELEASE_DATE`]; never
/// today, so that the same `lc` writes the same pages.
fn date() -> Result<String> {
    let Some(epoch) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(RELEASE_DATE.into());
    };
    let seconds = epoch.to_str().and_then(|s| s.trim().parse::<i64>().ok());
    match seconds.and_then(|s| DateTime::from_timestamp(s, 0)) {
        Some(time) => Ok(time.date_naive().to_string()),
        None => bail!("SOURCE_DATE_EPOCH must be a number of seconds since 1970-01-01 UTC"),
    }
}

/// The command tree as the pages show it: no `help` subcommand, names filled in.
fn command() -> Command {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    command
}

fn man(command: &Command, date: &str) -> Man {
    let name = display_name(command);
    Man::new(command.clone())
        .title(name.to_uppercase())
        .date(date)
        .source(format!("lc {}", env!("CARGO_PKG_VERSION")))
        .manual("lc manual")
}

/// `lc`, `lc-check`, `lc-new-strategic`.
fn display_name(command: &Command) -> String {
    command
        .get_display_name()
        .unwrap_or_else(|| command.get_name())
        .to_string()
}

fn visible(command: &Command) -> impl Iterator<Item = &Command> {
    command.get_subcommands().filter(|c| !c.is_hide_set())
}

/// Every page of `--dir`, `lc.1` first, then depth first.
fn pages(date: &str) -> Result<Vec<(String, String)>> {
    fn walk(
        command: &Command,
        parent: Option<&str>,
        date: &str,
        out: &mut Vec<(String, String)>,
    ) -> Result<()> {
        let name = display_name(command);
        let mut roff = Vec::new();
        man(command, date).render(&mut roff)?;
        let mut text = String::from_utf8_lossy(&roff).into_owned();
        match parent {
            Some("lc") => text += ".SH \"SEE ALSO\"\n.BR lc (1)\n",
            Some(parent) => text += &format!(".SH \"SEE ALSO\"\n.BR {parent} (1),\n.BR lc (1)\n"),
            None => {}
        }
        out.push((format!("{name}.1"), tidy(&text)));
        for sub in visible(command) {
            walk(sub, Some(&name), date, out)?;
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(&command(), None, date, &mut out)?;
    Ok(out)
}

/// The whole manual as one page: the main page, then a section with each command's
/// synopsis and options, subcommands included (`lc new strategic`). It names no other page.
fn one_page(date: &str) -> Result<String> {
    let root = command();
    let page = man(&root, date);
    let mut roff = Vec::new();
    page.render_title(&mut roff)?;
    page.render_name_section(&mut roff)?;
    page.render_synopsis_section(&mut roff)?;
    page.render_description_section(&mut roff)?;
    page.render_options_section(&mut roff)?;
    roff.extend_from_slice(b".SH COMMANDS\n");
    fn walk(command: &Command, words: &str, date: &str, roff: &mut Vec<u8>) -> Result<()> {
        for sub in visible(command) {
            let page = man(sub, date);
            let name = format!("{words} {}", sub.get_name());
            roff.extend_from_slice(format!(".SS \"{name}\"\n").as_bytes());
            if let Some(about) = sub.get_long_about().or_else(|| sub.get_about()) {
                roff.extend_from_slice(format!("{}\n.PP\n", escape(&about.to_string())).as_bytes());
            }
            let mut part = Vec::new();
            page.render_synopsis_section(&mut part)?;
            if sub.get_arguments().any(|a| !a.is_hide_set()) {
                page.render_options_section(&mut part)?;
            }
            // Within the one page, a command's synopsis and options are parts of its subsection.
            let part = String::from_utf8_lossy(&part);
            for line in part.lines().filter(|l| !l.starts_with(".SH ")) {
                roff.extend_from_slice(line.as_bytes());
                roff.push(b'\n');
            }
            walk(sub, &name, date, roff)?;
        }
        Ok(())
    }
    walk(&root, "lc", date, &mut roff)?;
    page.render_version_section(&mut roff)?;
    Ok(tidy(&String::from_utf8_lossy(&roff)))
}

/// A text as a roff text line: backslashes doubled, a leading `.` or `'` made literal.
fn escape(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    if text.starts_with(['.', '\'']) {
        format!("\\&{text}")
    } else {
        text
    }
}

/// What clap_mangen writes, made clean for `mandoc -Tlint`: the string definitions once, at
/// the top; no trailing spaces; a blank line as `.sp` with no `.br` beside it (which is what
/// was meant, and what mandoc does anyway); only ASCII; text lines wrapped at 80 bytes.
fn tidy(roff: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut definitions: Vec<&str> = Vec::new();
    for line in roff.lines() {
        let line = line.trim_end();
        if line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq") {
            if definitions.contains(&line) {
                continue;
            }
            definitions.push(line);
        }
        if line.is_empty() {
            if lines.last().is_none_or(|l| l != ".sp") {
                lines.push(".sp".into());
            }
            continue;
        }
        lines.push(ascii(line));
    }
    let mut out = String::with_capacity(roff.len());
    for (i, line) in lines.iter().enumerate() {
        let beside_sp = |j: Option<usize>| j.and_then(|j| lines.get(j)).is_some_and(|l| l == ".sp");
        if line == ".br" && (beside_sp(i.checked_sub(1)) || beside_sp(Some(i + 1))) {
            continue;
        }
        wrap(line, &mut out);
    }
    out
}

/// Non-ASCII characters as roff escapes (`…` → `\[u2026]`), which every formatter reads
/// whatever its input encoding, and which mandoc counts when it measures a line.
fn ascii(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out
}

/// A text line longer than 80 bytes, cut at spaces (a line end is a space to roff). Control
/// lines are left whole.
fn wrap(line: &str, out: &mut String) {
    let mut rest = line;
    if !rest.starts_with(['.', '\'']) {
        while rest.len() > 80 {
            let bytes = rest.as_bytes();
            // The last space within 80 bytes that is not an escaped `\ `.
            let cut = (1..=80)
                .rev()
                .find(|&i| bytes[i] == b' ' && bytes[i - 1] != b'\\');
            let Some(cut) = cut else { break };
            out.push_str(&rest[..cut]);
            out.push('\n');
            rest = rest[cut..].trim_start_matches(' ');
            if rest.starts_with(['.', '\'']) {
                out.push_str("\\&");
            }
        }
    }
    out.push_str(rest);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_lines_are_cut_at_spaces() {
        let mut out = String::new();
        let line = format!("{} .starts {}", "word ".repeat(15), "x".repeat(90));
        wrap(&line, &mut out);
        for l in out.lines() {
            assert!(l.len() <= 80 || !l.contains(' '), "{l}");
        }
        assert!(out.contains("\n\\&.starts"), "{out}");
        assert_eq!(
            out.replace("\\&", "")
                .split_whitespace()
                .collect::<Vec<_>>(),
            line.split_whitespace().collect::<Vec<_>>()
        );
    }

    #[test]
    fn release_date_is_the_changelogs() {
        let changelog = include_str!("../../CHANGELOG.md");
        let heading = format!("## [{}] - ", env!("CARGO_PKG_VERSION"));
        if let Some(line) = changelog.lines().find(|l| l.starts_with(&heading)) {
            assert_eq!(&line[heading.len()..], RELEASE_DATE, "update RELEASE_DATE");
        }
        assert!(crate::model::scalar::parse_date(RELEASE_DATE).is_ok());
    }
}
