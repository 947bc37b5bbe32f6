//! `lc report` and `lc list`: each section's figures on a repo where the answer is known, each
//! format, filters, and history read through git.

mod common;

use common::{Repo, edit};
use serde_json::{Value, json};

const S1: &str = "\
lc: 1
kind: strategic
id: s1
status: active
learner: Jane Doe <jane@example.org>
manager: Sam Lee <sam@example.org>
team: Claims
partners:
  - {who: Ana Ruiz <ana@example.org>, role: mentor}
  - {who: Hal Roy <hal@example.org>, role: hr}
period: {start: 2026-01-01, end: 2026-12-31}
agreed: {learner: 2026-01-10, manager: 2026-01-10}
goals:
  - {id: g1, text: Fewer errors, metric: {name: error rate, baseline: 4 %, target: 2 %}}
  - {id: g2, text: Faster claims}
objectives:
  - id: o1
    text: Claims rules
    serves: [g1]
    methods:
      - {type: course, cost: 1000 EUR, experience: e1}
      - {type: mentoring}
    application: a
    evidence: e
    due: 2026-06-30
    status: in-progress
  - id: o2
    text: Triage
    serves: [g2]
    methods: [{type: on-the-job, cost: 200 EUR}]
    application: a
    evidence: e
    due: 2026-06-30
    status: planned
  - id: o3
    text: Lost
    serves: [g9]
    methods: [{type: other, detail: x}]
    application: a
    evidence: e
    due: 2026-06-30
    status: planned
supports:
  - {id: s1, text: Time to practise, owner: manager, due: 2026-09-01, phase: after}
  - {id: s2, text: Course seat, owner: learner, due: 2026-02-01, status: provided, provided_on: 2026-01-15, phase: before}
  - {id: s3, text: Mentor hours, owner: mentor, due: 2026-12-01, status: declined, phase: during}
  - {id: s4, text: Succession talk, owner: hr, due: 2026-10-10}
follow_ups:
  - {due: 2026-03-31, done: 2026-03-30}
  - {due: 2026-06-30, done: 2026-07-05}
  - {due: 2026-09-15}
  - {due: 2026-10-05, notes: Plan the last quarter}
";

const E1: &str = "\
lc: 1
kind: experience
id: e1
status: active
learner: Jane Doe <jane@example.org>
manager: Sam Lee <sam@example.org>
team: Claims
strategic: s1
experience: {title: Claims course, type: course, start: 2026-09-01, end: 2026-09-02, cost: 500 EUR}
learning: [rules]
links: {job: fewer errors}
application:
  - {text: Share the checklist, kind: share, due: 2026-09-20}
  - {text: Apply it, kind: apply, due: 2026-09-10, done: 2026-09-09}
agreed: {learner: 2026-08-01, manager: 2026-08-01}
supports: [{text: Slot in the team meeting, due: 2026-09-10, status: provided, provided_on: 2026-09-08, phase: after}]
follow_ups: [{due: 2026-09-25, done: 2026-09-25}]
";

const E2: &str = "\
lc: 1
kind: experience
id: e2
status: draft
learner: Jane Doe <jane@example.org>
manager: Sam Lee <sam@example.org>
experience: {title: Conference, type: conference, start: 2026-11-01, cost: 300 USD}
";

const S2: &str = "\
lc: 1
kind: strategic
id: s2
status: closed
learner: Bo Li <bo@example.org>
manager: Ann Kay <ann@example.org>
team: Sales
period: {start: 2025-01-01, end: 2025-12-31}
agreed: {learner: 2025-01-10, manager: 2025-01-12}
goals: [{id: g1, text: More sales}]
objectives:
  - {id: o1, text: Negotiation, serves: [g1], methods: [{type: reading}], application: a, evidence: e, due: 2025-06-30, status: achieved, achieved_on: 2025-06-01}
supports: [{text: Books, due: 2025-02-01, status: provided, provided_on: 2025-01-20, phase: before}]
follow_ups: [{due: 2025-04-01, done: 2025-04-01}, {due: 2025-08-01, done: 2025-08-01}, {due: 2025-11-30, done: 2025-11-29}]
";

fn known_repo() -> Repo {
    let repo = Repo::plain();
    repo.file("contracts/s1.yaml", S1)
        .file("contracts/e1.yaml", E1)
        .file("contracts/e2.yaml", E2)
        .file("contracts/s2.yaml", S2);
    repo
}

