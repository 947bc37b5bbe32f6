//! `lc calendar` UIDs stay with their items when items are inserted and rescheduled, so that a
//! re-import updates the right to-dos; texts cut in `SUMMARY` are whole in `DESCRIPTION`.

mod common;

use std::collections::BTreeMap;

use common::Repo;
use icalendar::Component;

const LONG: &str = "Run a lunch-and-learn on the new claims rules for the whole claims team";

const BEFORE: &str = "\
lc: 1
kind: experience
id: e1
status: active
learner: Jane Doe <jane@example.org>
manager: Sam Lee <sam@example.org>
experience: {title: Claims course, type: course, start: 2026-09-01, end: 2026-09-02}
learning: [rules]
links: {job: fewer errors}
agreed: {learner: 2026-08-01, manager: 2026-08-01}
application:
  - {text: Share the checklist with the team, kind: share, due: 2026-10-10}
  - {text: Share the checklist with the team, kind: share, due: 2026-10-12}
  - text: Run a lunch-and-learn on the new claims rules
      for the whole claims team
    kind: share
    due: 2026-10-15
  - {id: coach, text: Coach two new colleagues, kind: teach, due: 2026-11-30}
supports:
  - {text: A slot in the team meeting, due: 2026-10-05}
  - {id: budget, text: Budget for the books, due: 2026-10-06}
follow_ups:
  - {due: 2026-10-01, notes: First check-in}
  - {id: review, due: 2026-11-01, notes: The review}
";

/// `BEFORE` with an item inserted at the front of each list (in the middle, for follow-ups:
/// before the one with an id), and every old item's due date moved.
const AFTER: &str = "\
lc: 1
kind: experience
id: e1
status: active
learner: Jane Doe <jane@example.org>
manager: Sam Lee <sam@example.org>
experience: {title: Claims course, type: course, start: 2026-09-01, end: 2026-09-02}
learning: [rules]
links: {job: fewer errors}
agreed: {learner: 2026-08-01, manager: 2026-08-01}
application:
  - {text: Write a one-page summary, kind: share, due: 2026-10-03}
  - {text: Share the checklist with the team, kind: share, due: 2026-10-20}
  - {text: Share the checklist with the team, kind: share, due: 2026-10-22}
  - text: Run a lunch-and-learn on the new claims rules for the whole claims team
    kind: share
    due: 2026-10-25
  - {id: coach, text: Coach two new colleagues, kind: teach, due: 2026-12-15}
supports:
  - {text: A quiet room on Fridays, due: 2026-10-02}
  - {text: A slot in the team meeting, due: 2026-10-09}
  - {id: budget, text: Budget for the books, due: 2026-10-16}
follow_ups:
  - {due: 2026-10-08, notes: First check-in}
  - {id: extra, due: 2026-10-20, notes: An extra talk}
  - {id: review, due: 2026-11-15, notes: The review}
";

/// Each to-do of a calendar by UID: (DUE, SUMMARY, DESCRIPTION).
fn calendar(contract: &str) -> BTreeMap<String, (String, String, String)> {
    let repo = Repo::plain();
    repo.file("contracts/e1.yaml", contract);
    let check = repo.lc(&["check", "--as-of", "2026-09-30"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let run = repo.lc(&["calendar", "--as-of", "2026-09-30"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let parsed: icalendar::Calendar = run.stdout.parse().expect("a calendar");
    let mut todos = BTreeMap::new();
    for todo in parsed.components.iter().filter_map(|c| c.as_todo()) {
        let get = |key: &str| todo.property_value(key).unwrap_or("").to_string();
        let previous = todos.insert(get("UID"), (get("DUE"), get("SUMMARY"), get("DESCRIPTION")));
        assert!(previous.is_none(), "UIDs are unique: {}", get("UID"));
    }
    todos
}

/// The `nth` to-do (by due date) whose description holds `text`, as (UID, DUE).
#[track_caller]
fn find(
    todos: &BTreeMap<String, (String, String, String)>,
    text: &str,
    nth: usize,
) -> (String, String) {
    let mut found: Vec<_> = todos
        .iter()
        .filter(|(_, (_, _, description))| description.contains(text))
        .map(|(uid, (due, _, _))| (uid.clone(), due.clone()))
        .collect();
    found.sort_by(|a, b| a.1.cmp(&b.1));
    found
        .get(nth)
        .cloned()
        .unwrap_or_else(|| panic!("no to-do {nth} with {text:?} in {todos:#?}"))
}

#[test]
fn uids_survive_an_insertion_and_a_reschedule() {
    let before = calendar(BEFORE);
    let after = calendar(AFTER);
    assert_eq!((before.len(), after.len()), (8, 11));
    // Every old UID is still there, so re-importing leaves no stale to-do …
    for uid in before.keys() {
        assert!(after.contains_key(uid), "{uid} is gone from {after:#?}");
    }
    // … and each is the same item, with its new due date.
    for (text, nth, old_due, new_due) in [
        (
            "Share the checklist with the team",
            0,
            "20261010",
            "20261020",
        ),
        (
            "Share the checklist with the team",
            1,
            "20261012",
            "20261022",
        ),
        (LONG, 0, "20261015", "20261025"),
        ("Coach two new colleagues", 0, "20261130", "20261215"),
        ("A slot in the team meeting", 0, "20261005", "20261009"),
        ("Budget for the books", 0, "20261006", "20261016"),
        ("First check-in", 0, "20261001", "20261008"),
        ("The review", 0, "20261101", "20261115"),
    ] {
        let (uid, due) = find(&before, text, nth);
        assert_eq!(due, old_due, "{text}");
        assert_eq!(
            find(&after, text, nth),
            (uid, new_due.to_string()),
            "{text}"
        );
    }
    // The ids are the UIDs' last part; the other items' UIDs come from their text or place.
    for uid in [
        "e1/application/coach@lc",
        "e1/supports/budget@lc",
        "e1/follow_ups/review@lc",
        "e1/follow_ups/#0@lc",
    ] {
        assert!(before.contains_key(uid), "{uid} in {:?}", before.keys());
    }
    let new: Vec<&String> = after.keys().filter(|u| !before.contains_key(*u)).collect();
    assert_eq!(new.len(), 3, "one new to-do per inserted item: {new:?}");
    assert!(new.contains(&&"e1/follow_ups/extra@lc".to_string()));
}

#[test]
fn a_text_cut_in_the_summary_is_whole_in_the_description() {
    let todos = calendar(BEFORE);
    let (uid, _) = find(&todos, LONG, 0);
    let (_, summary, description) = &todos[&uid];
    assert_eq!(
        summary,
        "Jane Doe: Run a lunch-and-learn on the new claims…"
    );
    assert!(
        description.contains(&format!("Text: {LONG}")),
        "{description}"
    );
    let (uid, _) = find(&todos, "First check-in", 0);
    assert!(todos[&uid].2.contains("Notes: First check-in"));
}
