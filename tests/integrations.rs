//! Where people work: SARIF for code scanning, calendars, shell completions, the man page,
//! pre-commit, and GitHub's limit on annotations.

mod common;

use common::{Repo, STRATEGIC, edit, valid_repo};
use icalendar::Component;
use serde_json::Value;

const S: &str = "contracts/2026/2026-jane-doe.yaml";

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let repo = Repo::git();
    repo.file("hr/lc.toml", "");
    repo.file(
        "hr/contracts/2026/2026-jane-doe.yaml",
        edit(STRATEGIC, "team: Claims", "teem: Claims"),
    );
    repo.file(
        "hr/contracts/2026/b.yaml",
        edit(STRATEGIC, "id: 2026-jane-doe", "id: b"),
    );
    repo.commit("contracts");
    let run = repo.lc(&[
        "check",
        "--repo",
        "hr",
        "--as-of",
        "2026-05-01",
        "--format",
        "sarif",
    ]);
    assert_eq!(
        run.code, 0,
        "exit 0 so that the upload step runs: {}",
        run.stderr
    );
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    let schema: Value = serde_json::from_str(include_str!("data/sarif-2.1.0.json")).unwrap();
    let validator = jsonschema::draft4::new(&schema).expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let run0 = &log["runs"][0];
    let results = run0["results"].as_array().unwrap();
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(results.len() >= 4);
    for result in results {
        let rule = &rules[result["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], result["ruleId"]);
        let location = &result["locations"][0]["physicalLocation"];
        assert!(
            location["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .starts_with("hr/contracts/"),
            "relative to the repository"
        );
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(location["region"]["startColumn"].as_u64().unwrap() >= 1);
    }
    let unknown = results
        .iter()
        .find(|r| r["ruleId"] == "unknown-field")
        .unwrap();
    assert_eq!(
        unknown["locations"][0]["physicalLocation"]["region"]["startLine"],
        7
    );
    let mut ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let count = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), count, "one rule entry per code used");
    for rule in rules {
        for field in ["shortDescription", "fullDescription", "help"] {
            assert!(
                !rule[field]["text"].as_str().unwrap().is_empty(),
                "{field} of {}",
                rule["id"]
            );
        }
    }
}

