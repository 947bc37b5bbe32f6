//! One writer at a time: many `lc` processes recording on one contract, or on several, at the
//! same moment lose no edit, leave nothing unstaged, and each `--commit` commit holds exactly
//! its own change, whether they record follow-ups added, done or supports provided.
//! (scripts/stress.sh runs the same with 32 writers and 20 rounds.)

mod common;

use std::collections::BTreeSet;
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
    // Once the lock is free, a writer gets in (given the usual wait, so that a loaded machine
    // cannot make this part flaky).
    repo.file("lc.toml", "[limits]\nwrite_wait_seconds = 10\n");
    let run = repo.lc_at(
        "2026-03-01",
        &["follow-up", "add", "2026-jane-doe", "--due", "2026-05-01"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// `STRATEGIC` with, for each writer `n` that needs one, a follow-up `dN` to record done or a
/// support `pN` to record provided.
fn mixed_contract(writers: impl Iterator<Item = usize>) -> String {
    let (mut supports, mut follow_ups) = (String::new(), String::new());
    for n in writers {
        match n % 3 {
            1 => follow_ups += &format!("  - id: d{n}\n    due: 2026-06-{:02}\n", n % 28 + 1),
            2 => {
                supports += &format!(
                    "  - id: p{n}\n    text: Support {n}\n    due: 2026-06-{:02}\n",
                    n % 28 + 1
                )
            }
            _ => {}
        }
    }
    let text = STRATEGIC.replacen("follow_ups:\n", &format!("{supports}follow_ups:\n"), 1);
    format!("{text}{follow_ups}")
}

/// Writer `n`'s command: `follow-up add` (wN), `done` (dN) or `provide` (pN), in turn.
fn mixed(contract: &str, n: usize, commit: bool) -> Vec<String> {
    let mut args: Vec<String> = match n % 3 {
        0 => return follow_up_add(contract, n, commit),
        1 => vec![
            "done",
            contract,
            "follow-up",
            &format!("d{n}"),
            "--on",
            "2026-02-20",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
        _ => vec!["provide", contract, &format!("p{n}"), "--on", "2026-02-20"]
            .into_iter()
            .map(String::from)
            .collect(),
    };
    if commit {
        args.push("--commit".into());
    }
    args
}

/// The facts a contract's text holds: `add wN`, `done dN`, `provide pN`.
fn facts(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut item: Option<&str> = None;
    for line in text.lines() {
        if let Some(id) = line.strip_prefix("  - id: ") {
            item = Some(id);
            if id.starts_with('w') {
                out.insert(format!("add {id}"));
            }
        } else if line.starts_with("  - ") {
            item = None;
        } else if let Some(id) = item {
            if id.starts_with('d') && line.starts_with("    done: ") {
                out.insert(format!("done {id}"));
            } else if id.starts_with('p') && line == "    status: provided" {
                out.insert(format!("provide {id}"));
            }
        }
    }
    out
}

fn fact(n: usize) -> String {
    match n % 3 {
        0 => format!("add w{n}"),
        1 => format!("done d{n}"),
        _ => format!("provide p{n}"),
    }
}

#[test]
fn mixed_writers_on_one_contract_lose_nothing_and_stage_everything() {
    let repo = committed(&mixed_contract(0..WRITERS), EXPERIENCE);
    let children = (0..WRITERS)
        .map(|n| spawn(&repo, &mixed("2026-jane-doe", n, false)))
        .collect();
    all_succeed(children);
    let expected: BTreeSet<String> = (0..WRITERS).map(fact).collect();
    assert_eq!(facts(&repo.read(STRATEGIC_PATH)), expected, "lost edits");
    let staged = repo.git_cmd(&["show", &format!(":{STRATEGIC_PATH}")]);
    assert_eq!(facts(&staged), expected, "unstaged edits");
    assert_eq!(repo.git_cmd(&["diff", "--name-only"]), "");
}

#[test]
fn mixed_writers_commit_each_exactly_its_own_fact() {
    let repo = committed(&mixed_contract(0..WRITERS), EXPERIENCE);
    let base = repo.git_cmd(&["rev-parse", "HEAD"]);
    let children = (0..WRITERS)
        .map(|n| spawn(&repo, &mixed("2026-jane-doe", n, true)))
        .collect();
    all_succeed(children);
    let commits = repo.git_cmd(&["rev-list", &format!("{}..HEAD", base.trim())]);
    let commits: Vec<&str> = commits.lines().collect();
    assert_eq!(commits.len(), WRITERS);
    for hash in commits {
        let subject = repo.git_cmd(&["log", "-1", "--format=%s", hash]);
        let before = facts(&repo.git_cmd(&["show", &format!("{hash}^:{STRATEGIC_PATH}")]));
        let after = facts(&repo.git_cmd(&["show", &format!("{hash}:{STRATEGIC_PATH}")]));
        let added: Vec<&String> = after.difference(&before).collect();
        assert_eq!(added.len(), 1, "{subject}: {added:?}");
        assert!(before.is_subset(&after), "{subject} undid a fact");
        let id = added[0].split_once(' ').unwrap().1;
        assert!(subject.contains(&format!("`{id}`")), "{subject} holds {id}");
    }
    let head = facts(&repo.git_cmd(&["show", &format!("HEAD:{STRATEGIC_PATH}")]));
    assert_eq!(head, (0..WRITERS).map(fact).collect::<BTreeSet<_>>());
    assert_eq!(repo.git_cmd(&["status", "--porcelain"]), "");
}

#[test]
fn mixed_writers_on_two_contracts_lose_nothing_and_stage_everything() {
    let other = EXPERIENCE_PATH;
    let repo = common::Repo::git();
    repo.file(STRATEGIC_PATH, mixed_contract((0..WRITERS).step_by(2)))
        .file(
            other,
            mixed_contract((1..WRITERS).step_by(2))
                .replace("id: 2026-jane-doe\n", "id: 2026-jane-doe-two\n")
                .replace("jane@example.org", "jane.two@example.org")
                .replace(
                    "        experience: 2026-03-10-jane-doe-claims-workshop\n",
                    "",
                ),
        )
        .commit("two contracts");
    let contracts = ["2026-jane-doe", "2026-jane-doe-two"];
    let children = (0..WRITERS)
        .map(|n| spawn(&repo, &mixed(contracts[n % 2], n, false)))
        .collect();
    all_succeed(children);
    for (path, first) in [(STRATEGIC_PATH, 0), (other, 1)] {
        let expected: BTreeSet<String> = (first..WRITERS).step_by(2).map(fact).collect();
        assert_eq!(facts(&repo.read(path)), expected, "lost edits in {path}");
        let staged = repo.git_cmd(&["show", &format!(":{path}")]);
        assert_eq!(facts(&staged), expected, "unstaged edits in {path}");
    }
}
