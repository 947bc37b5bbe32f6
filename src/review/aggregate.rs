//! The review without people (`lc report --aggregate`): counts by team instead of lists and
//! names, and every figure that counts fewer than `min_group` people withheld, together with
//! enough other figures that it cannot be worked back from the totals beside it.
//!
//! Each figure is built from one-contract reports (`report::build` of a single contract), so it
//! means what the same figure means in the full review; the figures that depend on other
//! contracts (the method mix, the spend) take each contract's part of the full review's
//! (`report::parts`). Summed, every figure is the full review's. The people behind a figure are
//! the distinct learners of the contracts that add to it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::check::policy::Settings;
use crate::model::contract::{Contract, Status};
use crate::review::{self as report, Report, transfer};

/// A figure: shown, or withheld because it counts too few people (or would give one away).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    Shown(usize),
    /// Withheld; `min_group` is what `<N` says.
    Withheld {
        min_group: usize,
    },
}

impl Cell {
    /// As the review prints it: the number, or `<5`.
    pub fn text(&self) -> String {
        match self {
            Cell::Shown(n) => n.to_string(),
            Cell::Withheld { min_group } => format!("<{min_group}"),
        }
    }

    pub fn shown(&self) -> Option<usize> {
        match self {
            Cell::Shown(n) => Some(*n),
            Cell::Withheld { .. } => None,
        }
    }
}

/// A number in JSON, or the string `"<5"` when withheld.
impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Shown(n) => s.serialize_u64(*n as u64),
            Cell::Withheld { .. } => s.serialize_str(&self.text()),
        }
    }
}

/// Teams down the side, figures across, with a total for each row and column.
#[derive(Debug, Serialize)]
pub struct Table {
    pub id: &'static str,
    pub title: &'static str,
    /// What one unit of a cell is.
    pub counts: &'static str,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Row>,
    /// The column totals, then the grand total last.
    pub totals: Vec<Cell>,
    pub total: Cell,
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub team: String,
    pub cells: Vec<Cell>,
    pub total: Cell,
}

#[derive(Debug, Serialize)]
pub struct SpendRow {
    pub currency: String,
    /// `None` when fewer than `min_group` learners spent in this currency.
    pub total: Option<String>,
    pub application_open: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Aggregate {
    pub version: u32,
    pub aggregate: bool,
    pub as_of: String,
    pub revision: Option<String>,
    pub min_group: usize,
    pub learners: Cell,
    pub teams: usize,
    pub skipped_files: usize,
    pub tables: Vec<Table>,
    pub spend: Vec<SpendRow>,
    /// Learning after training, without names (no cases).
    pub transfer_curve: TransferAggregate,
    /// The repo's directory name (not in JSON).
    #[serde(skip)]
    pub repo: String,
}

/// The name of the row of contracts that give no team.
pub const NO_TEAM: &str = "(no team)";

/// A figure before suppression: how much, and whose.
#[derive(Clone, Debug, Default)]
struct Tally {
    count: usize,
    people: BTreeSet<String>,
}

impl Tally {
    fn add(&mut self, count: usize, person: &str) {
        if count > 0 {
            self.count += count;
            self.people.insert(person.to_string());
        }
    }