/// The review of every contract, last year's closed one (`s2`) too: `--period all`.
fn report(repo: &Repo, args: &[&str]) -> Value {
    let mut all = vec![
        "report",
        "--as-of",
        "2026-09-30",
        "--format",
        "json",
        "--period",
        "all",
    ];
    all.extend_from_slice(args);
    let run = repo.lc(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()
}

/// `(contract, index, days)` of a list of overdue or unmet items.
fn items(list: &Value, days: &str) -> Vec<(String, u64, i64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["contract"].as_str().unwrap().into(),
                i["index"].as_u64().unwrap(),
                i[days].as_i64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_section_on_a_repo_with_known_answers() {
    let r = report(&known_repo(), &[]);
    assert_eq!(r["version"], 1);
    assert_eq!(r["as_of"], "2026-09-30");
    assert_eq!(r["revision"], Value::Null);
    assert_eq!(
        r["contracts"],
        json!({"total": 4, "by_kind": {"strategic": 2, "experience": 2},
               "by_status": {"draft": 1, "agreed": 0, "active": 2, "closed": 1, "cancelled": 0}})
    );
    assert_eq!(
        items(&r["overdue_follow_ups"], "days_overdue"),
        [("s1".into(), 2, 15)]
    );
    let f = &r["overdue_follow_ups"][0];
    assert_eq!(
        (
            f["learner"].as_str(),
            f["manager"].as_str(),
            f["owner"].as_str()
        ),
        (Some("Jane Doe"), Some("Sam Lee"), Some("Sam Lee"))
    );
    assert_eq!(f["due"], "2026-09-15");
    assert_eq!(
        items(&r["overdue_applications"], "days_overdue"),
        [("e1".into(), 0, 10)]
    );
    assert_eq!(r["overdue_applications"][0]["text"], "Share the checklist");
    assert_eq!(
        items(&r["unmet_supports"], "days_late"),
        [("s1".into(), 0, 29), ("s1".into(), 2, 0)]
    );
    assert_eq!(r["unmet_supports"][1]["status"], "declined");
    assert_eq!(
        r["unmet_supports"][1]["owner"], "Ana Ruiz",
        "a role owner resolves to its person"
    );
    let soon: Vec<(String, String, u64, i64)> = r["due_soon"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["contract"].as_str().unwrap().into(),
                d["list"].as_str().unwrap().into(),
                d["index"].as_u64().unwrap(),
                d["days_left"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        soon,
        [
            ("s1".into(), "follow_ups".into(), 3, 5),
            ("s1".into(), "supports".into(), 3, 10)
        ]
    );
    assert_eq!(
        r["follow_through"],
        json!([
            {"manager": "Ann Kay", "due": 3, "on_time": 3, "late": 0, "not_done": 0, "on_time_rate": 1.0},
            {"manager": "Sam Lee", "due": 4, "on_time": 2, "late": 1, "not_done": 1, "on_time_rate": 0.5}
        ])
    );
    assert_eq!(
        r["line_of_sight"],
        json!({"objectives": 4, "serving_a_goal": 3, "serving_a_measured_goal": 1,
               "achieved": 1, "dropped": 0})
    );
    assert_eq!(
        r["method_mix"],
        json!({"formal": 1, "social": 1, "experiential": 2, "other": 1})
    );
    assert_eq!(
        r["spend"],
        json!([{"currency": "EUR", "total": "700.00", "application_open": "500.00",
                "from_experiences": "500.00", "from_methods": "200.00",
                "from_methods_for_experiences": "0.00", "costed_by_method": [],
                "not_linked_back": []}])
    );
    let cells: Vec<(String, String, u64, u64, u64)> = r["transfer_matrix"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["owner"].as_str().unwrap().into(),
                c["phase"].as_str().unwrap().into(),
                c["provided"].as_u64().unwrap(),
                c["needed"].as_u64().unwrap(),
                c["unmet"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        cells,
        [
            ("learner".into(), "before".into(), 1, 0, 0),
            ("manager".into(), "before".into(), 1, 0, 0),
            ("manager".into(), "after".into(), 1, 0, 1),
            ("hr".into(), "unset".into(), 0, 1, 0),
            ("mentor".into(), "during".into(), 0, 0, 1),
        ]
    );
    assert!(r.get("during_the_quarter").is_none());
}

#[test]
fn filters() {
    let repo = known_repo();
    let total = |args: &[&str]| report(&repo, args)["contracts"]["total"].as_u64().unwrap();
    assert_eq!(total(&["--manager", "Ann Kay"]), 1);
    assert_eq!(total(&["--manager", "sam@example.org"]), 3);
    assert_eq!(total(&["--learner", "JANE DOE"]), 3);
    assert_eq!(total(&["--team", "sales"]), 1);
    assert_eq!(total(&["--kind", "experience"]), 2);
    assert_eq!(total(&["--kind", "strategic", "--team", "Claims"]), 1);
    let nobody = repo.lc(&["report", "--as-of", "2026-09-30", "--manager", "Nobody"]);
    assert_eq!(nobody.code, 2);
    assert!(nobody.stdout.is_empty());
    assert!(
        nobody
            .stderr
            .contains("no contract matches --manager \"Nobody\"")
    );
    let sales = report(&repo, &["--team", "Sales"]);
    assert_eq!(sales["overdue_follow_ups"], json!([]));
    let run = repo.lc(&["list", "--format", "json", "--kind", "experience"]);
    let json = run.json();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["e1", "e2"]);
}

#[test]
fn the_formats_agree() {
    let repo = known_repo();
    let json = report(&repo, &[]);
    let all = ["--as-of", "2026-09-30", "--period", "all"];
    let run = |format: &str| {
        let mut args = vec!["report", "--format", format];
        args.extend(all);
        repo.lc(&args)
    };
    let table = run("table").stdout;
    let markdown = run("markdown").stdout;
    let csv = run("csv").stdout;
    insta::with_settings!({filters => vec![(r"(repo(\*\*)?: )[^\n]+", "$1[temp dir]")]}, {
        insta::assert_snapshot!("table", table);
        insta::assert_snapshot!("markdown", markdown);
    });
    insta::assert_snapshot!("csv", csv);
    for list in [
        "overdue_follow_ups",
        "overdue_applications",
        "unmet_supports",
        "due_soon",
    ] {
        for item in json[list].as_array().unwrap() {
            let due = item["due"].as_str().unwrap();
            assert!(
                table.contains(due) && markdown.contains(due) && csv.contains(due),
                "{list} {due}"
            );
        }
    }
    let rows = csv.lines().count() - 1;
    let items = [
        "overdue_follow_ups",
        "overdue_applications",
        "unmet_supports",
        "due_soon",
    ]
    .iter()
    .map(|l| json[*l].as_array().unwrap().len())
    .sum::<usize>();
    assert_eq!(rows, items, "the CSV holds the item lists, one row each");
    assert!(
        csv.lines()
            .all(|l| l.ends_with('\r') || csv.contains("\r\n")),
        "RFC 4180 line ends"
    );
    let html = run("html");
    assert_eq!(html.code, 0, "{}", html.stderr);
    assert!(
        html.stdout.starts_with("<!DOCTYPE html>") || html.stdout.starts_with("<!doctype html>"),
        "an HTML page"
    );
    assert_eq!(html.stdout.matches("<svg").count(), 3, "three charts");
    assert!(
        !html.stdout.contains("<script") && !html.stdout.contains("https://"),
        "nothing loaded"
    );
    assert!(
        html.stdout.contains("2026-09-15") && html.stdout.contains("Share the checklist"),
        "the items"
    );
    let list = repo.lc(&["list"]).stdout;
    insta::assert_snapshot!("list", list);
    let list_csv = repo.lc(&["list", "--format", "csv"]).stdout;
    assert!(
        list_csv.starts_with(
            "\"id\",\"kind\",\"status\",\"learner\",\"manager\",\"team\",\"dates\",\"open_items\",\"file\"\r\n"
        ),
        "{list_csv}"
    );
}

#[test]
fn the_table_fits_80_columns() {
    let output = common::lc_command(&common::examples_dir().join("acme"))
        .args(["report", "--as-of", "2026-09-30"])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&output.stdout);
    for line in table
        .lines()
        .filter(|l| !l.starts_with("  contracts:") && !l.starts_with("  repo:"))
    {
        assert!(
            line.chars().count() <= 80,
            "{} columns: {line}",
            line.chars().count()
        );
    }
}

#[test]
fn files_with_errors_are_skipped_and_counted() {
    let repo = known_repo();
    repo.file("contracts/broken.yaml", "lc: 1\nkind: [strategic\n");
    repo.file(
        "contracts/bad-date.yaml",
        edit(S2, "id: s2", "id: s3").replace("due: 2025-04-01", "due: someday"),
    );
    let run = repo.lc(&[
        "report",
        "--as-of",
        "2026-09-30",
        "--format",
        "json",
        "--period",
        "all",
    ]);
    assert_eq!(run.code, 0);
    assert_eq!(run.json()["skipped_files"], 1);
    assert_eq!(
        run.json()["contracts"]["total"],
        5,
        "a contract with errors is still reported"
    );
    assert!(
        run.stderr
            .contains("1 file gives no contract and was skipped: `lc check` says why"),
        "{}",
        run.stderr
    );
}

/// A repo whose one contract has an open follow-up until a commit a minute after the end of Q3.
fn history() -> (Repo, String, String) {
    let repo = Repo::git();
    repo.file("contracts/s2.yaml", S2);
    repo.commit_at("before", "2026-06-15T10:00:00+02:00");
    repo.file(
        "contracts/s1.yaml",
        edit(S1, "status: active", "status: active"),
    );
    let inside = repo.commit_at("a minute before the end of Q3", "2026-09-30T23:59:00+02:00");
    repo.file(
        "contracts/s1.yaml",
        edit(
            S1,
            "  - {due: 2026-09-15}",
            "  - {due: 2026-09-15, done: 2026-09-30}",
        ),
    );
    let after = repo.commit_at("a minute after", "2026-10-01T00:01:00+02:00");
    (repo, inside, after)
}

#[test]
fn quarter_reads_the_last_commit_of_its_last_day() {
    let (repo, inside, _) = history();
    let run = repo.lc(&["report", "--quarter", "2026Q3", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = run.json();
    assert_eq!(r["as_of"], "2026-09-30");
    assert_eq!(r["revision"], inside.as_str());
    assert_eq!(
        items(&r["overdue_follow_ups"], "days_overdue"),
        [("s1".into(), 2, 15)]
    );
    let q = &r["during_the_quarter"];
    assert_eq!(q["quarter"], "2026Q3");
    assert_eq!(q["from"], "2026-07-01");
    let done: Vec<&str> = q["follow_ups_done"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["done"].as_str().unwrap())
        .collect();
    assert_eq!(done, ["2026-07-05"]);
    assert_eq!(
        q["contracts_closed"],
        json!([]),
        "s2 was closed before the quarter"
    );
    let table = repo.lc(&["report", "--quarter", "2026Q3"]).stdout;
    assert!(
        table.contains(&inside[..12]) && table.contains("During the quarter"),
        "{table}"
    );
    // The quarter's four lists, each its own table from its column description.
    assert!(table.contains("  Follow-ups done (1)\n"), "{table}");
    assert!(
        table.contains("No contracts closed in the quarter."),
        "{table}"
    );
    let markdown = repo
        .lc(&["report", "--quarter", "2026Q3", "--format", "markdown"])
        .stdout;
    assert!(
        markdown.contains(
            "### Follow-ups done\n\n| contract | learner | manager | due | done | timing |"
        ),
        "{markdown}"
    );
}

#[test]
fn rev_reads_any_commit() {
    let (repo, inside, after) = history();
    let at = |rev: &str| report(&repo, &["--rev", rev]);
    assert_eq!(
        at(&inside)["overdue_follow_ups"].as_array().unwrap().len(),
        1
    );
    let now = at("HEAD");
    assert_eq!(now["revision"], after.as_str());
    assert_eq!(now["overdue_follow_ups"], json!([]));
    repo.file("contracts/s1.yaml", "broken: [");
    assert_eq!(
        at("HEAD")["overdue_follow_ups"],
        json!([]),
        "the working tree is not read"
    );
}

#[test]
fn contracts_closed_during_the_quarter() {
    let repo = Repo::git();
    let active = edit(S2, "status: closed", "status: active").replace("2025", "2026");
    repo.file("contracts/s2.yaml", &active);
    repo.commit_at("active", "2026-03-01T09:00:00+00:00");
    repo.file(
        "contracts/s2.yaml",
        edit(&active, "status: active", "status: closed"),
    );
    repo.commit_at("closed", "2026-08-01T09:00:00+00:00");
    let run = repo.lc(&["report", "--quarter", "2026Q3", "--format", "json"]);
    let closed = &run.json()["during_the_quarter"]["contracts_closed"];
    assert_eq!(closed[0]["contract"], "s2");
    let run = repo.lc(&["report", "--quarter", "2026Q4", "--format", "json"]);
    assert_eq!(
        run.json()["during_the_quarter"]["contracts_closed"],
        json!([])
    );
}

#[test]
fn history_that_is_not_there_is_exit_2() {
    let (repo, _, _) = history();
    let cases: &[(&[&str], &str)] = &[
        (&["report", "--rev", "no-such-thing"], "does not exist"),
        (
            &["report", "--quarter", "2020Q1"],
            "no commit on the current branch was made on or before 2020-03-31",
        ),
        (&["report", "--quarter", "2026Q5"], "not a quarter"),
        (
            &["report", "--quarter", "2026Q3", "--as-of", "2026-09-01"],
            "one or the other",
        ),
    ];
    for (args, needle) in cases {
        let run = repo.lc(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains(needle), "{args:?}: {}", run.stderr);
    }
    let plain = known_repo();
    for args in [
        &["report", "--rev", "HEAD"][..],
        &["report", "--quarter", "2026Q3"],
    ] {
        let run = plain.lc(args);
        assert_eq!(run.code, 2);
        assert!(
            run.stderr.contains("not in a git repository"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(
        plain.lc(&["report", "--as-of", "2026-09-30"]).code,
        0,
        "a plain directory still reports"
    );

    let shallow = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    let status = std::process::Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url, "."])
        .current_dir(shallow.path())
        .status()
        .unwrap();
    assert!(status.success());
    let output = common::lc_command(shallow.path())
        .args(["report", "--quarter", "2026Q2"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("shallow clone") && stderr.contains("git fetch --unshallow"),
        "{stderr}"
    );
}
