//! The Markdown summary `lc check --format github` adds to a GitHub Actions run's page
//! (`$GITHUB_STEP_SUMMARY`): the counts, and the ten most urgent open items.

use std::fmt::Write;

use chrono::NaiveDate;

use super::{Totals, plural};
use crate::review::Report;

/// How many of the most urgent items the summary lists.
pub const MOST_URGENT: usize = 10;

/// One overdue or unmet item, as the summary lists it.
struct Urgent {
    days_late: i64,
    due: Option<NaiveDate>,
    what: String,
    owner: String,
    contract: String,
    /// The command that records it.
    record: String,
}

pub fn markdown(totals: Totals, report: &Report) -> String {
    let urgent = most_urgent(report);
    let overdue = report.overdue_follow_ups.len() + report.overdue_applications.len();
    let mut out = String::new();
    let _ = write!(
        out,
        "### Learning contracts: {}\n\nAs of {}, in {} and {}.\n\n\
         | | |\n|:--|--:|\n\
         | Errors | {} |\n| Warnings | {} |\n\
         | Overdue follow-ups | {} |\n| Overdue application actions | {} |\n\
         | Unmet supports | {} |\n",
        totals.summary(),
        report.as_of,
        plural(totals.files, "file"),
        plural(totals.contracts, "contract"),
        totals.errors,
        totals.warnings,
        report.overdue_follow_ups.len(),
        report.overdue_applications.len(),
        report.unmet_supports.len(),
    );
    if urgent.is_empty() {
        out += "\nNothing is overdue or unmet.\n";
        return out;
    }
    let total = overdue + report.unmet_supports.len();
    let shown = urgent.len().min(MOST_URGENT);
    let _ = write!(
        out,
        "\n**The {}** (of {total}, most days late first):\n\n\
         | Days late | Due | What | Who acts | Record it with |\n|--:|:--|:--|:--|:--|\n",
        if shown == 1 {
            "most urgent item".to_string()
        } else {
            format!("{shown} most urgent items")
        },
    );
    for item in urgent.iter().take(MOST_URGENT) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            item.days_late,
            item.due.map_or_else(|| "none".into(), |d| d.to_string()),
            escape(&item.what),
            escape(&item.owner),
            command(&item.record),
        );
    }
    out += "\nRun `lc report` for the whole review.\n";
    out
}

/// Overdue follow-ups and actions and unmet supports, most days late first.
fn most_urgent(report: &Report) -> Vec<Urgent> {
    let follow_ups = report.overdue_follow_ups.iter().map(|f| Urgent {
        days_late: f.days_overdue,
        due: Some(f.due),
        what: format!("Follow-up #{} with {}", f.index + 1, f.learner),
        owner: f.owner.clone(),
        contract: f.contract.clone(),
        record: f.record.clone(),
    });
    let actions = report.overdue_applications.iter().map(|a| Urgent {
        days_late: a.days_overdue,
        due: Some(a.due),
        what: format!("{}: {}", a.learner, a.text),
        owner: a.owner.clone(),
        contract: a.contract.clone(),
        record: a.record.clone(),
    });
    let supports = report.unmet_supports.iter().map(|s| Urgent {
        days_late: s.days_late,
        due: s.due,
        what: format!("Support for {} ({}): {}", s.learner, s.status, s.text),
        owner: s.owner.clone(),
        contract: s.contract.clone(),
        record: s.record.clone(),
    });
    let mut all: Vec<Urgent> = follow_ups.chain(actions).chain(supports).collect();
    all.sort_by(|a, b| {
        (b.days_late, a.due, &a.contract, &a.what).cmp(&(a.days_late, b.due, &b.contract, &b.what))
    });
    all
}

/// A command as code, when it is plain enough to sit in a code span inside a table cell
/// (which no backtick or `|` is); else as escaped text.
fn command(text: &str) -> String {
    if text.is_empty() {
        return "–".into();
    }
    let plain = |c: char| c.is_alphanumeric() || " ._-/:@+#=,".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        format!("`{text}`")
    } else {
        escape(text)
    }
}

/// Text as Markdown shows it literally in a table cell: every ASCII punctuation character
/// escaped (CommonMark allows a backslash before any of them), so that no text becomes a link,
/// a mention, markup or a new cell; line breaks become spaces.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
            out.push(c);
        } else if c.is_control() {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_links_and_cells() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("*bold* [x](y)"), "\\*bold\\* \\[x\\]\\(y\\)");
        assert_eq!(escape("<script>\n@sam"), "\\<script\\> \\@sam");
        assert_eq!(escape("Zoë"), "Zoë");
    }

    #[test]
    fn commands_are_code_when_they_can_be() {
        assert_eq!(
            command("lc done 2026-x follow-up 2"),
            "`lc done 2026-x follow-up 2`"
        );
        assert_eq!(command("lc done a|b"), "lc done a\\|b");
        assert_eq!(command("lc done `x`"), "lc done \\`x\\`");
    }
}
