//! `lc report` and `lc list` as terminal tables, Markdown, CSV and JSON.
//!
//! Every format is built from the same rows (`sections`), so they cannot disagree.

use std::fmt::Write as _;

use anyhow::Result;
use comfy_table::{
    Cell, CellAlignment, ColumnConstraint, ContentArrangement, LineStyle, Table, TableStyle, Width,
};

use super::columns::{self, Align, Column, grid};
use crate::review::Report;
use crate::review::list::Row;

/// A section of the review as a titled table; `numeric` columns are right-aligned.
#[derive(Clone)]
struct Section {
    title: String,
    /// Said instead of an empty table.
    empty: &'static str,
    header: Vec<&'static str>,
    numeric: Vec<usize>,
    /// Columns that are never wrapped (dates, numbers, short words); names wrap past 16
    /// characters, and the other columns (texts, ids) share what is left.
    fixed: Vec<usize>,
    names: Vec<usize>,
    rows: Vec<Vec<String>>,
    /// A line under the table: totals, the reference mix.
    note: Option<String>,
    /// Titled tables in place of one (the lists of the quarter).
    parts: Vec<Section>,
    /// Whether a part's title says how many rows it has (a list does; a table of figures not).
    counted: bool,
}

impl Section {
    /// A section from its column description (`render::columns`); for a terminal (`short`),
    /// free texts are cut to a line.
    fn described<'a, R: 'a>(
        title: &str,
        empty: &'static str,
        columns: &[Column<R>],
        rows: impl IntoIterator<Item = &'a R>,
        short: bool,
    ) -> Section {
        let (header, cells) = grid(columns, rows);
        let indexes = |keep: fn(&Column<R>) -> bool| {
            (0..columns.len())
                .filter(|i| keep(&columns[*i]))
                .collect::<Vec<_>>()
        };
        Section {
            title: title.to_string(),
            empty,
            header,
            numeric: indexes(|c| c.align == Align::Right),
            fixed: indexes(|c| c.width == columns::Width::Fixed),
            names: indexes(|c| c.width == columns::Width::Name),
            rows: cells
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|cell| match cell {
                            columns::Cell::Text { .. } | columns::Cell::Item { .. } if short => {
                                cut(&cell.to_text(), 36)
                            }
                            _ => cell.to_text(),
                        })
                        .collect()
                })
                .collect(),
            note: None,
            parts: Vec::new(),
            counted: true,
        }
    }
}

/// The first line of a text, cut to `max` characters.
fn cut(text: &str, max: usize) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    if line.chars().count() <= max {
        return line.to_string();
    }
    format!(
        "{}…",
        line.chars().take(max - 1).collect::<String>().trim_end()
    )
}

fn or_dash(text: &Option<String>) -> String {
    text.clone().unwrap_or_else(|| "–".into())
}

fn summary_lines(report: &Report) -> Vec<String> {
    let c = &report.contracts;
    let s = &c.by_status;
    let revision = report
        .revision
        .as_ref()
        .map_or("working tree".to_string(), |r| {
            format!("commit {}", &r[..r.len().min(12)])
        });
    let mut lines = vec![
        format!("repo: {}", report.repo),
        format!("revision: {revision}"),
        format!("as of: {}", report.as_of),
        format!(
            "contracts: {} ({} strategic, {} experience) — {} draft, {} agreed, {} active, {} closed, {} cancelled",
            c.total,
            c.by_kind.strategic,
            c.by_kind.experience,
            s.draft,
            s.agreed,
            s.active,
            s.closed,
            s.cancelled
        ),
    ];
    if let Some(other) = columns::other_periods(&report.contracts_of_other_periods) {
        lines.push(format!("other periods: {other}"));
    }
    if let Some(d) = &report.during_the_quarter {
        lines.push(format!(
            "during {}: {}",
            d.quarter,
            columns::during_counts(d)
        ));
        lines.push(format!(
            "follow-through in the quarter: {}",
            columns::quarter_follow_through(d)
        ));
    }
    if report.skipped_files > 0 {
        lines.push(format!(
            "skipped: {} (give no contract; `lc check` says why)",
            crate::render::plural(report.skipped_files, "file")
        ));
    }
    if let Some(change) = &report.change_against_previous_quarter {
        lines.push(format!(
            "against {}: {}",
            change.against,
            quarter_change(report, change)
        ));
    }
    if report.later_facts_set_aside > 0 {
        lines.push(format!(
            "set aside: {} dated after {} (not yet happened on that day)",
            crate::render::plural(report.later_facts_set_aside, "fact"),
            report.as_of
        ));
    }
    lines
}

