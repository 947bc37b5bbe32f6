//! A review people can read: item lists sorted by what needs attention first (JSON keeps its
//! order), filters that ignore case and accents and say when they match nobody, and no absolute
//! path in any output.

mod common;

use common::{Repo, STRATEGIC, edit};

/// Three learners with overdue follow-ups, late by different numbers of days.
fn repo() -> Repo {
    let repo = Repo::git();
    let zoe = edit(STRATEGIC, "id: 2026-jane-doe", "id: 2026-b-zoe");
    let zoe = edit(
        &zoe,
        "learner: Jane Doe <jane@example.org>",
        "learner: Zoë Ångström <zoe@example.org>",
    );
    // Due 2026-03-31 (183 days before the as-of date) and 2026-06-30 (92 days).
    repo.file("contracts/2026-b-zoe.yaml", &zoe);
    let bo = edit(STRATEGIC, "id: 2026-jane-doe", "id: 2026-a-bo");
    let bo = edit(
        &bo,
        "learner: Jane Doe <jane@example.org>",
        "learner: Bo Berg <bo@example.org>",
    );
    let bo = edit(
        &bo,
        "  - due: 2026-03-31\n",
        "  - due: 2026-03-31\n    done: 2026-03-31\n",
    );
    let bo = edit(
        &bo,
        "  - due: 2026-06-30\n",
        "  - due: 2026-06-30\n    done: 2026-06-30\n",
    );
    // Only 2026-09-15 is overdue for Bo: 15 days.
    let bo = edit(&bo, "  - due: 2026-09-30\n", "  - due: 2026-09-15\n");
    repo.file("contracts/2026-a-bo.yaml", &bo);
    repo.commit("contracts");
    repo
}

fn learners_in_order(text: &str, names: &[&str]) -> Vec<usize> {
    names
        .iter()
        .map(|n| {
            text.find(n)
                .unwrap_or_else(|| panic!("{n} not in:\n{text}"))
        })
        .collect()
}

#[test]
fn item_lists_come_most_overdue_first_but_json_keeps_its_order() {
    let repo = repo();
    let args = ["report", "--as-of", "2026-09-30"];
    for format in ["markdown", "html", "table"] {
        let run = repo.lc(&[&args[..], &["--format", format]].concat());
        let overdue = &run.stdout[run.stdout.find("verdue follow-ups").unwrap()..];
        // Zoë: 183 and 92 days, Bo: 15 days: Zoë's rows before Bo's.
        let at = learners_in_order(overdue, &["Zo", "Bo Berg"]);
        assert!(at[0] < at[1], "{format}:\n{overdue}");
    }
    let json = repo.lc(&[&args[..], &["--format", "json"]].concat()).json();
    let days: Vec<i64> = json["overdue_follow_ups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["days_overdue"].as_i64().unwrap())
        .collect();
    assert_eq!(days, [15, 183, 92], "JSON: by contract, then position");
    // Markdown, most overdue first within the same learner too: 183 before 92.
    let md = repo
        .lc(&[&args[..], &["--format", "markdown"]].concat())
        .stdout;
    assert!(md.find("183 days").unwrap() < md.find("92 days").unwrap());
}

#[test]
fn filters_ignore_case_and_accents_and_say_when_nobody_matches() {
    let repo = repo();
    for needle in ["Zoe Angstrom", "zoë ångström", "ZOE@example.org"] {
        let run = repo.lc(&[
            "report",
            "--as-of",
            "2026-09-30",
            "--format",
            "json",
            "--learner",
            needle,
        ]);
        assert_eq!(run.code, 0, "{needle}: {}", run.stderr);
        assert_eq!(run.json()["contracts"]["total"], 1, "{needle}");
    }
    let team = repo.lc(&[
        "list",
        "--as-of",
        "2026-09-30",
        "--format",
        "json",
        "--team",
        "CLAIMS",
    ]);
    assert_eq!(team.json().as_array().unwrap().len(), 2);
    for command in [
        &["report"][..],
        &["list"],
        &["calendar"],
        &["report", "--quarter", "2026Q4"],
    ] {
        let mut args = command.to_vec();
        if !command.contains(&"--quarter") {
            args.extend(["--as-of", "2026-09-30"]);
        }
        args.extend(["--manager", "Zoe Nobody"]);
        let run = repo.lc(&args);
        assert_eq!(run.code, 2, "{command:?}");
        assert!(run.stdout.is_empty(), "{command:?}: {}", run.stdout);
        assert!(
            run.stderr
                .contains("no contract matches --manager \"Zoe Nobody\""),
            "{command:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn no_output_holds_an_absolute_path() {
    let repo = repo();
    let dir = repo.path().to_str().unwrap().to_string();
    let name = repo
        .path()
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    for format in ["table", "markdown", "csv", "json", "html"] {
        let run = repo.lc(&["report", "--as-of", "2026-09-30", "--format", format]);
        assert!(!run.stdout.contains(&dir), "{format}");
        if format != "json" && format != "csv" {
            assert!(run.stdout.contains(&name), "{format}: the repo by its name");
        }
    }
    let trend = repo.lc(&["trend", "--as-of", "2027-01-15", "--format", "html"]);
    assert!(!trend.stdout.contains(&dir));
}
