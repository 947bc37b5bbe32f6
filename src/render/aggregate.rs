//! The aggregate review (`lc report --aggregate`) as a terminal table, Markdown, CSV, JSON or
//! one HTML page. Texts go through the review's own escaping (Markdown, HTML, CSV).

use std::fmt::Write as _;

use anyhow::Result;

use crate::render::report::md;
use crate::render::spreadsheet;
use crate::review::aggregate::{Aggregate, Cell, Table, TransferFigures};

fn header_lines(a: &Aggregate) -> Vec<(&'static str, String)> {
    let revision = a.revision.as_ref().map_or("working tree".to_string(), |r| {
        format!("commit {}", &r[..r.len().min(12)])
    });
    vec![
        ("repo", a.repo.clone()),
        ("revision", revision),
        ("as of", a.as_of.clone()),
        ("learners", a.learners.text()),
        ("teams", a.teams.to_string()),
    ]
}

/// What a withheld figure means, around the mark it is shown as (`<5`), so that each format
/// can show the mark as code its own way: as it is in the table, a code span in Markdown,
/// `<code>` in HTML.
fn legend(a: &Aggregate) -> [String; 3] {
    let n = a.min_group;
    [
        "No names: figures by team.".to_string(),
        format!("<{n}"),
        format!(
            ": withheld, because it counts fewer than {n} people, or because it would give such \
             a figure away from the totals beside it."
        ),
    ]
}

/// A table's rows as text, with its header and the totals row last.
fn grid(t: &Table) -> Vec<Vec<String>> {
    let mut rows = vec![
        std::iter::once("team".to_string())
            .chain(t.columns.iter().map(|c| c.to_string()))
            .chain(std::iter::once("total".to_string()))
            .collect::<Vec<_>>(),
    ];
    for r in &t.rows {
        rows.push(
            std::iter::once(r.team.clone())
                .chain(r.cells.iter().map(Cell::text))
                .chain(std::iter::once(r.total.text()))
                .collect(),
        );
    }
    rows.push(
        std::iter::once("all teams".to_string())
            .chain(t.totals.iter().map(Cell::text))
            .chain(std::iter::once(t.total.text()))
            .collect(),
    );
    rows
}

fn spend_rows(a: &Aggregate) -> Vec<[String; 3]> {
    let withheld = format!("<{} people", a.min_group);
    a.spend
        .iter()
        .map(|s| {
            [
                s.currency.clone(),
                s.total.clone().unwrap_or_else(|| withheld.clone()),
                s.application_open
                    .clone()
                    .unwrap_or_else(|| withheld.clone()),
            ]
        })
        .collect()
}

