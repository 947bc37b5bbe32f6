//! `lc check --fix` and `--diff`: each safe fix from a file with the mistake to the file without
//! it; ambiguous mistakes left alone and still reported.

mod common;

use common::{EXPERIENCE, Repo, STRATEGIC};

const PATH: &str = "contracts/2026/2026-jane-doe.yaml";
const EXPERIENCE_PATH: &str = "contracts/2026/2026-03-10-jane-doe-claims-workshop.yaml";

/// Lays out the valid contract with `from` replaced by `to`, runs `lc check --fix`, and returns
/// the run and the file after it.
fn fixed(from: &str, to: &str) -> (common::Run, String) {
    assert!(STRATEGIC.contains(from), "{from}");
    let repo = Repo::plain();
    repo.file(PATH, STRATEGIC.replacen(from, to, 1))
        .file(EXPERIENCE_PATH, EXPERIENCE);
    let run = repo.lc(&["check", "--as-of", "2026-03-01", "--fix"]);
    (
        run,
        std::fs::read_to_string(repo.path().join(PATH)).unwrap(),
    )
}

#[track_caller]
fn case(from: &str, mistake: &str, says: &str) {
    let (run, after) = fixed(from, mistake);
    assert_eq!(after, STRATEGIC, "{}", run.stderr);
    assert!(run.stderr.contains(says), "{}", run.stderr);
    assert_eq!(
        run.code, 0,
        "the fixed file passes:\n{}{}",
        run.stdout, run.stderr
    );
}

#[track_caller]
fn left_alone(from: &str, mistake: &str, code: &str) {
    let (run, after) = fixed(from, mistake);
    assert_eq!(
        after,
        STRATEGIC.replacen(from, mistake, 1),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("fixed "), "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!("error[{code}]")),
        "{}",
        run.stdout
    );
}

#[test]
fn words_and_roles_in_the_wrong_case() {
    case(
        "status: in-progress",
        "status: In-Progress",
        "fixed contracts/2026/2026-jane-doe.yaml:28:13: `In-Progress` → `in-progress` [invalid-value]",
    );
    case(
        "    owner: manager\n",
        "    owner: Manager\n",
        "`Manager` → `manager`",
    );
    case(
        "kind: strategic",
        "kind: Strategic",
        "`Strategic` → `strategic`",
    );
}

#[test]
fn dates_in_other_unambiguous_spellings() {
    case(
        "provided_on: 2026-01-20",
        "provided_on: 20.01.2026",
        "`20.01.2026` → `2026-01-20`",
    );
    case(
        "provided_on: 2026-01-20",
        "provided_on: 2026/1/20",
        "`2026/1/20` → `2026-01-20`",
    );
    left_alone(
        "provided_on: 2026-01-20",
        "provided_on: 01/02/2026",
        "invalid-value",
    );
}

#[test]
fn money_in_other_spellings_and_ambiguous_amounts_left_alone() {
    case("cost: 1200 EUR", "cost: €1200", "`€1200` → `1200 EUR`");
    case(
        "cost: 1200 EUR",
        "cost: EUR 1200",
        "`EUR 1200` → `1200 EUR`",
    );
    case(
        "cost: 1200 EUR",
        "cost: 1,200 EUR",
        "`1,200 EUR` → `1200 EUR`",
    );
    left_alone("cost: 1200 EUR", "cost: €1.200", "invalid-value");
    left_alone("cost: 1200 EUR", "cost: 1,20 EUR", "invalid-value");
}

#[test]
fn a_misspelt_key_with_one_close_known_key() {
    case(
        "    evidence: ",
        "    evidnce: ",
        "key `evidnce` → `evidence` [unknown-field]",
    );
    // Both `due` and `done` are one edit from `dune`: ambiguous.
    let (run, after) = fixed("  - due: 2026-03-31\n", "  - dune: 2026-03-31\n");
    assert!(after.contains("dune:"), "{}", run.stderr);
    assert!(
        run.stdout.contains("error[unknown-field]"),
        "{}",
        run.stdout
    );
}

