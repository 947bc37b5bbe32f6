//! A retry is safe: recording the same fact with the same words again (the next day too)
//! changes nothing, notes and reasons included, and makes no commit; the same fact with other
//! words is refused, as another date is.

mod common;

use common::{EXPERIENCE, Repo, STRATEGIC, STRATEGIC_PATH, committed};

/// Runs `args` (with `--commit`) on `as_of`, expecting success.
#[track_caller]
fn ok(repo: &Repo, as_of: &str, args: &[&str]) -> common::Run {
    let mut all = args.to_vec();
    all.push("--commit");
    let run = repo.lc_at(as_of, &all);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run
}

/// Runs `args` again, the next day: exit 0, `already` on stderr, nothing written or committed.
#[track_caller]
fn again(repo: &Repo, args: &[&str], already: &str) {
    let text = repo.read(STRATEGIC_PATH);
    let head = repo.git_cmd(&["rev-parse", "HEAD"]);
    let run = ok(repo, "2026-03-02", args);
    assert!(
        run.stderr
            .contains(&format!("note: {already}; nothing to change")),
        "{args:?}: {}",
        run.stderr
    );
    assert_eq!(run.stdout, "", "{args:?}: nothing is said written");
    assert_eq!(repo.read(STRATEGIC_PATH), text, "{args:?}");
    assert_eq!(repo.git_cmd(&["rev-parse", "HEAD"]), head, "{args:?}");
}

/// Runs `args` with other words: exit 1 saying `says`, nothing written.
#[track_caller]
fn other_words(repo: &Repo, args: &[&str], says: &str) {
    let text = repo.read(STRATEGIC_PATH);
    let run = repo.lc_at("2026-03-02", args);
    assert_eq!(run.code, 1, "{args:?}: {}", run.stdout);
    assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    assert!(run.stderr.contains("by hand"), "{}", run.stderr);
    assert_eq!(repo.read(STRATEGIC_PATH), text);
}

#[track_caller]
fn lines_with(repo: &Repo, needle: &str) -> usize {
    repo.read(STRATEGIC_PATH).matches(needle).count()
}

#[test]
fn a_decline_or_a_drop_with_the_same_reason_again_changes_nothing() {
    let repo = committed(STRATEGIC, EXPERIENCE);
    let decline = [
        "decline",
        "2026-jane-doe",
        "s2",
        "--reason",
        "No mentor free",
    ];
    ok(&repo, "2026-03-01", &decline);
    again(&repo, &decline, "support `s2` is already recorded declined");
    assert_eq!(lines_with(&repo, "No mentor free"), 1);
    other_words(
        &repo,
        &["decline", "2026-jane-doe", "s2", "--reason", "Budget"],
        "support `s2` is already recorded declined, for another reason: \"No mentor free\"",
    );
    let drop = ["drop", "2026-jane-doe", "o1", "--reason", "Rules changed"];
    ok(&repo, "2026-03-01", &drop);
    again(&repo, &drop, "objective `o1` is already recorded dropped");
    assert_eq!(lines_with(&repo, "Rules changed"), 1);
}

#[test]
fn a_cancellation_with_the_same_reason_again_changes_nothing() {
    let repo = committed(STRATEGIC, EXPERIENCE);
    let cancel = ["cancel", "2026-jane-doe", "--reason", "Left the team"];
    ok(&repo, "2026-03-01", &cancel);
    again(&repo, &cancel, "`2026-jane-doe` is already cancelled");
    assert_eq!(lines_with(&repo, "Left the team"), 1);
    other_words(
        &repo,
        &["cancel", "2026-jane-doe", "--reason", "Budget cut"],
        "`2026-jane-doe` is already cancelled, for another reason: \"Left the team\"",
    );
}

#[test]
fn done_with_the_same_notes_and_outcome_again_changes_nothing() {
    let repo = committed(STRATEGIC, EXPERIENCE);
    let done = [
        "done",
        "2026-jane-doe",
        "follow-up",
        "1",
        "--on",
        "2026-02-27",
        "--notes",
        "Rules quiz passed",
        "--outcome",
        "On track",
    ];
    ok(&repo, "2026-03-01", &done);
    again(
        &repo,
        &done,
        "follow-up #1 is already recorded done on 2026-02-27",
    );
    again(
        &repo,
        &done[..8],
        "follow-up #1 is already recorded done on 2026-02-27",
    );
    assert_eq!(lines_with(&repo, "Rules quiz passed"), 1);
    let mut other = done;
    other[7] = "Quiz failed";
    other_words(
        &repo,
        &other,
        "follow-up #1 is already recorded done on 2026-02-27, and its notes do not say \"Quiz failed\"",
    );
    let mut other = done;
    other[9] = "Behind";
    other_words(
        &repo,
        &other,
        "follow-up #1 already has `outcome: On track`",
    );
}

#[test]
fn a_follow_up_added_again_with_its_id_is_not_added_twice() {
    let repo = committed(STRATEGIC, EXPERIENCE);
    let add = [
        "follow-up",
        "add",
        "2026-jane-doe",
        "--id",
        "quiz",
        "--due",
        "2026-05-04",
    ];
    ok(&repo, "2026-03-01", &add);
    again(
        &repo,
        &add,
        "follow-up `quiz` is already there, due 2026-05-04",
    );
    assert_eq!(lines_with(&repo, "- id: quiz"), 1);
    let mut other = add;
    other[6] = "2026-05-11";
    let run = repo.lc_at("2026-03-02", &other);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("already has a follow-up `quiz`"),
        "{}",
        run.stderr
    );
}