    fn merge(&mut self, other: &Tally) {
        self.count += other.count;
        self.people.extend(other.people.iter().cloned());
    }
}

/// Who a contract's learner is, for counting people: their email, else their name, else the
/// contract (a contract with no learner counts as one person of its own).
fn person_key(c: &Contract) -> String {
    match &c.learner {
        Some(p) => p.email.as_ref().map_or_else(
            || format!("name:{}", p.name.to_lowercase()),
            |e| e.to_lowercase(),
        ),
        None => format!("contract:{}", c.id.value),
    }
}

/// A table's columns and how one contract's own report adds to each.
struct Spec {
    id: &'static str,
    title: &'static str,
    counts: &'static str,
    columns: Vec<&'static str>,
    figures: fn(&Contract, &Report) -> Vec<usize>,
}

fn specs() -> Vec<Spec> {
    vec![
        Spec {
            id: "contracts",
            title: "Contracts by team and status",
            counts: "contracts",
            columns: vec!["draft", "agreed", "active", "closed", "cancelled"],
            figures: |c, _| {
                let mut v = vec![0; 5];
                v[match c.status.value {
                    Status::Draft => 0,
                    Status::Agreed => 1,
                    Status::Active => 2,
                    Status::Closed => 3,
                    Status::Cancelled => 4,
                }] = 1;
                v
            },
        },
        Spec {
            id: "follow_through",
            title: "Follow-through by team",
            counts: "follow-ups due before the as-of date",
            columns: vec!["on time", "late", "not done"],
            figures: |_, r| {
                let sum = |f: fn(&report::FollowThrough) -> usize| {
                    r.follow_through.iter().map(f).sum::<usize>()
                };
                vec![sum(|f| f.on_time), sum(|f| f.late), sum(|f| f.not_done)]
            },
        },
        Spec {
            id: "open_items",
            title: "Overdue and unmet items by team",
            counts: "items",
            columns: vec![
                "overdue follow-ups",
                "learning not applied",
                "unmet supports",
            ],
            figures: |_, r| {
                vec![
                    r.overdue_follow_ups.len(),
                    r.overdue_applications.len(),
                    r.unmet_supports.len(),
                ]
            },
        },
        Spec {
            id: "method_mix",
            title: "Method mix by team",
            counts: "methods",
            columns: vec!["formal", "social", "experiential", "other"],
            figures: |_, r| {
                let m = &r.method_mix;
                vec![m.formal, m.social, m.experiential, m.other]
            },
        },
    ]
}

/// Builds the aggregate review of `contracts` (already filtered) as of `as_of`.
pub fn build(contracts: &[&Contract], settings: &Settings, as_of: NaiveDate) -> Aggregate {
    let min_group = settings.min_group;
    // Teams ignoring case, named as first written.
    let mut team_names: BTreeMap<String, String> = BTreeMap::new();
    let mut team_of = Vec::with_capacity(contracts.len());
    for c in contracts {
        let name = c
            .team
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .unwrap_or(NO_TEAM);
        let key = name.to_lowercase();
        team_names
            .entry(key.clone())
            .or_insert_with(|| name.to_string());
        team_of.push(key);
    }
    let teams: Vec<String> = team_names.keys().cloned().collect();
    let specs = specs();
    let mut tallies: Vec<Vec<Vec<Tally>>> = specs
        .iter()
        .map(|s| vec![vec![Tally::default(); s.columns.len()]; teams.len()])
        .collect();
    let mut spend: BTreeMap<String, (i64, i64, BTreeSet<String>)> = BTreeMap::new();
    let mut learners = BTreeSet::new();
    // The method mix and the spend depend on other contracts (a linked experience is counted
    // once, through its method): each contract's part is taken in the context of them all.
    let parts = report::parts(contracts);
    for ((c, team), part) in contracts.iter().zip(&team_of).zip(parts) {
        let mut own = report::build(&[*c], settings, as_of);
        own.method_mix = part.method_mix;
        own.spend = part.spend;
        let person = person_key(c);
        learners.insert(person.clone());
        let row = teams.binary_search(team).unwrap_or(0);
        for (spec, table) in specs.iter().zip(&mut tallies) {
            for (cell, n) in table[row].iter_mut().zip((spec.figures)(c, &own)) {
                cell.add(n, &person);
            }
        }
        for s in &own.spend {
            let entry = spend.entry(s.currency.clone()).or_default();
            entry.0 += s.total_cents;
            entry.1 += s.open_cents;
            if s.total_cents != 0 {
                entry.2.insert(person.clone());
            }
        }
    }
    let tables = specs
        .iter()
        .zip(tallies)
        .map(|(spec, cells)| table(spec, &teams, &team_names, &cells, min_group))
        .collect();
    let spend = spend
        .into_iter()
        .map(|(currency, (total, open, people))| {
            let shown = people.len() >= min_group;
            SpendRow {
                currency,
                total: shown.then(|| report::decimal(total)),
                application_open: shown.then(|| report::decimal(open)),
            }
        })
        .collect();
    let transfer_curve = transfer(contracts, as_of, min_group);
    Aggregate {
        version: 1,
        aggregate: true,
        as_of: as_of.to_string(),
        revision: None,
        min_group,
        learners: primary(learners.len(), learners.len(), min_group),
        teams: teams.len(),
        skipped_files: 0,
        tables,
        spend,
        transfer_curve,
        repo: String::new(),
    }
}

/// One horizon of the curve by team-less groups: each count shown or withheld; the share only
/// when both of its parts are shown (it would give a withheld one away).
#[derive(Clone, Debug, Serialize)]
pub struct TransferFigures {
    pub days: i64,
    pub eligible: Cell,
    pub applied: Cell,
    pub not_applied: Cell,
    pub not_asked: Cell,
    pub share: Option<f64>,
    pub reference: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TransferByType {
    #[serde(rename = "type")]
    pub event_type: String,
    pub horizons: Vec<TransferFigures>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TransferByProvider {
    /// `None`: every experience of a provider without a row of its own, or of none.
    pub provider: Option<String>,
    pub horizons: Vec<TransferFigures>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TransferSpendRow {
    pub currency: String,
    /// `None` when 1 to `min_group - 1` learners are behind it.
    pub latest_answer_none: Option<String>,
    pub not_asked_after_180: Option<String>,
}

/// "Learning after training" without names: the curve, by type and by provider (a provider
/// only when its experiences eligible at 180 days are of `min_group` learners or more), and
/// the spend; no cases.
#[derive(Clone, Debug, Default, Serialize)]
pub struct TransferAggregate {
    pub horizons: Vec<TransferFigures>,
    pub by_type: Vec<TransferByType>,
    pub by_provider: Vec<TransferByProvider>,
    pub spend: Vec<TransferSpendRow>,
}

/// An experience the curve counts, with whose it is and where it falls.
struct Counted<'a> {
    person: String,
    event_type: String,
    /// The provider ignoring case, and as first written.
    provider: Option<(String, String)>,
    answers: [transfer::Answer<'a>; 4],
    cost: Option<&'a crate::model::scalar::Money>,
}

pub fn transfer(contracts: &[&Contract], as_of: NaiveDate, min_group: usize) -> TransferAggregate {
    let counted: Vec<Counted<'_>> = contracts
        .iter()
        .filter_map(|c| {
            let answers = transfer::answers(c, as_of)?;
            let e = c.experience()?;
            answers[0].eligible().then(|| Counted {
                person: person_key(c),
                event_type: e.event_type.clone().unwrap_or_else(|| "(no type)".into()),
                provider: e
                    .provider
                    .as_deref()
                    .map(|p| (p.trim().to_lowercase(), p.trim().to_string())),
                answers,
                cost: e.cost.as_ref(),
            })
        })
        .collect();
    // Rows: every type; the providers whose experiences eligible at 180 days are of enough
    // learners, then one row for all the others.
    let types: Vec<String> = counted
        .iter()
        .map(|c| c.event_type.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut at_180: BTreeMap<&str, (&str, BTreeSet<&str>)> = BTreeMap::new();
    for c in &counted {
        if let Some((key, name)) = &c.provider {
            let entry = at_180.entry(key).or_insert((name, BTreeSet::new()));
            if c.answers[2].eligible() {
                entry.1.insert(&c.person);
            }
        }
    }
    let providers: Vec<(&str, &str)> = at_180
        .iter()
        .filter(|(_, (_, people))| people.len() >= min_group)
        .map(|(key, (name, _))| (*key, *name))
        .collect();
    let type_row = |c: &Counted<'_>| types.iter().position(|t| *t == c.event_type);
    let provider_row = |c: &Counted<'_>| {
        let key = c.provider.as_ref().map(|(k, _)| k.as_str());
        providers
            .iter()
            .position(|(k, _)| Some(*k) == key)
            .unwrap_or(providers.len())
    };
    let others = counted.iter().any(|c| provider_row(c) == providers.len());
    let provider_rows = if providers.is_empty() {
        0
    } else {
        providers.len() + usize::from(others)
    };
    let mut horizons = Vec::new();
    let mut by_type: Vec<Vec<TransferFigures>> = vec![Vec::new(); types.len()];
    let mut by_provider: Vec<Vec<TransferFigures>> = vec![Vec::new(); provider_rows];
    for (h, days) in transfer::HORIZONS.iter().enumerate() {
        let tallies = |rows: usize, row_of: &dyn Fn(&Counted<'_>) -> usize| {
            let mut cells = vec![vec![Tally::default(); 3]; rows];
            for c in &counted {
                let column = match c.answers[h].applied() {
                    _ if !c.answers[h].eligible() => continue,
                    Some(true) => 0,
                    Some(false) => 1,
                    None => 2,
                };
                let row = row_of(c);
                if row < rows {
                    cells[row][column].add(1, &c.person);
                }
            }
            with_margins(&cells, 3)
        };
        let type_grid = tallies(types.len(), &|c| type_row(c).unwrap_or(0));
        let provider_grid = tallies(provider_rows, &provider_row);
        let withheld = suppress_sharing_totals(&type_grid, &provider_grid, min_group);
        let figures = |grid: &[Vec<Tally>], withheld: &[Vec<bool>], row: usize| {
            let cell = |c: usize| {
                if withheld[row][c] {
                    Cell::Withheld { min_group }
                } else {
                    Cell::Shown(grid[row][c].count)
                }
            };
            let (applied, not_applied) = (cell(0), cell(1));
            TransferFigures {
                days: *days,
                eligible: cell(3),
                applied,
                not_applied,
                not_asked: cell(2),
                share: applied
                    .shown()
                    .zip(not_applied.shown())
                    .and_then(|(a, n)| transfer::share(a, n)),
                reference: transfer::REFERENCE[h],
            }
        };
        horizons.push(figures(&type_grid, &withheld.0, types.len()));
        for (row, out) in by_type.iter_mut().enumerate() {
            out.push(figures(&type_grid, &withheld.0, row));
        }
        for (row, out) in by_provider.iter_mut().enumerate() {
            out.push(figures(&provider_grid, &withheld.1, row));
        }
    }
    TransferAggregate {
        horizons,
        by_type: types
            .into_iter()
            .zip(by_type)
            .map(|(event_type, horizons)| TransferByType {
                event_type,
                horizons,
            })
            .collect(),
        by_provider: by_provider
            .into_iter()
            .enumerate()
            .map(|(row, horizons)| TransferByProvider {
                provider: providers.get(row).map(|(_, name)| (*name).to_string()),
                horizons,
            })
            .collect(),
        spend: transfer_spend(&counted, min_group),
    }
}

/// Complementary suppression of two grids that share their totals row (by type and by
/// provider): a total withheld in one is withheld in the other, and both are completed again,
/// until neither changes.
fn suppress_sharing_totals(
    a: &[Vec<Tally>],
    b: &[Vec<Tally>],
    min_group: usize,
) -> (Vec<Vec<bool>>, Vec<Vec<bool>>) {
    let (counts_a, mut withheld_a) = small_cells(a, min_group);
    let (counts_b, mut withheld_b) = small_cells(b, min_group);
    // A provider grid without rows of its own shares nothing.
    let shared = b.len() > 1;
    loop {
        withheld_a = complete(&counts_a, withheld_a);
        withheld_b = complete(&counts_b, withheld_b);
        if !shared {
            return (withheld_a, withheld_b);
        }
        let (last_a, last_b) = (withheld_a.len() - 1, withheld_b.len() - 1);
        let mut changed = false;
        for c in 0..withheld_a[last_a].len() {
            let either = withheld_a[last_a][c] || withheld_b[last_b][c];
            changed |= either != withheld_a[last_a][c] || either != withheld_b[last_b][c];
            withheld_a[last_a][c] = either;
            withheld_b[last_b][c] = either;
        }
        if !changed {
            return (withheld_a, withheld_b);
        }
    }
}

/// Per currency: the cost of experiences whose latest answer is `none`, and of those not asked
/// after 180 days, each withheld when 1 to `min_group - 1` learners are behind it.
fn transfer_spend(counted: &[Counted<'_>], min_group: usize) -> Vec<TransferSpendRow> {
    let mut by_currency: BTreeMap<&str, [(i64, BTreeSet<&str>); 2]> = BTreeMap::new();
    for c in counted {
        let Some(cost) = c.cost else { continue };
        let entry = by_currency.entry(&cost.currency).or_default();
        let none = transfer::latest_answer(&c.answers)
            .is_some_and(|(_, _, applied)| applied == crate::model::contract::Applied::None);
        for (part, counts) in entry
            .iter_mut()
            .zip([none, transfer::not_asked_after_180(&c.answers)])
        {
            if counts {
                part.0 += cost.cents;
                part.1.insert(&c.person);
            }
        }
    }
    let shown = |(cents, people): &(i64, BTreeSet<&str>)| {
        (people.is_empty() || people.len() >= min_group).then(|| report::decimal(*cents))
    };
    by_currency
        .into_iter()
        .map(|(currency, [none, not_asked])| TransferSpendRow {
            currency: currency.to_string(),
            latest_answer_none: shown(&none),
            not_asked_after_180: shown(&not_asked),
        })
        .collect()
}

fn primary(count: usize, people: usize, min_group: usize) -> Cell {
    if people > 0 && people < min_group {
        Cell::Withheld { min_group }
    } else {
        Cell::Shown(count)
    }
}

fn table(
    spec: &Spec,
    teams: &[String],
    names: &BTreeMap<String, String>,
    cells: &[Vec<Tally>],
    min_group: usize,
) -> Table {
    let columns = spec.columns.len();
    let grid = with_margins(cells, columns);
    let (counts, withheld) = small_cells(&grid, min_group);
    let withheld = complete(&counts, withheld);
    let cell = |r: usize, c: usize| {
        if withheld[r][c] {
            Cell::Withheld { min_group }
        } else {
            Cell::Shown(counts[r][c])
        }
    };
    let last = teams.len();
    Table {
        id: spec.id,
        title: spec.title,
        counts: spec.counts,
        columns: spec.columns.clone(),
        rows: teams
            .iter()
            .enumerate()
            .map(|(r, key)| Row {
                team: names.get(key).cloned().unwrap_or_default(),
                cells: (0..columns).map(|c| cell(r, c)).collect(),
                total: cell(r, columns),
            })
            .collect(),
        totals: (0..columns).map(|c| cell(last, c)).collect(),
        total: cell(last, columns),
    }
}

/// The grid with its margins: the rows then the totals row; each row's `columns` figures then
/// its total.
fn with_margins(cells: &[Vec<Tally>], columns: usize) -> Vec<Vec<Tally>> {
    let mut grid: Vec<Vec<Tally>> = Vec::with_capacity(cells.len() + 1);
    for row in cells {
        let mut total = Tally::default();
        row.iter().for_each(|t| total.merge(t));
        let mut line = row.clone();
        line.push(total);
        grid.push(line);
    }
    let mut totals = vec![Tally::default(); columns + 1];
    for line in &grid {
        for (sum, t) in totals.iter_mut().zip(line) {
            sum.merge(t);
        }
    }
    grid.push(totals);
    grid
}

/// A grid's counts, and which of them count 1 to `min_group - 1` people.
fn small_cells(grid: &[Vec<Tally>], min_group: usize) -> (Vec<Vec<usize>>, Vec<Vec<bool>>) {
    let counts = grid
        .iter()
        .map(|l| l.iter().map(|t| t.count).collect())
        .collect();
    let withheld = grid
        .iter()
        .map(|l| {
            l.iter()
                .map(|t| !t.people.is_empty() && t.people.len() < min_group)
                .collect()
        })
        .collect();
    (counts, withheld)
}

/// Complementary suppression: in a grid whose last row and last column are the totals of the
/// others, every row and column with exactly one withheld figure would give it away
/// (total − the rest), so the smallest other figure of that line is withheld too, until no
/// line has exactly one. Withholding only grows, so this ends.
pub fn complete(counts: &[Vec<usize>], mut withheld: Vec<Vec<bool>>) -> Vec<Vec<bool>> {
    let rows = counts.len();
    let columns = counts.first().map_or(0, Vec::len);
    let lines: Vec<Vec<(usize, usize)>> = (0..rows)
        .map(|r| (0..columns).map(|c| (r, c)).collect())
        .chain((0..columns).map(|c| (0..rows).map(|r| (r, c)).collect()))
        .collect();
    loop {
        let mut changed = false;
        for line in &lines {
            let hidden = line.iter().filter(|(r, c)| withheld[*r][*c]).count();
            if hidden != 1 {
                continue;
            }
            // The smallest figure still shown; a total only when nothing else is left.
            let next = line
                .iter()
                .filter(|(r, c)| !withheld[*r][*c])
                .min_by_key(|(r, c)| (*r == rows - 1 || *c == columns - 1, counts[*r][*c]));
            if let Some(&(r, c)) = next {
                withheld[r][c] = true;
                changed = true;
            }
        }
        if !changed {
            return withheld;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row and column holds zero or at least two withheld figures.
    #[track_caller]
    fn safe(withheld: &[Vec<bool>]) {
        for row in withheld {
            assert_ne!(row.iter().filter(|w| **w).count(), 1, "{withheld:?}");
        }
        for c in 0..withheld[0].len() {
            assert_ne!(withheld.iter().filter(|r| r[c]).count(), 1, "{withheld:?}");
        }
    }

    #[test]
    fn one_small_cell_takes_the_next_smallest_of_its_row_and_column() {
        let counts = vec![vec![2, 9, 7, 18], vec![6, 8, 10, 24], vec![8, 17, 17, 42]];
        let mut w = vec![vec![false; 4]; 3];
        w[0][0] = true;
        let w = complete(&counts, w);
        safe(&w);
        assert!(w[0][2], "the next smallest of the row: {w:?}");
        assert!(w[1][0], "the next smallest of the column: {w:?}");
    }

    #[test]
    fn a_row_of_zeros_gives_up_its_total() {
        let counts = vec![vec![3, 0, 3], vec![6, 6, 12], vec![9, 6, 15]];
        let mut w = vec![vec![false; 3]; 3];
        w[0][0] = true;
        let w = complete(&counts, w);
        safe(&w);
        assert!(w[0][1] || w[0][2]);
    }
}
