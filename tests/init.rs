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
    for key in lc::policy::KEYS {
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
        lc::policy::Settings::from_toml(&uncommented).unwrap(),
        lc::policy::Settings::default()
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
    let parsed = lc::yaml::parse(&text);
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
    let lc::yaml::Value::Seq(steps) = &steps.value else {
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
