//! Files a record command does not edit, and items it does not name, each refused with a true
//! message and what to do, the files left byte-identical: a link, a file with conflict markers,
//! a file over the size limit, a read-only file, an alias, a number written `+1` or `01`.

mod common;

use common::{EXPERIENCE, Repo, STRATEGIC, STRATEGIC_PATH, committed, edit};

const DONE: [&str; 7] = [
    "done",
    "2026-jane-doe",
    "follow-up",
    "1",
    "--on",
    "2026-02-20",
    "--commit",
];

/// Runs `args`, expecting exit `code` and every one of `says` on stderr, with the contracts
/// directory left as it was, file for file.
#[track_caller]
fn refused(repo: &Repo, args: &[&str], code: i32, says: &[&str]) -> String {
    let before = snapshot(repo);
    let run = repo.lc_at("2026-03-01", args);
    assert_eq!(run.code, code, "{}{}", run.stdout, run.stderr);
    for s in says {
        assert!(run.stderr.contains(s), "no `{s}` in:\n{}", run.stderr);
    }
    assert!(run.stderr.contains("help:"), "{}", run.stderr);
    assert_eq!(snapshot(repo), before, "a file changed");
    assert_eq!(repo.git_cmd(&["status", "--porcelain"]), "");
    run.stderr
}

/// Every file under `contracts/`, with its bytes (links as their target).
fn snapshot(repo: &Repo) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut dirs = vec![repo.path().join("contracts")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                dirs.push(path);
            } else if kind.is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                out.push((
                    path.display().to_string(),
                    target.display().to_string().into(),
                ));
            } else {
                out.push((path.display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_contract_that_is_a_link_is_refused_by_id_and_by_path_naming_lc_check() {
    let repo = Repo::git();
    repo.file("elsewhere/jane.yaml", STRATEGIC);
    std::fs::create_dir_all(repo.path().join("contracts/2026")).unwrap();
    std::os::unix::fs::symlink(
        "../../elsewhere/jane.yaml",
        repo.path().join(STRATEGIC_PATH),
    )
    .unwrap();
    repo.commit("a link");
    let says = [
        "`contracts/2026/2026-jane-doe.yaml` is a symbolic link",
        "lc check contracts/2026/2026-jane-doe.yaml",
    ];
    let stderr = refused(&repo, &DONE, 1, &says);
    assert!(!stderr.contains("there is no contract"), "{stderr}");
    let mut by_path = DONE;
    by_path[1] = STRATEGIC_PATH;
    let stderr = refused(&repo, &by_path, 1, &says);
    assert!(!stderr.contains("prefix"), "{stderr}");
}

#[test]
fn a_contract_with_conflict_markers_is_refused_at_its_line() {
    let text = edit(
        STRATEGIC,
        "team: Claims\n",
        "<<<<<<< HEAD\nteam: Claims\n=======\nteam: Motor claims\n>>>>>>> other\n",
    );
    let repo = committed(&text, EXPERIENCE);
    let line = common::line_of(&text, "<<<<<<<").to_string();
    refused(
        &repo,
        &DONE,
        1,
        &[
            "holds the conflict markers of an unfinished merge",
            &format!("(line {line})"),
            "finish the merge first",
            "lc check contracts/2026/2026-jane-doe.yaml",
        ],
    );
    // Away from its default path, it is found by the id its `id:` line writes.
    let repo = Repo::git();
    repo.file("contracts/2026/jane.yaml", &text)
        .commit("elsewhere");
    refused(&repo, &DONE, 1, &["conflict markers"]);
}

#[test]
fn a_contract_over_the_size_limit_is_refused_by_id_naming_the_limit() {
    let repo = committed(STRATEGIC, EXPERIENCE);
    repo.file("lc.toml", "[limits]\nmax_file_bytes = 500\n")
        .commit("a small limit");
    refused(
        &repo,
        &DONE,
        1,
        &[
            "is over the size limit of 500 bytes (`[limits] max_file_bytes`)",
            "lc check contracts/2026/2026-jane-doe.yaml",
        ],
    );
}

#[test]
fn a_read_only_contract_is_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let repo = committed(STRATEGIC, EXPERIENCE);
    let path = repo.path().join(STRATEGIC_PATH);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    refused(
        &repo,
        &DONE,
        1,
        &["is read-only, so lc does not change it", "chmod u+w"],
    );
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o444);
}

#[test]
fn an_item_written_as_an_alias_is_refused_with_the_truth_and_the_rest_is_editable() {
    let text = edit(
        STRATEGIC,
        "  - due: 2026-12-15\n",
        "  - &last\n    due: 2026-12-15\n  - *last\n",
    );
    let repo = committed(&text, EXPERIENCE);
    let check = repo.lc_at("2026-03-01", &["check", STRATEGIC_PATH]);
    assert_eq!(check.code, 0, "lc check passes it: {}", check.stdout);
    let line = common::line_of(&text, "- *last").to_string();
    let mut args = DONE;
    args[3] = "5";
    let stderr = refused(
        &repo,
        &args,
        1,
        &[
            &format!("item 5 of `follow_ups` is written as an alias at line {line}"),
            "does not edit through an alias",
            "write it out in full",
        ],
    );
    assert!(!stderr.contains("not valid YAML"), "{stderr}");
    let run = repo.lc_at("2026-03-01", &DONE);
    assert_eq!(run.code, 0, "another item: {}", run.stderr);
}

#[test]
fn a_number_with_a_sign_or_a_leading_zero_names_no_item() {
    let repo = committed(STRATEGIC, EXPERIENCE);
    for number in ["+1", "01", "1.0"] {
        let mut args = DONE;
        args[3] = number;
        refused(
            &repo,
            &args,
            2,
            &[&format!(
                "`2026-jane-doe` has no follow-up `{number}`; its follow-ups are: #1"
            )],
        );
    }
    let mut args = DONE;
    args[0] = "provide";
    args[2] = "02";
    args[3] = "--on";
    args[4] = "2026-02-20";
    refused(&repo, &args[..5], 2, &["has no support `02`"]);
}
