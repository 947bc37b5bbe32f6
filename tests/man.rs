//! `lc man`: one page, or one page per command; every flag of every command, every page it
//! names shipped beside it, the same date on every run, and nothing for `mandoc -Tlint` to say.

mod common;

use std::path::Path;

use common::Repo;
use lc::commands::man::RELEASE_DATE;

fn mandoc_installed() -> bool {
    std::process::Command::new("sh")
        .args(["-c", "command -v mandoc"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// What `mandoc -Tlint` says about a page (all levels, style included); empty when clean.
#[track_caller]
fn lint(page: &Path) -> String {
    let output = std::process::Command::new("mandoc")
        .arg("-Tlint")
        .arg(page)
        .output()
        .expect("mandoc runs");
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

/// The pages a page refers to, `lc-check(1)` or `.BR lc (1)`, as file names.
fn references(page: &str) -> Vec<String> {
    let flat = page
        .replace("\\-", "-")
        .replace(".BR ", "")
        .replace(" (1)", "(1)");
    flat.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '(' || c == ')'))
        .filter_map(|word| word.strip_suffix("(1)"))
        .filter(|name| name.starts_with("lc"))
        .map(|name| format!("{name}.1"))
        .collect()
}

#[test]
fn one_page_holds_every_command_and_its_flags() {
    let repo = Repo::plain();
    let run = repo.lc(&["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = &run.stdout;
    assert!(
        page.contains(&format!(
            ".TH LC 1 {RELEASE_DATE} \"lc {}\"",
            env!("CARGO_PKG_VERSION")
        )),
        "{}",
        page.lines().take(4).collect::<Vec<_>>().join("\n")
    );
    for command in [
        "check",
        "report",
        "list",
        "new",
        "new strategic",
        "new experience",
        "init",
        "calendar",
        "completions",
        "man",
        "schema",
    ] {
        assert!(page.contains(&format!(".SS \"lc {command}\"")), "{command}");
    }
    let section = |name: &str| {
        let start = page.find(&format!(".SS \"lc {name}\"")).unwrap();
        let end = page[start + 4..]
            .find(".SS ")
            .map_or(page.len(), |e| start + 4 + e);
        page[start..end].to_string()
    };
    for flag in [
        "year", "start", "end", "learner", "manager", "team", "id", "output", "stdout",
    ] {
        assert!(
            section("new strategic").contains(&format!("\\fB\\-\\-{flag}\\fR")),
            "strategic --{flag}"
        );
    }
    for flag in ["title", "type", "start", "end", "strategic", "learner"] {
        assert!(
            section("new experience").contains(&format!("\\fB\\-\\-{flag}\\fR")),
            "experience --{flag}"
        );
    }
    assert!(page.contains("deny\\-warnings"));
    assert_eq!(
        references(page),
        Vec::<String>::new(),
        "one page names no other page"
    );
    assert!(page.is_ascii(), "non-ASCII as roff escapes");
    if mandoc_installed() {
        let file = repo.path().join("lc.1");
        std::fs::write(&file, page).unwrap();
        assert_eq!(lint(&file), "");
    }
}

#[test]
fn dir_writes_a_page_per_command_and_every_page_named_is_there() {
    let repo = Repo::plain();
    let run = repo.lc(&["man", "--dir", "man/man1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = repo.path().join("man/man1");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // A page for the main command and for every command the one page describes.
    let one_page = repo.lc(&["man"]).stdout;
    let mut expected: Vec<String> = one_page
        .lines()
        .filter_map(|l| l.strip_prefix(".SS \""))
        .map(|l| format!("{}.1", l.trim_end_matches('"').replace(' ', "-")))
        .chain(["lc.1".to_string()])
        .collect();
    expected.sort();
    assert_eq!(names, expected);
    for name in [
        "lc-calendar.1",
        "lc-check.1",
        "lc-completions.1",
        "lc-init.1",
        "lc-list.1",
        "lc-man.1",
        "lc-new-experience.1",
        "lc-new-strategic.1",
        "lc-new.1",
        "lc-report.1",
        "lc-schema.1",
    ] {
        assert!(names.contains(&name.to_string()), "{name}");
    }
    assert!(
        run.stderr
            .starts_with(&format!("wrote {} man pages: lc.1 ", names.len()))
            && !run.stderr.contains('/'),
        "{}",
        run.stderr
    );
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let main = read("lc.1");
    assert!(
        main.contains("lc\\-check(1)") || main.contains("lc-check(1)"),
        "{main}"
    );
    let mut named = Vec::new();
    for name in &names {
        let page = read(name);
        let title = name.trim_end_matches(".1").to_uppercase();
        assert!(
            page.contains(&format!(".TH {title} 1 {RELEASE_DATE} ")),
            "{name}"
        );
        named.extend(references(&page));
        if name != "lc.1" {
            assert!(page.contains(".SH \"SEE ALSO\"\n"), "{name}");
        }
        if mandoc_installed() {
            assert_eq!(lint(&dir.join(name)), "", "{name}");
        }
    }
    named.sort();
    named.dedup();
    assert!(named.len() >= 12, "{named:?}");
    for name in &named {
        assert!(names.contains(name), "{name} is named but not written");
    }
    let strategic = read("lc-new-strategic.1");
    for flag in ["year", "start", "end", "learner", "manager"] {
        assert!(
            strategic.contains(&format!("\\fB\\-\\-{flag}\\fR")),
            "--{flag}"
        );
    }
    assert!(read("lc-new-experience.1").contains("\\fB\\-\\-title\\fR"));
    assert!(read("lc-new.1").contains("lc\\-new\\-strategic(1)"));
}

#[test]
fn the_date_is_fixed_or_source_date_epoch() {
    let repo = Repo::plain();
    let first = repo.lc(&["man"]).stdout;
    assert_eq!(repo.lc(&["man"]).stdout, first, "the same bytes every run");
    let with_epoch = |value: &str| {
        let output = common::lc_command(repo.path())
            .arg("man")
            .env("SOURCE_DATE_EPOCH", value)
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    // 86399 is 23:59:59 on 1 January 1970 in UTC, already 2 January in Kiritimati (the tests' TZ).
    let (code, page, _) = with_epoch("86399");
    assert_eq!(code, Some(0));
    assert!(
        page.contains(".TH LC 1 1970-01-01 "),
        "UTC, not the local day"
    );
    let (code, page, stderr) = with_epoch("yesterday");
    assert_eq!((code, page.as_str()), (Some(2), ""));
    assert!(stderr.contains("SOURCE_DATE_EPOCH"), "{stderr}");
}
