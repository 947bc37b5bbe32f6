//! `lc trend`: on a history of dated commits over a year, each quarter's figures equal those of
//! `lc report --quarter` for it, with the change against the quarter before.

mod common;

use common::{EXPERIENCE, Repo, STRATEGIC, edit};
use serde_json::Value;

/// A year of work on the two demo contracts, one or two commits a quarter.
fn history() -> Repo {
    let repo = Repo::git();
    let strategic = "contracts/2026/2026-jane-doe.yaml";
    let experience = "contracts/2026/2026-03-10-jane-doe-claims-workshop.yaml";
    repo.file("lc.toml", "");
    repo.file(strategic, STRATEGIC);
    repo.commit_at("strategic contract", "2026-01-12T09:00:00+01:00");
    repo.file(experience, EXPERIENCE);
    repo.commit_at("the workshop", "2026-02-03T09:00:00+01:00");
    let s = edit(
        STRATEGIC,
        "  - due: 2026-03-31\n",
        "  - {due: 2026-03-31, done: 2026-03-30}\n",
    );
    repo.file(strategic, &s);
    repo.commit_at("first follow-up", "2026-03-31T18:00:00+02:00");
    let s = edit(
        &s,
        "  - due: 2026-06-30\n",
        "  - {due: 2026-06-30, done: 2026-07-08}\n",
    );
    let s = edit(
        &s,
        "    due: 2026-04-01\n",
        "    due: 2026-04-01\n    status: provided\n    provided_on: 2026-08-01\n",
    );
    repo.file(strategic, &s);
    let e = edit(
        EXPERIENCE,
        "    due: 2026-04-15\n",
        "    due: 2026-04-15\n    done: 2026-05-02\n",
    );
    repo.file(experience, &e);
    repo.commit_at(
        "second follow-up, late; support; applied",
        "2026-08-02T10:00:00+02:00",
    );
    let e = edit(&e, "status: active", "status: closed");
    repo.file(experience, &e);
    repo.commit_at("workshop closed", "2026-11-20T10:00:00+01:00");
    repo
}

/// A quarter's figures, counted from `lc report --quarter`'s JSON by this test itself.
fn figures_of(report: &Value) -> Vec<(&'static str, Value)> {
    let len = |key: &str| Value::from(report[key].as_array().unwrap().len());
    let s = &report["contracts"]["by_status"];
    let through = report["during_the_quarter"]["follow_through"]
        .as_array()
        .unwrap();
    let sum = |key: &str| -> u64 { through.iter().map(|r| r[key].as_u64().unwrap()).sum() };
    let m = &report["method_mix"];
    vec![
        ("contracts", report["contracts"]["total"].clone()),
        ("draft", s["draft"].clone()),
        ("agreed", s["agreed"].clone()),
        ("active", s["active"].clone()),
        ("closed", s["closed"].clone()),
        ("cancelled", s["cancelled"].clone()),
        ("overdue_follow_ups", len("overdue_follow_ups")),
        ("overdue_applications", len("overdue_applications")),
        ("unmet_supports", len("unmet_supports")),
        ("follow_ups_due", sum("due").into()),
        ("follow_ups_on_time", sum("on_time").into()),
        ("follow_ups_late", sum("late").into()),
        ("follow_ups_not_done", sum("not_done").into()),
        ("objectives", report["line_of_sight"]["objectives"].clone()),
        (
            "objectives_serving_a_measured_goal",
            report["line_of_sight"]["serving_a_measured_goal"].clone(),
        ),
        ("methods_experiential", m["experiential"].clone()),
        ("methods_social", m["social"].clone()),
        ("methods_formal", m["formal"].clone()),
        ("methods_other", m["other"].clone()),
        (
            "later_facts_set_aside",
            report["later_facts_set_aside"].clone(),
        ),
        ("revision", report["revision"].clone()),
        ("spend", {
            let spend = report["spend"].as_array().unwrap();
            Value::from(spend.iter().map(|s| s["total"].clone()).collect::<Vec<_>>())
        }),
    ]
}

#[test]
fn each_quarter_equals_its_quarterly_review() {
    let repo = history();
    let names = matches_the_reviews(&repo, &["--as-of", "2027-01-15"]);
    assert_eq!(names, ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]);
    let table = repo.lc(&["report", "--quarter", "2026Q3"]).stdout;
    assert!(
        table.contains("against 2026Q2: contracts 2 (0), overdue follow-ups"),
        "{table}"
    );
}