#[test]
fn tabs_used_as_indentation() {
    let (run, after) = fixed(
        "period: {start: 2026-01-01, end: 2026-12-31}\n",
        "period:\n\tstart: 2026-01-01\n\tend: 2026-12-31\n",
    );
    assert_eq!(
        after,
        STRATEGIC.replace(
            "period: {start: 2026-01-01, end: 2026-12-31}\n",
            "period:\n  start: 2026-01-01\n  end: 2026-12-31\n"
        )
    );
    assert!(
        run.stderr
            .contains("tabs in the indentation → spaces [yaml-syntax]"),
        "{}",
        run.stderr
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn a_fix_that_uncovers_another_is_followed_by_it() {
    // While tabs keep the file from parsing, nothing else can be found; once they are spaces,
    // the word in the wrong case is, and the next round fixes it.
    let repo = Repo::plain();
    let broken = STRATEGIC
        .replace(
            "period: {start: 2026-01-01, end: 2026-12-31}\n",
            "period:\n\tstart: 2026-01-01\n\tend: 2026-12-31\n",
        )
        .replace("status: in-progress", "status: In-Progress");
    repo.file(PATH, &broken).file(EXPERIENCE_PATH, EXPERIENCE);
    let run = repo.lc(&["check", "--as-of", "2026-03-01", "--fix"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("tabs in the indentation → spaces"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`In-Progress` → `in-progress`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join(PATH)).unwrap(),
        STRATEGIC.replace(
            "period: {start: 2026-01-01, end: 2026-12-31}\n",
            "period:\n  start: 2026-01-01\n  end: 2026-12-31\n"
        )
    );
}

#[test]
fn diff_shows_the_fixes_and_writes_nothing() {
    let repo = Repo::plain();
    let broken = STRATEGIC
        .replace("status: in-progress", "status: In-Progress")
        .replacen("cost: 1200 EUR", "cost: €1200", 1);
    repo.file(PATH, &broken);
    let run = repo.lc(&["check", "--as-of", "2026-03-01", "--diff"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .starts_with(&format!("--- a/{PATH}\n+++ b/{PATH}\n")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\n-        cost: €1200\n+        cost: 1200 EUR\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\n-    status: In-Progress\n+    status: in-progress\n"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join(PATH)).unwrap(),
        broken
    );
    let json = repo
        .lc(&["check", "--as-of", "2026-03-01", "--format", "json"])
        .json();
    let fixes: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d.get("fix"))
        .collect();
    assert!(
        fixes.contains(&&serde_json::json!({"kind": "replace", "from": "€1200", "to": "1200 EUR"})),
        "{fixes:?}"
    );
    let clean = Repo::plain();
    clean
        .file(PATH, STRATEGIC)
        .file(EXPERIENCE_PATH, EXPERIENCE);
    let run = clean.lc(&["check", "--as-of", "2026-03-01", "--diff"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

/// An experience contract whose transfer check-ins were never booked, laid out by hand:
/// comments, a flow item, keys after the list, CRLF line ends.
const NO_CHECK_INS: &str = "\
lc: 1
kind: experience
id: 2026-03-10-jane-doe-claims-workshop
status: closed   # finished in April
learner: Jane Doe <jane@example.org>
manager: Sam Lee <sam@example.org>
experience: {title: Claims accuracy workshop, type: workshop, start: 2026-03-10, end: 2026-03-11}
learning: [The new claims rules]
links: {job: Fewer errors in my claims}
application:
  - {text: Share the checklist with the team, kind: share, due: 2026-04-15, done: 2026-04-14}
agreed: {learner: 2026-02-01, manager: 2026-02-02}
supports:
  - {text: A slot in the team meeting, due: 2026-04-10, status: provided, provided_on: 2026-04-09}
follow_ups:
    # the debrief
    - due: 2026-04-01
      done: 2026-04-01

notes: Kept as written.
";

#[test]
fn fix_books_the_missing_transfer_check_ins_and_touches_no_other_line() {
    for newline in ["\n", "\r\n"] {
        let repo = Repo::plain();
        let before = NO_CHECK_INS.replace('\n', newline);
        repo.file(EXPERIENCE_PATH, &before);
        let run = repo.lc(&["check", "--as-of", "2026-05-01", "--fix"]);
        let after = std::fs::read_to_string(repo.path().join(EXPERIENCE_PATH)).unwrap();
        // The two items go after the last one, at its indentation; every other byte stays.
        let expected = before.replace(
            &format!("      done: 2026-04-01{newline}"),
            &format!(
                "      done: 2026-04-01{newline}    - due: 2026-06-09{newline}    - due: 2026-09-07{newline}"
            ),
        );
        assert_eq!(after, expected, "{}", run.stderr);
        for day in ["2026-06-09", "2026-09-07"] {
            assert!(
                run.stderr.contains(&format!(
                    "fixed {EXPERIENCE_PATH}:15:1: a follow-up due {day} added [missing-transfer-checkin]"
                )),
                "{}",
                run.stderr
            );
        }
        // A closed contract with the booked check-ins still open says so, and nothing else.
        let again = repo.lc(&["check", "--as-of", "2026-05-01", "--format", "json"]);
        assert_eq!(
            again.codes(),
            ["closed-with-open-items"],
            "{}",
            again.stdout
        );
    }
    // Without a `follow_ups` key, the list is added after the last key.
    let repo = Repo::plain();
    let (head, _) = NO_CHECK_INS.split_once("follow_ups:").unwrap();
    let head = format!("{head}notes: Kept as written.\n");
    repo.file(EXPERIENCE_PATH, &head);
    let diff = repo.lc(&["check", "--as-of", "2026-05-01", "--diff"]);
    assert_eq!(diff.code, 1);
    assert!(
        diff.stdout.ends_with(
            " notes: Kept as written.\n+follow_ups:\n+  - due: 2026-06-09\n+  - due: 2026-09-07\n"
        ),
        "{}",
        diff.stdout
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join(EXPERIENCE_PATH)).unwrap(),
        head,
        "--diff writes nothing"
    );
}
