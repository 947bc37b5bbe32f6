//! `lc report --format html`: the quarterly review as one self-contained page (inline CSS and SVG).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::columns::{
    self, Column, DUE_SOON, OVERDUE_APPLICATIONS, OVERDUE_FOLLOW_UPS, UNMET_SUPPORTS, grid,
};

use crate::report::{
    Counts, DueSoon, DuringQuarter, FollowThrough, LineOfSight, MethodMix, OverdueApplication,
    OverdueFollowUp, Report, Spend, TRANSFER_OWNERS, TRANSFER_PHASES, TransferCell, UnmetSupport,
};

/// The whole page. The same report always gives the same bytes: nothing here reads the clock.
pub fn report(report: &Report) -> String {
    let mut body = String::new();
    body += &header(report);
    body += &summary(report);
    body += &overdue_follow_ups(&report.overdue_follow_ups);
    body += &overdue_applications(&report.overdue_applications);
    body += &unmet_supports(&report.unmet_supports);
    body += &due_soon(&report.due_soon);
    body += &follow_through(&report.follow_through, &report.as_of);
    body += &line_of_sight(&report.line_of_sight);
    body += &method_mix(&report.method_mix);
    body += &spend(&report.spend);
    body += &transfer_matrix(&report.transfer_matrix);
    if let Some(during) = &report.during_the_quarter {
        body += &during_the_quarter(during);
    }
    body += &footer(report);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>Learning contracts review — {repo} — {as_of}</title>\n<style>{STYLE}</style>\n</head>\n\
         <body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        repo = escape(&report.repo),
        as_of = escape(&report.as_of),
    )
}

/// Text made safe for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out += "&amp;",
            '<' => out += "&lt;",
            '>' => out += "&gt;",
            '"' => out += "&quot;",
            '\'' => out += "&#39;",
            _ => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Page frame

fn header(report: &Report) -> String {
    let revision = report.revision.as_deref().map_or_else(
        || "working tree".to_string(),
        |r| format!("<span class=\"id\">{}</span>", escape(r)),
    );
    let quarter = report
        .during_the_quarter
        .as_ref()
        .map_or_else(String::new, |d| {
            meta_item(
                "Quarter",
                &format!(
                    "{} <span class=\"muted\">({} – {})</span>",
                    escape(&d.quarter),
                    d.from,
                    d.to
                ),
            )
        });
    format!(
        "<header class=\"page\">\n<p class=\"eyebrow\">Learning contracts</p>\n\
         <h1>Quarterly review</h1>\n<dl class=\"meta\">{items}{quarter}</dl>\n</header>\n",
        items = meta_item("Repo", &escape(&report.repo))
            + &meta_item("Revision", &revision)
            + &meta_item("As of", &escape(&report.as_of)),
    )
}

fn meta_item(key: &str, value_html: &str) -> String {
    format!("<div><dt>{key}</dt><dd>{value_html}</dd></div>")
}

fn footer(report: &Report) -> String {
    let revision = report.revision.as_deref().map_or_else(
        || "the working tree".to_string(),
        |r| format!("revision {}", escape(r)),
    );
    format!(
        "<footer>Made by lc {version} from {revision} of {repo}, as of {as_of}. \
         Sections 6–10 count contracts that are agreed, active or closed.</footer>\n",
        version = env!("CARGO_PKG_VERSION"),
        repo = escape(&report.repo),
        as_of = escape(&report.as_of),
    )
}

/// A numbered section; `lead` and `body` are HTML.
fn section(number: &str, id: &str, title: &str, lead: &str, body: &str) -> String {
    let lead = if lead.is_empty() {
        String::new()
    } else {
        format!("<p class=\"lead\">{lead}</p>\n")
    };
    format!(
        "<section id=\"{id}\">\n<h2><span class=\"n\">{number}</span><span class=\"title\">{title}</span></h2>\n\
         {lead}{body}</section>\n"
    )
}

/// What an empty list or chart says instead.
fn empty(text: &str) -> String {
    format!("<p class=\"empty\">{}</p>\n", escape(text))
}

/// An empty list of problems: good news, with a tick.
fn all_clear(text: &str) -> String {
    format!("<p class=\"empty clear\">{}</p>\n", escape(text))
}

