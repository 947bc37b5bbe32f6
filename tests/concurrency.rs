//! One writer at a time: many `lc` processes recording on one contract, or on several, at the
//! same moment lose no edit, leave nothing unstaged, and each `--commit` commit holds exactly
//! its own change. (scripts/stress.sh runs the same with 32 writers and 20 rounds.)

mod common;

use std::process::{Child, Stdio};

use common::{EXPERIENCE, EXPERIENCE_PATH, STRATEGIC, STRATEGIC_PATH, committed, lc_command};

const WRITERS: usize = 12;

/// Starts `lc --as-of 2026-03-01 ARGS` in the repo without waiting for it.
fn spawn(repo: &common::Repo, args: &[String]) -> Child {
    lc_command(repo.path())
        .args(["--as-of", "2026-03-01"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("lc starts")
}

/// Waits for every child, asserting each succeeded.
fn all_succeed(children: Vec<Child>) {
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn follow_up_add(contract: &str, n: usize, commit: bool) -> Vec<String> {
    let mut args: Vec<String> = [
        "follow-up",
        "add",
        contract,
        "--due",
        &format!("2026-05-{:02}", n + 1),
        "--id",
        &format!("w{n}"),
    ]
    .map(String::from)
    .to_vec();
    if commit {
        args.push("--commit".into());
    }
    args
}

#[test]
fn concurrent_writers_on_one_contract_lose_no_edit_and_leave_the_index_whole() {
    let repo = committed(STRATEGIC, EXPERIENCE);
    let children = (0..WRITERS)
        .map(|n| spawn(&repo, &follow_up_add("2026-jane-doe", n, false)))
        .collect();
    all_succeed(children);
    let text = repo.read(STRATEGIC_PATH);
    for n in 0..WRITERS {
        assert!(
            text.contains(&format!("- id: w{n}\n")),
            "edit {n} was lost:\n{text}"
        );
    }
    // Every edit is staged: the index holds the working tree's file.
    assert_eq!(repo.git_cmd(&["diff", "--name-only"]), "");
    assert_eq!(
        repo.git_cmd(&["diff", "--cached", "--name-only"]),
        format!("{STRATEGIC_PATH}\n")
    );
    assert_eq!(repo.lc_at("2026-03-01", &["check"]).code, 0);
}

#[test]
fn each_concurrent_commit_holds_exactly_its_own_change() {
    let repo = committed(STRATEGIC, EXPERIENCE);
    let children = (0..WRITERS)
        .map(|n| spawn(&repo, &follow_up_add("2026-jane-doe", n, true)))
        .collect();
    all_succeed(children);
    let log = repo.git_cmd(&["log", "--format=%H %s", "-n", &WRITERS.to_string()]);
    let commits: Vec<(&str, &str)> = log.lines().map(|l| l.split_once(' ').unwrap()).collect();
    assert_eq!(commits.len(), WRITERS);
    let mut seen = Vec::new();
    for (hash, subject) in commits {
        let diff = repo.git_cmd(&["show", "--format=", "-U0", hash]);
        let added: Vec<&str> = diff
            .lines()
            .filter(|l| l.starts_with("+  - id: "))
            .collect();
        assert_eq!(added.len(), 1, "{subject}: {diff}");
        let id = added[0].trim_start_matches("+  - id: ");
        assert!(subject.contains(&format!("`{id}`")), "{subject} holds {id}");
        seen.push(id.to_string());
    }
    seen.sort();
    let mut expected: Vec<String> = (0..WRITERS).map(|n| format!("w{n}")).collect();
    expected.sort();
    assert_eq!(seen, expected);
    assert_eq!(repo.git_cmd(&["status", "--porcelain"]), "");
}

#[test]
fn concurrent_writers_on_different_contracts_all_land_staged() {
    let repo = committed(STRATEGIC, EXPERIENCE);
    let contracts = ["2026-jane-doe", "2026-03-10-jane-doe-claims-workshop"];
    let children = (0..WRITERS)
        .map(|n| spawn(&repo, &follow_up_add(contracts[n % 2], n, false)))
        .collect();
    all_succeed(children);
    let (strategic, experience) = (repo.read(STRATEGIC_PATH), repo.read(EXPERIENCE_PATH));
    for n in 0..WRITERS {
        let text = if n % 2 == 0 { &strategic } else { &experience };
        assert!(text.contains(&format!("- id: w{n}\n")), "edit {n} was lost");
    }
    assert_eq!(
        repo.git_cmd(&["diff", "--name-only"]),
        "",
        "an edit was left unstaged"
    );
}

#[test]
fn a_writer_that_cannot_get_the_lock_in_time_writes_nothing_and_says_why() {
    let repo = committed(STRATEGIC, EXPERIENCE);
    repo.file("lc.toml", "[limits]\nwrite_wait_seconds = 0\n")
        .commit("no waiting");
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(repo.path().join(".git/lc-write.lock"))
        .or_else(|_| std::fs::File::create(repo.path().join(".git/lc-write.lock")))
        .unwrap();
    lock.lock().unwrap();
    let before = repo.read(STRATEGIC_PATH);
    let run = repo.lc_at(
        "2026-03-01",
        &follow_up_add("2026-jane-doe", 0, false)
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("another lc is writing in this repo; waited 0 s"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("write_wait_seconds"), "{}", run.stderr);
    assert_eq!(repo.read(STRATEGIC_PATH), before);
    drop(lock);
    let run = repo.lc_at(
        "2026-03-01",
        &["follow-up", "add", "2026-jane-doe", "--due", "2026-05-01"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}
