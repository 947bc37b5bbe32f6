//! Privacy after offboarding: ids and file names made from a leaver's name are named plainly,
//! `--rename` moves them to pseudonymous ones (links in other contracts follow, git sees a
//! move), and no new contract is written from a leaver's.

mod common;

use std::path::Path;

use common::Repo;

const EMAIL: &str = "zoe.angstrom@acme.example";

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

/// Every file under contracts/ in the working tree, with its text.
fn contracts(repo: &Repo) -> Vec<(String, String)> {
    let out = repo.git_cmd(&["ls-files", "--cached", "--others", "contracts"]);
    out.lines()
        .filter(|rel| repo.path().join(rel).is_file())
        .map(|rel| (rel.to_string(), repo.read(rel)))
        .collect()
}

fn pseudonym_slug(stdout: &str) -> String {
    let at = stdout.find("`Leaver ").expect("the pseudonym is said") + "`Leaver ".len();
    format!("leaver-{}", &stdout[at..at + 6])
}

#[test]
fn pseudonymising_says_plainly_which_ids_and_file_names_still_hold_the_name() {
    let repo = acme();
    let run = repo.lc_at(
        "2026-09-30",
        &["offboard", EMAIL, "--cancel", "--pseudonymise"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "their own contracts still have ids or file names made from their name, shown in every review next to the pseudonym:\n  `2025-04-07-zoe-angstrom-motor-claims-reserving-course` (contracts/2025/2025-04-07-zoe-angstrom-motor-claims-reserving-course.yaml)\n  `2025-zoe-angstrom` (contracts/2025/2025-zoe-angstrom.yaml)\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  `2026-zoe-angstrom` (contracts/2026/2026-zoe-angstrom.yaml)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("the same command with --rename"),
        "{}",
        run.stdout
    );
}

#[test]
fn rename_moves_their_contracts_to_pseudonymous_ids_and_updates_the_links() {
    let repo = acme();
    let before = repo
        .lc_at("2026-09-30", &["check", "--format", "json"])
        .json();
    let run = repo.lc_at(
        "2026-09-30",
        &["offboard", EMAIL, "--cancel", "--pseudonymise", "--rename"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let slug = pseudonym_slug(&run.stdout);
    assert!(
        run.stdout.contains(&format!(
            "contracts/2026/2026-zoe-angstrom.yaml: moved to contracts/2026/2026-{slug}.yaml\n"
        )),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("still have ids"), "{}", run.stdout);
    // git sees moves, staged; the old files are gone.
    let status = repo.git_cmd(&["diff", "--cached", "-M", "--name-status"]);
    for (old, new) in [
        (
            "contracts/2026/2026-zoe-angstrom.yaml",
            format!("contracts/2026/2026-{slug}.yaml"),
        ),
        (
            "contracts/2025/2025-zoe-angstrom.yaml",
            format!("contracts/2025/2025-{slug}.yaml"),
        ),
        (
            "contracts/2026/2026-03-10-zoe-angstrom-claims-accuracy-workshop.yaml",
            format!("contracts/2026/2026-03-10-{slug}-claims-accuracy-workshop.yaml"),
        ),
    ] {
        assert!(
            status
                .lines()
                .any(|l| l.starts_with('R') && l.ends_with(&format!("\t{old}\t{new}"))),
            "{old} → {new}:\n{status}"
        );
        assert!(!repo.path().join(old).exists());
    }
    // No file says her name, email or the ids made from it, links included.
    for (rel, text) in contracts(&repo) {
        for word in ["zoe-angstrom", "Zoë Ångström", EMAIL] {
            assert!(!text.contains(word), "{rel} still has `{word}`");
        }
    }
    let strategic = repo.read(&format!("contracts/2026/2026-{slug}.yaml"));
    assert!(
        strategic.contains(&format!("\nid: 2026-{slug}\n")),
        "{strategic}"
    );
    assert!(
        strategic.contains(&format!(
            "experience: 2026-03-10-{slug}-claims-accuracy-workshop\n"
        )),
        "{strategic}"
    );
    let experience = repo.read(&format!(
        "contracts/2026/2026-03-10-{slug}-claims-accuracy-workshop.yaml"
    ));
    assert!(
        experience.contains(&format!("\nstrategic: 2026-{slug}\n")),
        "{experience}"
    );
    // The repo is as valid as before (no dangling link), and the review names no one.
    let after = repo
        .lc_at("2026-09-30", &["check", "--format", "json"])
        .json();
    assert_eq!(after["errors"], before["errors"], "{after}");
    let html = repo.lc_at("2026-09-30", &["report", "--format", "html"]);
    assert_eq!(html.code, 0, "{}", html.stderr);
    assert!(
        !html.stdout.contains("zoe-angstrom"),
        "the review still shows the old id"
    );
    let list = repo
        .lc_at("2026-09-30", &["list", "--format", "json"])
        .json();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&format!("2026-{slug}").as_str()), "{ids:?}");
}

#[test]
fn rename_needs_pseudonymise_and_a_new_id_that_is_taken_is_refused_whole() {
    let repo = acme();
    let run = repo.lc_at("2026-09-30", &["offboard", EMAIL, "--rename"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // Someone took the id she would get: nothing at all is written.
    let probe = acme();
    let slug = pseudonym_slug(
        &probe
            .lc_at("2026-09-30", &["offboard", EMAIL, "--pseudonymise"])
            .stdout,
    );
    let taken = common::edit(
        &repo.read("contracts/2026/2026-aisling-o-brien.yaml"),
        "id: 2026-aisling-o-brien",
        &format!("id: 2025-{slug}"),
    );
    repo.file("contracts/2026/2026-aisling-o-brien.yaml", &taken);
    repo.commit("a clash");
    let before = contracts(&repo);
    let run = repo.lc_at(
        "2026-09-30",
        &["offboard", EMAIL, "--cancel", "--pseudonymise", "--rename"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "`2025-zoe-angstrom` would become `2025-{slug}`, which another contract already has"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(contracts(&repo), before);
}

#[test]
fn no_new_contract_is_written_from_a_leavers() {
    let repo = acme();
    let run = repo.lc_at(
        "2026-09-30",
        &["offboard", EMAIL, "--close", "--pseudonymise", "--rename"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let slug = pseudonym_slug(&run.stdout);
    repo.commit("offboarded");
    let before = contracts(&repo);
    let run = repo.lc_at(
        "2026-12-01",
        &["new", "strategic", "--from", &format!("2026-{slug}")],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "--from `2026-{slug}` is the contract of someone who left"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("help:"), "{}", run.stderr);
    let run = repo.lc_at(
        "2026-12-01",
        &[
            "new",
            "experience",
            "--strategic",
            &format!("2026-{slug}"),
            "--title",
            "Rules refresher",
            "--type",
            "course",
            "--start",
            "2026-12-10",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(contracts(&repo), before, "nothing written");
}
