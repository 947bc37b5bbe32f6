//! `lc check` as a user meets it: formats, exit codes, flags, git, and hostile input.

mod common;

use common::{EXPERIENCE, Repo, STRATEGIC, edit, lc_command, valid_repo};

const S: &str = "contracts/2026/2026-jane-doe.yaml";
const E: &str = "contracts/2026/2026-03-10-jane-doe-claims-workshop.yaml";

/// A repo with one error and one warning in the strategic contract.
fn repo_with_mistakes() -> Repo {
    let repo = valid_repo();
    let text = edit(
        STRATEGIC,
        "    evidence: Error rate under 2 % by the fourth quarter\n",
        "",
    );
    let text = edit(
        &text,
        "follow_ups:\n  - due: 2026-03-31\n  - due: 2026-06-30\n",
        "follow_ups:\n",
    );
    repo.file(S, edit(&text, "team: Claims", "teem: Claims"));
    repo
}

#[test]
fn human_format() {
    let run = repo_with_mistakes().lc(&["check", "--as-of", "2026-03-01"]);
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains('\x1b'), "no colour in a pipe");
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn json_format() {
    let run = repo_with_mistakes().check_json(&[]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn github_format_and_its_automatic_choice() {
    let repo = repo_with_mistakes();
    let run = repo.lc(&["check", "--as-of", "2026-03-01", "--format", "github"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stdout);
    let output = lc_command(repo.path())
        .args(["check", "--as-of", "2026-03-01"])
        .env("GITHUB_ACTIONS", "true")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), run.stdout);
}

#[test]
fn a_clean_repo_says_so() {
    let run = valid_repo().lc(&["check", "--as-of", "2026-03-01"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "0 errors, 0 warnings in 2 files\n");
}

#[test]
fn deny_warnings_turns_warnings_into_exit_1() {
    let repo = valid_repo();
    assert_eq!(repo.lc(&["check", "--as-of", "2026-05-01"]).code, 0);
    assert_eq!(
        repo.lc(&["check", "--as-of", "2026-05-01", "--deny-warnings"])
            .code,
        1
    );
}

#[test]
fn usage_and_environment_errors_exit_2() {
    let repo = valid_repo();
    let cases: &[&[&str]] = &[
        &["check", "--formt", "json"],
        &["check", "--as-of", "2026-02-30"],
        &["check", "--format", "xml"],
        &["check", "--repo", "/nonexistent/dir"],
        &["check", "contracts/missing.yaml"],
        &["check", "--changed"],
        &["frobnicate"],
    ];
    for args in cases {
        let run = repo.lc(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(!run.stderr.is_empty(), "{args:?} says why");
        assert!(run.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn a_bad_lc_toml_is_exit_2_naming_the_key() {
    let repo = valid_repo();
    repo.file("lc.toml", "[policy]\ndue_son_days = 3\n");
    let run = repo.lc(&["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`policy.due_son_days`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `policy.due_soon_days`?"),
        "{}",
        run.stderr
    );
    repo.file("lc.toml", "[policy]\noverdue = \"sometimes\"\n");
    let run = repo.lc(&["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`policy.overdue`"), "{}", run.stderr);
}

#[test]
fn lc_toml_moves_the_contracts_directory() {
    let repo = Repo::plain();
    repo.file("lc.toml", "contracts = \"hr/contracts\"\n");
    repo.file("hr/contracts/a.yaml", STRATEGIC);
    repo.file("contracts/ignored.yaml", "not: a contract");
    let run = repo.check_json(&[]);
    assert_eq!(run.json()["files"], 1);
    assert_eq!(run.diagnostics()[0].1, "hr/contracts/a.yaml");
}

#[test]
fn file_arguments_limit_the_report_not_the_rules() {
    let repo = valid_repo();
    repo.file("contracts/2026/zz-copy.yaml", STRATEGIC);
    let run = repo.check_json(&[S]);
    assert!(
        run.codes().is_empty(),
        "the first of two is fine: {}",
        run.stdout
    );
    assert_eq!(run.json()["files"], 1);
    let run = repo.check_json(&["contracts/2026/zz-copy.yaml"]);
    assert_eq!(run.codes(), ["duplicate-id"]);
    let run = repo.check_json(&["contracts"]);
    assert_eq!(run.json()["files"], 3);
}

#[test]
fn repo_is_found_from_a_subdirectory() {
    let repo = valid_repo();
    repo.file("lc.toml", "");
    let run = repo.lc_in(
        &repo.path().join("contracts/2026"),
        &["check", "--as-of", "2026-03-01"],
    );
    assert_eq!(run.stdout, "0 errors, 0 warnings in 2 files\n");
    let run = repo.lc_in(
        &repo.path().join("contracts/2026"),
        &[
            "check",
            "--as-of",
            "2026-03-01",
            "--format",
            "json",
            "2026-jane-doe.yaml",
        ],
    );
    assert_eq!(run.json()["files"], 1);
}

#[test]
fn the_git_root_is_the_repo_when_there_is_no_lc_toml() {
    let repo = Repo::git();
    repo.file(S, STRATEGIC)
        .file(E, EXPERIENCE)
        .commit("contracts");
    let run = repo.lc_in(
        &repo.path().join("contracts"),
        &["check", "--as-of", "2026-03-01"],
    );
    assert_eq!(run.stdout, "0 errors, 0 warnings in 2 files\n");
}

#[test]
fn changed_reports_only_files_changed_against_the_base() {
    let repo = Repo::git();
    let broken = edit(STRATEGIC, "team: Claims", "teem: Claims");
    repo.file(S, &broken).file(E, EXPERIENCE).commit("first");
    let base = repo.git_cmd(&["rev-parse", "HEAD"]);
    assert!(
        repo.check_json(&["--changed"]).codes().is_empty(),
        "nothing changed since HEAD"
    );
    let late_experience = edit(EXPERIENCE, "  - due: 2026-04-01", "  - due: 2026-05-01");
    repo.file(E, &late_experience).commit("second");
    let run = repo.check_json(&[&format!("--changed={}", base.trim())]);
    assert_eq!(
        run.codes(),
        ["missing-follow-up"],
        "only the changed file: {}",
        run.stdout
    );
    repo.file(
        "contracts/new.yaml",
        EXPERIENCE.replace("claims-workshop", "other"),
    );
    let run = repo.check_json(&["--changed"]);
    let files: Vec<_> = run.diagnostics().into_iter().map(|d| d.1).collect();
    assert!(files.iter().all(|f| f == "contracts/new.yaml"), "{files:?}");
    assert!(!files.is_empty());
    let run = repo.lc(&["check", "--changed=no-such-rev"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no-such-rev"), "{}", run.stderr);
}

#[test]
fn bom_and_crlf_are_accepted_and_lines_still_right() {
    let repo = valid_repo();
    let text = edit(STRATEGIC, "team: Claims", "teem: Claims").replace('\n', "\r\n");
    repo.file(S, format!("\u{feff}{text}"));
    let run = repo.check_json(&[]);
    assert_eq!(
        run.diagnostics(),
        [("unknown-field".to_string(), S.to_string(), 7)]
    );
    assert_eq!(run.only("unknown-field")["column"], 1);
}

#[test]
fn columns_count_characters_not_bytes() {
    let repo = valid_repo();
    repo.file(
        S,
        edit(
            STRATEGIC,
            "team: Claims",
            "team: Zoë's Ångström team\nnotes: {bad: x}",
        ),
    );
    let run = repo.check_json(&[]);
    let d = run.only("invalid-value");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(8), Some(8))
    );
}

#[test]
fn the_demo_repo_gives_warnings_and_no_errors() {
    let repo = Repo::plain();
    let run = repo.lc(&[
        "check",
        "--repo",
        &common::examples_dir().join("acme").to_string_lossy(),
        "--as-of",
        "2026-09-30",
        "--format",
        "json",
    ]);
    let json = run.json();
    assert_eq!(json["errors"], 0, "{}", run.stdout);
    assert!(json["warnings"].as_u64().unwrap() > 0);
    assert!(json["contracts"].as_u64().unwrap() >= 12);
    assert_eq!(run.code, 0);
}

/// The fenced block after `marker` in the README.
fn readme_block(marker: &str) -> String {
    let readme = include_str!("../README.md");
    let start = readme.find(marker).expect("the block's marker");
    readme[start + marker.len()..]
        .split("```")
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn the_readme_examples_are_valid() {
    let repo = Repo::plain();
    repo.file("lc.toml", readme_block("```toml\n"));
    repo.file(
        "contracts/2026/2026-jane-doe.yaml",
        format!("lc: 1\n{}", readme_block("```yaml\nlc: 1\n")),
    );
    let run = repo.lc(&["check", "--as-of", "2026-04-01", "--format", "json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.codes().is_empty(), "{}", run.stdout);
}

/// Runs `lc ARGS` under a pseudo-terminal (util-linux `script`), returning what it printed.
#[cfg(unix)]
fn on_a_terminal(repo: &Repo, args: &str, no_color: bool) -> String {
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_lc"));
    let mut script = std::process::Command::new("script");
    script
        .args(["-qec", &command, "/dev/null"])
        .current_dir(repo.path())
        .env_remove("GITHUB_ACTIONS");
    if no_color {
        script.env("NO_COLOR", "1");
    } else {
        script.env_remove("NO_COLOR");
    }
    let output = script
        .output()
        .expect("util-linux `script` runs (.ci/run installs it)");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[cfg(unix)]
#[test]
fn colour_on_a_terminal_only_and_never_with_no_color() {
    let repo = repo_with_mistakes();
    let coloured = on_a_terminal(&repo, "check --as-of 2026-03-01", false);
    assert!(coloured.contains("\x1b["), "{coloured}");
    let plain = on_a_terminal(&repo, "check --as-of 2026-03-01", true);
    assert!(
        !plain.contains("\x1b[") && plain.contains("error[unknown-field]"),
        "{plain}"
    );
    let json = on_a_terminal(&repo, "check --as-of 2026-03-01 --format json", false);
    assert!(!json.contains("\x1b["), "{json}");
}

#[test]
fn an_empty_repo_says_where_it_looked() {
    let repo = Repo::plain();
    std::fs::create_dir(repo.path().join("contracts")).unwrap();
    let run = repo.lc(&["check"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "0 errors, 0 warnings in 0 files\n");
    assert!(run.stderr.contains("no contract files"), "{}", run.stderr);
}

#[test]
fn a_missing_contracts_directory_fails_rather_than_passing_silently() {
    let repo = Repo::plain();
    repo.file("lc.toml", "contracts = \"contract\"\n");
    repo.file("contracts/a.yaml", STRATEGIC);
    let run = repo.lc(&["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no contracts directory `contract/`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("lc init"), "{}", run.stderr);
}

#[test]
fn github_paths_are_from_the_top_of_the_work_tree() {
    let repo = Repo::git();
    repo.file("hr/lc.toml", "");
    repo.file(
        "hr/contracts/a.yaml",
        edit(STRATEGIC, "team: Claims", "teem: Claims"),
    );
    repo.commit("contracts");
    let run = repo.lc(&[
        "check",
        "--repo",
        "hr",
        "--format",
        "github",
        "--as-of",
        "2026-03-01",
    ]);
    assert!(
        run.stdout
            .starts_with("::error file=hr/contracts/a.yaml,line=7,col=1,"),
        "{}",
        run.stdout
    );
    let run = repo.lc(&[
        "check",
        "--repo",
        "hr",
        "--format",
        "json",
        "--as-of",
        "2026-03-01",
    ]);
    assert_eq!(
        run.diagnostics()[0].1,
        "contracts/a.yaml",
        "other formats stay relative to the HR repo"
    );
}