/// One of the tables of "Learning after training": an id (the CSV's `section`), a title, its
/// header and rows, and what one unit of a cell is.
struct TransferGrid {
    id: &'static str,
    title: &'static str,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// A horizon's figures as the review prints them, after a label.
fn transfer_row(label: String, h: &TransferFigures, estimate: bool) -> Vec<String> {
    let percent = |f: Option<f64>| f.map_or_else(|| "–".into(), |f| format!("{:.0} %", f * 100.0));
    let mut row = vec![
        label,
        h.eligible.text(),
        h.applied.text(),
        h.not_applied.text(),
        h.not_asked.text(),
        percent(h.share),
    ];
    if estimate {
        row.push(percent(h.reference));
    }
    row
}

fn transfer_header(first: &str, estimate: bool) -> Vec<String> {
    let mut header: Vec<String> = [
        first,
        "eligible",
        "applied",
        "not applied",
        "not asked",
        "share",
    ]
    .map(String::from)
    .to_vec();
    if estimate {
        header.push("estimate".into());
    }
    header
}

/// The rows of one split: each group at the horizons where it may have experiences (a shown
/// eligible count of 0 is left out).
fn transfer_split<'a>(
    groups: impl Iterator<Item = (String, &'a [TransferFigures])>,
) -> Vec<Vec<String>> {
    groups
        .flat_map(|(group, horizons)| {
            horizons
                .iter()
                .filter(|h| h.eligible != Cell::Shown(0))
                .map(move |h| transfer_row(format!("{group}, {} days", h.days), h, false))
        })
        .collect()
}

fn transfer_grids(a: &Aggregate) -> Vec<TransferGrid> {
    let t = &a.transfer_curve;
    let withheld = format!("<{} people", a.min_group);
    vec![
        TransferGrid {
            id: "learning_after_training",
            title: "Learning after training",
            header: transfer_header("after", true),
            rows: t
                .horizons
                .iter()
                .map(|h| transfer_row(format!("{} days", h.days), h, true))
                .collect(),
        },
        TransferGrid {
            id: "learning_after_training_by_type",
            title: "Learning after training by type",
            header: transfer_header("type, after", false),
            rows: transfer_split(
                t.by_type
                    .iter()
                    .map(|g| (g.event_type.clone(), &g.horizons[..])),
            ),
        },
        TransferGrid {
            id: "learning_after_training_by_provider",
            title: "Learning after training by provider",
            header: transfer_header("provider, after", false),
            rows: transfer_split(t.by_provider.iter().map(|g| {
                let name = g
                    .provider
                    .clone()
                    .unwrap_or_else(|| "(other providers)".into());
                (name, &g.horizons[..])
            })),
        },
        TransferGrid {
            id: "learning_after_training_spend",
            title: "Learning after training: the spend behind it",
            header: ["currency", "latest answer none", "not asked after 180 days"]
                .map(String::from)
                .to_vec(),
            rows: t
                .spend
                .iter()
                .map(|s| {
                    vec![
                        s.currency.clone(),
                        s.latest_answer_none
                            .clone()
                            .unwrap_or_else(|| withheld.clone()),
                        s.not_asked_after_180
                            .clone()
                            .unwrap_or_else(|| withheld.clone()),
                    ]
                })
                .collect(),
        },
    ]
}

/// What the curve's figures mean, under it.
fn transfer_legend() -> String {
    format!(
        "Experience contracts agreed, active or closed. share: applied of those asked. estimate: the trainers' estimate, {}. Providers with experiences of fewer learners at 180 days are counted under (other providers).",
        crate::review::transfer::REFERENCE_SOURCE
    )
}

/// Aligned columns for a terminal: the first left, the rest right.
pub fn table(a: &Aggregate) -> String {
    let mut out = String::from("LEARNING CONTRACTS: AGGREGATE REVIEW\n");
    for (key, value) in header_lines(a) {
        let _ = writeln!(out, "{key}: {}", one_line(&value));
    }
    let [before, mark, after] = legend(a);
    let _ = writeln!(out, "{before} {mark}{after}");
    for t in &a.tables {
        let _ = write!(out, "\n{} ({})\n", t.title.to_uppercase(), t.counts);
        let rows: Vec<Vec<String>> = grid(t)
            .into_iter()
            .map(|r| r.iter().map(|c| one_line(c)).collect())
            .collect();
        out += &aligned(&rows);
    }
    let _ = write!(out, "\nSPEND\n");
    let mut rows = vec![vec![
        "currency".to_string(),
        "total".to_string(),
        "application open".to_string(),
    ]];
    rows.extend(spend_rows(a).into_iter().map(Vec::from));
    out += &aligned(&rows);
    for (i, g) in transfer_grids(a).into_iter().enumerate() {
        let _ = write!(out, "\n{}\n", g.title.to_uppercase());
        if g.rows.is_empty() {
            let _ = writeln!(out, "none");
            continue;
        }
        let mut rows = vec![g.header];
        rows.extend(
            g.rows
                .iter()
                .map(|r| r.iter().map(|c| one_line(c)).collect()),
        );
        out += &aligned(&rows);
        if i == 0 {
            let _ = writeln!(out, "{}", transfer_legend());
        }
    }
    out
}

fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn aligned(rows: &[Vec<String>]) -> String {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, text)| {
                let pad = widths[c].saturating_sub(text.chars().count());
                if c == 0 {
                    format!("{text}{}", " ".repeat(pad))
                } else {
                    format!("{}{text}", " ".repeat(pad))
                }
            })
            .collect();
        let _ = writeln!(out, "{}", cells.join("  ").trim_end());
    }
    out
}

