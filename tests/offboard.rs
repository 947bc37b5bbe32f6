//! `lc offboard`: a leaver's contracts cancelled or closed, what still names them listed, and
//! their name and email pseudonymised with `git diff` showing only their lines.

mod common;

use std::path::Path;

use common::Repo;

const NAME: &str = "Zoë Ångström";
const EMAIL: &str = "zoe.angstrom@acme.example";
const AS_OF: [&str; 2] = ["--as-of", "2026-09-30"];

/// A copy of examples/acme, committed.
fn acme() -> Repo {
    let repo = Repo::git();
    let acme = common::examples_dir().join("acme");
    copy(&acme, &acme, &repo);
    repo.commit("acme");
    repo
}

fn copy(root: &Path, dir: &Path, repo: &Repo) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            copy(root, &path, repo);
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            repo.file(&rel, std::fs::read(&path).unwrap());
        }
    }
}

fn offboard(repo: &Repo, args: &[&str]) -> common::Run {
    let mut all = vec!["offboard"];
    all.extend_from_slice(args);
    all.extend_from_slice(&AS_OF);
    repo.lc(&all)
}

/// Every file under contracts/, as text.
fn contracts(repo: &Repo) -> Vec<(String, String)> {
    let out = repo.git_cmd(&["ls-files", "contracts"]);
    out.lines()
        .map(|rel| {
            let text = std::fs::read_to_string(repo.path().join(rel)).unwrap();
            (rel.to_string(), text)
        })
        .collect()
}

fn pseudonym(stdout: &str) -> String {
    let start = stdout.find("`Leaver ").expect("the pseudonym is said") + 1;
    let end = start + stdout[start..].find('`').unwrap();
    stdout[start..end].to_string()
}

