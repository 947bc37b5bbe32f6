//! One module per command: each takes the `Config` and returns the exit code.

/// A line on stdout. A closed pipe (`lc done … | true`) or any other failure to print is not
/// the command's failure: by the time it prints, its writes are done, so the error is dropped
/// (`println!` would panic instead).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// A line on stderr, whatever has become of stderr (see [`outln`]).
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod calendar;
pub mod check;
pub mod completions;
pub mod init;
pub mod list;
pub mod man;
pub mod new;
pub mod offboard;
pub mod record;
pub mod remind;
pub mod report;
pub mod schema;
pub mod split;
pub mod trend;

use anyhow::Result;
use chrono::NaiveDate;

use crate::cli::ReportFormat;
use crate::render;
use crate::review::Report;

/// The review in one format.
pub fn rendered(report: &Report, format: ReportFormat, colour: bool) -> Result<String> {
    Ok(match format {
        ReportFormat::Table => render::report::table(report, colour),
        ReportFormat::Markdown => render::report::markdown(report),
        ReportFormat::Csv => render::report::csv(report)?,
        ReportFormat::Json => render::report::json(report),
        ReportFormat::Html => render::html::report(report),
    })
}

/// Says on stderr how many facts dated after the as-of date were set aside, when any were.
pub fn note_set_aside(set_aside: usize, as_of: NaiveDate) {
    if set_aside > 0 {
        errln!(
            "note: {} dated after {as_of} set aside as not yet happened on that day",
            crate::render::plural(set_aside, "fact")
        );
    }
}

/// Says on stderr how many files the report could not use, and where to learn why.
pub fn note_skipped(skipped: usize) {
    if skipped == 1 {
        errln!("note: 1 file gives no contract and was skipped: `lc check` says why");
    } else if skipped > 1 {
        errln!("note: {skipped} files give no contract and were skipped: `lc check` says why");
    }
}
