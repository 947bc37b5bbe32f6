//! `lc trend` as a terminal table, Markdown, CSV, JSON and an HTML page with charts.
//!
//! Every format walks the same grids (`grids`): the headline figures, the follow-through of
//! each manager and the spend, one row per figure and one column per quarter.

use std::fmt::Write as _;

use anyhow::Result;
use comfy_table::{Cell, CellAlignment, ContentArrangement, LineStyle, Table, TableStyle};
use serde::Serialize;

use crate::review::figures::{figures, shown, signed};
use crate::review::trend::{Trend, TrendQuarter};

/// A titled grid: a label column, then one column per quarter.
#[derive(Serialize)]
struct Grid {
    title: &'static str,
    label: &'static str,
    quarters: Vec<String>,
    rows: Vec<GridRow>,
}

#[derive(Serialize)]
struct GridRow {
    label: String,
    /// Per quarter: the value and its change against the quarter before (empty if unknown).
    cells: Vec<(String, String)>,
}

fn grids(trend: &Trend) -> Vec<Grid> {
    let quarters: Vec<String> = trend.quarters.iter().map(|q| q.quarter.clone()).collect();
    let headline = figures()
        .map(|f| GridRow {
            label: f.label.to_string(),
            cells: trend
                .quarters
                .iter()
                .map(|q| {
                    let change = q.change.as_ref().and_then(|c| c.get(f.key));
                    let change = change.map_or_else(String::new, |c| signed(c, f.rate));
                    (shown(f, &q.figures), change)
                })
                .collect(),
        })
        .collect();
    let mut managers: Vec<&str> = trend
        .quarters
        .iter()
        .flat_map(|q| {
            q.follow_through_by_manager
                .iter()
                .map(|f| f.manager.as_str())
        })
        .collect();
    managers.sort_unstable();
    managers.dedup();
    let by_manager = managers
        .iter()
        .map(|m| GridRow {
            label: (*m).to_string(),
            cells: trend.quarters.iter().map(|q| manager_cell(q, m)).collect(),
        })
        .collect();
    let mut currencies: Vec<&str> = trend
        .quarters
        .iter()
        .flat_map(|q| q.spend.iter().map(|s| s.currency.as_str()))
        .collect();
    currencies.sort_unstable();
    currencies.dedup();
    let mut spend = Vec::new();
    for currency in currencies {
        for (label, open) in [("total", false), ("application still open", true)] {
            spend.push(GridRow {
                label: format!("{currency} {label}"),
                cells: trend
                    .quarters
                    .iter()
                    .map(|q| spend_cell(q, currency, open))
                    .collect(),
            });
        }
    }
    let transfer = (0..crate::review::transfer::HORIZONS.len())
        .map(|i| GridRow {
            label: format!("{} days", crate::review::transfer::HORIZONS[i]),
            cells: trend.quarters.iter().map(|q| transfer_cell(q, i)).collect(),
        })
        .collect();
    vec![
        Grid {
            title: "Headline figures",
            label: "figure",
            quarters: quarters.clone(),
            rows: headline,
        },
        Grid {
            title: "Follow-through by manager (follow-ups due in the quarter, on time)",
            label: "manager",
            quarters: quarters.clone(),
            rows: by_manager,
        },
        Grid {
            title: "Spend",
            label: "currency",
            quarters: quarters.clone(),
            rows: spend,
        },
        Grid {
            title: "Learning after training (share applied, of those asked)",
            label: "after",
            quarters,
            rows: transfer,
        },
    ]
}

/// `67 % (4 of 6)` and its change in percentage points, `–` when none was asked.
fn transfer_cell(q: &TrendQuarter, i: usize) -> (String, String) {
    let Some(h) = q.transfer_curve.get(i) else {
        return ("–".into(), String::new());
    };
    let asked = h.horizon.applied + h.horizon.not_applied;
    let value = h.horizon.share.map_or_else(
        || "–".into(),
        |share| format!("{:.0} % ({} of {asked})", share * 100.0, h.horizon.applied),
    );
    let change = h
        .share_change
        .map_or_else(String::new, |c| signed(&serde_json::Value::from(c), true));
    (value, change)
}

