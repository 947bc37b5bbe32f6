//! Moving due dates and the other common events of a year: a reschedule made after the due
//! date keeps the check-in late for follow-through (`first_due`), absurd dates are refused,
//! and supports and objectives have their own commands (`lc reschedule support|objective`,
//! `lc support add`, `lc start CONTRACT OBJECTIVE`).

mod common;

use common::{EXPERIENCE, EXPERIENCE_PATH, Repo, STRATEGIC, STRATEGIC_PATH, edit};
use serde_json::Value;

fn repo() -> Repo {
    common::committed(STRATEGIC, EXPERIENCE)
}

/// `(due, on_time, late, not_done)` of the strategic contract's follow-through.
fn follow_through(repo: &Repo, as_of: &str) -> (u64, u64, u64, u64) {
    let json: Value = repo
        .lc_at(
            as_of,
            &["report", "--format", "json", "--kind", "strategic"],
        )
        .json();
    let row = &json["follow_through"][0];
    let n = |k: &str| row[k].as_u64().unwrap();
    (n("due"), n("on_time"), n("late"), n("not_done"))
}

#[track_caller]
fn refused(repo: &Repo, as_of: &str, args: &[&str], says: &str) {
    let before = (repo.read(STRATEGIC_PATH), repo.read(EXPERIENCE_PATH));
    let run = repo.lc_at(as_of, args);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains(says), "{}", run.stderr);
    assert!(run.stderr.contains("help:"), "{}", run.stderr);
    assert_eq!(
        (repo.read(STRATEGIC_PATH), repo.read(EXPERIENCE_PATH)),
        before,
        "a refusal writes nothing"
    );
}