#[test]
fn a_leaver_pseudonymised_changes_only_their_lines() {
    let repo = acme();
    let errors_before = repo
        .lc(&["check", "--format", "json", "--as-of", "2026-09-30"])
        .json()["summary"]["errors"]
        .clone();
    let learners_before = repo
        .lc(&[
            "report",
            "--aggregate",
            "--format",
            "json",
            "--as-of",
            "2026-09-30",
        ])
        .json()["learners"]
        .clone();
    let run = offboard(
        &repo,
        &[EMAIL, "--cancel", "--pseudonymise", "--on", "2026-09-29"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pseudonym = pseudonym(&run.stdout);
    let (name, email) = pseudonym.split_once(" <").unwrap();
    let email = email.trim_end_matches('>');
    assert!(
        name.starts_with("Leaver ") && name.len() == "Leaver ".len() + 6,
        "{pseudonym}"
    );
    assert!(
        email.starts_with("leaver-") && email.ends_with("@invalid"),
        "{pseudonym}"
    );
    assert!(
        run.stdout.contains("2026-zoe-angstrom: cancelled"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("2026-aisling-o-brien: partner (mentor)"),
        "{}",
        run.stdout
    );
    // git diff: each removed line held her name or email or was the status line; each added
    // line holds the pseudonym, or is the status, its day or the notes line the command says it
    // changes.
    let diff = repo.git_cmd(&["diff", "--cached", "-U0"]);
    let mut removed = 0;
    for line in diff
        .lines()
        .filter(|l| !l.starts_with("---") && !l.starts_with("+++"))
    {
        if let Some(old) = line.strip_prefix('-') {
            removed += 1;
            assert!(
                old.contains(NAME) || old.contains(EMAIL) || old.starts_with("status: active"),
                "a line not hers changed: {old}"
            );
        } else if let Some(new) = line.strip_prefix('+') {
            assert!(
                new.contains(name)
                    || new == "status: cancelled"
                    || new == "cancelled_on: 2026-09-29"
                    || new == "notes: \"Cancelled on 2026-09-29: the learner left\"",
                "an added line not hers: {new}"
            );
        }
    }
    assert!(removed >= 6, "{diff}");
    for (rel, text) in contracts(&repo) {
        assert!(
            !text.contains(NAME) && !text.contains(EMAIL),
            "{rel} still names her"
        );
    }
    // Figures stay countable, and the files no less valid.
    let after = repo
        .lc(&["check", "--format", "json", "--as-of", "2026-09-30"])
        .json();
    assert_eq!(after["summary"]["errors"], errors_before);
    let learners = repo
        .lc(&[
            "report",
            "--aggregate",
            "--format",
            "json",
            "--as-of",
            "2026-09-30",
        ])
        .json()["learners"]
        .clone();
    assert_eq!(learners, learners_before);
    // Lines that mention her by first name are listed, to edit by hand.
    assert!(
        run.stdout
            .contains("contracts/2026/2026-zoe-angstrom.yaml:"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_pseudonym_is_stable_across_runs_and_names() {
    let a = acme();
    let b = acme();
    let by_email = offboard(&a, &[EMAIL, "--pseudonymise"]);
    let by_name = offboard(&b, &[NAME, "--pseudonymise"]);
    assert_eq!(by_email.code, 0, "{}", by_email.stderr);
    assert_eq!(pseudonym(&by_email.stdout), pseudonym(&by_name.stdout));
    assert_eq!(contracts(&a), contracts(&b));
}

#[test]
fn close_closes_agreed_and_active_contracts_and_cancels_drafts() {
    let repo = common::valid_repo();
    let draft = common::edit(common::EXPERIENCE, "status: active", "status: draft");
    repo.file(
        "contracts/2026/2026-03-10-jane-doe-claims-workshop.yaml",
        draft,
    );
    let run = repo.lc(&[
        "offboard",
        "jane@example.org",
        "--close",
        "--as-of",
        "2026-03-01",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let strategic =
        std::fs::read_to_string(repo.path().join("contracts/2026/2026-jane-doe.yaml")).unwrap();
    assert!(strategic.contains("status: closed\n"), "{strategic}");
    let experience = std::fs::read_to_string(
        repo.path()
            .join("contracts/2026/2026-03-10-jane-doe-claims-workshop.yaml"),
    )
    .unwrap();
    assert!(experience.contains("status: cancelled\n"), "{experience}");
    assert!(
        strategic.contains("Jane Doe"),
        "no --pseudonymise, no renaming"
    );
}

#[test]
fn without_flags_it_lists_and_changes_nothing() {
    let repo = acme();
    let before = contracts(&repo);
    let run = offboard(&repo, &["Maria Keller"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(contracts(&repo), before);
    assert!(
        run.stdout.contains("2026-zoe-angstrom: manager"),
        "{}",
        run.stdout
    );
    let run = offboard(&repo, &[NAME]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(contracts(&repo), before);
    let open = "their contracts still open (--close or --cancel acts on them):\n  \
                2026-03-10-zoe-angstrom-claims-accuracy-workshop (active)\n  2026-zoe-angstrom (active)";
    assert!(run.stdout.contains(open), "{}", run.stdout);
}

#[test]
fn an_unknown_person_is_a_usage_error() {
    let repo = acme();
    let before = contracts(&repo);
    let run = offboard(&repo, &["Nobody Here", "--cancel", "--pseudonymise"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no contract names `Nobody Here`"),
        "{}",
        run.stderr
    );
    assert_eq!(contracts(&repo), before);
}

#[test]
fn a_file_naming_them_that_cannot_be_edited_stops_every_change() {
    let repo = acme();
    repo.file(
        "contracts/2026/broken.yaml",
        format!("lc: 1\nkind: strategic\nlearner: [{NAME} <{EMAIL}>\n"),
    );
    let before = contracts(&repo);
    let run = offboard(&repo, &[EMAIL, "--cancel", "--pseudonymise"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("broken.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(contracts(&repo), before);
}

#[test]
fn a_name_shared_by_two_people_is_refused_until_the_email_is_given() {
    let repo = common::valid_repo();
    let other = common::edit(
        common::STRATEGIC,
        "id: 2026-jane-doe",
        "id: 2026-jane-doe-2",
    );
    let other = common::edit(&other, "jane@example.org", "jane.d@example.org");
    repo.file("contracts/2026/2026-jane-doe-2.yaml", other);
    let run = repo.lc(&[
        "offboard",
        "Jane Doe",
        "--pseudonymise",
        "--as-of",
        "2026-03-01",
    ]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("jane.d@example.org, jane@example.org"),
        "{}",
        run.stderr
    );
    let run = repo.lc(&[
        "offboard",
        "jane.d@example.org",
        "--pseudonymise",
        "--as-of",
        "2026-03-01",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn lines_still_mentioning_them_are_listed_even_in_files_not_changed() {
    let repo = acme();
    let rel = "contracts/2026/2026-ben-carter.yaml";
    let text = std::fs::read_to_string(repo.path().join(rel)).unwrap();
    let lines = text.lines().count();
    repo.file(rel, format!("{text}# ask Zoë about the checklist\n"));
    let run = offboard(&repo, &[EMAIL, "--pseudonymise"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!("  {rel}:{}\n", lines + 1)),
        "{}",
        run.stdout
    );
}

#[test]
fn given_an_email_only_that_person_is_offboarded_whoever_shares_their_name() {
    let repo = Repo::git();
    let theirs = common::edit(
        common::STRATEGIC,
        "id: 2026-jane-doe",
        "id: 2026-jane-doe-2",
    );
    let theirs = common::edit(&theirs, "jane@example.org", "jane.d@example.org");
    let theirs = common::edit(
        &theirs,
        "team: Claims\n",
        "team: Claims\nnotes: Jane Doe moves to Motor; ask jane.d@example.org first\n",
    );
    let other = "contracts/2026/2026-jane-doe.yaml";
    let leaver = "contracts/2026/2026-jane-doe-2.yaml";
    repo.file(other, common::STRATEGIC)
        .file(leaver, &theirs)
        .commit("two people called Jane Doe");
    let run = repo.lc(&[
        "offboard",
        "jane.d@example.org",
        "--cancel",
        "--pseudonymise",
        "--as-of",
        "2026-03-01",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        repo.read(other),
        common::STRATEGIC,
        "the other Jane Doe is untouched"
    );
    let text = repo.read(leaver);
    let pseudonym = pseudonym(&run.stdout);
    assert!(text.contains(&format!("learner: {pseudonym}\n")), "{text}");
    assert!(text.contains("status: cancelled"), "{text}");
    assert!(!text.contains("jane.d@example.org"), "{text}");
    // The name alone is someone else's too: that text stays, and the output says why.
    assert!(
        text.contains("Jane Doe moves to Motor; ask leaver-"),
        "{text}"
    );
    assert!(
        run.stdout
            .contains("`Jane Doe` is also the name of someone else"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("2026-jane-doe-2: cancelled"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("2026-jane-doe: "), "{}", run.stdout);
    // Staged: only the leaver's file.
    assert_eq!(
        repo.git_cmd(&["diff", "--cached", "--name-only"]),
        format!("{leaver}\n")
    );
}