fn manager_cell(q: &TrendQuarter, manager: &str) -> (String, String) {
    match q
        .follow_through_by_manager
        .iter()
        .find(|f| f.manager == manager)
    {
        Some(f) if f.due > 0 => (
            format!("{:.0} % ({}/{})", f.on_time_rate * 100.0, f.on_time, f.due),
            String::new(),
        ),
        _ => ("–".into(), String::new()),
    }
}

fn spend_cell(q: &TrendQuarter, currency: &str, open: bool) -> (String, String) {
    let Some(s) = q.spend.iter().find(|s| s.currency == currency) else {
        return ("–".into(), String::new());
    };
    let (value, change) = if open {
        (&s.application_open, &s.application_open_change)
    } else {
        (&s.total, &s.total_change)
    };
    let change = change.as_deref().map_or_else(String::new, |c| {
        if c.starts_with('-') {
            c.replacen('-', "−", 1)
        } else if c == "0.00" {
            "0".into()
        } else {
            format!("+{c}")
        }
    });
    (value.clone(), change)
}

fn cell_text((value, change): &(String, String)) -> String {
    if change.is_empty() {
        value.clone()
    } else {
        format!("{value} ({change})")
    }
}

fn revisions(trend: &Trend) -> String {
    trend
        .quarters
        .iter()
        .map(|q| {
            let commit = q.revision.as_deref().unwrap_or("");
            format!("{} {}", q.quarter, &commit[..commit.len().min(12)])
        })
        .collect::<Vec<_>>()
        .join(", ")
}

const TITLE: &str = "Learning contracts: quarter over quarter";

/// For a terminal: one aligned table per grid.
pub fn table(trend: &Trend) -> String {
    let mut out = format!("{TITLE}\n\n  repo: {}\n", trend.repo);
    let _ = writeln!(out, "  commits: {}", revisions(trend));
    out += "  (change against the quarter before in brackets)\n";
    for grid in grids(trend).iter().filter(|g| !g.rows.is_empty()) {
        let mut table = Table::new();
        table
            .load_style(
                TableStyle::new().header_separator(
                    LineStyle::none()
                        .fill('─')
                        .junction(' ')
                        .left(' ')
                        .right(' '),
                ),
            )
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(120);
        let mut header = vec![Cell::new(grid.label)];
        header.extend(grid.quarters.iter().map(Cell::new));
        table.set_header(header);
        for row in &grid.rows {
            let mut cells = vec![Cell::new(&row.label)];
            cells.extend(
                row.cells
                    .iter()
                    .map(|c| Cell::new(cell_text(c)).set_alignment(CellAlignment::Right)),
            );
            table.add_row(cells);
        }
        let _ = write!(out, "\n{}\n{table}\n", grid.title);
    }
    out
}

fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>|#".contains(c) {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// As Markdown.
pub fn markdown(trend: &Trend) -> String {
    let mut out = format!("# {TITLE}\n\n- **repo**: {}\n", md(&trend.repo));
    let _ = writeln!(out, "- **commits**: {}", md(&revisions(trend)));
    out += "- change against the quarter before in brackets\n";
    for grid in grids(trend).iter().filter(|g| !g.rows.is_empty()) {
        let _ = write!(out, "\n## {}\n\n| {} |", md(grid.title), grid.label);
        for q in &grid.quarters {
            let _ = write!(out, " {q} |");
        }
        out += "\n| --- |";
        out += &" ---: |".repeat(grid.quarters.len());
        out += "\n";
        for row in &grid.rows {
            let _ = write!(out, "| {} |", md(&row.label));
            for cell in &row.cells {
                let _ = write!(out, " {} |", md(&cell_text(cell)));
            }
            out += "\n";
        }
    }
    out
}

