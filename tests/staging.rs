//! What git gets of a record: the command's own lines and nothing else, whatever else the file
//! holds that is not staged or not committed; and when git fails after the write, exit 1 with
//! git's own words, what to do, and the file's new content kept.

mod common;

use common::{EXPERIENCE, Repo, STRATEGIC, STRATEGIC_PATH, committed, edit};

const HAND_EDIT: (&str, &str) = (
    "team: Claims\n",
    "team: Claims   # CONFIDENTIAL draft: moves to Motor in May\n",
);

const PROVIDE: [&str; 5] = ["provide", "2026-jane-doe", "s2", "--on", "2026-02-20"];

/// The lines a diff adds or removes, without its headers.
fn changed_lines(diff: &str) -> Vec<String> {
    diff.lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .map(str::to_string)
        .collect()
}

fn provided_lines() -> Vec<String> {
    vec![
        "+    status: provided".to_string(),
        "+    provided_on: 2026-02-20".to_string(),
    ]
}

fn hand_edit_lines() -> Vec<String> {
    vec![
        format!("-{}", HAND_EDIT.0.trim_end()),
        format!("+{}", HAND_EDIT.1.trim_end()),
    ]
}

fn with_hand_edit() -> Repo {
    let repo = committed(STRATEGIC, EXPERIENCE);
    repo.file(STRATEGIC_PATH, edit(STRATEGIC, HAND_EDIT.0, HAND_EDIT.1));
    repo
}

#[test]
fn an_unstaged_hand_edit_stays_unstaged_and_only_the_commands_lines_are_staged() {
    let repo = with_hand_edit();
    let run = repo.lc_at("2026-03-01", &PROVIDE);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "(staged: lc's change alone; your other changes to the file are left unstaged)"
        ),
        "{}",
        run.stdout
    );
    let staged = repo.git_cmd(&["diff", "--cached", "-U0"]);
    assert_eq!(changed_lines(&staged), provided_lines(), "{staged}");
    let unstaged = repo.git_cmd(&["diff", "-U0"]);
    assert_eq!(changed_lines(&unstaged), hand_edit_lines(), "{unstaged}");
    // The working tree has both.
    let text = repo.read(STRATEGIC_PATH);
    assert!(text.contains("CONFIDENTIAL") && text.contains("provided_on: 2026-02-20"));
}

#[test]
fn commit_commits_the_commands_lines_alone_and_leaves_the_hand_edit_as_it_was() {
    let repo = with_hand_edit();
    let mut args = PROVIDE.to_vec();
    args.push("--commit");
    let run = repo.lc_at("2026-03-01", &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains(": lc's change alone; your other changes to the file are left as they were)"),
        "{}",
        run.stdout
    );
    let commit = repo.git_cmd(&["show", "--format=%s", "-U0", "HEAD"]);
    assert!(commit.starts_with("2026-jane-doe: support `s2` provided on 2026-02-20\n"));
    assert_eq!(changed_lines(&commit), provided_lines(), "{commit}");
    assert!(!commit.contains("CONFIDENTIAL"));
    // Nothing staged is left over; the hand edit is still only in the working tree.
    assert_eq!(repo.git_cmd(&["diff", "--cached"]), "");
    assert_eq!(
        changed_lines(&repo.git_cmd(&["diff", "-U0"])),
        hand_edit_lines()
    );
}

