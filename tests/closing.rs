//! The end of a contract: `lc close` and `lc cancel` record the day (`closed_on`,
//! `cancelled_on`), a review of an earlier day takes the contract as it stood then, and a
//! leaver's contract closed by `lc offboard --close` owes nothing due after the leaving day.

mod common;

use common::{EXPERIENCE, Repo, STRATEGIC, STRATEGIC_PATH, edit};
use serde_json::Value;

fn repo() -> Repo {
    common::committed(STRATEGIC, EXPERIENCE)
}

fn report(repo: &Repo, as_of: &str, args: &[&str]) -> Value {
    let mut all = vec!["report", "--format", "json", "--kind", "strategic"];
    all.extend_from_slice(args);
    let run = repo.lc_at(as_of, &all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()
}

/// `(due, on_time, late, not_done)` of the one manager's follow-through.
fn follow_through(json: &Value) -> (u64, u64, u64, u64) {
    let rows = json["follow_through"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{json}");
    let n = |k: &str| rows[0][k].as_u64().unwrap();
    (n("due"), n("on_time"), n("late"), n("not_done"))
}

#[test]
fn close_records_the_day_and_an_earlier_review_takes_the_contract_as_still_active() {
    let repo = repo();
    let run = repo.lc_at("2026-06-30", &["close", "2026-jane-doe", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(
            "2026-jane-doe: closed on 2026-06-30, 2 items due after 2026-06-30 no longer owed"
        ),
        "{}",
        run.stdout
    );
    let text = repo.read(STRATEGIC_PATH);
    assert!(text.contains("\nclosed_on: 2026-06-30\n"), "{text}");
    assert!(
        text.contains("follow-up #3 (due 2026-09-30), follow-up #4 (due 2026-12-15)"),
        "the items set aside are named in the notes:\n{text}"
    );
    repo.commit("closed");

    // On 31 May it was still under way: active, its March check-in overdue.
    let may = report(&repo, "2026-05-31", &[]);
    assert_eq!(may["contracts"]["by_status"]["active"], 1, "{may}");
    assert_eq!(may["contracts"]["by_status"]["closed"], 0);
    assert_eq!(may["later_facts_set_aside"], 1);
    let overdue: Vec<&str> = may["overdue_follow_ups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["due"].as_str().unwrap())
        .collect();
    assert_eq!(overdue, ["2026-03-31"]);
    let listed = repo
        .lc_at("2026-05-31", &["list", "--format", "json"])
        .json();
    let statuses: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert!(!statuses.contains(&"closed"), "{listed}");

    // From the day it was closed on, it is closed.
    let july = report(&repo, "2026-07-01", &[]);
    assert_eq!(july["contracts"]["by_status"]["closed"], 1);
    assert_eq!(july["overdue_follow_ups"], serde_json::json!([]));

    // The check does not take a close dated after the day it checks.
    let check = repo.check_json(&[]);
    let found = check.only("future-date");
    assert!(
        found["message"].as_str().unwrap().contains("`closed_on`"),
        "{found}"
    );
}

#[test]
fn cancel_records_the_day_once_and_an_earlier_review_still_counts_the_contract() {
    let repo = repo();
    let run = repo.lc_at(
        "2026-05-15",
        &["cancel", "2026-jane-doe", "--reason", "Moved to sales"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = repo.read(STRATEGIC_PATH);
    assert!(text.contains("\ncancelled_on: 2026-05-15\n"), "{text}");
    // The same cancellation again changes nothing, the day it was cancelled on included;
    // another reason is refused (the same fact with other words).
    let again = repo.lc_at(
        "2026-06-01",
        &["cancel", "2026-jane-doe", "--reason", "Moved to sales"],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    let other = repo.lc_at(
        "2026-06-01",
        &["cancel", "2026-jane-doe", "--reason", "Confirmed by HR"],
    );
    assert_eq!(other.code, 1, "{}", other.stderr);
    let text = repo.read(STRATEGIC_PATH);
    assert!(text.contains("\ncancelled_on: 2026-05-15\n"), "{text}");
    assert!(!text.contains("2026-06-01\n"), "{text}");
    repo.commit("cancelled");

    let april = report(&repo, "2026-04-30", &[]);
    assert_eq!(april["contracts"]["by_status"]["active"], 1, "{april}");
    assert_eq!(april["unmet_supports"].as_array().unwrap().len(), 1);
    let june = report(&repo, "2026-06-30", &[]);
    assert_eq!(june["contracts"]["by_status"]["cancelled"], 1);
    assert_eq!(june["unmet_supports"], serde_json::json!([]));
}

/// The demo contract with its first two check-ins held on time and its supports provided: all
/// that was owed by the end of June was done.
fn kept_up() -> String {
    let text = edit(
        STRATEGIC,
        "  - due: 2026-03-31\n  - due: 2026-06-30\n",
        "  - {due: 2026-03-31, done: 2026-03-30}\n  - {due: 2026-06-30, done: 2026-06-29}\n",
    );
    edit(
        &text,
        "    due: 2026-04-01\n",
        "    due: 2026-04-01\n    status: provided\n    provided_on: 2026-03-20\n",
    )
}

#[test]
fn a_leaver_closed_on_leaving_owes_nothing_due_later_in_the_check_and_the_follow_through() {
    let repo = Repo::git();
    repo.file(STRATEGIC_PATH, kept_up()).commit("kept up");
    let before = report(&repo, "2026-12-31", &[]);
    assert_eq!(follow_through(&before), (4, 2, 0, 2), "while still active");

    let run = repo.lc_at(
        "2026-07-03",
        &[
            "offboard",
            "jane@example.org",
            "--close",
            "--on",
            "2026-06-30",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(
            "2026-jane-doe: closed on 2026-06-30\n2026-jane-doe: 2 items due after 2026-06-30 no longer owed\n"
        ),
        "{}",
        run.stdout
    );
    let text = repo.read(STRATEGIC_PATH);
    assert!(text.contains("\nclosed_on: 2026-06-30\n"), "{text}");
    repo.commit_at("offboarded", "2026-07-03T10:00:00+00:00");

    // The check: nothing was left open that was owed.
    let check = repo.lc_at("2026-12-31", &["check", "--format", "json"]);
    assert!(
        !check
            .codes()
            .contains(&"closed-with-open-items".to_string()),
        "{}",
        check.stdout
    );
    // Follow-through: the two check-ins after the leaving day are not the manager's misses,
    // now and in the review of the quarter, read from the history.
    let now = report(&repo, "2026-12-31", &[]);
    assert_eq!(follow_through(&now), (2, 2, 0, 0));
    assert_eq!(now["contracts"]["by_status"]["closed"], 1);
    let q4 = repo.lc(&[
        "report",
        "--quarter",
        "2026Q4",
        "--format",
        "json",
        "--kind",
        "strategic",
    ]);
    assert_eq!(q4.code, 0, "{}", q4.stderr);
    assert_eq!(follow_through(&q4.json()), (2, 2, 0, 0));
}

#[test]
fn a_check_in_missed_before_leaving_is_still_owed() {
    let repo = Repo::git();
    let text = edit(
        &kept_up(),
        "  - {due: 2026-06-30, done: 2026-06-29}\n",
        "  - due: 2026-06-30\n",
    );
    repo.file(STRATEGIC_PATH, text).commit("one missed");
    let run = repo.lc_at(
        "2026-07-03",
        &[
            "offboard",
            "jane@example.org",
            "--close",
            "--on",
            "2026-06-30",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let check = repo.lc_at("2026-12-31", &["check", "--format", "json"]);
    let found = check.only("closed-with-open-items");
    assert!(
        found["message"]
            .as_str()
            .unwrap()
            .ends_with("still has 1 open follow-up"),
        "{found}"
    );
    assert_eq!(
        follow_through(&report(&repo, "2026-12-31", &[])),
        (2, 1, 0, 1)
    );
}
