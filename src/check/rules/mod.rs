//! The rules of format.md beyond the schema: within a contract, across files, and over time.

mod dates;
mod follow_ups;
mod items;
mod links;
mod open_items;
mod transfer_checkins;

use crate::check::diagnostic::Sink;
use crate::check::policy::Context;

use crate::model::contract::Contract;

pub use links::{Links, repo_rules};

/// The rules that need only the contract itself.
pub fn contract_rules(contract: &Contract, ctx: Context<'_>, sink: &mut Sink<'_>) {
    items::check(contract, ctx, sink);
    dates::check(contract, ctx, sink);
    follow_ups::check(contract, ctx, sink);
    transfer_checkins::check(contract, ctx, sink);
    open_items::check(contract, ctx, sink);
}
