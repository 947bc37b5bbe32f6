//! Whether a draft is ready to be agreed (`lc check --ready`): the errors `lc agree --by both`
//! would refuse it for, placed in the draft as it stands, so that the check and the refusal
//! cannot disagree.

use crate::check::diagnostic::{Diagnostic, Severity};
use crate::check::load_bytes;
use crate::check::policy::{Context, Settings};
use crate::model::contract::Status;
use crate::store::{edit, record};
use crate::text::lines::text_lines;

/// A draft, and the errors agreeing it would add (none: it is ready).
#[derive(Debug)]
pub struct Readiness {
    pub id: String,
    pub errors: Vec<Diagnostic>,
}

/// The errors agreeing the draft in `bytes` by both parties on the as-of date would add;
/// `None` for a contract that is no draft, or a file that cannot be read or edited (its own
/// check says why).
pub fn agreement_errors(
    rel: &str,
    bytes: &[u8],
    settings: &Settings,
    ctx: Context<'_>,
) -> Option<Readiness> {
    let text = std::str::from_utf8(bytes).ok()?;
    let before = load_bytes(rel, bytes, settings, ctx);
    let contract = before
        .contract
        .as_deref()
        .filter(|c| c.status.value == Status::Draft)?;
    let records = record::agreement(contract, ctx.as_of);
    let plan = record::plan(contract, &records, ctx.as_of).ok()?;
    let edited = edit::apply(text, &plan.changes).ok()?;
    let after = load_bytes(rel, edited.as_bytes(), settings, ctx);
    let had = |d: &Diagnostic| {
        before
            .diagnostics
            .iter()
            .any(|b| b.severity == Severity::Error && b.code == d.code && b.message == d.message)
    };
    // The agreement's own lines come after every line of the draft (the edit layer adds keys
    // after the last one); a finding there is shown at `status:`, which agreeing changes.
    let lines = u32::try_from(text_lines(text).count()).unwrap_or(u32::MAX);
    let errors = after
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error && !had(d))
        .map(|mut d| {
            if d.line > lines {
                d.line = contract.status.pos.line;
                d.column = contract.status.pos.col;
                d.width = contract.status.width;
            }
            d
        })
        .collect();
    Some(Readiness {
        id: contract.id.value.clone(),
        errors,
    })
}
