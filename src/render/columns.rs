//! A report section's columns, described once (title, alignment, how to get the cell from a
//! row) and walked by the terminal table, Markdown and HTML alike.

use chrono::NaiveDate;
use serde::Serialize;

use crate::report::{DueSoon, FollowThrough, OverdueApplication, OverdueFollowUp, UnmetSupport};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    Left,
    Right,
}

/// How a column takes the terminal's width: never wrapped, a name (wraps past 18), or a text
/// that shares what is left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Width {
    Fixed,
    Name,
    Text,
}

/// What a cell holds; each format shows it its own way.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Cell {
    /// Free text: cut to a line in the terminal table only.
    Text {
        text: String,
    },
    /// A name, a word or a number, shown as it is.
    Plain {
        text: String,
    },
    /// The command that records an item (`lc done 2026-jane-doe follow-up 2`), with the
    /// contract's file.
    Command {
        command: String,
        file: String,
    },
    Date {
        date: Option<NaiveDate>,
    },
    /// Days late (or left, with `left`).
    Days {
        days: i64,
        left: bool,
    },
    /// A support's status.
    Status {
        status: String,
    },
    /// An item of a list: its kind, then its text.
    Item {
        tag: &'static str,
        text: String,
    },
    /// A share of a whole (0-1).
    Rate {
        rate: f64,
    },
}

impl Cell {
    fn plain(text: impl Into<String>) -> Cell {
        Cell::Plain { text: text.into() }
    }
    fn text(text: impl Into<String>) -> Cell {
        Cell::Text { text: text.into() }
    }
    fn command(command: &str, file: &str) -> Cell {
        Cell::Command {
            command: command.into(),
            file: file.into(),
        }
    }

    /// The cell as plain text (Markdown and the terminal; the terminal cuts `Text` itself).
    pub fn to_text(&self) -> String {
        match self {
            Cell::Text { text } | Cell::Plain { text } => text.clone(),
            Cell::Command { command, .. } => command.clone(),
            Cell::Date { date } => date.map_or_else(|| "–".into(), |d| d.to_string()),
            Cell::Days { days, .. } => match days {
                1 => "1 day".into(),
                n => format!("{n} days"),
            },
            Cell::Status { status } => status.clone(),
            Cell::Item { tag, text } => format!("{tag}: {text}"),
            Cell::Rate { rate } => format!("{:.0} %", rate * 100.0),
        }
    }
}

/// One column of a section.
pub struct Column<R> {
    pub title: &'static str,
    pub align: Align,
    pub width: Width,
    pub cell: fn(&R) -> Cell,
}

const fn column<R>(
    title: &'static str,
    align: Align,
    width: Width,
    cell: fn(&R) -> Cell,
) -> Column<R> {
    Column {
        title,
        align,
        width,
        cell,
    }
}

use Align::{Left, Right};

/// The title of the last column of the item lists: the command that records the item (it
/// names the contract too).
pub const RECORD: &str = "to record";
use Width::{Fixed, Name, Text};

pub const OVERDUE_FOLLOW_UPS: &[Column<OverdueFollowUp>] = &[
    column("learner", Left, Name, |r| Cell::plain(&r.learner)),
    column("manager", Left, Name, |r| Cell::plain(&r.manager)),
    column("owner", Left, Name, |r| Cell::plain(&r.owner)),
    column("due", Left, Fixed, |r| Cell::Date { date: Some(r.due) }),
    column("overdue", Right, Fixed, |r| Cell::Days {
        days: r.days_overdue,
        left: false,
    }),
    column(RECORD, Left, Text, |r| Cell::command(&r.record, &r.file)),
];

pub const OVERDUE_APPLICATIONS: &[Column<OverdueApplication>] = &[
    column("learner", Left, Name, |r| Cell::plain(&r.learner)),
    column("action", Left, Text, |r| Cell::text(&r.text)),
    column("owner", Left, Name, |r| Cell::plain(&r.owner)),
    column("due", Left, Fixed, |r| Cell::Date { date: Some(r.due) }),
    column("overdue", Right, Fixed, |r| Cell::Days {
        days: r.days_overdue,
        left: false,
    }),
    column(RECORD, Left, Text, |r| Cell::command(&r.record, &r.file)),
];

