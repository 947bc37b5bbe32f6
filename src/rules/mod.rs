//! The rules of format.md beyond the schema: within a contract, across files, and over time.

mod dates;
mod follow_ups;
mod items;
mod links;
mod open_items;

use chrono::NaiveDate;

use crate::contract::Contract;
use crate::diagnostic::{Diagnostic, Sink};
use crate::policy::Policy;

pub use links::{Links, repo_rules};

/// What the rules are about: the as-of date and the repo's policy.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub as_of: NaiveDate,
    pub policy: &'a Policy,
}

/// The rules that need only the contract itself.
pub fn contract_rules(contract: &Contract, ctx: Context<'_>, sink: &mut Sink<'_>) {
    items::check(contract, ctx, sink);
    dates::check(contract, ctx, sink);
    follow_ups::check(contract, ctx, sink);
    open_items::check(contract, ctx, sink);
}

pub(crate) fn extend(out: &mut Vec<Diagnostic>, sink: Sink<'_>) {
    out.extend(sink.found);
}
