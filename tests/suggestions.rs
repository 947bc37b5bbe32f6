//! Every command `lc` suggests is one it accepts (issue 19, item 7): each command of the demo's
//! review — the "to record" column of the table, Markdown and HTML, the `record` key of JSON —
//! and each one `lc check`'s help texts name, run against a fresh copy of the demo. It must
//! succeed, or fail only because it asks for a value (`--on YYYY-MM-DD`), and then succeed
//! with that value given.

mod common;

use std::collections::BTreeSet;

use common::Repo;

const AS_OF: &str = "2026-09-30";

/// The review of the demo in one format, with room for the "to record" column.
fn review(repo: &Repo, format: &str) -> String {
    let output = common::lc_command(repo.path())
        .args(["report", "--as-of", AS_OF, "--format", format])
        .env("COLUMNS", "400")
        .output()
        .expect("lc runs");
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

/// The `lc …` commands in a text: each runs from `lc ` to the end of its cell or code span.
fn commands_in(text: &str, ends: &[&str]) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("lc ") {
        let before = rest[..at].chars().last();
        let tail = &rest[at..];
        let end = ends
            .iter()
            .filter_map(|e| tail.find(e))
            .min()
            .unwrap_or(tail.len());
        if before.is_none_or(|c| !c.is_alphanumeric() && c != '-') {
            let command = tail[..end].trim();
            if command.split_whitespace().count() > 2 {
                found.insert(command.to_string());
            }
        }
        rest = &tail[3..];
    }
    found
}

/// Every command the demo's review suggests, the same in every format.
fn review_commands(repo: &Repo) -> BTreeSet<String> {
    let json: serde_json::Value = serde_json::from_str(&review(repo, "json")).unwrap();
    let mut from_json = BTreeSet::new();
    for list in [
        "overdue_follow_ups",
        "overdue_applications",
        "unmet_supports",
        "due_soon",
    ] {
        for item in json[list].as_array().unwrap() {
            let record = item["record"].as_str().unwrap();
            if !record.is_empty() {
                from_json.insert(record.to_string());
            }
        }
    }
    assert!(from_json.len() > 20, "{from_json:?}");
    let table = commands_in(&review(repo, "table"), &["  ", "\n"]);
    let markdown = commands_in(&review(repo, "markdown"), &[" |", "\n"]);
    let html: String = review(repo, "html")
        .split("<code class=\"id\"")
        .skip(1)
        .filter_map(|code| {
            let (_, rest) = code.split_once('>')?;
            Some(format!("{}\n", rest.split_once("</code>")?.0))
        })
        .collect();
    let html = commands_in(&html, &["\n"]);
    for (format, found) in [("table", table), ("markdown", markdown), ("html", html)] {
        assert_eq!(found, from_json, "{format} suggests what JSON does");
    }
    from_json
}

/// Every command that the help texts of `lc check` name, in backticks.
fn check_commands(repo: &Repo) -> BTreeSet<String> {
    let run = repo.lc_at(AS_OF, &["check", "--format", "json"]);
    let mut found = BTreeSet::new();
    for d in run.json()["diagnostics"].as_array().unwrap() {
        let Some(help) = d["help"].as_str() else {
            continue;
        };
        for (i, part) in help.split('`').enumerate() {
            if i % 2 == 1 && part.starts_with("lc ") {
                found.insert(part.to_string());
            }
        }
    }
    assert!(found.len() > 20, "{found:?}");
    found
}

/// The placeholders a suggestion may hold, and a value for each.
const PLACEHOLDERS: [(&str, &str); 3] =
    [("YYYY-MM-DD", AS_OF), ("TEXT", "As agreed"), ("OID", "o1")];

/// Runs `command` on a fresh copy of the demo: it succeeds, or it fails (exit 2, nothing
/// written) only for a placeholder and succeeds once that is filled in.
#[track_caller]
fn accepted(command: &str) {
    assert!(
        !command.contains(['"', '\'', '\\']),
        "a plain command: {command}"
    );
    let repo = common::demo();
    let before = repo.git_cmd(&["status", "--porcelain"]);
    let args = |command: &str| -> Vec<String> {
        let mut args: Vec<String> = command
            .split_whitespace()
            .skip(1)
            .map(str::to_string)
            .collect();
        args.extend(["--as-of".to_string(), AS_OF.to_string()]);
        args
    };
    let literal = args(command);
    let literal: Vec<&str> = literal.iter().map(String::as_str).collect();
    let run = repo.lc(&literal);
    if run.code == 0 {
        return;
    }
    let asks = PLACEHOLDERS
        .iter()
        .any(|(p, _)| command.contains(p) && run.stderr.contains(&format!("'{p}'")));
    assert!(
        run.code == 2 && asks,
        "`{command}` is refused, and not for a value:\n{}{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(
        repo.git_cmd(&["status", "--porcelain"]),
        before,
        "nothing written"
    );
    // Each word of the command filled in on its own, so that a value may hold spaces.
    let fill = |word: &str| {
        PLACEHOLDERS
            .iter()
            .fold(word.to_string(), |w, (p, v)| w.replace(p, v))
    };
    let filled_args: Vec<String> = args(command).iter().map(|w| fill(w)).collect();
    let filled = filled_args.join(" ");
    let filled_args: Vec<&str> = filled_args.iter().map(String::as_str).collect();
    let run = repo.lc(&filled_args);
    assert_eq!(
        run.code, 0,
        "`{filled}` is refused:\n{}{}",
        run.stdout, run.stderr
    );
}

#[test]
fn every_command_the_review_suggests_is_accepted() {
    let demo = common::demo();
    for command in review_commands(&demo) {
        accepted(&command);
    }
}

#[test]
fn every_command_the_checks_help_names_is_accepted() {
    let demo = common::demo();
    for command in check_commands(&demo) {
        accepted(&command);
    }
}

#[test]
fn a_declined_support_suggests_no_command_that_would_be_refused() {
    // Amelia's CRM seat was declined: it is unmet, and nothing records it as provided.
    let demo = common::demo();
    let json: serde_json::Value = serde_json::from_str(&review(&demo, "json")).unwrap();
    let declined: Vec<&serde_json::Value> = json["unmet_supports"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] == "declined")
        .collect();
    assert_eq!(declined.len(), 2);
    for s in declined {
        assert_eq!(s["record"], "", "{s}");
    }
    let table = review(&demo, "table");
    assert!(!table.contains("lc provide 2026-amelia-osei s1"), "{table}");
}