pub const UNMET_SUPPORTS: &[Column<UnmetSupport>] = &[
    column("learner", Left, Name, |r| Cell::plain(&r.learner)),
    column("support", Left, Text, |r| Cell::text(&r.text)),
    column("owner", Left, Name, |r| Cell::plain(&r.owner)),
    column("due", Left, Fixed, |r| Cell::Date { date: r.due }),
    column("status", Left, Fixed, |r| Cell::Status {
        status: r.status.clone(),
    }),
    column("late", Right, Fixed, |r| Cell::Days {
        days: r.days_late,
        left: false,
    }),
    column(RECORD, Left, Text, |r| Cell::command(&r.record, &r.file)),
];

pub const DUE_SOON: &[Column<DueSoon>] = &[
    column("due", Left, Fixed, |r| Cell::Date { date: Some(r.due) }),
    column("in", Right, Fixed, |r| Cell::Days {
        days: r.days_left,
        left: true,
    }),
    column("learner", Left, Name, |r| Cell::plain(&r.learner)),
    column("item", Left, Text, |r| Cell::Item {
        tag: match r.list {
            "follow_ups" => "follow-up",
            "application" => "action",
            _ => "support",
        },
        text: r.text.clone(),
    }),
    column("owner", Left, Name, |r| Cell::plain(&r.owner)),
    column(RECORD, Left, Text, |r| Cell::command(&r.record, &r.file)),
];

pub const FOLLOW_THROUGH: &[Column<FollowThrough>] = &[
    column("manager", Left, Name, |r| Cell::plain(&r.manager)),
    column("due", Right, Fixed, |r| Cell::plain(r.due.to_string())),
    column("on time", Right, Fixed, |r| {
        Cell::plain(r.on_time.to_string())
    }),
    column("late", Right, Fixed, |r| Cell::plain(r.late.to_string())),
    column("not done", Right, Fixed, |r| {
        Cell::plain(r.not_done.to_string())
    }),
    column("on time %", Right, Fixed, |r| Cell::Rate {
        rate: r.on_time_rate,
    }),
];

/// The rows in the order a reader needs them: most days late first, then the nearest due date
/// (none last); ties keep their order (contract, then position in its list). The terminal
/// table, Markdown and HTML use it; JSON and CSV keep the report's documented order.
pub fn by_attention<R>(
    rows: &[R],
    late: fn(&R) -> i64,
    due: fn(&R) -> Option<NaiveDate>,
) -> Vec<&R> {
    let mut sorted: Vec<&R> = rows.iter().collect();
    sorted.sort_by(|a, b| {
        late(b).cmp(&late(a)).then_with(|| match (due(a), due(b)) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        })
    });
    sorted
}

/// The report's item lists in that order.
pub struct ByAttention<'a> {
    pub overdue_follow_ups: Vec<&'a OverdueFollowUp>,
    pub overdue_applications: Vec<&'a OverdueApplication>,
    pub unmet_supports: Vec<&'a UnmetSupport>,
    pub due_soon: Vec<&'a DueSoon>,
}

impl<'a> ByAttention<'a> {
    pub fn of(report: &'a crate::report::Report) -> ByAttention<'a> {
        ByAttention {
            overdue_follow_ups: by_attention(
                &report.overdue_follow_ups,
                |r| r.days_overdue,
                |r| Some(r.due),
            ),
            overdue_applications: by_attention(
                &report.overdue_applications,
                |r| r.days_overdue,
                |r| Some(r.due),
            ),
            unmet_supports: by_attention(&report.unmet_supports, |r| r.days_late, |r| r.due),
            due_soon: by_attention(&report.due_soon, |_| 0, |r| Some(r.due)),
        }
    }
}

/// A section's header and cells, from its description.
pub fn grid<'a, R: 'a>(
    columns: &[Column<R>],
    rows: impl IntoIterator<Item = &'a R>,
) -> (Vec<&'static str>, Vec<Vec<Cell>>) {
    let header = columns.iter().map(|c| c.title).collect();
    let cells = rows
        .into_iter()
        .map(|r| columns.iter().map(|c| (c.cell)(r)).collect())
        .collect();
    (header, cells)
}