// ---------------------------------------------------------------------------------------------
// Tables

#[derive(Clone, Copy, PartialEq)]
enum Align {
    Left,
    Right,
}

/// What a cell shows for a value that is not there.
const NONE: &str = "<span class=\"muted\">—</span>";

/// A table; cells are HTML already escaped.
fn table(columns: &[(&str, Align)], rows: &[Vec<String>], class: &str) -> String {
    let class_of = |align: Align| {
        if align == Align::Right {
            " class=\"num\""
        } else {
            ""
        }
    };
    let head: String = columns
        .iter()
        .map(|(name, align)| format!("<th{}>{name}</th>", class_of(*align)))
        .collect();
    let body: String = rows
        .iter()
        .map(|row| {
            let cells: String = row
                .iter()
                .zip(columns)
                .map(|(cell, (_, align))| format!("<td{}>{cell}</td>", class_of(*align)))
                .collect();
            format!("<tr>{cells}</tr>\n")
        })
        .collect();
    format!(
        "<div class=\"table-wrap\" tabindex=\"0\"><table class=\"{class}\">\n<thead><tr>{head}</tr></thead>\n\
         <tbody>\n{body}</tbody>\n</table></div>\n"
    )
}

/// A section's table from its column description, rendered by the template (which escapes).
fn described_table<R>(columns: &[Column<R>], rows: &[R]) -> String {
    #[derive(serde::Serialize)]
    struct Head {
        title: &'static str,
        align: columns::Align,
    }
    let (_, cells) = grid(columns, rows);
    let head: Vec<Head> = columns
        .iter()
        .map(|c| Head {
            title: c.title,
            align: c.align,
        })
        .collect();
    let context = minijinja::context! { class => "items", columns => head, rows => cells };
    super::templates::render("table.html", context).unwrap_or_default()
}

/// A contract id, with its file as tooltip.
fn contract_cell(id: &str, file: &str) -> String {
    format!(
        "<span class=\"id\" title=\"{}\">{}</span>",
        escape(file),
        escape(id)
    )
}

fn date_cell(date: impl std::fmt::Display) -> String {
    format!("<span class=\"date\">{date}</span>")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `part` of `whole` as a whole percentage, rounded half up; 0 when there is no whole.
fn percent(part: usize, whole: usize) -> usize {
    if whole == 0 {
        0
    } else {
        (part * 200 + whole) / (2 * whole)
    }
}

/// Cents as an amount with thousands separators: `10,880.00`.
fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let units = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, digit) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped}.{:02}", cents % 100)
}

// ---------------------------------------------------------------------------------------------
// 1. Summary

fn summary(report: &Report) -> String {
    let skipped = if report.skipped_files > 0 {
        format!(
            "<p class=\"note\">{} gave no contract and {} not counted; <code>lc check</code> says why.</p>\n",
            plural(report.skipped_files, "file", "files"),
            if report.skipped_files == 1 {
                "is"
            } else {
                "are"
            }
        )
    } else {
        String::new()
    };
    let skipped = if report.later_facts_set_aside > 0 {
        format!(
            "{skipped}<p class=\"note\">{} dated after {} set aside: not yet happened on that day.</p>\n",
            plural(report.later_facts_set_aside, "fact", "facts"),
            escape(&report.as_of)
        )
    } else {
        skipped
    };
    let body = format!(
        "{cards}<div class=\"split\">\n<div>\n<h3>Contracts</h3>\n{counts}{skipped}</div>\n\
         <div>\n<h3>Overdue items by team</h3>\n{teams}</div>\n</div>\n",
        cards = cards(report),
        counts = counts(&report.contracts),
        teams = team_chart(report),
    );
    section("1", "summary", "Summary", "", &body)
}