/// The demo repo given a short history: half its files committed in May, all in September.
#[test]
fn the_demo_repo_with_a_short_history() {
    let repo = Repo::git();
    let acme = common::examples_dir().join("acme");
    repo.file("lc.toml", std::fs::read(acme.join("lc.toml")).unwrap());
    let mut files: Vec<_> = walk(&acme.join("contracts"));
    files.sort();
    for (i, path) in files.iter().enumerate() {
        let rel = path
            .strip_prefix(&acme)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        repo.file(&rel, std::fs::read(path).unwrap());
        if i == files.len() / 2 {
            repo.commit_at("the first half", "2026-05-04T09:00:00+02:00");
        }
    }
    repo.commit_at("the rest", "2026-09-14T09:00:00+02:00");
    let names = matches_the_reviews(&repo, &["--from", "2026Q2", "--to", "2026Q3"]);
    assert_eq!(names, ["2026Q2", "2026Q3"]);
    // The shares of learning applied per quarter, with their change in percentage points.
    let table = repo
        .lc(&["trend", "--from", "2026Q2", "--to", "2026Q3"])
        .stdout;
    let section = table
        .split("Learning after training (share applied, of those asked)")
        .nth(1)
        .expect("the section");
    let row = |label: &str| {
        section
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    let json = repo
        .lc(&[
            "trend", "--from", "2026Q2", "--to", "2026Q3", "--format", "json",
        ])
        .json();
    let q3 = &json["quarters"][1]["transfer_curve"][2];
    assert_eq!(
        (q3["days"].as_i64(), q3["applied"].as_i64()),
        (Some(180), Some(3))
    );
    assert_eq!(
        row("180 days").as_deref(),
        Some("180 days 50 % (2 of 4) 60 % (3 of 5) (+10 pp)"),
        "{table}"
    );
    let csv = repo
        .lc(&[
            "trend", "--from", "2026Q2", "--to", "2026Q3", "--format", "csv",
        ])
        .stdout;
    assert!(
        csv.contains(
            ",\"Learning after training (share applied, of those asked)\",180 days,60 % (3 of 5),+10 pp\r\n"
        ),
        "{csv}"
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Runs `lc trend ARGS` and checks each quarter against `lc report --quarter`; the quarters.
fn matches_the_reviews(repo: &Repo, args: &[&str]) -> Vec<String> {
    let mut all = vec!["trend", "--format", "json"];
    all.extend_from_slice(args);
    let run = repo.lc(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let trend = run.json();
    assert_eq!(trend["version"], 1);
    let quarters = trend["quarters"].as_array().unwrap();
    let names: Vec<String> = quarters
        .iter()
        .map(|q| q["quarter"].as_str().unwrap().to_string())
        .collect();
    let mut before: Option<&Value> = None;
    for q in quarters {
        let name = q["quarter"].as_str().unwrap();
        let report = repo
            .lc(&["report", "--quarter", name, "--format", "json"])
            .json();
        assert_eq!(q["as_of"], report["as_of"]);
        for (key, value) in figures_of(&report) {
            let got = if key == "spend" {
                let spend = q["spend"].as_array().unwrap();
                Value::from(spend.iter().map(|s| s["total"].clone()).collect::<Vec<_>>())
            } else {
                q[key].clone()
            };
            assert_eq!(got, value, "{name}: `{key}`");
        }
        // Learning after training: the review's curve, and the change of each share.
        let curve = q["transfer_curve"].as_array().unwrap();
        for (i, h) in curve.iter().enumerate() {
            let mut figures = h.clone();
            let change = figures
                .as_object_mut()
                .unwrap()
                .remove("share_change")
                .unwrap();
            assert_eq!(
                figures, report["transfer_curve"]["horizons"][i],
                "{name}: at {i}"
            );
            let then = before.and_then(|b| b["transfer_curve"][i]["share"].as_f64());
            match (h["share"].as_f64(), then) {
                (Some(now), Some(then)) => assert_eq!(
                    change.as_f64(),
                    Some(((now - then) * 100.0).round() / 100.0),
                    "{name}: at {i}"
                ),
                _ if before.is_some() => assert!(change.is_null(), "{name}: at {i}"),
                _ => {}
            }
        }
        match before {
            None => assert!(q["change"].is_null(), "no quarter before {name}"),
            Some(b) => {
                for key in [
                    "contracts",
                    "overdue_follow_ups",
                    "unmet_supports",
                    "closed",
                ] {
                    let change = q[key].as_i64().unwrap() - b[key].as_i64().unwrap();
                    assert_eq!(q["change"][key], change, "{name}: change of `{key}`");
                }
                let change = &report["change_against_previous_quarter"];
                assert_eq!(change["against"], b["quarter"]);
                assert_eq!(change["change"], q["change"], "{name}: the review's change");
            }
        }
        before = Some(q);
    }
    names
}

#[test]
fn figures_a_reader_can_check() {
    let repo = history();
    let trend = repo
        .lc(&["trend", "--as-of", "2027-01-15", "--format", "json"])
        .json();
    let q = |n: usize, key: &str| trend["quarters"][n][key].clone();
    // Q1: the first follow-up was done on time; the workshop's is due 1 April.
    assert_eq!(q(0, "follow_ups_due"), 1);
    assert_eq!(q(0, "follow_ups_on_time"), 1);
    assert_eq!(q(0, "follow_through_rate"), 1.0);
    // Q2: the workshop's follow-up (due 1 April) and its 90-day check-in (due 9 June) are
    // overdue, the strategic one due on 30 June is not yet; all three were due in the quarter
    // and none was done by its end (the strategic one was done on 8 July). The mentor's support
    // (provided only on 1 August) and the workshop's are unmet; the workshop's action (done 2
    // May, but committed in August) is missing from the commit of 30 June.
    assert_eq!(q(1, "overdue_follow_ups"), 2, "{}", trend["quarters"][1]);
    assert_eq!(q(1, "follow_ups_due"), 3);
    assert_eq!(q(1, "follow_ups_not_done"), 3);
    assert_eq!(q(1, "follow_through_rate"), 0.0);
    assert_eq!(q(1, "overdue_applications"), 1);
    assert_eq!(q(1, "unmet_supports"), 2);
    assert_eq!(trend["quarters"][1]["change"]["follow_through_rate"], -1.0);
    // Q4: the workshop closed.
    assert_eq!(q(3, "closed"), 1);
    assert_eq!(trend["quarters"][3]["change"]["closed"], 1);
}

#[test]
fn formats_and_ranges() {
    let repo = history();
    let table = repo.lc(&["trend", "--as-of", "2027-01-15"]);
    assert!(
        table.stdout.contains("overdue follow-ups"),
        "{}",
        table.stdout
    );
    assert!(table.stdout.contains("2026Q4"));
    let md = repo.lc(&["trend", "--as-of", "2027-01-15", "--format", "markdown"]);
    assert!(
        md.stdout
            .contains("| figure | 2026Q1 | 2026Q2 | 2026Q3 | 2026Q4 |"),
        "{}",
        md.stdout
    );
    let csv = repo.lc(&["trend", "--as-of", "2027-01-15", "--format", "csv"]);
    assert!(
        csv.stdout
            .starts_with("quarter,as_of,revision,table,figure,value,change\r\n")
    );
    assert!(csv.stdout.contains("2026Q3,2026-09-30,"));
    // By default, the last quarter is the newest that has ended by the as-of date.
    let json = repo
        .lc(&["trend", "--as-of", "2026-11-30", "--format", "json"])
        .json();
    assert_eq!(json["quarters"].as_array().unwrap().len(), 3);
    let json = repo
        .lc(&[
            "trend", "--from", "2025Q3", "--to", "2026Q2", "--format", "json",
        ])
        .json();
    assert_eq!(json["quarters"].as_array().unwrap().len(), 2);
    let late = repo.lc(&["trend", "--from", "2026Q3", "--to", "2026Q1"]);
    assert_eq!(late.code, 2);
    let html = repo.lc(&["trend", "--as-of", "2027-01-15", "--format", "html"]);
    assert!(html.stdout.contains("<polyline") && html.stdout.contains("<rect class=\"bar\""));
}

/// The history is read once: the first quarter end whole, then only the files that changed.
#[test]
fn each_quarter_reads_only_what_changed() {
    let repo = history();
    let git = lc::store::git::Git::open(repo.path()).expect("a git repo");
    let line = git.first_parent_line().expect("commits");
    let q = |text: &str| lc::model::quarter::Quarter::parse(text).unwrap();
    let mut read = Vec::new();
    lc::store::history::each_quarter_end(&git, &line, q("2026Q1"), q("2027Q1"), |end| {
        read.push((end.quarter.to_string(), end.files_read, end.files.len()));
        Ok(())
    })
    .unwrap();
    assert_eq!(
        read,
        [
            // Q1: both files, read whole; Q2: no commit since; Q3: both changed in August;
            // Q4: only the workshop changed; 2027Q1: the same commit again.
            ("2026Q1".to_string(), 2, 2),
            ("2026Q2".to_string(), 0, 2),
            ("2026Q3".to_string(), 2, 2),
            ("2026Q4".to_string(), 1, 2),
            ("2027Q1".to_string(), 0, 2),
        ]
    );
}