#[test]
fn a_check_in_moved_after_it_was_due_stays_late_in_follow_through() {
    let repo = repo();
    // Due 31 March, moved on 10 April to 20 April, held on 18 April.
    let run = repo.lc_at(
        "2026-04-10",
        &[
            "reschedule",
            "2026-jane-doe",
            "follow-up",
            "1",
            "--due",
            "2026-04-20",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(
            "2026-jane-doe: follow-up #1 rescheduled to 2026-04-20 (late: follow-through still counts it due 2026-03-31)"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(
        repo.read(STRATEGIC_PATH),
        edit(
            STRATEGIC,
            "  - due: 2026-03-31\n",
            "  - due: 2026-04-20\n    first_due: 2026-03-31\n    notes: Due date moved from 2026-03-31 to 2026-04-20 on 2026-04-10.\n"
        )
    );
    // No longer overdue (a new date was agreed), but late for follow-through.
    let report = repo
        .lc_at(
            "2026-04-15",
            &["report", "--format", "json", "--kind", "strategic"],
        )
        .json();
    assert_eq!(report["overdue_follow_ups"], serde_json::json!([]));
    assert_eq!(follow_through(&repo, "2026-04-15"), (1, 0, 0, 1));
    let done = repo.lc_at("2026-04-18", &["done", "2026-jane-doe", "follow-up", "1"]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(follow_through(&repo, "2026-04-19"), (1, 0, 1, 0));
    // Moved again: the first promised day stays.
    let again = repo.lc_at(
        "2026-05-10",
        &[
            "reschedule",
            "2026-jane-doe",
            "follow-up",
            "2",
            "--due",
            "2026-07-10",
        ],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        !again.stdout.contains("late"),
        "moved before it was due: {}",
        again.stdout
    );
    let text = repo.read(STRATEGIC_PATH);
    assert_eq!(text.matches("first_due:").count(), 1, "{text}");
    // The check takes the new field.
    assert_eq!(repo.lc_at("2026-04-19", &["check"]).code, 0);
}

#[test]
fn a_check_in_moved_before_it_was_due_is_judged_by_the_new_date() {
    let repo = repo();
    let run = repo.lc_at(
        "2026-03-20",
        &[
            "reschedule",
            "2026-jane-doe",
            "follow-up",
            "1",
            "--due",
            "2026-04-14",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!repo.read(STRATEGIC_PATH).contains("first_due"));
    let done = repo.lc_at("2026-04-10", &["done", "2026-jane-doe", "follow-up", "1"]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(follow_through(&repo, "2026-04-20"), (1, 1, 0, 0));
}

#[test]
fn a_due_date_before_the_contract_began_is_refused() {
    let repo = repo();
    for (args, says) in [
        (
            &[
                "reschedule",
                "2026-jane-doe",
                "follow-up",
                "2",
                "--due",
                "2020-06-30",
            ][..],
            "a due date of 2020-06-30 is before `2026-jane-doe` began: its period starts on 2026-01-01",
        ),
        (
            &["follow-up", "add", "2026-jane-doe", "--due", "2025-12-31"][..],
            "a due date of 2025-12-31 is before `2026-jane-doe` began",
        ),
        (
            &[
                "support",
                "add",
                "2026-jane-doe",
                "--text",
                "A room",
                "--due",
                "2020-01-01",
            ][..],
            "a due date of 2020-01-01 is before `2026-jane-doe` began",
        ),
        (
            &[
                "reschedule",
                "2026-03-10-jane-doe-claims-workshop",
                "action",
                "1",
                "--due",
                "2026-01-15",
            ][..],
            "before `2026-03-10-jane-doe-claims-workshop` began: it began on 2026-02-01",
        ),
    ] {
        refused(&repo, "2026-04-10", args, says);
    }
}

#[test]
fn reschedule_moves_a_supports_and_an_objectives_due_date_but_not_a_provided_one() {
    let repo = repo();
    let run = repo.lc_at(
        "2026-03-20",
        &[
            "reschedule",
            "2026-jane-doe",
            "support",
            "s2",
            "--due",
            "2026-05-01",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = repo.lc_at(
        "2026-03-20",
        &[
            "reschedule",
            "2026-jane-doe",
            "objective",
            "o1",
            "--due",
            "2026-09-30",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = edit(
        STRATEGIC,
        "    due: 2026-06-30\n    status: in-progress\n",
        "    due: 2026-09-30\n    status: in-progress\n    notes: Due date moved from 2026-06-30 to 2026-09-30 on 2026-03-20.\n",
    );
    let text = edit(
        &text,
        "    due: 2026-04-01\n",
        "    due: 2026-05-01\n    notes: Due date moved from 2026-04-01 to 2026-05-01 on 2026-03-20.\n",
    );
    assert_eq!(repo.read(STRATEGIC_PATH), text);
    // The support is no longer unmet on 10 April: its new date has not come.
    let report = repo
        .lc_at(
            "2026-04-10",
            &["report", "--format", "json", "--kind", "strategic"],
        )
        .json();
    assert_eq!(report["unmet_supports"], serde_json::json!([]));
    // The same date again changes nothing.
    let same = repo.lc_at(
        "2026-03-21",
        &[
            "reschedule",
            "2026-jane-doe",
            "support",
            "s2",
            "--due",
            "2026-05-01",
        ],
    );
    assert_eq!(same.code, 0);
    assert!(
        same.stderr.contains("already due on 2026-05-01"),
        "{}",
        same.stderr
    );
    assert_eq!(repo.read(STRATEGIC_PATH), text);
    refused(
        &repo,
        "2026-03-21",
        &[
            "reschedule",
            "2026-jane-doe",
            "support",
            "s1",
            "--due",
            "2026-05-01",
        ],
        "support `s1` is already provided on 2026-01-20: there is nothing to reschedule",
    );
    let run = repo.lc_at(
        "2026-03-21",
        &[
            "reschedule",
            "2026-03-10-jane-doe-claims-workshop",
            "objective",
            "1",
            "--due",
            "2026-05-01",
        ],
    );
    assert_eq!(run.code, 2, "an experience contract has no objectives");
}

#[test]
fn support_add_appends_a_support_once_and_the_declined_supports_help_names_it() {
    let repo = repo();
    let declined = repo.lc_at(
        "2026-03-20",
        &[
            "decline",
            "2026-jane-doe",
            "s2",
            "--reason",
            "The mentor left",
        ],
    );
    assert_eq!(declined.code, 0, "{}", declined.stderr);
    let check = repo.lc_at("2026-03-20", &["check", "--format", "json"]);
    let unmet = check.only("unmet-support");
    assert_eq!(
        unmet["help"],
        "agree another support in its place, and record it: `lc support add 2026-jane-doe --text TEXT --due YYYY-MM-DD`"
    );
    let before = repo.read(STRATEGIC_PATH);
    let args = [
        "support",
        "add",
        "2026-jane-doe",
        "--text",
        "Fortnightly session with Kim: the new mentor",
        "--due",
        "2026-04-15",
        "--owner",
        "Kim Park <kim@example.org>",
        "--for",
        "o1",
        "--phase",
        "during",
        "--id",
        "s3",
    ];
    let run = repo.lc_at("2026-03-20", &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().next().unwrap(),
        "2026-jane-doe: support `s3` added, due 2026-04-15 (staged)"
    );
    let text = repo.read(STRATEGIC_PATH);
    assert_eq!(
        text,
        edit(
            &before,
            "follow_ups:\n",
            "  - id: s3\n    text: \"Fortnightly session with Kim: the new mentor\"\n    owner: Kim Park <kim@example.org>\n    due: 2026-04-15\n    phase: during\n    for:\n      - o1\nfollow_ups:\n"
        )
    );
    // Then it is named like any support.
    let provided = repo.lc_at("2026-04-14", &["provide", "2026-jane-doe", "s3"]);
    assert_eq!(provided.code, 0, "{}", provided.stderr);
    let text = repo.read(STRATEGIC_PATH);
    // The same support again: already there, nothing added.
    let again = repo.lc_at("2026-04-14", &args);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again
            .stderr
            .contains("already has support `s3`; nothing to change"),
        "{}",
        again.stderr
    );
    assert_eq!(repo.read(STRATEGIC_PATH), text);
    // Another support under the same id, or for an objective that does not exist: refused.
    refused(
        &repo,
        "2026-04-14",
        &[
            "support",
            "add",
            "2026-jane-doe",
            "--text",
            "Other",
            "--due",
            "2026-05-01",
            "--id",
            "s3",
        ],
        "`2026-jane-doe` already has a support `s3`",
    );
    refused(
        &repo,
        "2026-04-14",
        &[
            "support",
            "add",
            "2026-jane-doe",
            "--text",
            "Other",
            "--due",
            "2026-05-01",
            "--for",
            "o9",
        ],
        "would make `contracts/2026/2026-jane-doe.yaml` invalid",
    );
    // A support of an agreed contract needs a due date: the check after the edit says so.
    refused(
        &repo,
        "2026-04-14",
        &["support", "add", "2026-jane-doe", "--text", "Other"],
        "has no `due`",
    );
    let closed = repo.lc_at(
        "2026-12-31",
        &["close", "2026-03-10-jane-doe-claims-workshop", "--force"],
    );
    assert_eq!(closed.code, 0, "{}", closed.stderr);
    refused(
        &repo,
        "2026-12-31",
        &[
            "support",
            "add",
            "2026-03-10-jane-doe-claims-workshop",
            "--text",
            "Late",
            "--due",
            "2026-12-31",
        ],
        "is closed: it owes no more support",
    );
}

#[test]
fn start_with_objectives_sets_them_in_progress_once() {
    let repo = repo();
    let text = edit(
        STRATEGIC,
        "    status: in-progress\n",
        "    status: planned\n",
    );
    repo.file(STRATEGIC_PATH, &text);
    repo.git_cmd(&["add", STRATEGIC_PATH]);
    let run = repo.lc_at("2026-02-01", &["start", "2026-jane-doe", "o1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().next().unwrap(),
        "2026-jane-doe: objective `o1` in progress (staged)"
    );
    assert_eq!(
        repo.read(STRATEGIC_PATH),
        edit(&text, "    status: planned\n", "    status: in-progress\n")
    );
    let again = repo.lc_at("2026-02-01", &["start", "2026-jane-doe", "o1"]);
    assert_eq!(again.code, 0);
    assert!(
        again
            .stderr
            .contains("objective `o1` is already in progress; nothing to change"),
        "{}",
        again.stderr
    );
    let achieved = repo.lc_at("2026-06-01", &["achieve", "2026-jane-doe", "o1"]);
    assert_eq!(achieved.code, 0, "{}", achieved.stderr);
    refused(
        &repo,
        "2026-06-02",
        &["start", "2026-jane-doe", "o1"],
        "objective `o1` is already recorded achieved on 2026-06-01",
    );
    let none = repo.lc_at("2026-06-02", &["start", "2026-jane-doe", "o7"]);
    assert_eq!(none.code, 2, "{}", none.stderr);
}
