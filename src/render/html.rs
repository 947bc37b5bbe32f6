//! `lc report --format html`: the quarterly review as one self-contained page (inline CSS and
//! SVG), from `templates/report.html`. Rust computes the figures and the charts' geometry; the
//! template writes every tag, and escapes every value.

use std::collections::BTreeMap;

use serde::Serialize;

use super::columns::{
    ACTIONS_DONE, Align, ByAttention, CONTRACTS_AGREED, CONTRACTS_CANCELLED, CONTRACTS_CLOSED,
    Cell, Column, DUE_SOON, FOLLOW_UPS_DONE, OBJECTIVES_ACHIEVED, OBJECTIVES_DROPPED,
    OVERDUE_APPLICATIONS, OVERDUE_FOLLOW_UPS, SPEND, SUPPORTS_DECLINED, SUPPORTS_PROVIDED,
    TRANSFER_BY_PROVIDER, TRANSFER_BY_TYPE, TRANSFER_CASES, TRANSFER_CURVE, TRANSFER_MATRIX,
    TRANSFER_SPEND, UNMET_SUPPORTS, grid, transfer_curve_lines, transfer_group_lines,
    transfer_rows,
};
use crate::review::transfer::{ACTIONS_WITHIN, ASKED_AFTER, ASKED_BEFORE, Horizon};
use crate::review::{DuringQuarter, FollowThrough, MethodMix, Report, TransferCurve};

/// The whole page. The same report always gives the same bytes: nothing here reads the clock.
pub fn report(report: &Report) -> String {
    let sight = &report.line_of_sight;
    let meters = if sight.objectives == 0 {
        Vec::new()
    } else {
        vec![
            (
                "Serve a job goal",
                percent(sight.serving_a_goal, sight.objectives),
                sight.serving_a_goal,
            ),
            (
                "Serve a goal measured by a metric",
                percent(sight.serving_a_measured_goal, sight.objectives),
                sight.serving_a_measured_goal,
            ),
        ]
    };
    let c = &report.contracts;
    let s = &c.by_status;
    let context = minijinja::context! {
        style => STYLE,
        version => env!("CARGO_PKG_VERSION"),
        repo => &report.repo,
        revision => &report.revision,
        as_of => &report.as_of,
        quarter => report.during_the_quarter.as_ref().map(|d| minijinja::context! {
            quarter => &d.quarter, from => d.from, to => d.to,
        }),
        cards => cards(report),
        kinds => [
            ("Strategic", c.by_kind.strategic),
            ("Experience", c.by_kind.experience),
            ("Total", c.total),
        ],
        statuses => [
            ("Draft", s.draft),
            ("Agreed", s.agreed),
            ("Active", s.active),
            ("Closed", s.closed),
            ("Cancelled", s.cancelled),
        ],
        skipped => (report.skipped_files > 0).then(|| plural(report.skipped_files, "file", "files")),
        set_aside => (report.later_facts_set_aside > 0)
            .then(|| plural(report.later_facts_set_aside, "fact", "facts")),
        other_periods => super::columns::other_periods(&report.contracts_of_other_periods),
        team_chart => team_chart(report),
        items => item_sections(report),
        follow_through_chart => (!report.follow_through.is_empty())
            .then(|| follow_through_chart(&report.follow_through)),
        sight => minijinja::context! {
            objectives => sight.objectives,
            objectives_text => plural(sight.objectives, "objective", "objectives"),
            meters => meters,
            achieved => sight.achieved,
            achieved_percent => percent(sight.achieved, sight.objectives),
            dropped => sight.dropped,
            dropped_percent => percent(sight.dropped, sight.objectives),
        },
        mix_chart => method_mix_chart(&report.method_mix),
        spend => Table::of(SPEND, &report.spend),
        spend_note => spend_note(&report.spend),
        matrix => Table::of(TRANSFER_MATRIX, &transfer_rows(&report.transfer_matrix)),
        transfer => learning_after_training(&report.transfer_curve),
        during => report.during_the_quarter.as_ref().map(during),
    };
    // The templates are part of the binary and tested: a failure here is a bug, said plainly.
    super::templates::render("report.html", context)
        .unwrap_or_else(|e| format!("cannot render the page: {e:#}\n"))
}

#[derive(Serialize)]
struct Card {
    href: &'static str,
    n: usize,
    label: &'static str,
    alert: bool,
    /// The change against the previous quarter: `+1 on 2026Q2`.
    delta: Option<String>,
}

fn cards(report: &Report) -> Vec<Card> {
    let change = report.change_against_previous_quarter.as_ref();
    let card = |href, key: &str, n: usize, label, alert| Card {
        href,
        n,
        label,
        alert,
        delta: change.and_then(|c| {
            let d = c.change.get(key)?;
            Some(format!(
                "{} on {}",
                crate::review::figures::signed(d, false),
                c.against
            ))
        }),
    };
    vec![
        card(
            "overdue-follow-ups",
            "overdue_follow_ups",
            report.overdue_follow_ups.len(),
            "overdue follow-ups",
            true,
        ),
        card(
            "learning-not-yet-applied",
            "overdue_applications",
            report.overdue_applications.len(),
            "learning not yet applied",
            true,
        ),
        card(
            "unmet-supports",
            "unmet_supports",
            report.unmet_supports.len(),
            "unmet workplace supports",
            true,
        ),
        card(
            "due-soon",
            "due_soon",
            report.due_soon.len(),
            "due soon",
            false,
        ),
    ]
}

/// An item list: its heading, its lead, and its table from the section's column description.
#[derive(Serialize)]
struct ItemSection {
    number: &'static str,
    id: &'static str,
    title: &'static str,
    lead: &'static str,
    empty: &'static str,
    /// An empty list of problems is good news, shown with a tick.
    clear: bool,
    columns: Vec<Head>,
    rows: Vec<Vec<Cell>>,
}