/// As CSV: one line per quarter and figure (`quarter,as_of,revision,table,figure,value,change`).
pub fn csv(trend: &Trend) -> Result<String> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record([
        "quarter", "as_of", "revision", "table", "figure", "value", "change",
    ])?;
    for grid in grids(trend) {
        for row in &grid.rows {
            for (q, (value, change)) in trend.quarters.iter().zip(&row.cells) {
                writer.write_record([
                    q.quarter.as_str(),
                    &q.as_of.to_string(),
                    q.revision.as_deref().unwrap_or(""),
                    grid.title,
                    &row.label,
                    value,
                    change,
                ])?;
            }
        }
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

pub fn json(trend: &Trend) -> String {
    format!(
        "{}\n",
        serde_json::to_string_pretty(trend).unwrap_or_default()
    )
}

/// The page: the grids as tables, a line chart of the open problems and a bar chart of the
/// follow-through rate, from `templates/trend.html`.
pub fn html(trend: &Trend) -> Result<String> {
    let context = minijinja::context! {
        repo => &trend.repo,
        version => env!("CARGO_PKG_VERSION"),
        quarters => &trend.quarters,
        grids => grids(trend),
        lines => line_chart(trend),
        bars => bar_chart(trend),
        style => super::templates::STYLE,
    };
    super::templates::render("trend.html", context)
}

#[derive(Serialize)]
struct Series {
    name: &'static str,
    class: &'static str,
    points: String,
    dots: Vec<(f64, f64, usize)>,
}

#[derive(Serialize)]
struct LineChart {
    width: f64,
    height: f64,
    top: f64,
    bottom: f64,
    max: usize,
    ticks: Vec<(f64, String)>,
    series: Vec<Series>,
}

/// Reads one count of a quarter.
type Count = fn(&TrendQuarter) -> usize;

const CHART_W: f64 = 640.0;
const LEFT: f64 = 50.0;
const RIGHT: f64 = 50.0;

fn x_of(index: usize, n: usize) -> f64 {
    let span = CHART_W - LEFT - RIGHT;
    if n <= 1 {
        LEFT + span / 2.0
    } else {
        LEFT + span * index as f64 / (n - 1) as f64
    }
}

fn line_chart(trend: &Trend) -> LineChart {
    let (top, bottom) = (16.0, 190.0);
    let n = trend.quarters.len();
    let pick: [(&str, &str, Count); 3] = [
        ("overdue follow-ups", "s1", |q| q.figures.overdue_follow_ups),
        ("learning not yet applied", "s2", |q| {
            q.figures.overdue_applications
        }),
        ("unmet supports", "s3", |q| q.figures.unmet_supports),
    ];
    let max = pick
        .iter()
        .flat_map(|(_, _, get)| trend.quarters.iter().map(get))
        .max()
        .unwrap_or(0)
        .max(1);
    let y_of = |v: usize| bottom - (bottom - top) * v as f64 / max as f64;
    let series = pick
        .iter()
        .map(|(name, class, get)| {
            let dots: Vec<(f64, f64, usize)> = trend
                .quarters
                .iter()
                .enumerate()
                .map(|(i, q)| (x_of(i, n), y_of(get(q)), get(q)))
                .collect();
            let points = dots
                .iter()
                .map(|(x, y, _)| format!("{x:.1},{y:.1}"))
                .collect::<Vec<_>>()
                .join(" ");
            Series {
                name,
                class,
                points,
                dots,
            }
        })
        .collect();
    let ticks = trend
        .quarters
        .iter()
        .enumerate()
        .map(|(i, q)| (x_of(i, n), q.quarter.clone()))
        .collect();
    LineChart {
        width: CHART_W,
        height: bottom + 30.0,
        top,
        bottom,
        max,
        ticks,
        series,
    }
}

#[derive(Serialize)]
struct Bar {
    quarter: String,
    x: f64,
    y: f64,
    height: f64,
    label: String,
}

fn bar_chart(trend: &Trend) -> Vec<Bar> {
    let (top, bottom) = (16.0, 150.0);
    let n = trend.quarters.len();
    trend
        .quarters
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let rate = q.figures.follow_through_rate.unwrap_or(0.0);
            let height = (bottom - top) * rate;
            Bar {
                quarter: q.quarter.clone(),
                x: x_of(i, n) - 22.0,
                y: bottom - height,
                height,
                label: q
                    .figures
                    .follow_through_rate
                    .map_or_else(|| "none due".into(), |r| format!("{:.0} %", r * 100.0)),
            }
        })
        .collect()
}