fn cards(report: &Report) -> String {
    let change = report.change_against_previous_quarter.as_ref();
    let card = |href: &str, key: &str, n: usize, label: &str, alert: bool| {
        let class = if alert && n > 0 { "card alert" } else { "card" };
        let delta = change
            .and_then(|c| Some((c.against.as_str(), c.change.get(key)?)))
            .map_or_else(String::new, |(against, d)| {
                format!(
                    "<span class=\"delta\">{} on {}</span>",
                    crate::report::trend::signed(d, false),
                    escape(against)
                )
            });
        format!(
            "<a class=\"{class}\" href=\"#{href}\"><span class=\"v\">{n}</span><span class=\"k\">{label}</span>{delta}</a>\n"
        )
    };
    format!(
        "<div class=\"cards\">\n{}{}{}{}</div>\n",
        card(
            "overdue-follow-ups",
            "overdue_follow_ups",
            report.overdue_follow_ups.len(),
            "overdue follow-ups",
            true
        ),
        card(
            "learning-not-yet-applied",
            "overdue_applications",
            report.overdue_applications.len(),
            "learning not yet applied",
            true
        ),
        card(
            "unmet-supports",
            "unmet_supports",
            report.unmet_supports.len(),
            "unmet workplace supports",
            true
        ),
        card(
            "due-soon",
            "due_soon",
            report.due_soon.len(),
            "due soon",
            false
        ),
    )
}

fn counts(counts: &Counts) -> String {
    let k = &counts.by_kind;
    let s = &counts.by_status;
    let row = |label: &str, n: usize| vec![label.to_string(), n.to_string()];
    let kinds = [
        row("Strategic", k.strategic),
        row("Experience", k.experience),
        vec![
            "<strong>Total</strong>".into(),
            format!("<strong>{}</strong>", counts.total),
        ],
    ];
    let statuses = [
        row("Draft", s.draft),
        row("Agreed", s.agreed),
        row("Active", s.active),
        row("Closed", s.closed),
        row("Cancelled", s.cancelled),
    ];
    format!(
        "<div class=\"pair\">{}{}</div>\n",
        table(
            &[("By kind", Align::Left), ("Contracts", Align::Right)],
            &kinds,
            "compact"
        ),
        table(
            &[("By status", Align::Left), ("Contracts", Align::Right)],
            &statuses,
            "compact"
        ),
    )
}

fn team_name(team: Option<&str>) -> &str {
    team.unwrap_or("no team")
}

fn team_chart(report: &Report) -> String {
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
        return all_clear("Nothing overdue in any team.");
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
    chart(&Chart {
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
    })
}

// ---------------------------------------------------------------------------------------------
// 2-5. Item lists

fn overdue_follow_ups(rows: &[OverdueFollowUp]) -> String {
    let body = if rows.is_empty() {
        all_clear("No overdue follow-ups.")
    } else {
        described_table(OVERDUE_FOLLOW_UPS, rows)
    };
    section(
        "2",
        "overdue-follow-ups",
        "Overdue follow-ups",
        "Check-ins between learner and manager that are not done and whose due date has passed.",
        &body,
    )
}

fn overdue_applications(rows: &[OverdueApplication]) -> String {
    let body = if rows.is_empty() {
        all_clear("No learning waiting to be applied: every application action due is done.")
    } else {
        described_table(OVERDUE_APPLICATIONS, rows)
    };
    section(
        "3",
        "learning-not-yet-applied",
        "Learning not yet applied",
        "Application actions of experience contracts past their due date: learning not yet used on the job.",
        &body,
    )
}

fn unmet_supports(rows: &[UnmetSupport]) -> String {
    let body = if rows.is_empty() {
        all_clear("No unmet workplace supports.")
    } else {
        described_table(UNMET_SUPPORTS, rows)
    };
    section(
        "4",
        "unmet-supports",
        "Unmet workplace supports",
        "What the workplace owes the learner so the learning can be used, declined or still needed after its due date.",
        &body,
    )
}

fn due_soon(rows: &[DueSoon]) -> String {
    let body = if rows.is_empty() {
        empty("Nothing due soon.")
    } else {
        described_table(DUE_SOON, rows)
    };
    section(
        "5",
        "due-soon",
        "Due soon",
        "Open follow-ups, application actions and needed supports due within the policy’s <code>due_soon_days</code>.",
        &body,
    )
}

// ---------------------------------------------------------------------------------------------
// 6-10. Standing contracts

fn follow_through(rows: &[FollowThrough], as_of: &str) -> String {
    let lead = format!(
        "Per manager, the follow-ups due before {}: done on time, done late, or not done.",
        escape(as_of)
    );
    let body = if rows.is_empty() {
        empty("No follow-ups were due yet.")
    } else {
        follow_through_chart(rows)
    };
    section(
        "6",
        "follow-through",
        "Follow-through by manager",
        &lead,
        &body,
    )
}