#[derive(Serialize)]
struct Head {
    title: &'static str,
    align: Align,
}

/// A section's table from its column description; `None` without rows.
#[derive(Serialize)]
struct Table {
    columns: Vec<Head>,
    rows: Vec<Vec<Cell>>,
}

impl Table {
    fn of<'a, R: 'a>(
        columns: &[Column<R>],
        rows: impl IntoIterator<Item = &'a R>,
    ) -> Option<Table> {
        let rows = grid(columns, rows).1;
        (!rows.is_empty()).then(|| Table {
            columns: heads(columns),
            rows,
        })
    }
}

fn heads<R>(columns: &[Column<R>]) -> Vec<Head> {
    columns
        .iter()
        .map(|c| Head {
            title: c.title,
            align: c.align,
        })
        .collect()
}

fn item_sections(report: &Report) -> Vec<ItemSection> {
    let sorted = ByAttention::of(report);
    fn section<'a, R: 'a>(
        (number, id, title): (&'static str, &'static str, &'static str),
        lead: &'static str,
        (empty, clear): (&'static str, bool),
        columns: &[Column<R>],
        rows: Vec<&'a R>,
    ) -> ItemSection {
        ItemSection {
            number,
            id,
            title,
            lead,
            empty,
            clear,
            columns: heads(columns),
            rows: grid(columns, rows).1,
        }
    }
    vec![
        section(
            ("2", "overdue-follow-ups", "Overdue follow-ups"),
            "Check-ins between learner and manager that are not done and whose due date has passed.",
            ("No overdue follow-ups.", true),
            OVERDUE_FOLLOW_UPS,
            sorted.overdue_follow_ups,
        ),
        section(
            ("3", "learning-not-yet-applied", "Learning not yet applied"),
            "Application actions of experience contracts past their due date: learning not yet used on the job.",
            (
                "No learning waiting to be applied: every application action due is done.",
                true,
            ),
            OVERDUE_APPLICATIONS,
            sorted.overdue_applications,
        ),
        section(
            ("4", "unmet-supports", "Unmet workplace supports"),
            "What the workplace owes the learner so the learning can be used, declined or still needed after its due date.",
            ("No unmet workplace supports.", true),
            UNMET_SUPPORTS,
            sorted.unmet_supports,
        ),
        section(
            ("5", "due-soon", "Due soon"),
            "Open follow-ups, application actions and needed supports due within the policy’s due_soon_days.",
            ("Nothing due soon.", false),
            DUE_SOON,
            sorted.due_soon,
        ),
    ]
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `part` of `whole` in whole percent, rounded.
fn percent(part: usize, whole: usize) -> usize {
    (part * 100 + whole / 2).checked_div(whole).unwrap_or(0)
}

/// Where the spend comes from, per currency, and the lists of experience contracts to look at
/// (their headings as the text formats write them, without the backticks of code).
fn spend_note(spend: &[crate::review::Spend]) -> minijinja::Value {
    let note = super::columns::spend_note(spend);
    let lists: Vec<(String, Vec<String>)> = [
        (super::columns::COSTED_BY_METHOD, note.costed_by_method),
        (super::columns::NOT_LINKED_BACK, note.not_linked_back),
    ]
    .into_iter()
    .filter(|(_, ids)| !ids.is_empty())
    .map(|(title, ids)| (title.replace('`', ""), ids))
    .collect();
    minijinja::context! { lines => note.lines, lists => lists }
}

/// One list of what happened during the quarter: its heading, count, table or empty sentence.
#[derive(Serialize)]
struct DuringList {
    title: &'static str,
    count: usize,
    empty: &'static str,
    table: Option<Table>,
}

impl DuringList {
    fn of<R>(title: &'static str, empty: &'static str, columns: &[Column<R>], rows: &[R]) -> Self {
        DuringList {
            title,
            count: rows.len(),
            empty,
            table: Table::of(columns, rows),
        }
    }
}

/// What happened during the quarter: its dates, its counts, the quarter's follow-through and
/// its lists' tables.
fn during(d: &DuringQuarter) -> minijinja::Value {
    let lists = [
        DuringList::of(
            "Follow-ups done",
            "No follow-ups done in the quarter.",
            FOLLOW_UPS_DONE,
            &d.follow_ups_done,
        ),
        DuringList::of(
            "Actions done",
            "No application actions done in the quarter.",
            ACTIONS_DONE,
            &d.actions_done,
        ),
        DuringList::of(
            "Supports provided",
            "No supports provided in the quarter.",
            SUPPORTS_PROVIDED,
            &d.supports_provided,
        ),
        DuringList::of(
            "Supports declined",
            "No supports declined in the quarter.",
            SUPPORTS_DECLINED,
            &d.supports_declined,
        ),
        DuringList::of(
            "Objectives achieved",
            "No objectives achieved in the quarter.",
            OBJECTIVES_ACHIEVED,
            &d.objectives_achieved,
        ),
        DuringList::of(
            "Objectives dropped",
            "No objectives dropped in the quarter.",
            OBJECTIVES_DROPPED,
            &d.objectives_dropped,
        ),
        DuringList::of(
            "Contracts agreed",
            "No contracts agreed in the quarter.",
            CONTRACTS_AGREED,
            &d.contracts_agreed,
        ),
        DuringList::of(
            "Contracts closed",
            "No contracts closed in the quarter.",
            CONTRACTS_CLOSED,
            &d.contracts_closed,
        ),
        DuringList::of(
            "Contracts cancelled",
            "No contracts cancelled in the quarter.",
            CONTRACTS_CANCELLED,
            &d.contracts_cancelled,
        ),
    ];
    minijinja::context! {
        quarter => &d.quarter,
        from => d.from,
        to => d.to,
        counts => super::columns::during_counts(d),
        follow_through => super::columns::quarter_follow_through(d),
        lists => lists,
    }
}

/// "Learning after training": the curve as a chart against the trainers' estimates, then its
/// tables; `None` while no experience is counted.
fn learning_after_training(t: &TransferCurve) -> Option<minijinja::Value> {
    if t.is_empty() {
        return None;
    }
    let by_type = transfer_group_lines(
        t.by_type
            .iter()
            .map(|g| (g.event_type.clone(), &g.horizons[..])),
    );
    let by_provider = transfer_group_lines(t.by_provider.iter().map(|g| {
        let name = g.provider.clone().unwrap_or_else(|| "(no provider)".into());
        (name, &g.horizons[..])
    }));
    Some(minijinja::context! {
        chart => transfer_chart(&t.horizons),
        curve => Table::of(TRANSFER_CURVE, &transfer_curve_lines(t)),
        by_type => Table::of(TRANSFER_BY_TYPE, &by_type),
        by_provider => Table::of(TRANSFER_BY_PROVIDER, &by_provider),
        success => t.cases.success.len(),
        non_success => t.cases.non_success.len(),
        success_table => Table::of(TRANSFER_CASES, &t.cases.success),
        non_success_table => Table::of(TRANSFER_CASES, &t.cases.non_success),
        spend => Table::of(TRANSFER_SPEND, &t.spend),
        actions_within => ACTIONS_WITHIN,
        asked_before => ASKED_BEFORE,
        asked_after => ASKED_AFTER,
    })
}

// ---------------------------------------------------------------------------------------------
// Charts' data

fn transfer_chart(horizons: &[Horizon]) -> ChartLayout {
    let rows = horizons
        .iter()
        .map(|h| {
            let asked = h.applied + h.not_applied;
            let reference = h.reference.map(|r| (r * 100.0).round() as usize);
            let reference_text =
                reference.map_or_else(|| "no estimate".to_string(), |r| format!("est. {r}%"));
            let (segments, share_text) = match h.share {
                Some(share) => {
                    let p = (share * 100.0).round() as usize;
                    let segment = Segment {
                        value: p,
                        class: "ok",
                        text: format!("{}/{asked}", h.applied),
                    };
                    (vec![segment], format!("{p}% of {asked} asked"))
                }
                None if h.eligible == 0 => (Vec::new(), "none eligible yet".to_string()),
                None => (Vec::new(), "none asked".to_string()),
            };
            Row {
                label: format!("{} days", h.days),
                title: format!(
                    "{} days: {} eligible, {} applied, {} not applied, {} not asked; {share_text}; {}",
                    h.days,
                    h.eligible,
                    h.applied,
                    h.not_applied,
                    h.not_asked,
                    reference.map_or_else(
                        || "no trainers' estimate".to_string(),
                        |r| format!("trainers' estimate {r}%")
                    ),
                ),
                segments,
                scale: 100,
                reference,
                note: format!("{share_text} · {reference_text}"),
            }
        })
        .collect();
    chart(&Chart {
        id: "transfer-curve",
        title: "Learning applied after training".into(),
        desc: "For each horizon after the experiences, the share applied on the job of those asked, beside the trainers' estimate (Saks & Belcourt 2006), which is not measured behaviour."
            .into(),
        legend: vec![
            ("ok", "applied, of those asked (applied/asked in the bar)"),
            ("ref", "trainers' estimate"),
        ],
        rows,
        width: 760,
        note_width: 190,
        track: true,
    })
}

fn team_name(team: Option<&str>) -> &str {
    team.unwrap_or("no team")
}

fn team_chart(report: &Report) -> Option<ChartLayout> {
    let mut teams: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for row in &report.overdue_follow_ups {
        teams.entry(team_name(row.team.as_deref())).or_default()[0] += 1;
    }
    for row in &report.overdue_applications {
        teams.entry(team_name(row.team.as_deref())).or_default()[1] += 1;
    }
    for row in &report.unmet_supports {
        teams.entry(team_name(row.team.as_deref())).or_default()[2] += 1;
    }
    if teams.is_empty() {
        return None;
    }
    let mut teams: Vec<(&str, [usize; 3])> = teams.into_iter().collect();
    teams.sort_by_key(|(name, n)| (std::cmp::Reverse(n.iter().sum::<usize>()), *name));
    let max = teams
        .iter()
        .map(|(_, n)| n.iter().sum::<usize>())
        .max()
        .unwrap_or(1)
        .max(1);
    let rows = teams
        .iter()
        .map(|(name, [follow_ups, actions, supports])| {
            let total = follow_ups + actions + supports;
            Row {
                label: (*name).to_string(),
                title: format!(
                    "{name}: {total} overdue — {}, {}, {}",
                    plural(*follow_ups, "follow-up", "follow-ups"),
                    plural(*actions, "application action", "application actions"),
                    plural(*supports, "unmet support", "unmet supports"),
                ),
                segments: vec![
                    Segment::new(*follow_ups, "s1"),
                    Segment::new(*actions, "s2"),
                    Segment::new(*supports, "s3 hatch"),
                ],
                scale: max,
                reference: None,
                note: format!("{total} overdue"),
            }
        })
        .collect();
    Some(chart(&Chart {
        id: "teams",
        title: "Overdue items by team".into(),
        desc: "Overdue follow-ups, overdue application actions and unmet supports, per team."
            .into(),
        legend: vec![
            ("s1", "follow-ups"),
            ("s2", "applications"),
            ("s3 hatch", "unmet supports"),
        ],
        rows,
        width: 480,
        note_width: 80,
        track: false,
    }))
}

fn follow_through_chart(rows: &[FollowThrough]) -> ChartLayout {
    let rows = rows
        .iter()
        .map(|r| {
            let rate = (r.on_time_rate * 100.0).round() as i64;
            Row {
                label: r.manager.clone(),
                title: format!(
                    "{}: {} due, {} on time, {} late, {} not done; {rate}% on time",
                    r.manager, r.due, r.on_time, r.late, r.not_done
                ),
                segments: vec![
                    Segment::new(r.on_time, "ok"),
                    Segment::new(r.late, "late"),
                    Segment::new(r.not_done, "miss hatch"),
                ],
                scale: r.due.max(1),
                reference: None,
                note: format!("{rate}% on time · {} of {}", r.on_time, r.due),
            }
        })
        .collect();
    chart(&Chart {
        id: "follow-through",
        title: "Follow-through by manager".into(),
        desc: "For each manager, the share of follow-ups due that were done on time, done late, or not done."
            .into(),
        legend: vec![
            ("ok", "on time"),
            ("late", "late"),
            ("miss hatch", "not done"),
        ],
        rows,
        width: 760,
        note_width: 150,
        track: true,
    })
}

fn method_mix_chart(mix: &MethodMix) -> Option<ChartLayout> {
    let total = mix.formal + mix.social + mix.experiential + mix.other;
    if total == 0 {
        return None;
    }
    let mut groups = vec![
        ("Formal", mix.formal, Some(10)),
        ("Social", mix.social, Some(20)),
        ("Experiential", mix.experiential, Some(70)),
    ];
    if mix.other > 0 {
        groups.push(("Other", mix.other, None));
    }
    let rows = groups
        .into_iter()
        .map(|(label, n, reference)| {
            let p = percent(n, total);
            let reference_text =
                reference.map_or_else(|| "no reference".to_string(), |r| format!("ref. {r}%"));
            Row {
                label: label.to_string(),
                title: format!("{label}: {n} of {total} methods, {p}%; {reference_text}"),
                segments: vec![Segment {
                    value: p,
                    class: "mix",
                    text: n.to_string(),
                }],
                scale: 100,
                reference,
                note: format!("{p}% · {reference_text}"),
            }
        })
        .collect();
    Some(chart(&Chart {
        id: "method-mix",
        title: "Method mix against 70:20:10".into(),
        desc: format!(
            "Share of {total} methods by group: formal {}, social {}, experiential {}, other {}.",
            mix.formal, mix.social, mix.experiential, mix.other
        ),
        legend: vec![
            ("mix", "actual share (number of methods in the bar)"),
            ("ref", "70:20:10 reference"),
        ],
        rows,
        width: 760,
        note_width: 150,
        track: true,
    }))
}

// ---------------------------------------------------------------------------------------------
// Charts: horizontal bars in inline SVG, every number also written as text.

struct Chart {
    id: &'static str,
    title: String,
    desc: String,
    /// (segment class, meaning); class `ref` is the reference line.
    legend: Vec<(&'static str, &'static str)>,
    rows: Vec<Row>,
    width: usize,
    note_width: usize,
    /// Whether each bar is drawn over a light track of its full scale.
    track: bool,
}

struct Row {
    label: String,
    title: String,
    segments: Vec<Segment>,
    /// The value that fills the whole bar.
    scale: usize,
    /// A reference mark, in the units of `scale`.
    reference: Option<usize>,
    note: String,
}

struct Segment {
    value: usize,
    class: &'static str,
    /// Written inside the segment when it fits.
    text: String,
}

impl Segment {
    fn new(value: usize, class: &'static str) -> Segment {
        Segment {
            value,
            class,
            text: value.to_string(),
        }
    }
}

const ROW_HEIGHT: usize = 32;
const BAR_HEIGHT: usize = 18;
const LEGEND_HEIGHT: usize = 30;
/// A rough width of one character of the 12px chart font.
const CHAR_WIDTH: f64 = 6.8;
const MAX_LABEL_CHARS: usize = 26;

/// A chart laid out: every position computed here, every tag written by `templates/chart.html`.
#[derive(serde::Serialize)]
struct ChartLayout {
    id: &'static str,
    bar_height: usize,
    title: String,
    desc: String,
    width: usize,
    height: usize,
    legend: Vec<LegendItem>,
    rows: Vec<RowLayout>,
}

#[derive(serde::Serialize)]
struct LegendItem {
    x: f64,
    class: &'static str,
    hatched: bool,
    reference: bool,
    text_x: f64,
    text: &'static str,
}

#[derive(serde::Serialize)]
struct RowLayout {
    title: String,
    label: String,
    label_x: f64,
    y: f64,
    text_y: f64,
    bar_x: f64,
    bar_width: f64,
    track: bool,
    segments: Vec<SegmentLayout>,
    /// The last segment's number just after the bar, when it did not fit inside.
    out: Option<(f64, String)>,
    /// The reference mark's x.
    reference: Option<f64>,
    note_x: f64,
    note: String,
}

#[derive(serde::Serialize)]
struct SegmentLayout {
    x: f64,
    w: f64,
    class: &'static str,
    hatched: bool,
    /// The number, centred inside, when it fits.
    text: Option<(f64, String)>,
}

fn chart(chart: &Chart) -> ChartLayout {
    let label_width = chart
        .rows
        .iter()
        .map(|r| r.label.chars().count().min(MAX_LABEL_CHARS))
        .max()
        .map_or(80.0, |n| (n as f64 * CHAR_WIDTH + 18.0).clamp(80.0, 200.0));
    let bar_x = label_width;
    let bar_width = chart.width as f64 - label_width - chart.note_width as f64 - 10.0;
    ChartLayout {
        bar_height: BAR_HEIGHT,
        id: chart.id,
        title: chart.title.clone(),
        desc: chart.desc.clone(),
        width: chart.width,
        height: LEGEND_HEIGHT + chart.rows.len() * ROW_HEIGHT + 4,
        legend: legend(&chart.legend, bar_x, chart.width as f64),
        rows: chart
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let y = (LEGEND_HEIGHT + i * ROW_HEIGHT) as f64
                    + (ROW_HEIGHT - BAR_HEIGHT) as f64 / 2.0;
                row_layout(chart, row, bar_x, bar_width, y)
            })
            .collect(),
    }
}

/// The legend in one line over the bars, moved left when it would not fit.
fn legend(items: &[(&'static str, &'static str)], bar_x: f64, width: f64) -> Vec<LegendItem> {
    let item_width = |text: &str| 17.0 + text.chars().count() as f64 * CHAR_WIDTH + 20.0;
    let total: f64 = items.iter().map(|(_, text)| item_width(text)).sum::<f64>() - 20.0;
    let mut x = if bar_x + total <= width {
        bar_x
    } else {
        (width - total).max(0.0)
    };
    items
        .iter()
        .map(|(class, text)| {
            let (base, hatched) = split_hatch(class);
            let item = LegendItem {
                x,
                class: base,
                hatched,
                reference: *class == "ref",
                text_x: x + 17.0,
                text,
            };
            x += item_width(text);
            item
        })
        .collect()
}

/// A class like `miss hatch` is drawn as `miss` with stripes over it.
fn split_hatch(class: &str) -> (&str, bool) {
    match class.strip_suffix(" hatch") {
        Some(base) => (base, true),
        None => (class, false),
    }
}

fn row_layout(chart: &Chart, row: &Row, bar_x: f64, bar_width: f64, y: f64) -> RowLayout {
    let text_y = y + BAR_HEIGHT as f64 / 2.0 + 4.0;
    let unit = bar_width / row.scale.max(1) as f64;
    let mut x = bar_x;
    let mut last_unwritten = None;
    let mut segments = Vec::new();
    for segment in row.segments.iter().filter(|s| s.value > 0) {
        let w = segment.value as f64 * unit;
        let (base, hatched) = split_hatch(segment.class);
        let fits = w >= text_width(&segment.text);
        segments.push(SegmentLayout {
            x,
            w,
            class: base,
            hatched,
            text: fits.then(|| (x + w / 2.0, segment.text.clone())),
        });
        last_unwritten = (!fits).then_some(segment);
        x += w;
    }
    // A last segment too narrow for its number gets it just after the bar, when there is room.
    let out = last_unwritten
        .filter(|s| x + text_width(&s.text) < bar_x + bar_width)
        .map(|s| (x + 4.0, s.text.clone()));
    RowLayout {
        title: row.title.clone(),
        label: truncate(&row.label),
        label_x: bar_x - 10.0,
        y,
        text_y,
        bar_x,
        bar_width,
        track: chart.track,
        segments,
        out,
        reference: row.reference.map(|r| bar_x + r as f64 * unit),
        note_x: bar_x + bar_width + 10.0,
        note: row.note.clone(),
    }
}

fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH + 8.0
}

