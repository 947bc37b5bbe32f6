//! `--format json`: one document on stdout, cli.md's shape.

use chrono::NaiveDate;
use serde::Serialize;

use super::Totals;
use crate::check::diagnostic::Diagnostic;

#[derive(Serialize)]
struct CheckDocument<'a> {
    version: u32,
    as_of: String,
    files: usize,
    contracts: usize,
    errors: usize,
    warnings: usize,
    diagnostics: &'a [Diagnostic],
}

pub fn check(diagnostics: &[Diagnostic], totals: Totals, as_of: NaiveDate) -> String {
    let document = CheckDocument {
        version: 1,
        as_of: as_of.to_string(),
        files: totals.files,
        contracts: totals.contracts,
        errors: totals.errors,
        warnings: totals.warnings,
        diagnostics,
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
