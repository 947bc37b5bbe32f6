//! Every command that writes files, run with its stdout, its stderr or both going into a pipe
//! that is already closed (`lc done … | true`): no panic, the same exit code, and the same files
//! written, staged and committed as when its output is read.

mod common;

use std::process::Stdio;

use common::{EXPERIENCE, Repo, STRATEGIC, committed, edit, lc_command};

/// How a case's repo starts.
#[derive(Clone, Copy)]
enum Start {
    Committed,
    Draft,
    Agreed,
    Unlinked,
    Fixable,
    Empty,
}

fn start(how: Start) -> Repo {
    match how {
        Start::Committed => committed(STRATEGIC, EXPERIENCE),
        Start::Draft => committed(
            &edit(
                &edit(STRATEGIC, "status: active", "status: draft"),
                "agreed: {learner: 2026-01-10, manager: 2026-01-11}\n",
                "",
            ),
            EXPERIENCE,
        ),
        Start::Agreed => committed(
            &edit(STRATEGIC, "status: active", "status: agreed"),
            EXPERIENCE,
        ),
        Start::Unlinked => committed(
            &edit(
                STRATEGIC,
                "        experience: 2026-03-10-jane-doe-claims-workshop\n",
                "",
            ),
            EXPERIENCE,
        ),
        Start::Fixable => committed(
            &edit(STRATEGIC, "due: 2026-06-30", "due: 30.06.2026"),
            EXPERIENCE,
        ),
        Start::Empty => Repo::git(),
    }
}

/// Every file of the repo (but `.git`) with its bytes, what is staged, and the commits.
fn state(repo: &Repo) -> (Vec<(String, Vec<u8>)>, String, String) {
    let mut files = Vec::new();
    let mut dirs = vec![repo.path().to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.ends_with(".git") {
                continue;
            }
            if path.is_dir() {
                dirs.push(path);
            } else {
                let rel = path
                    .strip_prefix(repo.path())
                    .unwrap()
                    .display()
                    .to_string();
                files.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    let staged = repo.git_cmd(&["diff", "--cached"]);
    let log = repo.git_cmd(&["log", "--format=%s%n%b", "--all"]);
    (files, staged, log)
}

#[derive(Clone, Copy, Debug)]
enum Closed {
    Stdout,
    Stderr,
    Both,
}

/// Runs `lc ARGS` with the chosen outputs closed before it writes a byte; its exit code.
fn run_closed(repo: &Repo, args: &[&str], closed: Closed) -> i32 {
    let mut command = lc_command(repo.path());
    command.args(args).stdin(Stdio::null());
    let (out, err) = match closed {
        Closed::Stdout => (Stdio::piped(), Stdio::null()),
        Closed::Stderr => (Stdio::null(), Stdio::piped()),
        Closed::Both => (Stdio::piped(), Stdio::piped()),
    };
    let mut child = command.stdout(out).stderr(err).spawn().unwrap();
    drop(child.stdout.take());
    drop(child.stderr.take());
    child.wait().unwrap().code().unwrap_or(-1)
}

const AS_OF: &str = "--as-of=2026-03-01";

fn cases() -> Vec<(Start, Vec<&'static str>)> {
    let f = |s: &'static str| s.split(' ').collect::<Vec<_>>();
    vec![
        (
            Start::Committed,
            f("done 2026-jane-doe follow-up 1 --on 2026-02-20 --outcome Fine"),
        ),
        (
            Start::Committed,
            f("provide 2026-jane-doe s2 --on 2026-02-20 --commit"),
        ),
        (
            Start::Committed,
            f("decline 2026-jane-doe s2 --reason None"),
        ),
        (
            Start::Committed,
            f("achieve 2026-jane-doe o1 --on 2026-02-20"),
        ),
        (
            Start::Committed,
            f("drop 2026-jane-doe o1 --reason Changed"),
        ),
        (
            Start::Committed,
            f("follow-up add 2026-jane-doe --due 2026-05-01 --commit"),
        ),
        (
            Start::Committed,
            f("reschedule 2026-jane-doe follow-up 2 --due 2026-07-15"),
        ),
        (
            Start::Committed,
            f("cancel 2026-jane-doe --with-linked --reason Left"),
        ),
        (
            Start::Committed,
            f("close 2026-03-10-jane-doe-claims-workshop --force"),
        ),
        (
            Start::Committed,
            vec![
                "handover",
                "--manager",
                "sam@example.org",
                "--to",
                "Kim Ho <kim@example.org>",
                "--on",
                "2026-02-20",
                "--commit",
            ],
        ),
        (
            Start::Draft,
            f("agree 2026-jane-doe --by learner --on 2026-02-01"),
        ),
        (Start::Agreed, f("start 2026-jane-doe")),
        (
            Start::Unlinked,
            f("link 2026-03-10-jane-doe-claims-workshop --objective o1"),
        ),
        (
            Start::Committed,
            f("offboard sam@example.org --pseudonymise"),
        ),
        (
            Start::Committed,
            vec![
                "new",
                "strategic",
                "--learner",
                "Ana Ruiz <ana@example.org>",
                "--manager",
                "Sam Lee <sam@example.org>",
            ],
        ),
        (Start::Fixable, f("check --fix")),
        (Start::Empty, f("init")),
        (Start::Committed, f("remind --out mail")),
    ]
}

#[test]
fn a_closed_stdout_or_stderr_changes_nothing_about_what_is_written() {
    for (how, args) in cases() {
        let mut all = vec![AS_OF];
        all.extend(&args);
        let read = start(how);
        let expected_code = read.lc(&all).code;
        assert!(
            expected_code == 0,
            "{args:?} fails even when read: {expected_code}"
        );
        let expected = state(&read);
        for closed in [Closed::Stdout, Closed::Stderr, Closed::Both] {
            let repo = start(how);
            let code = run_closed(&repo, &all, closed);
            assert_ne!(code, 101, "{args:?} with {closed:?} closed panicked");
            assert_eq!(code, expected_code, "{args:?} with {closed:?} closed");
            assert!(
                state(&repo) == expected,
                "{args:?} with {closed:?} closed wrote something else"
            );
        }
    }
}

#[test]
fn a_refusal_into_a_closed_stderr_keeps_its_exit_code() {
    let repo = start(Start::Committed);
    let code = run_closed(
        &repo,
        &[
            AS_OF,
            "done",
            "2026-jane-doe",
            "follow-up",
            "9",
            "--on",
            "2026-02-20",
        ],
        Closed::Both,
    );
    assert_eq!(code, 2);
    let code = run_closed(
        &repo,
        &[AS_OF, "report", "--rev", "no-such-revision"],
        Closed::Both,
    );
    assert_eq!(code, 2, "an error of the tool itself");
}