fn follow_through_chart(rows: &[FollowThrough]) -> String {
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

fn line_of_sight(sight: &LineOfSight) -> String {
    let body = if sight.objectives == 0 {
        empty("No objectives in agreed, active or closed strategic contracts.")
    } else {
        let meter = |label: &str, n: usize| {
            let p = percent(n, sight.objectives);
            format!(
                "<div class=\"meter\"><span class=\"label\">{label}</span>\
                 <span class=\"track\"><span class=\"fill\" style=\"width:{p}%\"></span></span>\
                 <span class=\"value\"><strong>{p}%</strong> · {n} of {total}</span></div>\n",
                total = sight.objectives
            )
        };
        format!(
            "<div class=\"meters\">\n{}{}</div>\n",
            meter("Serve a job goal", sight.serving_a_goal),
            meter(
                "Serve a goal measured by a metric",
                sight.serving_a_measured_goal
            ),
        )
    };
    let lead = format!(
        "Of {}, how many trace to a job goal, and to a goal with a business metric (learning → outcome → impact).",
        plural(sight.objectives, "objective", "objectives")
    );
    section("7", "line-of-sight", "Line of sight", &lead, &body)
}

fn method_mix(mix: &MethodMix) -> String {
    let total = mix.formal + mix.social + mix.experiential + mix.other;
    let body = if total == 0 {
        empty("No methods or experiences recorded.")
    } else {
        method_mix_chart(mix, total)
    };
    section(
        "8",
        "method-mix",
        "Method mix",
        "Methods of every objective and experience, by group, against the 70:20:10 reference: \
         about 70% of learning from experience on the job, 20% from others, 10% from formal courses. \
         The dark line marks the reference.",
        &body,
    )
}

fn method_mix_chart(mix: &MethodMix, total: usize) -> String {
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
    chart(&Chart {
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
    })
}

fn spend(rows: &[Spend]) -> String {
    let body = if rows.is_empty() {
        empty("No costs recorded.")
    } else {
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                let share = if r.total_cents > 0 {
                    (r.open_cents * 100 + r.total_cents / 2) / r.total_cents
                } else {
                    0
                };
                vec![
                    format!("<strong>{}</strong>", escape(&r.currency)),
                    money(r.total_cents),
                    money(r.open_cents),
                    format!(
                        "<span class=\"mini\"><span style=\"width:{}%\"></span></span> {share}%",
                        share.clamp(0, 100)
                    ),
                ]
            })
            .collect();
        table(
            &[
                ("Currency", Align::Left),
                ("Total", Align::Right),
                ("Application still open", Align::Right),
                ("Share open", Align::Right),
            ],
            &cells,
            "narrow",
        )
    };
    section(
        "9",
        "spend",
        "Spend",
        "Cost of experiences (and of methods not linked to one), by currency; the open part was spent on \
         experiences whose application is not yet done.",
        &body,
    )
}

fn transfer_matrix(cells: &[TransferCell]) -> String {
    let body = if cells.is_empty() {
        empty("No workplace supports recorded.")
    } else {
        transfer_table(cells)
    };
    section(
        "10",
        "transfer-matrix",
        "Transfer matrix",
        "Supports by who owes them and when (after Broad &amp; Newstrom). \
         The outlined cell, <strong>manager, after</strong>, is the one that decides whether learning is used.",
        &body,
    )
}

fn transfer_table(cells: &[TransferCell]) -> String {
    let cell_at =
        |owner: &str, phase: &str| cells.iter().find(|c| c.owner == owner && c.phase == phase);
    let owners = TRANSFER_OWNERS
        .iter()
        .filter(|o| matches!(**o, "learner" | "manager") || cells.iter().any(|c| c.owner == **o));
    let mut rows = Vec::new();
    for owner in owners {
        let mut row = vec![format!("<strong>{}</strong>", owner_label(owner))];
        for phase in TRANSFER_PHASES {
            let key = *owner == "manager" && phase == "after";
            row.push(transfer_cell(cell_at(owner, phase), key));
        }
        rows.push(row);
    }
    let head: Vec<(&str, Align)> = std::iter::once(("Owner", Align::Left))
        .chain(
            ["Before", "During", "After", "No phase"]
                .into_iter()
                .map(|p| (p, Align::Left)),
        )
        .collect();
    table(&head, &rows, "matrix")
}

