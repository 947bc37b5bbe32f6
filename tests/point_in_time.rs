//! Point-in-time facts: a review as of a past date counts only what had happened by then, from
//! the working tree, `--rev` and `--quarter` alike (format.md, "Derived facts").

mod common;

use common::{Repo, STRATEGIC, edit};

/// The demo contract with two facts recorded on 27 November: a follow-up done, a support given.
fn recorded_late() -> String {
    let text = edit(
        STRATEGIC,
        "  - due: 2026-06-30\n",
        "  - {due: 2026-06-30, done: 2026-11-27}\n",
    );
    edit(
        &text,
        "    due: 2026-04-01\n",
        "    due: 2026-04-01\n    status: provided\n    provided_on: 2026-11-27\n",
    )
}

fn repo() -> Repo {
    let repo = Repo::git();
    repo.file("contracts/2026-jane-doe.yaml", recorded_late());
    repo.commit_at("contracts", "2026-09-20T10:00:00+00:00");
    repo
}

fn overdue_dues(json: &serde_json::Value) -> Vec<String> {
    json["overdue_follow_ups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["due"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_past_review_sets_later_facts_aside() {
    let repo = repo();
    let past = repo
        .lc(&["report", "--as-of", "2026-09-30", "--format", "json"])
        .json();
    assert_eq!(past["later_facts_set_aside"], 2);
    assert_eq!(overdue_dues(&past), ["2026-03-31", "2026-06-30"]);
    let unmet: Vec<&str> = past["unmet_supports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    assert_eq!(unmet, ["Weekly session with the mentor"]);

    let now = repo
        .lc(&["report", "--as-of", "2026-11-30", "--format", "json"])
        .json();
    assert_eq!(now["later_facts_set_aside"], 0);
    assert_eq!(overdue_dues(&now), ["2026-03-31", "2026-09-30"]);
    assert_eq!(now["unmet_supports"].as_array().unwrap().len(), 0);

    let table = repo.lc(&["report", "--as-of", "2026-09-30"]).stdout;
    assert!(
        table.contains("set aside: 2 facts dated after 2026-09-30"),
        "{table}"
    );
    let markdown = repo
        .lc(&["report", "--as-of", "2026-09-30", "--format", "markdown"])
        .stdout;
    assert!(markdown.contains("**set aside**: 2 facts"), "{markdown}");
}

#[test]
fn rev_and_quarter_set_later_facts_aside_too() {
    let repo = repo();
    let rev = repo
        .lc(&[
            "report",
            "--rev",
            "HEAD",
            "--as-of",
            "2026-09-30",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(rev["later_facts_set_aside"], 2);
    assert_eq!(overdue_dues(&rev), ["2026-03-31", "2026-06-30"]);
    let quarter = repo
        .lc(&["report", "--quarter", "2026Q3", "--format", "json"])
        .json();
    assert_eq!(quarter["later_facts_set_aside"], 2);
    assert_eq!(overdue_dues(&quarter), ["2026-03-31", "2026-06-30"]);
    assert_eq!(
        quarter["during_the_quarter"]["follow_ups_done"]
            .as_array()
            .unwrap()
            .len(),
        0,
        "a follow-up done in November was not done in Q3"
    );
}

#[test]
fn list_and_calendar_count_what_was_open_that_day() {
    let repo = repo();
    let open = |as_of: &str| {
        let run = repo.lc(&["list", "--as-of", as_of, "--format", "json"]);
        (run.json()[0]["open_items"].as_u64().unwrap(), run.stderr)
    };
    let (past, note) = open("2026-09-30");
    let (now, quiet) = open("2026-11-30");
    assert_eq!(past, now + 2);
    assert!(
        note.contains("2 facts dated after 2026-09-30 set aside"),
        "{note}"
    );
    assert!(!quiet.contains("set aside"), "{quiet}");
    // The follow-up done and the support provided in November were still to do in September.
    let todos = |as_of: &str| {
        let text = repo.lc(&["calendar", "--as-of", as_of]).stdout;
        (
            text.matches("BEGIN:VTODO").count(),
            text.contains("DUE;VALUE=DATE:20260630"),
        )
    };
    let (past, june) = todos("2026-09-30");
    let (now, june_now) = todos("2026-11-30");
    assert_eq!(past, now + 2);
    assert!(june && !june_now);
}

#[test]
fn a_quarter_before_the_history_offers_as_of() {
    let repo = repo();
    let run = repo.lc(&["report", "--quarter", "2026Q1"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no commit") && run.stderr.contains("--as-of 2026-03-31"),
        "{}",
        run.stderr
    );
}
