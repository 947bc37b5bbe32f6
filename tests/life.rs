//! A contract's life across years, managers and linked experiences, through the binary:
//! `lc new --from`, `lc handover`, `lc link`, `lc new experience --objective`, `lc cancel
//! --with-linked`, and what the check, the report and the calendar then say.

mod common;

use common::{EXPERIENCE, Repo, STRATEGIC, edit};
use serde_json::{Value, json};

const S: &str = common::STRATEGIC_PATH;
const E: &str = common::EXPERIENCE_PATH;

fn repo_with(strategic: &str, experience: &str) -> Repo {
    common::committed(strategic, experience)
}

fn json_of(run: &common::Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// The check's codes, as of `as_of`.
fn codes(repo: &Repo, as_of: &str) -> Vec<String> {
    let run = repo.lc_at(as_of, &["check", "--format", "json"]);
    json_of(&run)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// The strategic contract with a second objective achieved and a third dropped.
fn strategic_with_history() -> String {
    edit(
        STRATEGIC,
        "supports:\n",
        "  - id: o2
    text: Lead the team's error reviews
    serves: [g1]
    methods:
      - {type: coaching, detail: with the head of claims}
    status: achieved
    achieved_on: 2026-05-01
  - id: o3
    text: Learn the old system
    serves: [g1]
    methods:
      - {type: self-study}
    status: dropped
supports:\n",
    )
}

#[test]
fn next_year_from_this_year_carries_what_is_still_to_learn_and_lists_open_items() {
    let repo = repo_with(&strategic_with_history(), EXPERIENCE);
    let run = repo.lc_at(
        "2026-12-20",
        &["new", "strategic", "--from", "2026-jane-doe"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let new_path = "contracts/2027/2027-jane-doe.yaml";
    let text = repo.read(new_path);
    for carried in [
        "learner: Jane Doe <jane@example.org>",
        "manager: Sam Lee <sam@example.org>",
        "team: Claims",
        "who: Ana Ruiz <ana@example.org>",
        "text: Cut the claim error rate",
        "name: claim error rate",
        "text: Master the new claims rules",
        "type: course",
        "cost: 1200 EUR",
        "application: Apply them to every claim I handle",
        "status: draft",
        "period: {start: 2027-01-01, end: 2027-12-31}",
        // The template's questions stay as comments.
        "# 2. What is the best way to acquire it?",
    ] {
        assert!(text.contains(carried), "no `{carried}` in:\n{text}");
    }
    for left in [
        "Lead the team's error reviews",
        "Learn the old system",
        "due: 2026-06-30",
        "achieved_on: ",
        "experience: 2026-03-10",
        "\nagreed:",
    ] {
        assert!(!text.contains(left), "`{left}` carried into:\n{text}");
    }
    assert!(
        run.stdout
            .contains("left behind: objective `o2` (achieved), objective `o3` (dropped)")
    );
    // The old contract's open items, with the commands that record them.
    assert!(
        run.stdout
            .contains("lc done 2026-jane-doe follow-up 4  (due 2026-12-15)")
    );
    assert!(run.stdout.contains("lc provide 2026-jane-doe s2"));
    assert!(run.stdout.contains("then close it: lc close 2026-jane-doe"));
    // The draft passes the check.
    let check = repo.lc_at("2026-12-20", &["check", new_path]);
    assert_eq!(
        check.stdout, "0 errors, 0 warnings in 1 file\n",
        "{}",
        check.stderr
    );
    // Never over an existing file or id.
    let again = repo.lc_at(
        "2026-12-20",
        &["new", "strategic", "--from", "2026-jane-doe"],
    );
    assert_eq!(again.code, 1);
    assert_eq!(repo.read(new_path), text);
    // --year chooses another year; a contract of the other kind is refused.
    let later = repo.lc_at(
        "2026-12-20",
        &[
            "new",
            "strategic",
            "--from",
            "2026-jane-doe",
            "--year",
            "2028",
            "--stdout",
        ],
    );
    assert!(
        later
            .stdout
            .contains("period: {start: 2028-01-01, end: 2028-12-31}")
    );
    let wrong = repo.lc_at(
        "2026-12-20",
        &[
            "new",
            "experience",
            "--from",
            "2026-jane-doe",
            "--start",
            "2027-03-01",
        ],
    );
    assert_eq!(wrong.code, 2);
    assert!(
        wrong.stderr.contains("not an experience contract"),
        "{}",
        wrong.stderr
    );
}

#[test]
fn a_repeated_event_carries_the_event_without_its_dates() {
    let repo = repo_with(STRATEGIC, EXPERIENCE);
    let run = repo.lc_at(
        "2026-12-20",
        &[
            "new",
            "experience",
            "--from",
            "2026-03-10-jane-doe-claims-workshop",
            "--start",
            "2027-03-09",
            "--stdout",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = &run.stdout;
    for carried in [
        "title: Claims accuracy workshop",
        "type: workshop",
        "provider: Acme Academy",
        "hours: 14\n",
        "cost: 900 EUR",
        "- The new claims rules",
        "job: Fewer errors in my claims",
        "text: Share the checklist with the team",
        // The action keeps its distance from the first day (36 days).
        "due: 2027-04-14",
        "start: 2027-03-09",
    ] {
        assert!(text.contains(carried), "no `{carried}` in:\n{text}");
    }
    assert!(
        !text.contains("2026-03-11") && !text.contains("\nagreed:"),
        "{text}"
    );
}

/// Jane's contract with two follow-ups held before a handover on 2026-09-01 and two after it.
fn handover_repo() -> Repo {
    let strategic = edit(
        STRATEGIC,
        "  - due: 2026-03-31\n  - due: 2026-06-30\n",
        "  - due: 2026-03-31\n    done: 2026-03-31\n  - due: 2026-06-30\n    done: 2026-07-10\n",
    );
    let repo = Repo::git();
    repo.file(S, strategic).file(E, EXPERIENCE);
    repo.commit_at("contracts", "2026-06-15T12:00:00+00:00");
    repo
}

/// The follow-through of a past quarter, as of its last day.
fn quarter_follow_through(repo: &Repo, quarter: &str) -> Value {
    let run = repo.lc(&["report", "--format", "json", "--quarter", quarter]);
    json_of(&run)["follow_through"].clone()
}

fn follow_through(repo: &Repo, as_of: &str, extra: &[&str]) -> Value {
    let mut args = vec!["report", "--format", "json"];
    args.extend_from_slice(extra);
    json_of(&repo.lc_at(as_of, &args))["follow_through"].clone()
}

#[test]
fn a_handover_gives_each_manager_their_own_follow_ups() {
    let repo = handover_repo();
    let q2_before = quarter_follow_through(&repo, "2026Q2");
    let before = repo.read(S);
    let run = repo.lc_at(
        "2026-09-01",
        &[
            "handover",
            "2026-jane-doe",
            "--to",
            "Kim Park <kim@example.org>",
            "--on",
            "2026-09-01",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("2026-jane-doe: handed over from Sam Lee to Kim Park on 2026-09-01 (staged)")
    );
    // Only the manager line and the new list change.
    let after = repo.read(S);
    assert_eq!(
        after,
        format!(
            "{}handovers:\n  - on: 2026-09-01\n    from: Sam Lee <sam@example.org>\n    to: Kim Park <kim@example.org>\n",
            before.replace(
                "manager: Sam Lee <sam@example.org>",
                "manager: Kim Park <kim@example.org>"
            )
        )
    );
    repo.commit_at("handover", "2026-09-01T12:00:00+00:00");
    // The file stays valid: the check gives no error, only the overdue items it gave before.
    let check = repo.lc_at("2026-09-01", &["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(check.stdout.contains("0 errors"), "{}", check.stdout);

    // Sam keeps January–August as it was (plus the workshop's three follow-ups, still his); Kim
    // answers only for what fell due after.
    let all = follow_through(&repo, "2026-12-31", &[]);
    assert_eq!(
        all,
        json!([
            {"manager": "Kim Park", "due": 2, "on_time": 0, "late": 0, "not_done": 2, "on_time_rate": 0.0},
            {"manager": "Sam Lee", "due": 5, "on_time": 1, "late": 1, "not_done": 3, "on_time_rate": 0.2},
        ])
    );
    let kim = follow_through(&repo, "2026-12-31", &["--manager", "Kim Park"]);
    assert_eq!(kim.as_array().unwrap().len(), 1, "{kim}");
    assert_eq!(kim[0]["manager"], "Kim Park");
    let sam = follow_through(&repo, "2026-12-31", &["--manager", "sam@example.org"]);
    assert_eq!(sam[0]["due"], 5, "{sam}");
    // A past quarter's report reads the contracts as committed then: unchanged.
    assert_eq!(quarter_follow_through(&repo, "2026Q2"), q2_before);
    // Before the handover day, Sam is still the manager.
    let list = repo.lc_at("2026-08-31", &["list", "--format", "json"]);
    assert!(
        list.stdout.contains("\"manager\": \"Sam Lee\""),
        "{}",
        list.stdout
    );

    // The calendar: Kim gets the follow-ups due from the handover on, Sam the rest.
    let kim = repo
        .lc_at("2026-09-01", &["calendar", "--manager", "Kim Park"])
        .stdout;
    assert_eq!(kim.matches("BEGIN:VTODO").count(), 2, "{kim}");
    assert!(
        kim.contains("DUE;VALUE=DATE:20260930") && kim.contains("DUE;VALUE=DATE:20261215"),
        "{kim}"
    );
    let sam = repo
        .lc_at("2026-09-01", &["calendar", "--manager", "Sam Lee"])
        .stdout;
    assert!(
        !sam.contains("20260930") && sam.contains("DUE;VALUE=DATE:20260401"),
        "{sam}"
    );
    // So does the list of what each must do (`--owner`: the role `manager` is resolved on the
    // item's due day).
    let kim = repo
        .lc_at("2026-09-01", &["calendar", "--owner", "Kim Park"])
        .stdout;
    assert_eq!(kim.matches("BEGIN:VTODO").count(), 2, "{kim}");
    let sam = repo
        .lc_at("2026-09-01", &["calendar", "--owner", "Sam Lee"])
        .stdout;
    assert!(
        !sam.contains("20260930") && sam.contains("DUE;VALUE=DATE:20260401"),
        "{sam}"
    );
}

#[test]
fn a_manager_hands_over_every_agreed_and_active_contract() {
    let draft = edit(
        &edit(EXPERIENCE, "status: active", "status: draft"),
        "id: 2026-03-10-jane-doe-claims-workshop",
        "id: 2026-03-10-jane-doe-claims-workshop",
    );
    let repo = repo_with(STRATEGIC, &draft);
    let draft_before = repo.read(E);
    let run = repo.lc_at(
        "2026-09-01",
        &[
            "handover",
            "--manager",
            "Sam Lee",
            "--to",
            "Kim Park <kim@example.org>",
            "--commit",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("2026-jane-doe: handed over"),
        "{}",
        run.stdout
    );
    assert!(repo.read(S).contains("manager: Kim Park <kim@example.org>"));
    assert_eq!(repo.read(E), draft_before, "a draft is not handed over");
    assert_eq!(repo.git_cmd(&["status", "--porcelain"]), "");
    // Again: nothing of Sam's is left.
    let again = repo.lc_at(
        "2026-09-01",
        &[
            "handover",
            "--manager",
            "Sam Lee",
            "--to",
            "Kim Park <kim@example.org>",
        ],
    );
    assert_eq!(again.code, 2, "{}", again.stderr);
    // A handover to the manager already there changes nothing.
    let same = repo.lc_at(
        "2026-09-01",
        &[
            "handover",
            "2026-jane-doe",
            "--to",
            "Kim Park <kim@example.org>",
        ],
    );
    assert_eq!(same.code, 0);
    assert!(
        same.stderr.contains("already the manager"),
        "{}",
        same.stderr
    );
}

#[test]
fn a_closed_contract_is_not_handed_over_and_stays_byte_identical() {
    let closed = edit(STRATEGIC, "status: active", "status: closed");
    let repo = repo_with(&closed, EXPERIENCE);
    let run = repo.lc_at(
        "2026-09-01",
        &[
            "handover",
            "2026-jane-doe",
            "--to",
            "Kim Park <kim@example.org>",
        ],
    );
    assert_eq!(run.code, 1);
    assert_eq!(repo.read(S), closed);
}

/// The strategic contract with its workshop not linked back from any method.
fn unlinked() -> String {
    edit(
        STRATEGIC,
        "      - type: mentoring\n        experience: 2026-03-10-jane-doe-claims-workshop\n",
        "      - type: mentoring\n      - type: workshop\n        cost: 900 EUR\n",
    )
}

#[test]
fn an_unlinked_experience_is_counted_twice_until_it_is_linked() {
    let repo = repo_with(&unlinked(), EXPERIENCE);
    assert_eq!(codes(&repo, "2026-03-01"), ["unlinked-experience"]);
    let spend = |repo: &Repo| {
        json_of(&repo.lc_at("2026-03-01", &["report", "--format", "json"]))["spend"][0].clone()
    };
    let twice = spend(&repo);
    assert_eq!(twice["total"], "3000.00");
    assert_eq!(twice["from_experiences"], "900.00");
    assert_eq!(twice["from_methods"], "2100.00");
    assert_eq!(
        twice["not_linked_back"],
        json!(["2026-03-10-jane-doe-claims-workshop"])
    );
    let table = repo.lc_at("2026-03-01", &["report"]).stdout;
    assert!(table.contains("Perhaps counted twice"), "{table}");

    let before = repo.read(S);
    let run = repo.lc_at(
        "2026-03-01",
        &[
            "link",
            "2026-03-10-jane-doe-claims-workshop",
            "--objective",
            "o1",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("linked from the workshop method of objective `o1`"),
        "{}",
        run.stdout
    );
    // The workshop method gets the link, and nothing else changes.
    assert_eq!(
        repo.read(S),
        before.replace(
            "      - type: workshop\n        cost: 900 EUR\n",
            "      - type: workshop\n        cost: 900 EUR\n        experience: 2026-03-10-jane-doe-claims-workshop\n"
        )
    );
    assert!(codes(&repo, "2026-03-01").is_empty());
    let once = spend(&repo);
    assert_eq!(once["total"], "2100.00");
    assert_eq!(once["not_linked_back"], json!([]));
    // Linking again changes nothing; an objective that does not exist is refused.
    let after = repo.read(S);
    let again = repo.lc_at(
        "2026-03-01",
        &[
            "link",
            "2026-03-10-jane-doe-claims-workshop",
            "--objective",
            "o1",
        ],
    );
    assert_eq!(again.code, 0);
    let missing = repo.lc_at(
        "2026-03-01",
        &[
            "link",
            "2026-03-10-jane-doe-claims-workshop",
            "--objective",
            "o9",
        ],
    );
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("has no objective `o9`"),
        "{}",
        missing.stderr
    );
    assert_eq!(repo.read(S), after);
}

#[test]
fn a_new_experience_is_linked_from_its_objective() {
    let repo = repo_with(&unlinked(), EXPERIENCE);
    repo.file(E, edit(EXPERIENCE, "status: active", "status: cancelled"))
        .commit("cancel");
    let args = |title: &'static str, kind: &'static str| {
        vec![
            "new",
            "experience",
            "--strategic",
            "2026-jane-doe",
            "--objective",
            "o1",
            "--title",
            title,
            "--type",
            kind,
            "--start",
            "2026-05-04",
        ]
    };
    // A method of the type without a link gets it…
    let run = repo.lc_at("2026-03-01", &args("Claims workshop two", "workshop"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = repo.read(S);
    assert!(
        text.contains("      - type: workshop\n        cost: 900 EUR\n        experience: 2026-05-04-jane-doe-claims-workshop-two\n"),
        "{text}"
    );
    // …else a new method is added.
    let run = repo.lc_at("2026-03-01", &args("Reading week", "secondment"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = repo.read(S);
    assert!(
        text.contains(
            "      - type: secondment\n        experience: 2026-05-04-jane-doe-reading-week\n"
        ),
        "{text}"
    );
    assert!(!codes(&repo, "2026-03-01").contains(&"unlinked-experience".to_string()));
    // An objective that does not exist: nothing is written at all.
    let before = repo.read(S);
    let run = repo.lc_at("2026-03-01", &args("Another one", "course"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let refused = repo.lc_at("2026-03-01", &{
        let mut a = args("A fourth one", "course");
        a[5] = "o7";
        a
    });
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        !repo
            .path()
            .join("contracts/2026/2026-05-04-jane-doe-a-fourth-one.yaml")
            .exists()
    );
    assert_ne!(repo.read(S), before);
}

#[test]
fn cancelling_a_strategic_contract_warns_about_or_cancels_its_experiences() {
    let repo = repo_with(STRATEGIC, EXPERIENCE);
    let run = repo.lc_at("2026-03-01", &["cancel", "2026-jane-doe"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(codes(&repo, "2026-03-01").contains(&"open-linked-experience".to_string()));
    // The check's help, followed: the strategic contract stays as it is, its experience is
    // cancelled.
    let strategic = repo.read(S);
    let run = repo.lc_at("2026-03-01", &["cancel", "2026-jane-doe", "--with-linked"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("`2026-jane-doe` is already cancelled"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.read(S), strategic);
    assert!(
        repo.read(E)
            .contains("its strategic contract `2026-jane-doe` was cancelled")
    );
    assert!(codes(&repo, "2026-03-01").is_empty());

    let repo = repo_with(STRATEGIC, EXPERIENCE);
    let run = repo.lc_at(
        "2026-03-01",
        &[
            "cancel",
            "2026-jane-doe",
            "--with-linked",
            "--reason",
            "left the company",
            "--commit",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("2026-jane-doe: cancelled"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("2026-03-10-jane-doe-claims-workshop: cancelled"),
        "{}",
        run.stdout
    );
    assert!(repo.read(E).contains("status: cancelled\n"));
    assert!(
        repo.read(E)
            .contains("Cancelled on 2026-03-01: left the company")
    );
    assert!(codes(&repo, "2026-03-01").is_empty());
    assert_eq!(repo.git_cmd(&["status", "--porcelain"]), "");
    let files = repo.git_cmd(&["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(files.lines().count(), 2, "one commit holds both: {files}");

    // An experience contract has no linked contracts to cancel.
    let repo = repo_with(STRATEGIC, EXPERIENCE);
    let run = repo.lc_at(
        "2026-03-01",
        &[
            "cancel",
            "2026-03-10-jane-doe-claims-workshop",
            "--with-linked",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(repo.read(E), EXPERIENCE);
}

#[test]
fn a_draft_carried_from_a_contract_with_errors_is_not_written() {
    let broken = edit(STRATEGIC, "    serves: [g1]", "    serves: [g9]");
    let repo = repo_with(&broken, EXPERIENCE);
    let run = repo.lc_at(
        "2026-12-20",
        &["new", "strategic", "--from", "2026-jane-doe"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("the draft carried from `contracts/2026/2026-jane-doe.yaml`"),
        "{}",
        run.stderr
    );
    assert!(!repo.path().join("contracts/2027").exists());
}

#[test]
fn a_new_experience_without_objective_says_how_to_link_it() {
    let repo = repo_with(STRATEGIC, EXPERIENCE);
    let run = repo.lc_at(
        "2026-03-01",
        &[
            "new",
            "experience",
            "--strategic",
            "2026-jane-doe",
            "--title",
            "Rules course",
            "--type",
            "course",
            "--start",
            "2026-05-04",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "lc link 2026-05-04-jane-doe-rules-course --objective OID   (its objectives: o1)"
        ),
        "{}",
        run.stdout
    );
    assert!(codes(&repo, "2026-03-01").contains(&"unlinked-experience".to_string()));
    let link = repo.lc_at(
        "2026-03-01",
        &[
            "link",
            "2026-05-04-jane-doe-rules-course",
            "--objective",
            "o1",
        ],
    );
    assert_eq!(link.code, 0, "{}", link.stderr);
    // The course method without a link is the one of its type.
    assert!(repo.read(S).contains(
        "      - type: course\n        cost: 1200 EUR\n        experience: 2026-05-04-jane-doe-rules-course\n"
    ));
    assert!(!codes(&repo, "2026-03-01").contains(&"unlinked-experience".to_string()));
}

#[test]
fn an_overdue_follow_up_names_the_manager_it_fell_due_under() {
    let repo = repo_with(STRATEGIC, EXPERIENCE);
    let run = repo.lc_at(
        "2026-09-01",
        &[
            "handover",
            "2026-jane-doe",
            "--to",
            "Kim Park <kim@example.org>",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json_of(&repo.lc_at("2026-12-31", &["report", "--format", "json"]));
    let rows: Vec<(&str, &str, &str)> = report["overdue_follow_ups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["contract"] == "2026-jane-doe")
        .map(|r| {
            (
                r["due"].as_str().unwrap(),
                r["manager"].as_str().unwrap(),
                r["owner"].as_str().unwrap(),
            )
        })
        .collect();
    // The manager it fell due under answers for it, as in the follow-through.
    assert_eq!(
        rows,
        [
            ("2026-03-31", "Sam Lee", "Sam Lee"),
            ("2026-06-30", "Sam Lee", "Sam Lee"),
            ("2026-09-30", "Kim Park", "Kim Park"),
            ("2026-12-15", "Kim Park", "Kim Park"),
        ]
    );
}