fn owner_label(owner: &str) -> String {
    match owner {
        "hr" => "HR".into(),
        "l&d" => "L&amp;D".into(),
        "other" => "Other person".into(),
        _ => {
            let mut chars = owner.chars();
            chars.next().map_or_else(String::new, |first| {
                escape(&(first.to_uppercase().collect::<String>() + chars.as_str()))
            })
        }
    }
}

fn transfer_cell(cell: Option<&TransferCell>, key: bool) -> String {
    let key_class = if key { " key" } else { "" };
    let parts: Vec<String> = cell
        .map(|c| {
            [
                (c.provided, "provided", "p"),
                (c.needed, "needed", "nd"),
                (c.unmet, "unmet", "u"),
            ]
            .into_iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, word, class)| format!("<span class=\"{class}\">{n} {word}</span>"))
            .collect()
        })
        .unwrap_or_default();
    let content = if parts.is_empty() {
        NONE.to_string()
    } else {
        parts.join("")
    };
    format!("<div class=\"cell{key_class}\">{content}</div>")
}

// ---------------------------------------------------------------------------------------------
// During the quarter

fn during_the_quarter(d: &DuringQuarter) -> String {
    let body = follow_ups_done(d) + &supports_provided(d) + &contracts_agreed_and_closed(d);
    let lead = format!(
        "What happened between {} and {}: follow-ups done, supports provided, contracts agreed and closed.",
        d.from, d.to
    );
    section(
        "",
        "during-the-quarter",
        &format!(
            "During the quarter <span class=\"muted\">{}</span>",
            escape(&d.quarter)
        ),
        &lead,
        &body,
    )
}

fn follow_ups_done(d: &DuringQuarter) -> String {
    let rows: Vec<Vec<String>> = d
        .follow_ups_done
        .iter()
        .map(|f| {
            let timing = match f.due {
                Some(due) if f.done > due => {
                    let late = (f.done - due).num_days().unsigned_abs() as usize;
                    format!(
                        "<span class=\"days d1\">{} late</span>",
                        plural(late, "day", "days")
                    )
                }
                Some(_) => "on time".into(),
                None => NONE.into(),
            };
            vec![
                contract_cell(&f.contract, &f.file),
                escape(&f.learner),
                f.due.map_or_else(|| NONE.into(), date_cell),
                date_cell(f.done),
                timing,
            ]
        })
        .collect();
    sub_table(
        "Follow-ups done",
        &rows,
        &[
            ("Contract", Align::Left),
            ("Learner", Align::Left),
            ("Due", Align::Left),
            ("Done", Align::Left),
            ("Timing", Align::Right),
        ],
        "No follow-ups done in the quarter.",
    )
}

fn supports_provided(d: &DuringQuarter) -> String {
    let rows: Vec<Vec<String>> = d
        .supports_provided
        .iter()
        .map(|s| {
            vec![
                contract_cell(&s.contract, &s.file),
                escape(&s.learner),
                escape(&s.text),
                date_cell(s.provided_on),
            ]
        })
        .collect();
    sub_table(
        "Supports provided",
        &rows,
        &[
            ("Contract", Align::Left),
            ("Learner", Align::Left),
            ("Support", Align::Left),
            ("Provided on", Align::Left),
        ],
        "No supports provided in the quarter.",
    )
}

fn contracts_agreed_and_closed(d: &DuringQuarter) -> String {
    let agreed: Vec<Vec<String>> = d
        .contracts_agreed
        .iter()
        .map(|e| event_row(&e.contract, &e.file, &e.learner, e.on))
        .collect();
    let closed: Vec<Vec<String>> = d
        .contracts_closed
        .iter()
        .map(|e| event_row(&e.contract, &e.file, &e.learner, e.on))
        .collect();
    let contract = ("Contract", Align::Left);
    let learner = ("Learner", Align::Left);
    format!(
        "<div class=\"pair\">\n<div>\n{}</div>\n<div>\n{}</div>\n</div>\n",
        sub_table(
            "Contracts agreed",
            &agreed,
            &[contract, learner, ("Agreed on", Align::Left)],
            "No contracts agreed in the quarter.",
        ),
        sub_table(
            "Contracts closed",
            &closed,
            &[contract, learner],
            "No contracts closed in the quarter.",
        ),
    )
}