/// A minimal RFC 5545 reading: the to-dos, each as its properties.
fn todos(text: &str) -> Vec<Vec<(String, String)>> {
    let calendar: icalendar::Calendar = text.parse().expect("a calendar that parses back");
    calendar
        .components
        .iter()
        .filter_map(|c| c.as_todo())
        .map(|todo| {
            todo.properties()
                .iter()
                .map(|(k, v)| (k.clone(), v.value().to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn property<'a>(todo: &'a [(String, String)], key: &str) -> &'a str {
    todo.iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

#[test]
fn calendar_has_one_todo_per_open_item_and_stable_uids() {
    let repo = valid_repo();
    let run = repo.lc(&["calendar", "--as-of", "2026-03-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("BEGIN:VCALENDAR\r\n"), "CRLF lines");
    let all = todos(&run.stdout);
    // STRATEGIC: 4 open follow-ups and 1 needed support; EXPERIENCE: 3 follow-ups (the first and
    // the two transfer check-ins), 1 action, 1 support.
    assert_eq!(all.len(), 10, "{}", run.stdout);
    let mut uids: Vec<&str> = all.iter().map(|t| property(t, "UID")).collect();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), 10, "unique");
    assert!(uids.contains(&"2026-jane-doe/follow_ups/#0@lc"), "{uids:?}");
    assert_eq!(
        repo.lc(&["calendar", "--as-of", "2026-03-01"]).stdout,
        run.stdout,
        "the same every run"
    );
    let first = all
        .iter()
        .find(|t| property(t, "UID") == "2026-jane-doe/follow_ups/#0@lc")
        .unwrap();
    assert_eq!(property(first, "DUE"), "20260331");
    assert_eq!(property(first, "SUMMARY"), "Follow-up with Jane Doe");
    assert!(
        property(first, "DESCRIPTION").contains("2026-jane-doe")
            && property(first, "DESCRIPTION").contains(S)
    );
    let action = all
        .iter()
        .find(|t| property(t, "UID").contains("/application/~"))
        .unwrap();
    assert_eq!(
        property(action, "SUMMARY"),
        "Jane Doe: Share the checklist with the team"
    );
}

#[test]
fn calendar_filters_give_each_person_their_own_list() {
    let repo = valid_repo();
    let owned = |args: &[&str]| {
        let mut all = vec!["calendar", "--as-of", "2026-03-01"];
        all.extend_from_slice(args);
        let run = repo.lc(&all);
        let mut uids: Vec<String> = todos(&run.stdout)
            .iter()
            .map(|t| property(t, "UID").to_string())
            .collect();
        uids.sort();
        uids
    };
    let sam = owned(&["--owner", "sam@example.org"]);
    assert_eq!(
        sam.len(),
        8,
        "seven follow-ups and the experience's support: {sam:?}"
    );
    let jane = owned(&["--owner", "Jane Doe"]);
    assert_eq!(jane.len(), 1, "{jane:?}");
    assert!(jane[0].starts_with("2026-03-10-jane-doe-claims-workshop/application/~"));
    let ana = owned(&["--owner", "Ana Ruiz"]);
    assert_eq!(
        ana,
        ["2026-jane-doe/supports/s2@lc"],
        "a role owner resolves to its partner"
    );
    assert_eq!(owned(&["--manager", "Sam Lee"]).len(), 10);
    // A team nobody is in is a mistake to say, not an empty calendar.
    let sales = repo.lc(&["calendar", "--as-of", "2026-03-01", "--team", "Sales"]);
    assert_eq!(sales.code, 2);
    assert!(sales.stdout.is_empty() && sales.stderr.contains("no contract matches --team"));
    let draft = valid_repo();
    draft.file(S, edit(STRATEGIC, "status: active", "status: draft"));
    assert_eq!(
        todos(&draft.lc(&["calendar", "--as-of", "2026-03-01"]).stdout).len(),
        5,
        "drafts have no to-dos: the experience's three follow-ups, action and support"
    );
}

#[test]
fn completions_for_every_shell_and_they_load_in_bash() {
    let repo = Repo::plain();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = repo.lc(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}");
        assert!(
            run.stdout.contains("report") && run.stdout.contains("--as-of"),
            "{shell}"
        );
    }
    let script = repo.lc(&["completions", "bash"]).stdout;
    repo.file("lc.bash", &script);
    let output = std::process::Command::new("bash")
        .args(["-c", "source ./lc.bash && complete -p lc"])
        .current_dir(repo.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(
        shown.contains("-F _lc") && shown.trim_end().ends_with(" lc"),
        "{shown}"
    );
    assert_eq!(repo.lc(&["completions", "tcsh"]).code, 2);
}

#[test]
fn the_man_page_covers_every_command() {
    let run = Repo::plain().lc(&["man"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with(".ie") || run.stdout.starts_with(".TH"),
        "roff"
    );
    assert!(run.stdout.contains(".TH LC 1"));
    for command in [
        "check",
        "report",
        "list",
        "new",
        "init",
        "schema",
        "calendar",
        "completions",
    ] {
        assert!(
            run.stdout.contains(&format!(".SS \"lc {command}\"")),
            "{command}"
        );
    }
    assert!(run.stdout.contains("deny\\-warnings"));
}

#[test]
fn the_pre_commit_hook_runs_lc_check() {
    let text = include_str!("../.pre-commit-hooks.yaml");
    let parsed = lc::text::yaml::parse(text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let root = parsed.root.unwrap();
    let lc::text::yaml::Value::Seq(hooks) = &root.value else {
        panic!("a list of hooks")
    };
    let hook = &hooks[0];
    let get = |key: &str| hook.get(key).unwrap().as_scalar().unwrap().text.clone();
    assert_eq!(get("id"), "lc-check");
    assert_eq!(get("entry"), "lc check");
    assert_eq!(get("language"), "rust");
    assert_eq!(get("pass_filenames"), "false");
    let readme = include_str!("../README.md");
    assert!(
        readme.contains("id: lc-check"),
        "the README shows how to use it"
    );
}

#[test]
fn the_readme_ci_blocks_are_yaml_that_runs_lc_check() {
    let readme = include_str!("../README.md");
    let section = &readme[readme.find("## Use in CI").unwrap()..readme.find("## More").unwrap()];
    let blocks: Vec<&str> = section
        .split("```yaml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .collect();
    assert_eq!(
        blocks.len(),
        4,
        "GitHub annotations, SARIF upload, GitLab CI, pre-commit"
    );
    for block in &blocks {
        let parsed = lc::text::yaml::parse(block);
        assert!(parsed.errors.is_empty(), "{block}: {:?}", parsed.errors);
        assert!(block.contains("lc check"), "{block}");
    }
    assert!(blocks[1].contains("--format sarif") && blocks[1].contains("upload-sarif"));
    let workflow = {
        let repo = Repo::plain();
        repo.lc(&["init"]);
        std::fs::read_to_string(repo.path().join(".github/workflows/learning-contracts.yml"))
            .unwrap()
    };
    for line in blocks[0].lines().filter(|l| l.contains("run:")) {
        let command = line.split("run:").nth(1).unwrap().trim();
        assert!(
            workflow.contains(command),
            "`lc init`'s workflow runs `{command}` as the README says"
        );
    }
}

#[test]
fn github_shows_ten_annotations_of_each_kind_and_says_where_the_rest_are() {
    let repo = Repo::plain();
    for i in 0..13 {
        repo.file(
            &format!("contracts/c{i:02}.yaml"),
            edit(STRATEGIC, "id: 2026-jane-doe", &format!("id: c{i}"))
                .replace("team: Claims", "teem: Claims"),
        );
    }
    let run = repo.lc(&["check", "--as-of", "2026-05-01", "--format", "github"]);
    let errors = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error "))
        .count();
    let warnings = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("::warning "))
        .count();
    assert_eq!((errors, warnings), (10, 10), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("GitHub shows 10 annotations of each kind; the other"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "error: contracts/c12.yaml:7:1: unknown field `teem` in contract [unknown-field]"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.trim_end().ends_with("in 13 files"),
        "the summary line last"
    );
}
