//! A report section's columns, described once (title, alignment, how to get the cell from a
//! row) and walked by the terminal table, Markdown and HTML alike.

use chrono::NaiveDate;
use serde::Serialize;

use crate::review::transfer::{Case, Horizon, TransferSpend};
use crate::review::{
    ActionDone, ContractEvent, DueSoon, FollowThrough, FollowUpDone, LineOfSight, MethodMix,
    ObjectiveOutcome, OverdueApplication, OverdueFollowUp, Report, Spend, SupportDeclined,
    SupportProvided, TRANSFER_OWNERS, TRANSFER_PHASES, TransferCell, TransferCurve, UnmetSupport,
};

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
    /// An item of a list: its kind, then its text; an item without a text is named by its
    /// number (`follow-up #2`).
    Item {
        tag: &'static str,
        text: String,
        number: Option<usize>,
    },
    /// A share of a whole (0-1).
    Rate {
        rate: f64,
    },
    /// A row's name (a currency, an owner): bold in HTML.
    Key {
        text: String,
    },
    /// An amount: `text` as JSON writes it, `grouped` with thousands separators for HTML.
    Money {
        text: String,
        grouped: String,
    },
    /// A share of a whole (0-100, whole percent), drawn as a small bar in HTML.
    Share {
        percent: i64,
    },
    /// A count with its share of a whole, `3 (60 %)`.
    Part {
        n: usize,
        of: usize,
    },
    /// A contract's id, with its file.
    Contract {
        id: String,
        file: String,
    },
    /// How late a follow-up was done: days after its due date (on time at 0 or less), none
    /// without a due date.
    Timing {
        days: Option<i64>,
    },
    /// A transfer-matrix cell: supports provided, needed, unmet (`parts` names the ones above
    /// zero); `key` marks the cell that decides whether learning is used.
    Supports {
        counts: Option<[usize; 3]>,
        parts: Vec<(&'static str, usize, &'static str)>,
        key: bool,
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
            Cell::Command { command, .. } if command.is_empty() => "–".into(),
            Cell::Command { command, .. } => command.clone(),
            Cell::Date { date } => date.map_or_else(|| "–".into(), |d| d.to_string()),
            Cell::Days { days, .. } => match days {
                1 => "1 day".into(),
                n => format!("{n} days"),
            },
            Cell::Status { status } => status.clone(),
            Cell::Item {
                tag,
                number: Some(n),
                ..
            } => format!("{tag} #{n}"),
            Cell::Item { tag, text, .. } => format!("{tag}: {text}"),
            Cell::Rate { rate } => format!("{:.0} %", rate * 100.0),
            Cell::Key { text } => text.clone(),
            Cell::Contract { id, .. } => id.clone(),
            Cell::Timing { days } => match days {
                None => "–".into(),
                Some(d) if *d <= 0 => "on time".into(),
                Some(1) => "1 day late".into(),
                Some(d) => format!("{d} days late"),
            },
            Cell::Money { text, .. } => text.clone(),
            Cell::Share { percent } => format!("{percent} %"),
            Cell::Part { n, of } => format!("{n} ({})", percent(*n, *of)),
            Cell::Supports { counts, .. } => {
                counts.map_or_else(|| "·".into(), |[p, n, u]| format!("{p}/{n}/{u}"))
            }
        }
    }
}