/// A contract agreed or closed; a closing has no date.
fn event_row(contract: &str, file: &str, learner: &str, on: Option<NaiveDate>) -> Vec<String> {
    let mut row = vec![contract_cell(contract, file), escape(learner)];
    if let Some(on) = on {
        row.push(date_cell(on));
    }
    row
}

fn sub_table(title: &str, rows: &[Vec<String>], columns: &[(&str, Align)], none: &str) -> String {
    let content = if rows.is_empty() {
        empty(none)
    } else {
        table(columns, rows, "items")
    };
    format!(
        "<h3>{title} <span class=\"count\">{}</span></h3>\n{content}",
        rows.len()
    )
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

fn chart(chart: &Chart) -> String {
    let label_width = chart
        .rows
        .iter()
        .map(|r| r.label.chars().count().min(MAX_LABEL_CHARS))
        .max()
        .map_or(80.0, |n| (n as f64 * CHAR_WIDTH + 18.0).clamp(80.0, 200.0));
    let bar_x = label_width;
    let bar_width = chart.width as f64 - label_width - chart.note_width as f64 - 10.0;
    let layout = ChartLayout {
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
    };
    let context = minijinja::context! { chart => layout, bar_height => BAR_HEIGHT };
    super::templates::render("chart.html", context).unwrap_or_default()
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
    use crate::report::{ByKind, ByStatus};

    const HOSTILE: &str = "<script>alert(\"x\")</script> & 'quotes'";
    const SECTIONS: [&str; 10] = [
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
            overdue_follow_ups: Vec::new(),
            overdue_applications: Vec::new(),
            unmet_supports: Vec::new(),
            due_soon: Vec::new(),
            follow_through: Vec::new(),
            line_of_sight: LineOfSight::default(),
            method_mix: MethodMix::default(),
            spend: Vec::new(),
            transfer_matrix: Vec::new(),
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
            during_the_quarter: Some(DuringQuarter {
                quarter: "2026Q3".into(),
                from: date("2026-07-01"),
                to: date("2026-09-30"),
                follow_ups_done: Vec::new(),
                supports_provided: Vec::new(),
                contracts_agreed: Vec::new(),
                contracts_closed: Vec::new(),
                follow_through: Vec::new(),
            }),
            ..empty_report()
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
    fn escapes_the_five_characters() {
        assert_eq!(
            escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("Zoë Ångström"), "Zoë Ångström");
        assert_eq!(escape(""), "");
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
    fn three_charts_with_titles() {
        let html = report(&sample());
        assert_eq!(html.matches("<svg").count(), 3);
        assert_eq!(html.matches("role=\"img\"").count(), 3);
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
        // Tables are escaped by the template engine (`&#x27;`, `&#x2f;`), the rest by `escape`.
        assert!(html.contains(
            "&lt;script&gt;alert(&quot;x&quot;)&lt;&#x2f;script&gt; &amp; &#x27;quotes&#x27;"
        ));
        assert!(!html.contains("<script"));
        assert!(html.contains("Share the &lt;b&gt;three&lt;&#x2f;b&gt; ideas &amp; more"));
        assert!(html.contains("title=\"contracts&#x2f;2026&#x2f;jane&quot;doe.yaml\""));
        assert!(html.contains("/srv/&lt;hr&gt; &amp; co"));
        assert!(html.contains("R&amp;D &lt;core&gt;"));
        assert!(html.contains("Sam &quot;the boss&quot; Lee"));
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
        assert!(html.contains("working tree"));
        assert_balanced(&html);
    }

    #[test]
    fn same_report_same_bytes() {
        assert_eq!(report(&sample()), report(&sample()));
    }

    #[test]
    fn numbers() {
        assert_eq!(money(1_045_000), "10,450.00");
        assert_eq!(money(24_990), "249.90");
        assert_eq!(money(5), "0.05");
        assert_eq!(money(-123_456_789), "-1,234,567.89");
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(1, 0), 0);
        assert_eq!(truncate(&"x".repeat(30)).chars().count(), MAX_LABEL_CHARS);
    }
}
