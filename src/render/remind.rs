//! `lc remind`: who would get what (a table), and each person's digest as plain text and HTML.
//!
//! The HTML comes from a template that escapes every value, so no text from a contract can
//! add markup or script to a message.

use std::io::{self, Write};

use chrono::NaiveDate;
use comfy_table::{
    Cell, CellAlignment, ColumnConstraint, ContentArrangement, LineStyle, Table, TableStyle, Width,
};
use serde::Serialize;

use crate::review::remind::{Digest, Reminder, lateness};

/// The subject line of a digest.
pub fn subject(digest: &Digest, as_of: NaiveDate) -> String {
    let own = digest.own.len();
    let overdue = digest.overdue();
    let mut subject = match (own, overdue) {
        (0, _) => "Learning contracts".to_string(),
        (1, 1) => "Learning contracts: 1 item to act on, overdue".to_string(),
        (1, _) => "Learning contracts: 1 item to act on".to_string(),
        (n, 0) => format!("Learning contracts: {n} items to act on"),
        (n, o) => format!("Learning contracts: {n} items to act on, {o} overdue"),
    };
    if !digest.reports.is_empty() {
        let n = digest.reports.len();
        let items = if n == 1 { "item" } else { "items" };
        let sep = if own == 0 { ": " } else { "; " };
        subject += &format!("{sep}{n} open {items} of your reports");
    }
    format!("{subject} (as of {as_of})")
}

/// The plain-text part of a digest.
pub fn text(
    out: &mut impl Write,
    digest: &Digest,
    as_of: NaiveDate,
    remind_days: i64,
) -> io::Result<()> {
    writeln!(out, "Hello {},", digest.name)?;
    writeln!(out)?;
    if !digest.own.is_empty() {
        writeln!(
            out,
            "These learning-contract items are yours to act on as of {as_of}: overdue, or due \
             within {remind_days} days. Most urgent first."
        )?;
        writeln!(out)?;
        text_items(out, &digest.own, false)?;
    }
    if !digest.reports.is_empty() {
        writeln!(out, "Your reports' items, owned by others")?;
        writeln!(out, "------------------------------------")?;
        writeln!(out)?;
        text_items(out, &digest.reports, true)?;
    }
    writeln!(
        out,
        "Each command records the item as done (or provided) today; add --on YYYY-MM-DD when it \
         happened on another day."
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "-- \nSent by lc remind from the learning contracts kept in git."
    )
}

fn text_items(out: &mut impl Write, items: &[Reminder], with_owner: bool) -> io::Result<()> {
    for (n, r) in items.iter().enumerate() {
        writeln!(out, "{}. {}", n + 1, one_line(&r.what))?;
        writeln!(out, "   due {}, {}", r.due, lateness(r.days_late))?;
        if with_owner {
            writeln!(out, "   owner: {}", one_line(&r.owner))?;
        }
        writeln!(out, "   contract: {} ({})", r.contract, r.file)?;
        writeln!(out, "   record it: {}", r.command)?;
        if r.check_in.is_some() {
            writeln!(
                out,
                "   with the answer: --applied none, partly or fully, and --evidence TEXT for what shows it"
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Texts are one line each in the plain part, whatever the file held.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Serialize)]
struct View<'a> {
    subject: String,
    name: &'a str,
    as_of: String,
    remind_days: i64,
    own: Vec<ItemView<'a>>,
    reports: Vec<ItemView<'a>>,
}

#[derive(Serialize)]
struct ItemView<'a> {
    what: &'a str,
    owner: &'a str,
    owner_shown: bool,
    contract: &'a str,
    file: &'a str,
    due: String,
    late: String,
    overdue: bool,
    command: &'a str,
    /// A transfer check-in: who it is with, and what it asks.
    check_in: Option<(&'a str, &'a crate::review::remind::CheckIn)>,
}

fn item_views(items: &[Reminder], owner_shown: bool) -> Vec<ItemView<'_>> {
    items
        .iter()
        .map(|r| ItemView {
            what: &r.what,
            owner: &r.owner,
            owner_shown,
            contract: &r.contract,
            file: &r.file,
            due: r.due.to_string(),
            late: lateness(r.days_late),
            overdue: r.days_late > 0,
            command: &r.command,
            check_in: r.check_in.as_ref().map(|c| (r.learner.as_str(), c)),
        })
        .collect()
}

/// The HTML part of a digest, from `templates/digest.html`.
pub fn html(
    out: &mut impl Write,
    digest: &Digest,
    as_of: NaiveDate,
    remind_days: i64,
) -> anyhow::Result<()> {
    let view = View {
        subject: subject(digest, as_of),
        name: &digest.name,
        as_of: as_of.to_string(),
        remind_days,
        own: item_views(&digest.own, false),
        reports: item_views(&digest.reports, true),
    };
    let page = super::templates::render("digest.html", minijinja::Value::from_serialize(&view))?;
    out.write_all(page.as_bytes())?;
    Ok(())
}

/// Who would get what: one row per item, the person named on their first row.
pub fn table(out: &mut impl Write, digests: &[Digest]) -> io::Result<()> {
    if digests.is_empty() {
        return writeln!(out, "Nobody has anything to act on.");
    }
    let mut table = Table::new();
    let style = TableStyle::new().header_separator(
        LineStyle::none()
            .fill('─')
            .junction(' ')
            .left(' ')
            .right(' '),
    );
    table
        .load_style(style)
        .set_content_arrangement(ContentArrangement::Dynamic);
    table.set_width(table_width());
    table.set_header(["to", "as", "contract", "item", "due", "late"]);
    let mut items = 0;
    for d in digests {
        let mut first = true;
        let lists = [("owner", &d.own), ("manager", &d.reports)];
        for (role, list) in lists {
            for r in list.iter() {
                let to = if first { d.address() } else { String::new() };
                first = false;
                items += 1;
                let late = if r.days_late > 0 {
                    r.days_late.to_string()
                } else {
                    String::new()
                };
                table.add_row([
                    Cell::new(to),
                    Cell::new(role),
                    Cell::new(&r.contract),
                    Cell::new(cut(&r.what, 60)),
                    Cell::new(r.due),
                    Cell::new(late).set_alignment(CellAlignment::Right),
                ]);
            }
        }
    }
    for (index, constraint) in [
        (1, ColumnConstraint::ContentWidth),
        (4, ColumnConstraint::ContentWidth),
        (5, ColumnConstraint::ContentWidth),
        (0, ColumnConstraint::LowerBoundary(Width::Fixed(16))),
    ] {
        if let Some(column) = table.column_mut(index) {
            column.set_constraint(constraint);
        }
    }
    writeln!(out, "{table}")?;
    let unreachable = digests.iter().filter(|d| d.email.is_none()).count();
    writeln!(
        out,
        "{}, {}{}",
        if digests.len() == 1 {
            "1 person".to_string()
        } else {
            format!("{} people", digests.len())
        },
        crate::render::plural(items, "item"),
        if unreachable > 0 {
            format!("; {unreachable} without an e-mail address (on stderr)")
        } else {
            String::new()
        }
    )
}

/// A text cut to `max` characters.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    format!(
        "{}…",
        text.chars().take(max - 1).collect::<String>().trim_end()
    )
}

/// `COLUMNS`, else 100 columns.
fn table_width() -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}