/// `part` of `whole` in whole percent, `–` of nothing.
fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "–".into()
    } else {
        format!("{:.0} %", part as f64 * 100.0 / whole as f64)
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
        // A follow-up without notes is named by its number: `follow-up #2`, not
        // `follow-up: follow-up`.
        number: r.text.trim().is_empty().then_some(r.index + 1),
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

pub const LINE_OF_SIGHT: &[Column<LineOfSight>] = &[
    column("objectives", Right, Fixed, |r| {
        Cell::plain(r.objectives.to_string())
    }),
    column("serving a goal", Right, Fixed, |r| Cell::Part {
        n: r.serving_a_goal,
        of: r.objectives,
    }),
    column("serving a measured goal", Right, Fixed, |r| Cell::Part {
        n: r.serving_a_measured_goal,
        of: r.objectives,
    }),
    column("achieved", Right, Fixed, |r| Cell::Part {
        n: r.achieved,
        of: r.objectives,
    }),
    column("dropped", Right, Fixed, |r| Cell::Part {
        n: r.dropped,
        of: r.objectives,
    }),
];

/// A group of the method mix: how many methods, of how many, and its 70:20:10 share.
pub struct MixGroup {
    pub group: &'static str,
    pub methods: usize,
    pub total: usize,
    pub reference: &'static str,
}

/// The method mix's groups, `other` only when some method is in it; none without methods.
pub fn mix_groups(m: &MethodMix) -> Vec<MixGroup> {
    let total = m.formal + m.social + m.experiential + m.other;
    let groups = [
        ("experiential", m.experiential, "70 %"),
        ("social", m.social, "20 %"),
        ("formal", m.formal, "10 %"),
        ("other", m.other, "–"),
    ];
    groups
        .into_iter()
        .filter(|(group, n, _)| total > 0 && (*n > 0 || *group != "other"))
        .map(|(group, methods, reference)| MixGroup {
            group,
            methods,
            total,
            reference,
        })
        .collect()
}

pub const METHOD_MIX: &[Column<MixGroup>] = &[
    column("group", Left, Fixed, |r| Cell::plain(r.group)),
    column("methods", Right, Fixed, |r| {
        Cell::plain(r.methods.to_string())
    }),
    column("share", Right, Fixed, |r| {
        Cell::plain(percent(r.methods, r.total))
    }),
    column("70:20:10", Right, Fixed, |r| Cell::plain(r.reference)),
];

/// Cents with thousands separators: `10,450.00`.
fn grouped(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let units = (cents / 100).to_string();
    let mut out = String::new();
    for (i, digit) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    format!("{sign}{out}.{:02}", cents % 100)
}

pub const SPEND: &[Column<Spend>] = &[
    column("currency", Left, Fixed, |r| Cell::Key {
        text: r.currency.clone(),
    }),
    column("total", Right, Fixed, |r| Cell::Money {
        text: r.total.clone(),
        grouped: grouped(r.total_cents),
    }),
    column("application still open", Right, Fixed, |r| Cell::Money {
        text: r.application_open.clone(),
        grouped: grouped(r.open_cents),
    }),
    column("share open", Right, Fixed, |r| Cell::Share {
        percent: if r.total_cents > 0 {
            ((r.open_cents * 100 + r.total_cents / 2) / r.total_cents).clamp(0, 100)
        } else {
            0
        },
    }),
];

/// The contracts of other periods a review set apart, for its summary:
/// `2 of an earlier period (--period 2025), 3 of a later one (--period 2027): not counted`.
pub fn other_periods(o: &crate::review::OtherPeriods) -> Option<String> {
    let flag = |year: Option<i32>| year.map_or_else(String::new, |y| format!(" (--period {y})"));
    let earlier = (o.earlier > 0).then(|| format!("{} of an earlier period", o.earlier));
    let later = match (o.earlier, o.later) {
        (_, 0) => None,
        (0, n) => Some(format!("{n} of a later period")),
        (_, n) => Some(format!("{n} of a later one")),
    };
    let parts: Vec<String> = [
        earlier.map(|e| e + &flag(o.earlier_year)),
        later.map(|l| l + &flag(o.later_year)),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| format!("{}: not counted", parts.join(", ")))
}

/// What happened during a quarter, counted: `5 follow-ups done, 2 actions done, …`.
pub fn during_counts(d: &crate::review::DuringQuarter) -> String {
    let n = crate::render::plural;
    [
        format!("{} done", n(d.follow_ups_done.len(), "follow-up")),
        format!("{} done", n(d.actions_done.len(), "action")),
        format!("{} provided", n(d.supports_provided.len(), "support")),
        format!("{} declined", d.supports_declined.len()),
        format!("{} achieved", n(d.objectives_achieved.len(), "objective")),
        format!("{} dropped", d.objectives_dropped.len()),
        format!("{} agreed", n(d.contracts_agreed.len(), "contract")),
        format!("{} closed", d.contracts_closed.len()),
        format!("{} cancelled", d.contracts_cancelled.len()),
    ]
    .join(", ")
}

/// The quarter's follow-through, labelled as the quarter's (section 6 counts every follow-up
/// due before the as-of date): `60 % on time (6 of 10 due in 2026Q3)`.
pub fn quarter_follow_through(d: &crate::review::DuringQuarter) -> String {
    let due: usize = d.follow_through.iter().map(|f| f.due).sum();
    let on_time: usize = d.follow_through.iter().map(|f| f.on_time).sum();
    format!(
        "{} on time ({on_time} of {due} due in {})",
        percent(on_time, due),
        d.quarter
    )
}

/// Where a review's spend comes from, per currency, and the contracts to look at: those counted
/// at the cost of the method that links them, and those perhaps counted twice. The terminal
/// table and Markdown write it as a note under the table, HTML as a paragraph and lists.
pub struct SpendNote {
    pub lines: Vec<String>,
    pub costed_by_method: Vec<String>,
    pub not_linked_back: Vec<String>,
}

pub fn spend_note(spend: &[Spend]) -> SpendNote {
    let mut lines = Vec::new();
    for s in spend {
        lines.push(format!(
            "{}: {} from experience contracts, {} from strategic methods.",
            s.currency, s.from_experiences, s.from_methods
        ));
        if !s.costed_by_method.is_empty() {
            lines.push(format!(
                "{}: {} of it for experience contracts with no cost of their own.",
                s.currency, s.from_methods_for_experiences
            ));
        }
    }
    SpendNote {
        lines,
        costed_by_method: spend
            .iter()
            .flat_map(|s| s.costed_by_method.clone())
            .collect(),
        not_linked_back: spend
            .iter()
            .flat_map(|s| s.not_linked_back.clone())
            .collect(),
    }
}

/// The heading of the list of experience contracts counted at their method's cost.
pub const COSTED_BY_METHOD: &str =
    "Counted at the cost of the method that links them (they have no cost of their own):";
/// The heading of the list of experience contracts perhaps counted twice.
pub const NOT_LINKED_BACK: &str = "Perhaps counted twice (not linked back; `lc check` says where):";

/// A row of the transfer matrix: an owner and its cell in each phase (`TRANSFER_PHASES`).
pub struct TransferRow {
    pub owner: &'static str,
    /// Supports provided, needed and unmet, per phase.
    pub cells: [Option<[usize; 3]>; 4],
}

/// The transfer matrix's rows: the learner and the manager always, the other owners when they
/// owe a support; none without supports.
pub fn transfer_rows(cells: &[TransferCell]) -> Vec<TransferRow> {
    if cells.is_empty() {
        return Vec::new();
    }
    TRANSFER_OWNERS
        .iter()
        .filter(|o| matches!(**o, "learner" | "manager") || cells.iter().any(|c| c.owner == **o))
        .map(|owner| TransferRow {
            owner,
            cells: TRANSFER_PHASES
                .map(|phase| cells.iter().find(|c| c.owner == *owner && c.phase == phase))
                .map(|cell| cell.map(|c| [c.provided, c.needed, c.unmet])),
        })
        .collect()
}

fn supports(row: &TransferRow, phase: usize) -> Cell {
    let counts = row.cells[phase];
    Cell::Supports {
        counts,
        parts: counts.map_or_else(Vec::new, |[provided, needed, unmet]| {
            [
                ("p", provided, "provided"),
                ("nd", needed, "needed"),
                ("u", unmet, "unmet"),
            ]
            .into_iter()
            .filter(|(_, n, _)| *n > 0)
            .collect()
        }),
        key: row.owner == "manager" && TRANSFER_PHASES[phase] == "after",
    }
}

pub const TRANSFER_MATRIX: &[Column<TransferRow>] = &[
    column("owner", Left, Fixed, |r| Cell::Key {
        text: r.owner.to_string(),
    }),
    column("before", Right, Fixed, |r| supports(r, 0)),
    column("during", Right, Fixed, |r| supports(r, 1)),
    column("after", Right, Fixed, |r| supports(r, 2)),
    column("unset", Right, Fixed, |r| supports(r, 3)),
];

/// A row of the transfer curve: one horizon, of all experiences or of one group of them.
pub struct TransferLine {
    /// The type or provider; empty for all experiences.
    pub group: String,
    pub h: Horizon,
}

/// The curve's rows: every horizon; none when no experience is counted yet.
pub fn transfer_curve_lines(curve: &TransferCurve) -> Vec<TransferLine> {
    if curve.is_empty() {
        return Vec::new();
    }
    curve
        .horizons
        .iter()
        .map(|h| TransferLine {
            group: String::new(),
            h: *h,
        })
        .collect()
}

/// A split's rows: each group's horizons at which it has experiences to count.
pub fn transfer_group_lines<'a>(
    groups: impl IntoIterator<Item = (String, &'a [Horizon])>,
) -> Vec<TransferLine> {
    groups
        .into_iter()
        .flat_map(|(group, horizons)| {
            horizons
                .iter()
                .filter(|h| h.eligible > 0)
                .map(move |h| TransferLine {
                    group: group.clone(),
                    h: *h,
                })
        })
        .collect()
}

fn count(n: usize) -> Cell {
    Cell::plain(n.to_string())
}

/// A fraction as a whole percent, `–` without one.
fn percent_or_dash(fraction: Option<f64>) -> Cell {
    Cell::plain(fraction.map_or_else(|| "–".into(), |f| format!("{:.0} %", f * 100.0)))
}

fn after(days: i64) -> Cell {
    Cell::plain(format!("{days} days"))
}

pub const TRANSFER_CURVE: &[Column<TransferLine>] = &[
    column("after", Left, Fixed, |r| after(r.h.days)),
    column("eligible", Right, Fixed, |r| count(r.h.eligible)),
    column("applied", Right, Fixed, |r| count(r.h.applied)),
    column("not applied", Right, Fixed, |r| count(r.h.not_applied)),
    column("not asked", Right, Fixed, |r| count(r.h.not_asked)),
    column("share", Right, Fixed, |r| percent_or_dash(r.h.share)),
    column("estimate", Right, Fixed, |r| percent_or_dash(r.h.reference)),
];

pub const TRANSFER_BY_TYPE: &[Column<TransferLine>] = &[
    column("type", Left, Name, |r| Cell::Key {
        text: r.group.clone(),
    }),
    column("after", Left, Fixed, |r| after(r.h.days)),
    column("eligible", Right, Fixed, |r| count(r.h.eligible)),
    column("applied", Right, Fixed, |r| count(r.h.applied)),
    column("not applied", Right, Fixed, |r| count(r.h.not_applied)),
    column("not asked", Right, Fixed, |r| count(r.h.not_asked)),
    column("share", Right, Fixed, |r| percent_or_dash(r.h.share)),
];

pub const TRANSFER_BY_PROVIDER: &[Column<TransferLine>] = &[
    column("provider", Left, Name, |r| Cell::Key {
        text: r.group.clone(),
    }),
    column("after", Left, Fixed, |r| after(r.h.days)),
    column("eligible", Right, Fixed, |r| count(r.h.eligible)),
    column("applied", Right, Fixed, |r| count(r.h.applied)),
    column("not applied", Right, Fixed, |r| count(r.h.not_applied)),
    column("not asked", Right, Fixed, |r| count(r.h.not_asked)),
    column("share", Right, Fixed, |r| percent_or_dash(r.h.share)),
];

pub const TRANSFER_CASES: &[Column<Case>] = &[
    column("learner", Left, Name, |r| Cell::plain(&r.learner)),
    column("experience", Left, Text, |r| Cell::text(&r.title)),
    column("after", Left, Fixed, |r| after(r.days)),
    column("evidence", Left, Text, |r| {
        Cell::text(r.evidence.as_deref().unwrap_or("–"))
    }),
    column("contract", Left, Text, |r| contract(&r.contract, &r.file)),
];

pub const TRANSFER_SPEND: &[Column<TransferSpend>] = &[
    column("currency", Left, Fixed, |r| Cell::Key {
        text: r.currency.clone(),
    }),
    column("latest answer none", Right, Fixed, |r| Cell::Money {
        text: r.latest_answer_none.clone(),
        grouped: grouped(r.none_cents),
    }),
    column("not asked after 180 days", Right, Fixed, |r| Cell::Money {
        text: r.not_asked_after_180.clone(),
        grouped: grouped(r.not_asked_cents),
    }),
];

fn contract(id: &str, file: &str) -> Cell {
    Cell::Contract {
        id: id.into(),
        file: file.into(),
    }
}

pub const FOLLOW_UPS_DONE: &[Column<FollowUpDone>] = &[
    column("contract", Left, Text, |r| contract(&r.contract, &r.file)),
    column("learner", Left, Name, |r| Cell::plain(&r.learner)),
    column("manager", Left, Name, |r| Cell::plain(&r.manager)),
    column("due", Left, Fixed, |r| Cell::Date { date: r.due }),
    column("done", Left, Fixed, |r| Cell::Date { date: Some(r.done) }),
    column("timing", Right, Fixed, |r| Cell::Timing {
        days: r.due.map(|due| (r.done - due).num_days()),
    }),
];

pub const SUPPORTS_PROVIDED: &[Column<SupportProvided>] = &[
    column("contract", Left, Text, |r| contract(&r.contract, &r.file)),
    column("learner", Left, Name, |r| Cell::plain(&r.learner)),
    column("support", Left, Text, |r| Cell::text(&r.text)),
    column("provided on", Left, Fixed, |r| Cell::Date {
        date: Some(r.provided_on),
    }),
];

pub const ACTIONS_DONE: &[Column<ActionDone>] = &[
    column("contract", Left, Text, |r| contract(&r.contract, &r.file)),
    column("learner", Left, Name, |r| Cell::plain(&r.learner)),
    column("action", Left, Text, |r| Cell::text(&r.text)),
    column("due", Left, Fixed, |r| Cell::Date { date: r.due }),
    column("done", Left, Fixed, |r| Cell::Date { date: Some(r.done) }),
    column("timing", Right, Fixed, |r| Cell::Timing {
        days: r.due.map(|due| (r.done - due).num_days()),
    }),
];

pub const SUPPORTS_DECLINED: &[Column<SupportDeclined>] = &[
    column("contract", Left, Text, |r| contract(&r.contract, &r.file)),
    column("learner", Left, Name, |r| Cell::plain(&r.learner)),
    column("support", Left, Text, |r| Cell::text(&r.text)),
    column("due", Left, Fixed, |r| Cell::Date { date: r.due }),
];

pub const OBJECTIVES_ACHIEVED: &[Column<ObjectiveOutcome>] = &[
    column("contract", Left, Text, |r| contract(&r.contract, &r.file)),
    column("learner", Left, Name, |r| Cell::plain(&r.learner)),
    column("objective", Left, Text, |r| Cell::text(&r.text)),
    column("achieved on", Left, Fixed, |r| Cell::Date { date: r.on }),
];

pub const OBJECTIVES_DROPPED: &[Column<ObjectiveOutcome>] = &[
    column("contract", Left, Text, |r| contract(&r.contract, &r.file)),
    column("learner", Left, Name, |r| Cell::plain(&r.learner)),
    column("objective", Left, Text, |r| Cell::text(&r.text)),
];

pub const CONTRACTS_CANCELLED: &[Column<ContractEvent>] = &[
    column("contract", Left, Text, |r| contract(&r.contract, &r.file)),
    column("learner", Left, Name, |r| Cell::plain(&r.learner)),
];

pub const CONTRACTS_AGREED: &[Column<ContractEvent>] = &[
    column("contract", Left, Text, |r| contract(&r.contract, &r.file)),
    column("learner", Left, Name, |r| Cell::plain(&r.learner)),
    column("agreed on", Left, Fixed, |r| Cell::Date { date: r.on }),
];

pub const CONTRACTS_CLOSED: &[Column<ContractEvent>] = &[
    column("contract", Left, Text, |r| contract(&r.contract, &r.file)),
    column("learner", Left, Name, |r| Cell::plain(&r.learner)),
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
    pub fn of(report: &'a Report) -> ByAttention<'a> {
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

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn money_is_grouped_by_thousands() {
        assert_eq!(grouped(1_045_000), "10,450.00");
        assert_eq!(grouped(24_990), "249.90");
        assert_eq!(grouped(5), "0.05");
        assert_eq!(grouped(-123_456_789), "-1,234,567.89");
    }
}