/// The headline figures of a quarterly review, each with its change against the quarter before:
/// `overdue follow-ups 3 (+1), …`.
fn quarter_change(report: &Report, change: &crate::review::figures::QuarterChange) -> String {
    use crate::review::figures::{Figures, HEADLINE, figures, shown, signed};
    let now = Figures::of(report);
    figures()
        .filter(|f| HEADLINE.contains(&f.key))
        .map(|f| {
            let delta = change
                .change
                .get(f.key)
                .map_or_else(|| "–".to_string(), |c| signed(c, f.rate));
            format!("{} {} ({delta})", f.label, shown(f, &now))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sections' rows; for a terminal (`short`), long texts are cut to a line.
fn sections(report: &Report, short: bool) -> Vec<Section> {
    use super::columns::{
        ACTIONS_DONE, CONTRACTS_AGREED, CONTRACTS_CANCELLED, CONTRACTS_CLOSED, DUE_SOON,
        FOLLOW_THROUGH, FOLLOW_UPS_DONE, LINE_OF_SIGHT, METHOD_MIX, OBJECTIVES_ACHIEVED,
        OBJECTIVES_DROPPED, OVERDUE_APPLICATIONS, OVERDUE_FOLLOW_UPS, SPEND, SUPPORTS_DECLINED,
        SUPPORTS_PROVIDED, TRANSFER_MATRIX, UNMET_SUPPORTS,
    };
    use crate::review::ContractEvent;
    let sorted = columns::ByAttention::of(report);
    let mut out = vec![
        Section::described(
            "Overdue follow-ups",
            "No follow-up is overdue.",
            OVERDUE_FOLLOW_UPS,
            sorted.overdue_follow_ups,
            short,
        ),
        Section::described(
            "Learning not yet applied",
            "Every application action due so far is done.",
            OVERDUE_APPLICATIONS,
            sorted.overdue_applications,
            short,
        ),
        Section::described(
            "Unmet workplace supports",
            "Every support due so far was provided.",
            UNMET_SUPPORTS,
            sorted.unmet_supports,
            short,
        ),
        Section::described(
            "Due soon",
            "Nothing is due soon.",
            DUE_SOON,
            sorted.due_soon,
            short,
        ),
        Section::described(
            "Follow-through by manager, to date (every follow-up due so far)",
            "No follow-up was due yet.",
            FOLLOW_THROUGH,
            &report.follow_through,
            short,
        ),
    ];
    let sight = &report.line_of_sight;
    let mix = columns::mix_groups(&report.method_mix);
    let matrix = columns::transfer_rows(&report.transfer_matrix);
    out.extend([
        Section::described(
            "Line of sight",
            "No objectives yet.",
            LINE_OF_SIGHT,
            std::iter::once(sight).filter(|l| l.objectives > 0),
            short,
        ),
        Section::described("Method mix", "No methods yet.", METHOD_MIX, &mix, short),
        Section {
            note: spend_note(&report.spend),
            ..Section::described("Spend", "No costs recorded.", SPEND, &report.spend, short)
        },
        Section {
            note: Some(
                "each cell: supports provided/needed/unmet.\n  \"manager, after\" is the cell that decides whether learning is used.".into(),
            ),
            ..Section::described(
                "Transfer matrix",
                "No supports yet.",
                TRANSFER_MATRIX,
                &matrix,
                short,
            )
        },
    ]);
    out.push(learning_after_training(report, short));
    if let Some(q) = &report.during_the_quarter {
        out.push(Section {
            parts: vec![
                Section::described(
                    "Follow-ups done",
                    "No follow-ups done in the quarter.",
                    FOLLOW_UPS_DONE,
                    &q.follow_ups_done,
                    short,
                ),
                Section::described(
                    "Actions done",
                    "No application actions done in the quarter.",
                    ACTIONS_DONE,
                    &q.actions_done,
                    short,
                ),
                Section::described(
                    "Supports provided",
                    "No supports provided in the quarter.",
                    SUPPORTS_PROVIDED,
                    &q.supports_provided,
                    short,
                ),
                Section::described(
                    "Supports declined",
                    "No supports declined in the quarter.",
                    SUPPORTS_DECLINED,
                    &q.supports_declined,
                    short,
                ),
                Section::described(
                    "Objectives achieved",
                    "No objectives achieved in the quarter.",
                    OBJECTIVES_ACHIEVED,
                    &q.objectives_achieved,
                    short,
                ),
                Section::described(
                    "Objectives dropped",
                    "No objectives dropped in the quarter.",
                    OBJECTIVES_DROPPED,
                    &q.objectives_dropped,
                    short,
                ),
                Section::described(
                    "Contracts agreed",
                    "No contracts agreed in the quarter.",
                    CONTRACTS_AGREED,
                    &q.contracts_agreed,
                    short,
                ),
                Section::described(
                    "Contracts closed",
                    "No contracts closed in the quarter.",
                    CONTRACTS_CLOSED,
                    &q.contracts_closed,
                    short,
                ),
                Section::described(
                    "Contracts cancelled",
                    "No contracts cancelled in the quarter.",
                    CONTRACTS_CANCELLED,
                    &q.contracts_cancelled,
                    short,
                ),
            ],
            ..Section::described::<ContractEvent>(
                &format!("During the quarter ({}: {} to {})", q.quarter, q.from, q.to),
                "",
                &[],
                [],
                short,
            )
        });
    }
    out
}

/// "Learning after training": the curve, its splits by type and provider, the success and
/// non-success cases, and the spend behind them; one sentence while nothing is counted yet.
fn learning_after_training(report: &Report, short: bool) -> Section {
    use super::columns::{
        TRANSFER_BY_PROVIDER, TRANSFER_BY_TYPE, TRANSFER_CASES, TRANSFER_CURVE, TRANSFER_SPEND,
        transfer_curve_lines, transfer_group_lines,
    };
    use crate::review::transfer::{ACTIONS_WITHIN, ASKED_AFTER, ASKED_BEFORE};
    let t = &report.transfer_curve;
    let title = "Learning after training";
    let empty = "No experience contract ended 30 days or more before the as-of date yet.";
    if t.is_empty() {
        return Section::described::<crate::review::transfer::Case>(title, empty, &[], [], short);
    }
    let figures = |section: Section| Section {
        counted: false,
        ..section
    };
    let by_type = transfer_group_lines(
        t.by_type
            .iter()
            .map(|g| (g.event_type.clone(), &g.horizons[..])),
    );
    let by_provider = transfer_group_lines(t.by_provider.iter().map(|g| {
        let name = g.provider.clone().unwrap_or_else(|| "(no provider)".into());
        (name, &g.horizons[..])
    }));
    let note = [
        "share: applied of those asked, applied ÷ (applied + not applied).".to_string(),
        "estimate: the trainers' estimate, what training professionals of 150".into(),
        "organisations estimated (Saks & Belcourt 2006); not measured behaviour.".into(),
        format!("0 days: an application action done within {ACTIONS_WITHIN} days of the end."),
        format!("Later: the answer (`applied`) of the check-in done last from {ASKED_BEFORE} days"),
        format!(
            "before to {ASKED_AFTER} days after the day; partly or fully is applied, none is not."
        ),
    ]
    .join("\n  ");
    Section {
        parts: vec![
            figures(Section {
                note: Some(note),
                ..Section::described("The curve", "", TRANSFER_CURVE, &transfer_curve_lines(t), short)
            }),
            figures(Section::described(
                "By type",
                "",
                TRANSFER_BY_TYPE,
                &by_type,
                short,
            )),
            figures(Section::described(
                "By provider",
                "",
                TRANSFER_BY_PROVIDER,
                &by_provider,
                short,
            )),
            Section::described(
                "Success cases (fully applied at the latest check-in)",
                "No experience was answered `fully` at its latest check-in.",
                TRANSFER_CASES,
                &t.cases.success,
                short,
            ),
            Section::described(
                "Non-success cases (not applied at the latest check-in)",
                "No experience was answered `none` at its latest check-in.",
                TRANSFER_CASES,
                &t.cases.non_success,
                short,
            ),
            figures(Section {
                note: Some(
                    "latest answer none: the cost of experiences whose latest check-in said none.\n  not asked after 180 days: of those past 180 days, the ones no check-in\n  answered since.".into(),
                ),
                ..Section::described(
                    "The spend behind it",
                    "No costs recorded.",
                    TRANSFER_SPEND,
                    &t.spend,
                    short,
                )
            }),
        ],
        ..Section::described::<crate::review::transfer::Case>(title, empty, &[], [], short)
    }
}

/// The width tables may use: `COLUMNS`, else the terminal's, else 100.
fn table_width() -> Option<u16> {
    if let Some(columns) = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()) {
        return Some(columns);
    }
    if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        None
    } else {
        Some(100)
    }
}

fn comfy(section: &Section) -> Table {
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
    if let Some(width) = table_width() {
        table.set_width(width);
    }
    table.set_header(section.header.iter().map(|h| Cell::new(*h)));
    for row in &section.rows {
        table.add_row(row.iter().map(Cell::new));
    }
    for index in &section.numeric {
        if let Some(column) = table.column_mut(*index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    for index in 0..section.header.len() {
        let Some(column) = table.column_mut(index) else {
            continue;
        };
        column.set_constraint(if section.fixed.contains(&index) {
            ColumnConstraint::ContentWidth
        } else if section.names.contains(&index) {
            ColumnConstraint::Boundaries {
                lower: Width::Fixed(12),
                upper: Width::Fixed(18),
            }
        } else {
            ColumnConstraint::LowerBoundary(Width::Fixed(14))
        });
    }
    table
}

fn bold(text: &str, colour: bool) -> String {
    if colour {
        format!("\x1b[1m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// A section's table and note, or its sentence when it has no rows.
fn table_body(out: &mut String, section: &Section, wide: bool) {
    if section.rows.is_empty() {
        let _ = writeln!(out, "  {}", section.empty);
        return;
    }
    let mut section = section.clone();
    if !wide && section.header.last() == Some(&columns::RECORD) {
        section.header.pop();
        section.rows.iter_mut().for_each(|row| drop(row.pop()));
    }
    let _ = writeln!(out, "{}", comfy(&section));
    if let Some(note) = &section.note {
        let _ = writeln!(out, "  {note}");
    }
}

/// The review for a terminal: a title per section, then an aligned table (or a sentence).
pub fn table(report: &Report, colour: bool) -> String {
    // On a narrow terminal the contract ids (long, and in every other format) make way.
    let width = table_width().or_else(|| Table::new().width());
    let wide = width.is_none_or(|w| w >= 120);
    let mut out = bold("Learning contracts: quarterly review", colour);
    let _ = write!(out, "\n\n{}\n", bold("1. Summary", colour));
    for line in summary_lines(report) {
        let _ = writeln!(out, "  {line}");
    }
    for (number, section) in sections(report, true).iter().enumerate() {
        let count = if section.rows.is_empty() || number >= 4 {
            String::new()
        } else {
            format!(" ({})", section.rows.len())
        };
        let _ = write!(
            out,
            "\n{}\n",
            bold(&format!("{}. {}{count}", number + 2, section.title), colour)
        );
        if section.parts.is_empty() {
            table_body(&mut out, section, wide);
        }
        for part in &section.parts {
            if part.counted {
                let _ = writeln!(out, "  {} ({})", part.title, part.rows.len());
            } else {
                let _ = writeln!(out, "  {}", part.title);
            }
            table_body(&mut out, part, wide);
        }
    }
    if !wide {
        out +=
            "\n(the command that records each item: at 120 columns, or --format markdown, json)\n";
    }
    out
}

/// A text as Markdown that renders as itself, in a table cell or after a list item's key.
///
/// Every ASCII character that CommonMark, GFM or a common extension gives a meaning inline
/// gets a backslash: `\` and `` ` `` (escapes, code), `*` `_` `~` (emphasis, strikethrough),
/// `[` `]` (links, images, footnotes), `<` `>` (raw HTML, autolinks), `&` (entities), `|`
/// (table cells; `\|` becomes `\\\|`), `#` `+` `=` `$` `^` `{` `}` (headings, lists, marks,
/// math, superscripts, attributes). So does the `:` of `://`, `mailto:` and `xmpp:` and the `.`
/// of `www.`: GFM's extended autolinks start there and run to the next space, swallowing the
/// backslashes of the escapes inside a URL (`?a\=1` would show as `?a\=1`), so URLs stay text.
/// The rest (`.` `,` `-` `(` `)` `!` `:` `'` `"` …) means something only at the start of a
/// block, which a cell never is, or after a `]`, which is always escaped; it stays as typed so
/// that the Markdown still reads well. A line break becomes a space, as HTML shows it: a table
/// row is one line, and the one way around that, raw `<br>`, is dropped or shown as text by
/// renderers that refuse HTML.
pub(crate) fn md(text: &str) -> String {
    let chars: Vec<char> = text.trim().chars().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let before = |i: usize, word: &str| {
        let n = word.len();
        i >= n
            && chars[i - n..i]
                .iter()
                .map(char::to_ascii_lowercase)
                .eq(word.chars())
    };
    for (i, &c) in chars.iter().enumerate() {
        let starts_a_link = match c {
            ':' => {
                chars.get(i + 1..i + 3) == Some(&['/', '/'])
                    || before(i, "mailto")
                    || before(i, "xmpp")
            }
            '.' => before(i, "www"),
            _ => false,
        };
        match c {
            '\\' | '`' | '*' | '_' | '~' | '[' | ']' | '<' | '>' | '&' | '|' | '#' | '+' | '='
            | '$' | '^' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            _ if starts_a_link => {
                out.push('\\');
                out.push(c);
            }
            '\r' if chars.get(i + 1) == Some(&'\n') => {}
            '\r' | '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A section's table and note as Markdown, or its sentence when it has no rows.
fn markdown_body(out: &mut String, section: &Section) {
    if section.rows.is_empty() {
        let _ = writeln!(out, "{}", section.empty);
        return;
    }
    let _ = writeln!(out, "| {} |", section.header.join(" | "));
    let aligns: Vec<&str> = (0..section.header.len())
        .map(|i| {
            if section.numeric.contains(&i) {
                "---:"
            } else {
                "---"
            }
        })
        .collect();
    let _ = writeln!(out, "| {} |", aligns.join(" | "));
    for row in &section.rows {
        let cells: Vec<String> = row.iter().map(|c| md(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    if let Some(note) = &section.note {
        let note: Vec<&str> = note.lines().map(str::trim).collect();
        let _ = write!(out, "\n_{}_\n", md(&note.join(" ")));
    }
}

/// The review as Markdown, to paste into a wiki or a pull request.
pub fn markdown(report: &Report) -> String {
    let mut out = String::from("# Learning contracts: quarterly review\n\n## 1. Summary\n\n");
    for line in summary_lines(report) {
        let (key, value) = line.split_once(": ").unwrap_or(("", &line));
        let _ = writeln!(out, "- **{key}**: {}", md(value));
    }
    for (number, section) in sections(report, false).iter().enumerate() {
        let _ = write!(out, "\n## {}. {}\n\n", number + 2, section.title);
        if section.parts.is_empty() {
            markdown_body(&mut out, section);
        }
        for (i, part) in section.parts.iter().enumerate() {
            let gap = if i == 0 { "" } else { "\n" };
            let _ = write!(out, "{gap}### {}\n\n", part.title);
            markdown_body(&mut out, part);
        }
    }
    out
}

/// One row of the review's CSV, in the order of its header.
struct CsvRow<'a> {
    section: &'a str,
    contract: &'a str,
    file: &'a str,
    list: &'a str,
    /// 0-based, as it always was; `item` (last) is the same place counted from 1.
    index: usize,
    learner: &'a str,
    manager: &'a str,
    owner: &'a str,
    team: String,
    text: &'a str,
    due: Option<chrono::NaiveDate>,
    days: Option<i64>,
    status: String,
}

impl CsvRow<'_> {
    fn write(&self, writer: &mut crate::render::spreadsheet::Writer) -> Result<()> {
        let or_empty = |d: Option<String>| d.unwrap_or_default();
        writer.write_record([
            self.section,
            self.contract,
            self.file,
            self.list,
            &self.index.to_string(),
            self.learner,
            self.manager,
            self.owner,
            &self.team,
            self.text,
            &or_empty(self.due.map(|d| d.to_string())),
            &or_empty(self.days.map(|d| d.to_string())),
            &self.status,
            &(self.index + 1).to_string(),
        ])?;
        Ok(())
    }
}

/// The item lists as one CSV table with a `section` column (RFC 4180; no cell starts a
/// formula). `index` counts from 0 (kept for the scripts that read it); `item`, the last
/// column, is the item's number as every other output counts it, from 1.
pub fn csv(report: &Report) -> Result<String> {
    let mut writer = crate::render::spreadsheet::Writer::in_memory();
    writer.write_record([
        "section", "contract", "file", "list", "index", "learner", "manager", "owner", "team",
        "text", "due", "days", "status", "item",
    ])?;
    let mut rows: Vec<CsvRow<'_>> = Vec::new();
    for r in &report.overdue_follow_ups {
        rows.push(CsvRow {
            section: "overdue follow-up",
            contract: &r.contract,
            file: &r.file,
            list: "follow_ups",
            index: r.index,
            learner: &r.learner,
            manager: &r.manager,
            owner: &r.owner,
            team: or_dash(&r.team),
            text: "",
            due: Some(r.due),
            days: Some(r.days_overdue),
            status: "not done".into(),
        });
    }
    for r in &report.overdue_applications {
        rows.push(CsvRow {
            section: "learning not yet applied",
            contract: &r.contract,
            file: &r.file,
            list: "application",
            index: r.index,
            learner: &r.learner,
            manager: "",
            owner: &r.owner,
            team: or_dash(&r.team),
            text: &r.text,
            due: Some(r.due),
            days: Some(r.days_overdue),
            status: "not done".into(),
        });
    }
    for r in &report.unmet_supports {
        rows.push(CsvRow {
            section: "unmet support",
            contract: &r.contract,
            file: &r.file,
            list: "supports",
            index: r.index,
            learner: &r.learner,
            manager: "",
            owner: &r.owner,
            team: or_dash(&r.team),
            text: &r.text,
            due: r.due,
            days: Some(r.days_late),
            status: r.status.clone(),
        });
    }
    for r in &report.due_soon {
        rows.push(CsvRow {
            section: "due soon",
            contract: &r.contract,
            file: &r.file,
            list: r.list,
            index: r.index,
            learner: &r.learner,
            manager: "",
            owner: &r.owner,
            team: String::new(),
            text: &r.text,
            due: Some(r.due),
            days: Some(r.days_left),
            status: "open".into(),
        });
    }
    transfer_csv(&mut writer, &report.transfer_curve)?;
    if let Some(q) = &report.during_the_quarter {
        csv_during(q, &mut rows);
    }
    for row in &rows {
        row.write(&mut writer)?;
    }
    writer.into_string()
}

/// The rows of what was done during the quarter, each with the manager it counts for.
fn csv_during<'a>(q: &'a crate::review::DuringQuarter, rows: &mut Vec<CsvRow<'a>>) {
    let done = |section, contract, file, list, index, learner, manager, text, due, status| CsvRow {
        section,
        contract,
        file,
        list,
        index,
        learner,
        manager,
        owner: "",
        team: String::new(),
        text,
        due,
        days: None,
        status,
    };
    for f in &q.follow_ups_done {
        rows.push(done(
            "follow-up done in the quarter",
            &f.contract,
            &f.file,
            "follow_ups",
            f.index,
            &f.learner,
            &f.manager,
            "",
            f.due,
            format!("done {}", f.done),
        ));
    }
    for a in &q.actions_done {
        rows.push(done(
            "action done in the quarter",
            &a.contract,
            &a.file,
            "application",
            a.index,
            &a.learner,
            &a.manager,
            &a.text,
            a.due,
            format!("done {}", a.done),
        ));
    }
    for s in &q.supports_provided {
        rows.push(done(
            "support provided in the quarter",
            &s.contract,
            &s.file,
            "supports",
            s.index,
            &s.learner,
            &s.manager,
            &s.text,
            None,
            format!("provided {}", s.provided_on),
        ));
    }
    for s in &q.supports_declined {
        rows.push(done(
            "support declined in the quarter",
            &s.contract,
            &s.file,
            "supports",
            s.index,
            &s.learner,
            &s.manager,
            &s.text,
            s.due,
            "declined".into(),
        ));
    }
    for o in &q.objectives_achieved {
        let status =
            o.on.map_or_else(|| "achieved".into(), |d| format!("achieved {d}"));
        rows.push(done(
            "objective achieved in the quarter",
            &o.contract,
            &o.file,
            "objectives",
            o.index,
            &o.learner,
            &o.manager,
            &o.text,
            None,
            status,
        ));
    }
    for o in &q.objectives_dropped {
        rows.push(done(
            "objective dropped in the quarter",
            &o.contract,
            &o.file,
            "objectives",
            o.index,
            &o.learner,
            &o.manager,
            &o.text,
            None,
            "dropped".into(),
        ));
    }
}

/// "Learning after training" in the CSV: a row per horizon of the curve and of each type and
/// provider (the group in `text`, the horizon in `days`, the figures in `status`), a row per
/// success and non-success case (an item: the check-in that answered), and the spend.
fn transfer_csv(
    writer: &mut crate::render::spreadsheet::Writer,
    t: &crate::review::TransferCurve,
) -> Result<()> {
    use crate::review::transfer::Horizon;
    let figures = |h: &Horizon| {
        let percent =
            |f: Option<f64>| f.map_or_else(|| "–".into(), |f| format!("{:.0} %", f * 100.0));
        format!(
            "eligible {}; applied {}; not applied {}; not asked {}; share {}; estimate {}",
            h.eligible,
            h.applied,
            h.not_applied,
            h.not_asked,
            percent(h.share),
            percent(h.reference)
        )
    };
    let mut lines: Vec<(String, &Horizon)> = Vec::new();
    if !t.is_empty() {
        lines.extend(
            t.horizons
                .iter()
                .map(|h| ("all experience contracts".into(), h)),
        );
    }
    for g in &t.by_type {
        let group = format!("type: {}", g.event_type);
        lines.extend(
            g.horizons
                .iter()
                .filter(|h| h.eligible > 0)
                .map(|h| (group.clone(), h)),
        );
    }
    for g in &t.by_provider {
        let group = match &g.provider {
            Some(p) => format!("provider: {p}"),
            None => "no provider".into(),
        };
        lines.extend(
            g.horizons
                .iter()
                .filter(|h| h.eligible > 0)
                .map(|h| (group.clone(), h)),
        );
    }
    for (group, h) in lines {
        writer.write_record([
            "learning after training",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            &group,
            "",
            &h.days.to_string(),
            &figures(h),
            "",
        ])?;
    }
    for (section, cases) in [
        ("transfer success case", &t.cases.success),
        ("transfer non-success case", &t.cases.non_success),
    ] {
        for c in cases {
            writer.write_record([
                section,
                &c.contract,
                &c.file,
                "follow_ups",
                &c.index.to_string(),
                &c.learner,
                &c.manager,
                "",
                &or_dash(&c.team),
                c.evidence.as_deref().unwrap_or(""),
                &c.asked_on.to_string(),
                &c.days.to_string(),
                c.applied,
                &(c.index + 1).to_string(),
            ])?;
        }
    }
    for s in &t.spend {
        for (what, amount) in [
            ("latest answer none", &s.latest_answer_none),
            ("not asked after 180 days", &s.not_asked_after_180),
        ] {
            writer.write_record([
                "learning after training: spend",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                what,
                "",
                "",
                &format!("{amount} {}", s.currency),
                "",
            ])?;
        }
    }
    Ok(())
}

pub fn json(report: &Report) -> String {
    format!(
        "{}\n",
        serde_json::to_string_pretty(report).unwrap_or_default()
    )
}

/// `lc list` for a terminal.
pub fn list_table(rows: &[Row]) -> String {
    let section = Section {
        title: String::new(),
        empty: "No contracts.",
        header: vec![
            "id", "kind", "status", "learner", "manager", "dates", "open",
        ],
        fixed: vec![0, 1, 2, 5, 6],
        names: vec![3, 4],
        numeric: vec![6],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.id.clone(),
                    r.kind.clone(),
                    r.status.clone(),
                    r.learner.clone(),
                    r.manager.clone(),
                    r.dates.clone(),
                    r.open_items.to_string(),
                ]
            })
            .collect(),
        note: None,
        parts: Vec::new(),
        counted: true,
    };
    if rows.is_empty() {
        return format!("{}\n", section.empty);
    }
    format!(
        "{}\n{}\n",
        comfy(&section),
        crate::render::plural(rows.len(), "contract")
    )
}

/// `lc list` as CSV.
pub fn list_csv(rows: &[Row]) -> Result<String> {
    let mut writer = crate::render::spreadsheet::Writer::in_memory();
    writer.write_record([
        "id",
        "kind",
        "status",
        "learner",
        "manager",
        "team",
        "dates",
        "open_items",
        "file",
    ])?;
    for r in rows {
        let team = r.team.clone().unwrap_or_default();
        writer.write_record([
            &r.id,
            &r.kind,
            &r.status,
            &r.learner,
            &r.manager,
            &team,
            &r.dates,
            &r.open_items.to_string(),
            &r.file,
        ])?;
    }
    writer.into_string()
}

/// Where the spend's totals come from, and the experience contracts to look at; one line each
/// (the table indents them, Markdown joins them).
fn spend_note(spend: &[crate::review::Spend]) -> Option<String> {
    let note = columns::spend_note(spend);
    let mut lines = note.lines;
    for (title, ids) in [
        (columns::COSTED_BY_METHOD, &note.costed_by_method),
        (columns::NOT_LINKED_BACK, &note.not_linked_back),
    ] {
        if !ids.is_empty() {
            lines.push(title.into());
            lines.extend(ids.iter().map(|id| format!("  {id}")));
        }
    }
    (!lines.is_empty()).then(|| lines.join("\n  "))
}

#[cfg(test)]
mod tests {
    use super::md;

    #[track_caller]
    fn case(text: &str, markdown: &str) {
        assert_eq!(md(text), markdown);
    }

    #[test]
    fn markdown_escapes() {
        case("a | b", "a \\| b");
        case("\\|", "\\\\\\|");
        case("*a* <b> &amp;", "\\*a\\* \\<b\\> \\&amp;");
        case(
            "Goal: 1. (see) it's \"ok\", -x!",
            "Goal: 1. (see) it's \"ok\", -x!",
        );
        case("two\nlines\r\nand\rthree", "two lines and three");
        case(
            "https://example.org/?a=1&b=2_x",
            "https\\://example.org/?a\\=1\\&b\\=2\\_x",
        );
        case(
            "WWW.example.org mailto:a@b.org",
            "WWW\\.example.org mailto\\:a@b.org",
        );
        case("10:30, www", "10:30, www");
    }
}
