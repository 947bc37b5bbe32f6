//! `lc remind`: each person's digest of what they must act on, shown (`--dry-run`), written as
//! `.eml` files (`--out`) or sent (`--smtp`).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use lettre::message::Mailbox;

use crate::cli::{Config, Delivery, RemindConfig};
use crate::commands::{note_set_aside, note_skipped};
use crate::mail::{self, Server};
use crate::model::contract::Contract;
use crate::render;
use crate::review::as_they_stood;
use crate::review::read::read_work_tree;
use crate::review::remind::{self, Digest};

pub fn run(config: &Config, args: &RemindConfig) -> Result<ExitCode> {
    let reading = read_work_tree(config.repo.as_deref(), config.as_of)?;
    let as_of = reading.as_of;
    // As the contracts stood on the as-of day: a `done` dated later has not happened yet, and a
    // contract agreed only later was a draft (so the status is tested after setting aside).
    args.filter.check_matches(reading.usable())?;
    let (stood, set_aside) =
        as_they_stood(reading.usable().filter(|c| args.filter.keeps(c)), as_of);
    let refs: Vec<&Contract> = stood.iter().map(|c| c.as_ref()).collect();
    let remind_days = reading.settings.policy.remind_days;
    let check_ins = &reading.settings.policy.transfer_checkins;
    let digests = remind::digests(&refs, as_of, remind_days, check_ins);
    let from = match (&args.from, &args.delivery) {
        (Some(from), _) => Some(mail::parse_from(from)?),
        (None, Delivery::Out(_)) => Some(mail::parse_from(mail::DEFAULT_FROM)?),
        (None, _) => None,
    };
    let server = match (&args.delivery, &from) {
        (Delivery::Smtp(smtp), Some(from)) => Some(Server::new(smtp, from)?),
        _ => None,
    };
    note_skipped(reading.skipped());
    note_set_aside(set_aside, as_of);
    note_unreachable(&digests);
    let day = Day { as_of, remind_days };
    let code = match (&args.delivery, from, server) {
        (Delivery::Out(dir), Some(from), _) => write_files(dir, &digests, &from, day)?,
        (Delivery::Smtp(_), Some(from), Some(server)) => send(&server, &digests, &from, day)?,
        _ => {
            let mut out = Vec::new();
            render::remind::table(&mut out, &digests)?;
            render::write_out(
                &mut std::io::stdout().lock(),
                &String::from_utf8_lossy(&out),
            )?;
            ExitCode::SUCCESS
        }
    };
    Ok(code)
}

#[derive(Clone, Copy)]
struct Day {
    as_of: NaiveDate,
    remind_days: i64,
}

fn items(d: &Digest) -> String {
    let n = d.own.len() + d.reports.len();
    render::plural(n, "item")
}

/// People with something to act on but no e-mail address: named on stderr, never skipped.
fn note_unreachable(digests: &[Digest]) {
    for d in digests.iter().filter(|d| d.email.is_none()) {
        errln!(
            "unreachable: {} has {} to act on and no e-mail address in the contracts",
            d.name,
            items(d)
        );
    }
}

/// `--out DIR`: one `.eml` file per person with an address.
fn write_files(dir: &Path, digests: &[Digest], from: &Mailbox, day: Day) -> Result<ExitCode> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let mut stdout = std::io::stdout().lock();
    let mut failed = 0;
    for d in digests {
        let Some(email) = &d.email else { continue };
        let message = match mail::message(d, from, day.as_of, day.remind_days) {
            Ok(message) => message,
            Err(e) => {
                errln!("not written: {}: {e:#}", d.address());
                failed += 1;
                continue;
            }
        };
        let path = dir.join(mail::file_name(email));
        std::fs::write(&path, message.formatted())
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        let _ = writeln!(stdout, "wrote {} ({})", path.display(), items(d));
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `--smtp URL`: each message sent on its own, and each outcome said as it comes: sent (the
/// server accepted it) on stdout, not sent with the reason on stderr. Exit 1 when any failed,
/// 2 when none went.
fn send(server: &Server, digests: &[Digest], from: &Mailbox, day: Day) -> Result<ExitCode> {
    let reachable: Vec<&Digest> = digests.iter().filter(|d| d.email.is_some()).collect();
    if reachable.is_empty() {
        outln!("nothing to send");
        return Ok(ExitCode::SUCCESS);
    }
    let (mut sent, mut failed) = (0, 0);
    let mut messages = Vec::new();
    let mut to = Vec::new();
    for d in reachable {
        match mail::message(d, from, day.as_of, day.remind_days) {
            Ok(message) => {
                messages.push(message);
                to.push(d);
            }
            Err(e) => {
                failed += 1;
                errln!("not sent: {} ({}): {e:#}", d.address(), items(d));
            }
        }
    }
    server.send_all(messages, |index, outcome| {
        let d = to[index];
        match outcome {
            Ok(_) => {
                sent += 1;
                outln!("sent: {} ({})", d.address(), items(d));
            }
            Err(reason) => {
                failed += 1;
                errln!("not sent: {} ({}): {reason}", d.address(), items(d));
            }
        }
    });
    let total = sent + failed;
    outln!(
        "{sent} of {total} sent through {}{}",
        server.name,
        if failed > 0 {
            format!(", {failed} not sent")
        } else {
            String::new()
        }
    );
    Ok(match (sent, failed) {
        (_, 0) => ExitCode::SUCCESS,
        (0, _) => ExitCode::from(2),
        _ => ExitCode::from(1),
    })
}
