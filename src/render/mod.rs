//! Turns findings into text for people (`human`), programs (`json`) and CI (`github`).

pub mod aggregate;
pub mod columns;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod remind;
pub mod report;
pub mod sarif;
pub mod spreadsheet;
pub mod step_summary;
pub mod templates;
pub mod trend;
pub mod workflow;

use std::io::{self, IsTerminal, Write};

use crate::check::diagnostic::{Diagnostic, Severity};

/// The totals a check ends with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub files: usize,
    pub contracts: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Totals {
    pub fn count(diagnostics: &[Diagnostic], files: usize, contracts: usize) -> Totals {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        Totals {
            files,
            contracts,
            errors,
            warnings: diagnostics.len() - errors,
        }
    }

    /// "2 errors, 1 warning in 3 files".
    pub fn summary(&self) -> String {
        format!(
            "{}, {} in {}",
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.files, "file")
        )
    }
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Colour only on a terminal, and never when `NO_COLOR` is set (no-color.org).
pub fn use_colour(stream: &impl IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Writes output, treating a closed pipe (`lc check | head`) as the reader's choice, not an error.
pub fn write_out(out: &mut impl Write, text: &str) -> io::Result<()> {
    match out.write_all(text.as_bytes()) {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
