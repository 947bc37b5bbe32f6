//! `lc done`, `provide`, `decline`, `achieve`, `drop`, `agree`, `start`, `close`, `cancel`,
//! `follow-up add`, `support add`, `reschedule`, `handover` and `link`: the arguments handed to the store's
//! record layer (`store::write`), and what it did or refused printed.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Result;

use crate::check::policy::Context;
use crate::cli::{Config, HandoverConfig, LinkConfig, RecordConfig};
use crate::store::record::Refusal;
use crate::store::repo;
use crate::store::write::{self, Recorded};

pub fn run(config: &Config, rec: &RecordConfig) -> Result<ExitCode> {
    let root = repo::find_root(config.repo.as_deref())?;
    let settings = repo::load_settings(&root)?;
    let ctx = Context {
        as_of: config.as_of,
        policy: &settings.policy,
    };
    finish(write::record(
        &root,
        &settings,
        ctx,
        &rec.contract,
        &rec.records,
        rec.with_linked,
        rec.commit,
    ))
}

/// `lc __contract-ids`: every contract id of the repo, sorted, for shell completion. Prints
/// nothing (and succeeds) outside an HR repo, so that completing never shows an error.
pub fn contract_ids(config: &Config) -> Result<ExitCode> {
    let Ok(root) = repo::find_root(config.repo.as_deref()) else {
        return Ok(ExitCode::SUCCESS);
    };
    let Ok(settings) = repo::load_settings(&root) else {
        return Ok(ExitCode::SUCCESS);
    };
    let mut out = std::io::stdout().lock();
    for id in write::contract_ids(&root, &settings) {
        if writeln!(out, "{id}").is_err() {
            break;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `lc handover`: one contract, or every agreed and active contract of a manager.
pub fn handover(config: &Config, args: &HandoverConfig) -> Result<ExitCode> {
    let outcome = (|| {
        let root = repo::find_root(config.repo.as_deref())
            .map_err(|e| write::unknown(format!("{e:#}"), None))?;
        let settings =
            repo::load_settings(&root).map_err(|e| write::unknown(format!("{e:#}"), None))?;
        let ctx = Context {
            as_of: config.as_of,
            policy: &settings.policy,
        };
        write::handover(
            &root,
            &settings,
            ctx,
            args.contract.as_deref(),
            args.manager.as_deref(),
            &args.to,
            args.on,
            args.commit,
        )
    })();
    finish(outcome)
}

/// `lc link EXPERIENCE --objective OID`: the experience linked back from its strategic
/// contract's objective.
pub fn link(config: &Config, args: &LinkConfig) -> Result<ExitCode> {
    let outcome = (|| {
        let root = repo::find_root(config.repo.as_deref())
            .map_err(|e| write::unknown(format!("{e:#}"), None))?;
        let settings =
            repo::load_settings(&root).map_err(|e| write::unknown(format!("{e:#}"), None))?;
        let ctx = Context {
            as_of: config.as_of,
            policy: &settings.policy,
        };
        write::link(
            &root,
            &settings,
            ctx,
            &args.experience,
            &args.objective,
            args.commit,
        )
    })();
    finish(outcome)
}

/// Prints what a record did (its notes, then each file written) or why it was refused.
pub(crate) fn finish(outcome: Result<Recorded, Refusal>) -> Result<ExitCode> {
    match outcome {
        Ok(recorded) => {
            print_recorded(&recorded);
            Ok(ExitCode::SUCCESS)
        }
        Err(refusal) => {
            report_refusal(&refusal)?;
            Ok(ExitCode::from(refusal.exit))
        }
    }
}

/// The notes of a record on stderr, each written file on stdout.
pub(crate) fn print_recorded(recorded: &Recorded) {
    for note in &recorded.notes {
        errln!("note: {note}");
    }
    for w in &recorded.written {
        outln!("{}{}", w.message, w.how);
        outln!("  in {}", w.rel);
    }
}

/// The refusal on stderr; whatever became of stderr, the exit code still says it (so a
/// failure to print is not an error here).
pub(crate) fn report_refusal(refusal: &Refusal) -> Result<()> {
    errln!("error: {}", refusal.message);
    if let Some(help) = &refusal.help {
        errln!("  = help: {help}");
    }
    Ok(())
}
