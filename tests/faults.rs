//! Writes under faults: a writer killed at any point leaves every contract whole and nothing
//! that `git add -A` would pick up; a copy left behind is reported by `lc check` and removed
//! by the next write.

mod common;

use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{Repo, STRATEGIC, STRATEGIC_PATH, lc_command};

/// A strategic contract with `n` follow-ups, each with a note: large enough that writing it
/// takes a while, so that a kill lands inside the write.
fn large_contract(n: usize) -> String {
    let head = &STRATEGIC[..STRATEGIC.find("follow_ups:\n").unwrap()];
    let mut text = format!("{head}follow_ups:\n");
    for i in 0..n {
        text += &format!(
            "  - due: 2026-{:02}-{:02}\n    notes: check-in {i}, with a few words to make the file longer\n",
            1 + i % 12,
            1 + i % 28
        );
    }
    text
}

/// What `git status` shows besides the contract itself: files git would pick up.
fn litter(repo: &Repo) -> Vec<String> {
    repo.git_cmd(&["status", "--porcelain", "--untracked-files=all"])
        .lines()
        .filter(|l| !l.ends_with(STRATEGIC_PATH))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_writer_killed_at_any_point_leaves_the_contract_whole_and_no_litter() {
    let repo = Repo::git();
    repo.file(STRATEGIC_PATH, large_contract(3000))
        .commit("a large contract");
    let done = |n: usize| {
        let mut command = lc_command(repo.path());
        command
            .args([
                "--as-of",
                "2026-12-31",
                "done",
                "2026-jane-doe",
                "follow-up",
            ])
            .arg(n.to_string())
            .args(["--on", "2026-06-01"])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    };
    let errors = || {
        let check = repo.lc_at("2026-12-31", &["check", "--format", "json", STRATEGIC_PATH]);
        check.json()["errors"].clone()
    };
    let before = errors();
    let started = Instant::now();
    assert!(done(1).status().unwrap().success());
    let whole_run = started.elapsed();
    // Kills spread over the whole run: while reading, checking, writing the copy, renaming it
    // and staging it.
    let rounds = 16;
    for round in 0..rounds {
        let mut child = done(round + 2).spawn().unwrap();
        std::thread::sleep(whole_run.mul_f64(round as f64 / rounds as f64));
        let _ = child.kill();
        let _ = child.wait();
        // A `git add` that lc started finishes on its own; wait for its lock to go.
        let index_lock = repo.path().join(".git/index.lock");
        let until = Instant::now() + Duration::from_secs(10);
        while index_lock.exists() && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(litter(&repo), Vec::<String>::new(), "after kill {round}");
        assert_eq!(errors(), before, "after kill {round}");
    }
    // The next write removes the copies the killed ones left in git's directory.
    assert!(done(rounds + 2).status().unwrap().success());
    let area = repo.path().join(".git/lc-tmp");
    let left: Vec<_> = std::fs::read_dir(&area).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
    assert_eq!(litter(&repo), Vec::<String>::new());
}

#[test]
fn outside_git_the_copy_is_written_beside_the_file_and_removed_by_the_next_write() {
    let repo = common::valid_repo();
    let leftover = "contracts/2026/.lc-tmp-Ab12Cd";
    repo.file(leftover, "half a contract");
    let run = repo.lc_at(
        "2026-03-01",
        &[
            "done",
            "2026-jane-doe",
            "follow-up",
            "1",
            "--on",
            "2026-02-20",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!repo.path().join(leftover).exists());
    let names: Vec<String> = std::fs::read_dir(repo.path().join("contracts/2026"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
}