fn truncate(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL_CHARS {
        label.to_string()
    } else {
        let cut: String = label.chars().take(MAX_LABEL_CHARS - 1).collect();
        cut + "…"
    }
}

const STYLE: &str = r#"
:root {
  --ink: #1f2933; --muted: #52606d; --faint: #5f6b78; --line: #e4e7eb; --bg: #f4f6f8;
  --accent: #334e68; --accent-soft: #d9e2ec;
  --ok: #5b8a6b; --ok-text: #2f6b45; --late: #d9a441; --miss: #b5543c;
  --red: #a33a26; --red-bg: #fbe6e1; --amber: #8a5a00; --amber-bg: #fcf0d4; --yellow-bg: #fdf7e3;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif;
  font-variant-numeric: tabular-nums;
}
main { max-width: 1080px; margin: 0 auto; padding: 40px 32px 56px; }
header.page { margin: 0 0 24px; padding: 0 4px; }
.eyebrow { margin: 0; color: var(--muted); font-size: 13px; letter-spacing: .08em; text-transform: uppercase; font-weight: 600; }
h1 { margin: 4px 0 14px; font-size: 30px; line-height: 1.2; font-weight: 700; letter-spacing: -.01em; overflow-wrap: anywhere; }
.meta { display: flex; flex-wrap: wrap; gap: 8px 36px; margin: 0; }
.meta div { min-width: 0; }
.meta dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .06em; }
.meta dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
section { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 24px 28px 26px; margin: 0 0 20px; }
h2 { margin: 0 0 4px; font-size: 19px; line-height: 1.3; display: flex; align-items: baseline; gap: 10px; }
h2 .n { color: var(--faint); font-size: 14px; font-weight: 600; min-width: 1.2em; }
h2 .n:empty { display: none; }
h3 { margin: 22px 0 8px; font-size: 14px; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
h3 .count { color: var(--faint); font-weight: 500; }
.lead { margin: 0 0 16px; color: var(--muted); font-size: 14px; max-width: 70em; }
.muted { color: var(--faint); font-weight: 400; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .9em; background: var(--bg); padding: 1px 4px; border-radius: 4px; }
.empty { margin: 4px 0 0; padding: 12px 16px; border-radius: 8px; background: var(--bg); color: var(--muted); }
.empty.clear::before { content: "✓ "; color: var(--ok); font-weight: 700; }
.note { color: var(--muted); font-size: 13px; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 14px; margin: 16px 0 8px; }
.card { display: flex; flex-direction: column; gap: 2px; padding: 14px 18px; border: 1px solid var(--line); border-left: 4px solid var(--accent-soft); border-radius: 8px; color: inherit; text-decoration: none; }
.card .v { font-size: 34px; font-weight: 700; line-height: 1.1; }
.card .k { color: var(--muted); font-size: 13px; }
.card .delta { color: var(--muted); font-size: 12px; }
.card.alert { border-left-color: var(--miss); }
.card.alert .v { color: var(--red); }
.split { display: grid; grid-template-columns: minmax(240px, 1fr) 2fr; gap: 36px; align-items: start; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 20px; }
.table-wrap { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; font-size: 14px; }
th { text-align: left; font-size: 11.5px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; padding: 8px 10px; border-bottom: 1.5px solid var(--line); white-space: nowrap; }
td { padding: 9px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
tbody tr:last-child td { border-bottom: 0; }
th:first-child, td:first-child { padding-left: 0; }
th:last-child, td:last-child { padding-right: 0; }
.num { text-align: right; white-space: nowrap; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
table.compact td { padding: 5px 10px; }
table.compact td:first-child { padding-left: 0; }
table.narrow { width: auto; min-width: 60%; }
.id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; color: var(--accent); overflow-wrap: anywhere; }
td:first-child .id { display: inline-block; max-width: 24em; }
.date { white-space: nowrap; }
.days { display: inline-block; min-width: 2.6em; padding: 1px 8px; border-radius: 999px; text-align: right; font-weight: 600; }
.days.d0 { color: var(--muted); font-weight: 400; }
.days.d1 { background: var(--yellow-bg); color: var(--amber); }
.days.d2 { background: var(--amber-bg); color: var(--amber); }
.days.d3 { background: var(--red-bg); color: var(--red); }
.status { font-size: 12.5px; padding: 1px 8px; border-radius: 999px; border: 1px solid currentColor; white-space: nowrap; }
.status.needed { color: var(--amber); }
.status.declined { color: var(--red); }
.tag { display: inline-block; font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--accent); background: var(--accent-soft); border-radius: 4px; padding: 0 6px; margin-right: 4px; vertical-align: 1px; }
.chart { margin: 8px 0 0; }
.chart-svg { display: block; max-width: 100%; height: auto; }
.chart-svg text { font-size: 12px; fill: var(--ink); }
.chart-svg .legend text { fill: var(--muted); }
.chart-svg text.note { fill: var(--muted); }
.chart-svg text.in { font-weight: 600; fill: #fff; }
.chart-svg text.in.late, .chart-svg text.in.s2 { fill: var(--ink); }
.chart-svg .track { fill: #eef1f4; }
.chart-svg .ok { fill: var(--ok); }
.chart-svg .late { fill: var(--late); }
.chart-svg .miss { fill: var(--miss); }
.chart-svg .mix { fill: #5f7fa3; }
.chart-svg .s1 { fill: var(--accent); }
.chart-svg .s2 { fill: #9fb3c8; }
.chart-svg .s3 { fill: var(--miss); }
.chart-svg .hatch-line { stroke: #fff; stroke-width: 2.5; stroke-opacity: .45; }
.chart-svg .ref { stroke: var(--ink); stroke-width: 2.5; }
.chart-svg text.out { font-weight: 600; }
.meters { display: grid; gap: 10px; max-width: 760px; }
.meter { display: grid; grid-template-columns: 250px 1fr 130px; align-items: center; gap: 14px; font-size: 14px; }
.meter .track, .mini { display: block; height: 14px; background: #eef1f4; border-radius: 3px; overflow: hidden; }
.meter .fill, .mini span { display: block; height: 100%; background: var(--ok); }
.meter .value { color: var(--muted); }
.meter .value strong { color: var(--ink); }
.mini { display: inline-block; width: 80px; height: 10px; vertical-align: -1px; margin-right: 6px; }
.mini span { background: var(--miss); }
table.matrix { table-layout: fixed; }
table.matrix th:first-child, table.matrix td:first-child { width: 16%; }
table.matrix td { padding: 6px 8px; }
table.matrix td:first-child { padding-left: 0; vertical-align: middle; }
.cell { min-height: 2.4em; padding: 6px 10px; border-radius: 6px; background: #f8f9fb; font-size: 13px; line-height: 1.45; }
.cell span { display: block; }
.cell .p { color: var(--ok-text); }
.cell .nd { color: var(--amber); }
.cell .u { color: var(--red); font-weight: 700; }
.cell.key { outline: 2px solid var(--accent); outline-offset: -2px; background: #fff; }
footer { color: var(--faint); font-size: 12.5px; padding: 4px; }
@page { size: A4; margin: 15mm; }
@media screen and (max-width: 760px) {
  .cards { grid-template-columns: repeat(2, 1fr); }
  .split, .pair { grid-template-columns: 1fr; }
  .meter { grid-template-columns: 1fr; gap: 4px; }
}
@media print {
  body { background: #fff; font-size: 10pt; }
  main { max-width: none; padding: 0; }
  header.page { padding: 0; margin-bottom: 6mm; }
  h1 { font-size: 20pt; }
  section { border: 0; border-top: 1px solid var(--line); border-radius: 0; padding: 5mm 0 0; margin: 0 0 6mm; }
  h2 { break-after: avoid; }
  .lead { break-after: avoid; }
  .cards, .chart, .pair, .meters, table.compact, table.narrow, table.matrix, .split > div { break-inside: avoid; }
  tr { break-inside: avoid; }
  .card { padding: 8px 12px; }
  .card .v { font-size: 22pt; }
  table { font-size: 9pt; }
  .empty { background: none; border: 1px solid var(--line); }
  code { background: none; }
  .split { grid-template-columns: 1fr 1.6fr; gap: 8mm; }
  .id { font-size: 8pt; }
  a { color: inherit; text-decoration: none; }
}
"#;

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::review::{
        ByKind, ByStatus, Counts, DueSoon, LineOfSight, OverdueApplication, OverdueFollowUp, Spend,
        TransferCell, UnmetSupport,
    };

    const HOSTILE: &str = "<script>alert(\"x\")</script> & 'quotes'";
    const SECTIONS: [&str; 11] = [
        "Summary",
        "Overdue follow-ups",
        "Learning not yet applied",
        "Unmet workplace supports",
        "Due soon",
        "Follow-through by manager",
        "Line of sight",
        "Method mix",
        "Spend",
        "Transfer matrix",
        "Learning after training",
    ];

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn empty_report() -> Report {
        Report {
            version: 1,
            as_of: "2026-09-30".into(),
            revision: None,
            contracts: Counts::default(),
            skipped_files: 0,
            later_facts_set_aside: 0,
            contracts_of_other_periods: Default::default(),
            overdue_follow_ups: Vec::new(),
            overdue_applications: Vec::new(),
            unmet_supports: Vec::new(),
            due_soon: Vec::new(),
            follow_through: Vec::new(),
            line_of_sight: LineOfSight::default(),
            method_mix: MethodMix::default(),
            spend: Vec::new(),
            transfer_matrix: Vec::new(),
            transfer_curve: TransferCurve::default(),
            during_the_quarter: None,
            change_against_previous_quarter: None,
            repo: "hr".into(),
        }
    }

    /// A small report with a row in every list, and text that must be escaped everywhere.
    fn sample() -> Report {
        Report {
            revision: Some("3f2c9a1".into()),
            repo: "/srv/<hr> & co".into(),
            contracts: Counts {
                total: 3,
                by_kind: ByKind {
                    strategic: 2,
                    experience: 1,
                },
                by_status: ByStatus {
                    active: 2,
                    draft: 1,
                    ..ByStatus::default()
                },
            },
            skipped_files: 1,
            overdue_follow_ups: vec![OverdueFollowUp {
                contract: "2026-jane-doe".into(),
                file: "contracts/2026/jane\"doe.yaml".into(),
                index: 0,
                record: "lc done 2026-jane-doe follow-up 1".into(),
                learner: HOSTILE.into(),
                manager: "Sam Lee".into(),
                owner: "Sam Lee".into(),
                team: Some("R&D <core>".into()),
                due: date("2026-06-30"),
                days_overdue: 92,
            }],
            overdue_applications: vec![OverdueApplication {
                contract: "2026-09-01-jane-doe-course".into(),
                file: "contracts/2026/course.yaml".into(),
                index: 1,
                record: "lc done 2026-09-01-jane-doe-course action 2".into(),
                learner: "Jane Doe".into(),
                owner: "Jane Doe".into(),
                team: None,
                text: "Share the <b>three</b> ideas & more".into(),
                due: date("2026-09-27"),
                days_overdue: 3,
            }],
            unmet_supports: vec![UnmetSupport {
                contract: "2026-jane-doe".into(),
                file: "contracts/2026/jane-doe.yaml".into(),
                index: 0,
                record: "lc provide 2026-jane-doe 1".into(),
                learner: "Jane Doe".into(),
                owner: "Hannah Schulz".into(),
                team: Some("R&D <core>".into()),
                text: "A licence".into(),
                due: None,
                status: "declined".into(),
                days_late: 0,
            }],
            due_soon: vec![DueSoon {
                contract: "2026-jane-doe".into(),
                file: "contracts/2026/jane-doe.yaml".into(),
                list: "supports",
                index: 2,
                record: "lc provide 2026-jane-doe 3".into(),
                learner: "Jane Doe".into(),
                owner: "Sam Lee".into(),
                text: "Book a room".into(),
                due: date("2026-10-05"),
                days_left: 5,
            }],
            follow_through: vec![FollowThrough {
                manager: "Sam \"the boss\" Lee".into(),
                due: 9,
                on_time: 6,
                late: 2,
                not_done: 1,
                on_time_rate: 0.67,
            }],
            line_of_sight: LineOfSight {
                objectives: 20,
                serving_a_goal: 18,
                serving_a_measured_goal: 11,
                achieved: 4,
                dropped: 1,
            },
            method_mix: MethodMix {
                formal: 12,
                social: 9,
                experiential: 15,
                other: 1,
            },
            spend: vec![Spend {
                currency: "EUR".into(),
                total: "10450.00".into(),
                application_open: "2300.00".into(),
                from_experiences: "9000.00".into(),
                from_methods: "1450.00".into(),
                from_methods_for_experiences: "0.00".into(),
                costed_by_method: Vec::new(),
                not_linked_back: Vec::new(),
                total_cents: 1_045_000,
                open_cents: 230_000,
            }],
            transfer_matrix: vec![TransferCell {
                owner: "manager".into(),
                phase: "after".into(),
                provided: 4,
                needed: 2,
                unmet: 1,
            }],
            transfer_curve: sample_curve(),
            during_the_quarter: Some(DuringQuarter {
                quarter: "2026Q3".into(),
                from: date("2026-07-01"),
                to: date("2026-09-30"),
                follow_ups_done: Vec::new(),
                supports_provided: Vec::new(),
                contracts_agreed: Vec::new(),
                contracts_closed: Vec::new(),
                follow_through: Vec::new(),
                actions_done: Vec::new(),
                supports_declined: Vec::new(),
                objectives_achieved: Vec::new(),
                objectives_dropped: Vec::new(),
                contracts_cancelled: Vec::new(),
            }),
            ..empty_report()
        }
    }

    fn horizon(days: i64, counts: [usize; 3], reference: Option<f64>) -> Horizon {
        let [applied, not_applied, not_asked] = counts;
        Horizon {
            days,
            eligible: applied + not_applied + not_asked,
            applied,
            not_applied,
            not_asked,
            share: crate::review::transfer::share(applied, not_applied),
            reference,
        }
    }

    fn sample_curve() -> TransferCurve {
        use crate::review::transfer::{ByProvider, ByType, Case, Cases, TransferSpend};
        let horizons = vec![
            horizon(0, [4, 2, 0], Some(0.62)),
            horizon(90, [3, 1, 1], None),
            horizon(180, [1, 2, 1], Some(0.44)),
            horizon(365, [0, 0, 0], Some(0.34)),
        ];
        let case = Case {
            contract: "2026-03-10-jane-doe-course".into(),
            file: "contracts/2026/course.yaml".into(),
            learner: HOSTILE.into(),
            manager: "Sam Lee".into(),
            team: None,
            title: "Claims <i>accuracy</i>".into(),
            days: 180,
            index: 2,
            asked_on: date("2026-09-07"),
            applied: "fully",
            evidence: Some("Error rate <b>down</b> & kept".into()),
        };
        TransferCurve {
            by_type: vec![ByType {
                event_type: "workshop".into(),
                horizons: horizons.clone(),
            }],
            by_provider: vec![ByProvider {
                provider: Some("Acme <Academy>".into()),
                horizons: horizons.clone(),
            }],
            horizons,
            cases: Cases {
                success: vec![case],
                non_success: Vec::new(),
            },
            spend: vec![TransferSpend {
                currency: "EUR".into(),
                latest_answer_none: "1200.00".into(),
                not_asked_after_180: "650.00".into(),
                none_cents: 120_000,
                not_asked_cents: 65_000,
            }],
        }
    }

    /// Checks that every element opened is closed, in order (void and self-closed ones aside).
    fn assert_balanced(html: &str) {
        const VOID: [&str; 3] = ["meta", "br", "hr"];
        let mut stack: Vec<String> = Vec::new();
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            let end = rest[start..].find('>').expect("unclosed tag") + start;
            let tag = &rest[start + 1..end];
            rest = &rest[end + 1..];
            if tag.starts_with('!') || tag.ends_with('/') {
                continue;
            }
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if VOID.contains(&name.as_str()) {
                continue;
            }
            if tag.starts_with('/') {
                assert_eq!(stack.pop().as_deref(), Some(name.as_str()), "at <{tag}>");
            } else {
                if name == "style" {
                    let close = rest.find("</style>").expect("style closed");
                    rest = &rest[close..];
                }
                stack.push(name);
            }
        }
        assert!(stack.is_empty(), "left open: {stack:?}");
    }

    #[test]
    fn every_section_in_order() {
        let html = report(&sample());
        let mut at = 0;
        for title in SECTIONS
            .iter()
            .chain(&["During the quarter"])
            .map(|t| format!("<span class=\"title\">{t}"))
        {
            let found = html[at..].find(&title).map(|i| i + at);
            assert!(found.is_some(), "{title} missing or out of order");
            at = found.unwrap_or(at);
        }
    }

    #[test]
    fn four_charts_with_titles() {
        let html = report(&sample());
        assert_eq!(html.matches("<svg").count(), 4);
        assert_eq!(html.matches("role=\"img\"").count(), 4);
        assert!(html.contains("Learning applied after training</title>"));
        // The curve's shares and the trainers' estimates as text too.
        assert!(html.contains("67% of 6 asked · est. 62%"));
        assert!(html.contains("75% of 4 asked · no estimate"));
        assert!(html.contains("33% of 3 asked · est. 44%"));
        assert!(html.contains("none eligible yet · est. 34%"));
        assert!(html.contains("Method mix against 70:20:10</title>"));
        assert!(html.contains("Overdue items by team</title>"));
        assert!(html.contains("Follow-through by manager</title>"));
        // Charts carry their numbers as text: the rate, the shares and the references.
        assert!(html.contains("67% on time · 6 of 9"));
        assert!(html.contains("41% · ref. 70%"));
        assert!(html.contains("32% · ref. 10%"));
        assert!(html.contains("24% · ref. 20%"));
    }

    #[test]
    fn self_contained() {
        let html = report(&sample());
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script"));
        assert!(!lower.contains("@import") && !lower.contains("src="));
        let without_svg_namespace = lower.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(!without_svg_namespace.contains("http://"));
        assert!(!without_svg_namespace.contains("https://"));
        // The only url() references are the charts' own patterns.
        assert_eq!(
            lower.matches("url(").count(),
            lower.matches("url(#").count()
        );
        assert!(html.contains("@page { size: A4; margin: 15mm; }"));
    }

    #[test]
    fn text_from_the_data_is_escaped() {
        let html = report(&sample());
        // Every value is escaped by the template engine (`&#x27;`, `&#x2f;` too).
        assert!(html.contains(
            "&lt;script&gt;alert(&quot;x&quot;)&lt;&#x2f;script&gt; &amp; &#x27;quotes&#x27;"
        ));
        assert!(!html.contains("<script"));
        assert!(html.contains("Share the &lt;b&gt;three&lt;&#x2f;b&gt; ideas &amp; more"));
        assert!(html.contains("title=\"contracts&#x2f;2026&#x2f;jane&quot;doe.yaml\""));
        assert!(html.contains("&#x2f;srv&#x2f;&lt;hr&gt; &amp; co"));
        assert!(html.contains("R&amp;D &lt;core&gt;"));
        assert!(html.contains("Sam &quot;the boss&quot; Lee"));
        assert!(html.contains("Claims &lt;i&gt;accuracy&lt;&#x2f;i&gt;"));
        assert!(html.contains("Error rate &lt;b&gt;down&lt;&#x2f;b&gt; &amp; kept"));
        assert!(html.contains("Acme &lt;Academy&gt;"));
        assert!(!html.contains("<b>three"));
        assert_balanced(&html);
    }

    #[test]
    fn a_row_without_team_counts_as_no_team() {
        let html = report(&sample());
        assert!(html.contains(">no team</text>"));
        assert!(html.contains("R&amp;D &lt;core&gt;: 2 overdue"));
    }

    #[test]
    fn empty_lists_say_so() {
        let html = report(&empty_report());
        for text in [
            "No overdue follow-ups.",
            "No unmet workplace supports.",
            "Nothing due soon.",
            "Nothing overdue in any team.",
        ] {
            assert!(html.contains(text), "{text}");
        }
        assert!(!html.contains("<table class=\"items\""));
        assert!(!html.contains("<svg"));
        assert!(!html.contains("During the quarter"));
        assert!(
            html.contains("No experience contract ended 30 days or more before 2026-09-30 yet.")
        );
        assert!(html.contains("working tree"));
        assert_balanced(&html);
    }

    #[test]
    fn same_report_same_bytes() {
        assert_eq!(report(&sample()), report(&sample()));
    }

    #[test]
    fn numbers() {
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(1, 0), 0);
        assert_eq!(truncate(&"x".repeat(30)).chars().count(), MAX_LABEL_CHARS);
    }
}