#[test]
fn commit_leaves_a_staged_hand_edit_staged() {
    let repo = with_hand_edit();
    repo.git_cmd(&["add", STRATEGIC_PATH]);
    let mut args = PROVIDE.to_vec();
    args.push("--commit");
    let run = repo.lc_at("2026-03-01", &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let commit = repo.git_cmd(&["show", "--format=", "-U0", "HEAD"]);
    assert_eq!(changed_lines(&commit), provided_lines(), "{commit}");
    assert_eq!(
        changed_lines(&repo.git_cmd(&["diff", "--cached", "-U0"])),
        hand_edit_lines()
    );
    assert_eq!(repo.git_cmd(&["diff"]), "");
}

#[test]
fn a_hand_edit_next_to_the_commands_lines_is_refused_and_nothing_is_written() {
    let repo = committed(STRATEGIC, EXPERIENCE);
    // s2's `due:` line, right before where `status: provided` goes.
    let text = edit(
        STRATEGIC,
        "    due: 2026-04-01\n",
        "    due: 2026-04-08   # moved by hand\n",
    );
    repo.file(STRATEGIC_PATH, &text);
    for commit in [false, true] {
        let mut args = PROVIDE.to_vec();
        if commit {
            args.push("--commit");
        }
        let run = repo.lc_at("2026-03-01", &args);
        assert_eq!(run.code, 1, "{}", run.stdout);
        assert!(
            run.stderr.contains(
                "has changes that are not staged, on or next to the lines lc would change, so lc cannot stage its own change alone; nothing was written"
            ),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains(&format!("stage them (`git add {STRATEGIC_PATH}`) first")),
            "{}",
            run.stderr
        );
        assert_eq!(repo.read(STRATEGIC_PATH), text);
        assert_eq!(repo.git_cmd(&["diff", "--cached"]), "");
    }
    // Once the hand edit is staged, the command goes through and stages its lines too.
    repo.git_cmd(&["add", STRATEGIC_PATH]);
    let run = repo.lc_at("2026-03-01", &PROVIDE);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(repo.git_cmd(&["diff"]), "");
}

#[test]
fn in_a_repo_below_the_top_of_the_work_tree_the_same_holds() {
    let repo = Repo::git();
    let path = format!("hr/{STRATEGIC_PATH}");
    repo.file("hr/lc.toml", "")
        .file(&path, STRATEGIC)
        .commit("contracts");
    repo.file(&path, edit(STRATEGIC, HAND_EDIT.0, HAND_EDIT.1));
    let run = repo.lc_in(&repo.path().join("hr"), &{
        let mut args = vec!["--as-of", "2026-03-01"];
        args.extend(PROVIDE);
        args.push("--commit");
        args
    });
    assert_eq!(run.code, 0, "{}", run.stderr);
    let commit = repo.git_cmd(&["show", "--format=", "-U0", "HEAD"]);
    assert_eq!(changed_lines(&commit), provided_lines(), "{commit}");
    assert_eq!(
        changed_lines(&repo.git_cmd(&["diff", "-U0"])),
        hand_edit_lines()
    );
    // A stale lock of git's is named by its path from there.
    std::fs::write(repo.path().join(".git/index.lock"), "").unwrap();
    let run = repo.lc_in(
        &repo.path().join("hr"),
        &[
            "--as-of",
            "2026-03-01",
            "done",
            "2026-jane-doe",
            "follow-up",
            "1",
            "--on",
            "2026-02-21",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("`rm ../.git/index.lock`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_stale_index_lock_is_exit_1_with_gits_words_and_the_file_is_kept() {
    let repo = committed(STRATEGIC, EXPERIENCE);
    std::fs::write(repo.path().join(".git/index.lock"), "").unwrap();
    let run = repo.lc_at("2026-03-01", &PROVIDE);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains(&format!(
            "error: `{STRATEGIC_PATH}` was written (its new content is kept), but git could not stage it: fatal: Unable to create '.git/index.lock': File exists."
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "when none is, the lock is left from a crash: remove it (`rm .git/index.lock`), then stage it: `git add {STRATEGIC_PATH}`"
        )),
        "{}",
        run.stderr
    );
    let where_it_is = repo.path().canonicalize().unwrap();
    assert!(
        !run.stderr.contains(&*where_it_is.to_string_lossy()),
        "no absolute path: {}",
        run.stderr
    );
    assert_eq!(run.stdout, "", "nothing claims it was staged");
    assert!(
        repo.read(STRATEGIC_PATH)
            .contains("provided_on: 2026-02-20")
    );
    // Following the help works.
    std::fs::remove_file(repo.path().join(".git/index.lock")).unwrap();
    repo.git_cmd(&["add", STRATEGIC_PATH]);
    assert!(repo.git_cmd(&["diff", "--cached"]).contains("provided_on"));
}

#[test]
fn a_commit_that_git_refuses_is_exit_1_with_its_words_and_the_change_stays_staged() {
    let repo = committed(STRATEGIC, EXPERIENCE);
    let hook = repo.path().join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    std::fs::write(
        &hook,
        "#!/bin/sh\necho 'pre-commit: contracts are committed by HR' >&2\nexit 1\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    let head = repo.git_cmd(&["rev-parse", "HEAD"]);
    let mut args = PROVIDE.to_vec();
    args.push("--commit");
    for hand_edit in [false, true] {
        if hand_edit {
            repo.git_cmd(&["reset", "-q", "--hard"]);
            repo.file(STRATEGIC_PATH, edit(STRATEGIC, HAND_EDIT.0, HAND_EDIT.1));
        }
        let run = repo.lc_at("2026-03-01", &args);
        assert_eq!(run.code, 1, "{}", run.stdout);
        assert!(
            run.stderr.contains(
                "was written and staged (its new content is kept), but git could not commit it: pre-commit: contracts are committed by HR"
            ),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("then commit what lc staged: `git commit`")
        );
        assert_eq!(repo.git_cmd(&["rev-parse", "HEAD"]), head);
        assert_eq!(
            changed_lines(&repo.git_cmd(&["diff", "--cached", "-U0"])),
            provided_lines()
        );
    }
}

#[test]
fn a_commit_on_a_detached_head_says_so() {
    let repo = committed(STRATEGIC, EXPERIENCE);
    repo.git_cmd(&["checkout", "-q", "--detach"]);
    let mut args = PROVIDE.to_vec();
    args.push("--commit");
    let run = repo.lc_at("2026-03-01", &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains(" on a detached HEAD: no branch holds it; `git switch -c NAME` keeps it)"),
        "{}",
        run.stdout
    );
    assert_eq!(repo.git_cmd(&["status", "--porcelain"]), "");
}
