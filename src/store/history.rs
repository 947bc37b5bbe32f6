//! The HR repo at the end of each quarter, from one walk of git's first-parent line: a quarter's
//! files are read again only where they changed since the quarter before.

use std::collections::{BTreeMap, HashSet};

use anyhow::Result;
use chrono::{NaiveDateTime, NaiveTime};
use git2::Oid;

use crate::check::policy::Context;
use crate::check::policy::Settings;
use crate::check::{Keep, Loaded, check_repo};
use crate::model::contract::{Status, item_key};
use crate::model::quarter::Quarter;
use crate::store::git::{FirstParentLine, Git};

/// The repo as committed at the end of a quarter.
pub struct QuarterEnd {
    pub quarter: Quarter,
    /// The newest commit on or before the quarter's last day, in full; `None` when the history
    /// starts later.
    pub commit: Option<String>,
    pub settings: Settings,
    /// Every contract file at that commit, by path, with its model as written (no fact set aside).
    pub files: BTreeMap<String, Loaded>,
    /// How things stood at the end of the quarter before (empty without one): what was
    /// closed, cancelled, declined or dropped by then was not done during this quarter.
    pub before: QuarterStart,
    /// How many contract files were read from git for this quarter end: all of them for the
    /// first commit, then only those that changed (none when the commit is the same).
    pub files_read: usize,
}

impl QuarterEnd {
    fn empty(quarter: Quarter) -> QuarterEnd {
        QuarterEnd {
            quarter,
            commit: None,
            settings: Settings::default(),
            files: BTreeMap::new(),
            before: QuarterStart::default(),
            files_read: 0,
        }
    }

    /// How things stand at this quarter's end, as written.
    fn standing(&self) -> QuarterStart {
        let mut start = QuarterStart::default();
        for c in self.files.values().filter_map(|f| f.contract.as_deref()) {
            let id = &c.id.value;
            match c.status.value {
                Status::Closed => drop(start.closed.insert(id.clone())),
                Status::Cancelled => drop(start.cancelled.insert(id.clone())),
                _ => {}
            }
            let key = |item_id: &Option<crate::model::contract::At<String>>, index: usize| {
                (
                    id.clone(),
                    item_key(item_id.as_ref().map(|i| i.value.as_str()), index),
                )
            };
            for s in c.supports.iter().filter(|s| s.status == "declined") {
                start.declined.insert(key(&s.id, s.index));
            }
            let objectives = c.strategic().map_or(&[][..], |s| &s.objectives);
            for o in objectives
                .iter()
                .filter(|o| o.status.as_deref() == Some("dropped"))
            {
                start.dropped.insert(key(&o.id, o.index));
            }
        }
        start
    }
}

/// How the contracts stood when a quarter began (at the last commit of the quarter before):
/// the file records no day for a closing, a cancellation, a decline or a drop, so one made
/// during the quarter is one not yet made then. Items are keyed by contract id and item (its
/// id, or its number).
#[derive(Clone, Debug, Default)]
pub struct QuarterStart {
    pub closed: HashSet<String>,
    pub cancelled: HashSet<String>,
    pub declined: HashSet<(String, String)>,
    pub dropped: HashSet<(String, String)>,
}

/// The last moment of a day, by the committer's clock.
pub fn end_of(day: chrono::NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default())
}

/// Reads the end of each quarter from `first` to `last` (oldest first) and hands each to `each`.
/// The quarter before `first` is read too, for what was closed before it began. The first
/// commit is read whole; each later one only for the files that differ from the one before
/// (all of them again when `lc.toml` changed).
pub fn each_quarter_end(
    git: &Git,
    line: &FirstParentLine,
    first: Quarter,
    last: Quarter,
    mut each: impl FnMut(&QuarterEnd) -> Result<()>,
) -> Result<()> {
    let mut state = QuarterEnd::empty(first.previous());
    let mut commit: Option<Oid> = None;
    let mut quarter = first.previous();
    loop {
        let at = line.at(end_of(quarter.last_day()));
        let before = state.standing();
        state.files_read = 0;
        if at != commit {
            state = match (commit, at) {
                (_, None) => QuarterEnd::empty(quarter),
                (Some(old), Some(new)) => advance(git, state, old, new, quarter)?,
                (None, Some(new)) => read_whole(git, new, quarter)?,
            };
            commit = at;
        }
        state.quarter = quarter;
        state.before = before;
        if quarter >= first {
            each(&state)?;
        }
        if quarter >= last {
            return Ok(());
        }
        quarter = quarter.next();
    }
}

fn context(settings: &Settings, quarter: Quarter) -> Context<'_> {
    Context {
        as_of: quarter.last_day(),
        policy: &settings.policy,
    }
}

fn read_whole(git: &Git, commit: Oid, quarter: Quarter) -> Result<QuarterEnd> {
    let snapshot = git.snapshot(commit)?;
    let ctx = context(&snapshot.settings, quarter);
    let checked = check_repo(
        &snapshot.found,
        &snapshot,
        &snapshot.settings,
        ctx,
        Keep::Models,
    );
    let files_read = checked.files.len();
    let files = checked
        .files
        .into_iter()
        .map(|f| (f.path.clone(), f))
        .collect();
    Ok(QuarterEnd {
        files_read,
        quarter,
        commit: Some(snapshot.commit.clone()),
        settings: snapshot.settings,
        files,
        before: QuarterStart::default(),
    })
}

/// The state at `new`, from the state at `old`: only the files that differ are read.
fn advance(
    git: &Git,
    mut state: QuarterEnd,
    old: Oid,
    new: Oid,
    quarter: Quarter,
) -> Result<QuarterEnd> {
    let changed = git.changed_between(old, new)?;
    if changed.contains("lc.toml") {
        return read_whole(git, new, quarter);
    }
    let snapshot = git.snapshot(new)?;
    let present: HashSet<&str> = snapshot.found.iter().map(|f| f.path.as_str()).collect();
    state
        .files
        .retain(|path, _| present.contains(path.as_str()));
    let again: Vec<_> = snapshot
        .found
        .iter()
        .filter(|f| changed.contains(&f.path) || !state.files.contains_key(&f.path))
        .cloned()
        .collect();
    let ctx = context(&snapshot.settings, quarter);
    let checked = check_repo(&again, &snapshot, &snapshot.settings, ctx, Keep::Models);
    state.files_read = checked.files.len();
    for file in checked.files {
        state.files.insert(file.path.clone(), file);
    }
    state.commit = Some(snapshot.commit.clone());
    state.settings = snapshot.settings;
    Ok(state)
}
