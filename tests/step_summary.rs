//! `lc check --format github` writes a Markdown summary to `$GITHUB_STEP_SUMMARY`.

mod common;

use common::{EXPERIENCE, Repo, STRATEGIC, edit};

/// Two contracts with fourteen overdue or unmet items as of 2026-09-30, one with Markdown in a
/// text, and a file with an error.
fn repo() -> Repo {
    let repo = Repo::plain();
    let dates: String = (1..=7)
        .map(|d| format!("  - due: 2026-02-0{d}\n"))
        .collect();
    let strategic = edit(STRATEGIC, "  - due: 2026-03-31\n", &dates);
    let strategic = edit(
        &strategic,
        "Weekly session with the mentor",
        "\"Pay | <b>now</b> [here](https://example.org) @sam\"",
    );
    repo.file("contracts/2026/2026-jane-doe.yaml", strategic);
    repo.file("contracts/2026/workshop.yaml", EXPERIENCE);
    repo.file("contracts/2026/broken.yaml", "lc: 2\nkind: strategic\n");
    repo
}

/// Runs `lc check ARGS` with `$GITHUB_STEP_SUMMARY` set to a file that already holds a line;
/// the run and what the file holds after it.
fn check_with_summary(repo: &Repo, args: &[&str]) -> (common::Run, String) {
    let summary = repo.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let output = common::lc_command(repo.path())
        .args(["check", "--as-of", "2026-09-30"])
        .args(args)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    let code = output.status.code().unwrap_or(-1);
    assert_ne!(code, 101, "{}", String::from_utf8_lossy(&output.stderr));
    let run = common::Run {
        code,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    (run, std::fs::read_to_string(summary).unwrap())
}

#[test]
fn the_github_format_appends_counts_and_the_ten_most_urgent_items() {
    let repo = repo();
    let json = repo.lc(&["check", "--as-of", "2026-09-30", "--format", "json"]);
    let warnings = json.json()["warnings"].as_u64().unwrap();
    let (run, summary) = check_with_summary(&repo, &["--format", "github"]);
    assert_eq!(run.code, 1, "the error still fails the check");
    assert!(
        summary.starts_with("earlier step\n### Learning contracts: 1 error, "),
        "{summary}"
    );
    for row in [
        "| Errors | 1 |".to_string(),
        format!("| Warnings | {warnings} |"),
        "| Overdue follow-ups | 11 |".into(),
        "| Overdue application actions | 1 |".into(),
        "| Unmet supports | 2 |".into(),
    ] {
        assert!(summary.contains(&format!("\n{row}\n")), "{row}:\n{summary}");
    }
    assert!(
        summary.contains("**The 10 most urgent items** (of 14"),
        "{summary}"
    );
    let rows: Vec<&str> = summary
        .lines()
        .filter(|l| l.starts_with("| ") && l.chars().nth(2).is_some_and(|c| c.is_ascii_digit()))
        .collect();
    let days: Vec<&str> = rows
        .iter()
        .map(|r| r.split(" | ").next().unwrap())
        .collect();
    assert_eq!(
        days,
        [
            "| 241", "| 240", "| 239", "| 238", "| 237", "| 236", "| 235", "| 182", "| 182",
            "| 173"
        ],
        "{summary}"
    );
    assert!(
        rows[0].ends_with(
            "| 2026-02-01 | Follow\\-up \\#1 with Jane Doe | Sam Lee | `lc done 2026-jane-doe follow-up 1` |"
        ),
        "{}",
        rows[0]
    );
    // The texts are shown as written, never as markup, links, mentions or extra cells.
    let hostile = rows
        .iter()
        .find(|r| r.contains("Pay"))
        .expect("the support");
    assert!(
        hostile.contains(
            "Pay \\| \\<b\\>now\\<\\/b\\> \\[here\\]\\(https\\:\\/\\/example\\.org\\) \\@sam"
        ),
        "{hostile}"
    );
    assert_eq!(hostile.matches(" | ").count(), 4, "five cells: {hostile}");
    assert!(
        !summary.contains(repo.path().to_str().unwrap()),
        "no absolute path"
    );
    assert!(!summary.contains("broken.yaml"), "{summary}");
}

#[test]
fn other_formats_and_an_empty_variable_write_no_summary() {
    let repo = repo();
    for format in ["human", "json", "sarif"] {
        let (_, summary) = check_with_summary(&repo, &["--format", format]);
        assert_eq!(summary, "earlier step\n", "{format}");
    }
    let run = common::lc_command(repo.path())
        .args(["check", "--as-of", "2026-09-30", "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", "")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(
        run.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn a_clean_repo_says_nothing_is_overdue() {
    let repo = common::valid_repo();
    // As of 2026-03-01 nothing is late.
    let run = common::lc_command(repo.path())
        .args(["check", "--as-of", "2026-03-01", "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", repo.path().join("clean.md"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    let clean = std::fs::read_to_string(repo.path().join("clean.md")).unwrap();
    assert!(clean.contains("| Overdue follow-ups | 0 |"), "{clean}");
    assert!(
        clean.contains("\nNothing is overdue or unmet.\n"),
        "{clean}"
    );
    assert!(!clean.contains("most urgent"), "{clean}");
}

#[test]
fn a_summary_that_cannot_be_written_is_a_note_and_the_check_goes_on() {
    let repo = common::valid_repo();
    let run = common::lc_command(repo.path())
        .args(["check", "--as-of", "2026-03-01", "--format", "github"])
        .env(
            "GITHUB_STEP_SUMMARY",
            repo.path().join("no/such/dir/summary.md"),
        )
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("cannot write the step summary to $GITHUB_STEP_SUMMARY"),
        "{stderr}"
    );
    assert!(!stderr.contains(repo.path().to_str().unwrap()), "{stderr}");
}