pub fn markdown(a: &Aggregate) -> String {
    let mut out = String::from("# Learning contracts: aggregate review\n\n");
    for (key, value) in header_lines(a) {
        let _ = writeln!(out, "- **{key}**: {}", md(&value));
    }
    let [before, mark, after] = legend(a);
    let _ = writeln!(out, "\n{} `{mark}`{}", md(&before), md(&after));
    for t in &a.tables {
        let _ = write!(out, "\n## {} ({})\n\n", md(t.title), md(t.counts));
        out += &md_table(&grid(t));
    }
    out += "\n## Spend\n\n";
    let mut rows = vec![vec![
        "currency".to_string(),
        "total".to_string(),
        "application open".to_string(),
    ]];
    rows.extend(spend_rows(a).into_iter().map(Vec::from));
    out += &md_table(&rows);
    for (i, g) in transfer_grids(a).into_iter().enumerate() {
        let _ = write!(out, "\n## {}\n\n", md(g.title));
        if g.rows.is_empty() {
            out += "none\n";
            continue;
        }
        let mut rows = vec![g.header];
        rows.extend(g.rows);
        out += &md_table(&rows);
        if i == 0 {
            let _ = write!(out, "\n{}\n", md(&transfer_legend()));
        }
    }
    out
}

fn md_table(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row.iter().map(|c| md(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
        if i == 0 {
            let marks: Vec<&str> = (0..row.len())
                .map(|c| if c == 0 { "---" } else { "---:" })
                .collect();
            let _ = writeln!(out, "| {} |", marks.join(" | "));
        }
    }
    out
}

/// One CSV table: `section,team,figure,value`, a withheld value as `<5`.
pub fn csv(a: &Aggregate) -> Result<String> {
    let mut w = spreadsheet::Writer::in_memory();
    w.write_record(["section", "team", "figure", "value"])?;
    for row in csv_rows(a) {
        w.write_record(&row)?;
    }
    w.into_string()
}

fn csv_rows(a: &Aggregate) -> Vec<[String; 4]> {
    let mut rows = Vec::new();
    for t in &a.tables {
        let grid = grid(t);
        for row in &grid[1..] {
            for (column, value) in grid[0].iter().zip(row).skip(1) {
                rows.push([
                    t.id.to_string(),
                    row[0].clone(),
                    column.clone(),
                    value.clone(),
                ]);
            }
        }
    }
    for [currency, total, open] in spend_rows(a) {
        let all = "all teams".to_string();
        rows.push([
            "spend".into(),
            all.clone(),
            format!("total {currency}"),
            total,
        ]);
        rows.push([
            "spend".into(),
            all,
            format!("application open {currency}"),
            open,
        ]);
    }
    for g in transfer_grids(a) {
        for row in &g.rows {
            for (column, value) in g.header.iter().zip(row).skip(1) {
                rows.push([
                    g.id.to_string(),
                    "all teams".into(),
                    format!("{} {column}", row[0]),
                    value.clone(),
                ]);
            }
        }
    }
    rows
}

/// `lc trend --aggregate` as text: each quarter's review under its name.
pub fn trend_text(quarters: &[(String, Aggregate)], one: fn(&Aggregate) -> String) -> String {
    quarters
        .iter()
        .map(|(quarter, a)| format!("{quarter}\n\n{}", one(a)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `lc trend --aggregate` as one CSV table with a `quarter` column first.
pub fn trend_csv(quarters: &[(String, Aggregate)]) -> Result<String> {
    let mut w = spreadsheet::Writer::in_memory();
    w.write_record(["quarter", "section", "team", "figure", "value"])?;
    for (quarter, a) in quarters {
        for [section, team, figure, value] in csv_rows(a) {
            w.write_record([quarter.as_str(), &section, &team, &figure, &value])?;
        }
    }
    w.into_string()
}

pub fn trend_json(quarters: &[(String, Aggregate)]) -> String {
    let quarters: Vec<serde_json::Value> = quarters
        .iter()
        .map(|(quarter, a)| {
            let mut value = serde_json::to_value(a).unwrap_or_default();
            if let Some(map) = value.as_object_mut() {
                map.insert("quarter".into(), quarter.clone().into());
            }
            value
        })
        .collect();
    let doc = serde_json::json!({ "version": 1, "aggregate": true, "quarters": quarters });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

pub fn json(a: &Aggregate) -> String {
    let mut text = serde_json::to_string_pretty(a).unwrap_or_default();
    text.push('\n');
    text
}

/// One self-contained page (templates/aggregate.html): no scripts, no outside resources.
pub fn html(a: &Aggregate) -> String {
    page("Aggregate review", &a.repo, &a.as_of, vec![part(None, a)])
}

/// `lc trend --aggregate` as one page, a part per quarter.
pub fn trend_html(quarters: &[(String, Aggregate)], repo: &str) -> String {
    let as_of = quarters.last().map_or("", |(_, a)| a.as_of.as_str());
    let parts = quarters.iter().map(|(q, a)| part(Some(q), a)).collect();
    page("Aggregate trend", repo, as_of, parts)
}

fn page(title: &str, repo: &str, as_of: &str, parts: Vec<minijinja::Value>) -> String {
    let context = minijinja::context! {
        style => crate::render::templates::STYLE,
        version => env!("CARGO_PKG_VERSION"),
        title => title,
        repo => repo,
        as_of => as_of,
        parts => parts,
    };
    crate::render::templates::render("aggregate.html", context)
        .unwrap_or_else(|e| format!("cannot render the page: {e:#}\n"))
}

/// One review's header and tables, under a quarter's name in a trend.
fn part(heading: Option<&str>, a: &Aggregate) -> minijinja::Value {
    let mut tables: Vec<minijinja::Value> = a
        .tables
        .iter()
        .map(|t| {
            let mut grid = grid(t);
            let header = grid.remove(0);
            html_table(t.id, t.title, t.counts, header, grid)
        })
        .collect();
    let mut spend = spend_header();
    let rows: Vec<Vec<String>> = spend_rows(a).into_iter().map(Vec::from).collect();
    tables.push(html_table(
        "spend",
        "Spend",
        "by currency",
        spend.remove(0),
        rows,
    ));
    for g in transfer_grids(a) {
        let counts = if g.id.ends_with("spend") {
            "by currency"
        } else {
            "experience contracts"
        };
        tables.push(html_table(g.id, g.title, counts, g.header, g.rows));
    }
    minijinja::context! {
        heading => heading,
        meta => header_lines(a),
        legend => legend(a),
        tables => tables,
        transfer_legend => transfer_legend(),
    }
}

fn spend_header() -> Vec<Vec<String>> {
    vec![vec![
        "currency".to_string(),
        "total".to_string(),
        "application open".to_string(),
    ]]
}

/// A table for the template: its header, and each cell with whether it is withheld.
fn html_table(
    id: &str,
    title: &str,
    counts: &str,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
) -> minijinja::Value {
    let rows: Vec<Vec<(String, bool)>> = rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|cell| {
                    let withheld = cell.starts_with('<');
                    (cell, withheld)
                })
                .collect()
        })
        .collect();
    minijinja::context! { id, title, counts, header, rows }
}
