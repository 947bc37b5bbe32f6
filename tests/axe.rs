//! The HTML review and the trend page pass axe-core (WCAG 2.1 A and AA, contrast included) in
//! headless Chromium, with their charts, and print on A4 (Learning after training within its
//! width); so does the aggregate review. Needs chromium and node (with npm to fetch axe-core and
//! puppeteer-core once): skipped, with a note, where they are missing.

mod common;

use std::path::Path;
use std::process::Command;

use common::Repo;

fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The demo repo given a short history: half its files in May, the rest in September.
fn acme_with_history() -> Repo {
    let repo = Repo::git();
    let acme = common::examples_dir().join("acme");
    repo.file("lc.toml", std::fs::read(acme.join("lc.toml")).unwrap());
    let mut files = Vec::new();
    walk(&acme.join("contracts"), &mut files);
    files.sort();
    for (i, path) in files.iter().enumerate() {
        let rel = path
            .strip_prefix(&acme)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        repo.file(&rel, std::fs::read(path).unwrap());
        if i == files.len() / 2 {
            repo.commit_at("the first half", "2026-05-04T09:00:00+02:00");
        }
    }
    repo.commit_at("the rest", "2026-09-14T09:00:00+02:00");
    repo
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn review_and_trend_pages_pass_axe() {
    if !(have("chromium") || have("chromium-browser")) || !have("node") || !have("npm") {
        eprintln!("note: skipped: axe-core needs chromium, node and npm (.ci/run installs them)");
        return;
    }
    let repo = acme_with_history();
    let out = tempfile::tempdir().unwrap();
    let pages = [
        ("report.html", vec!["report", "--as-of", "2026-09-30"]),
        ("report-quarter.html", vec!["report", "--quarter", "2026Q3"]),
        (
            "trend.html",
            vec!["trend", "--from", "2026Q2", "--to", "2026Q3"],
        ),
        (
            "aggregate.html",
            vec!["report", "--as-of", "2026-09-30", "--aggregate"],
        ),
    ];
    let mut paths = Vec::new();
    for (name, args) in &pages {
        let mut args = args.clone();
        args.extend(["--format", "html"]);
        let run = repo.lc(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let path = out.path().join(name);
        std::fs::write(&path, &run.stdout).unwrap();
        paths.push(path);
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/axe.sh");
    let output = Command::new("bash")
        .arg(script)
        .args(&paths)
        .env("OUT", out.path())
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    for (name, _) in &pages {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no line for {name}:\n{stdout}"));
        assert!(line.contains(", 0 violated,"), "{line}");
        // The aggregate review is tables only.
        assert_eq!(
            line.contains("; 0 charts;"),
            *name == "aggregate.html",
            "{line}"
        );
        assert!(line.contains("A4 pages in print"), "{line}");
        // Learning after training fits the width of an A4 page in print.
        assert!(line.contains("wider than A4 in print: "), "{line}");
        assert!(!line.contains("learning-after-training"), "{line}");
    }
    let review = std::fs::read_to_string(&paths[0]).unwrap();
    assert!(review.contains("<section id=\"learning-after-training\">"));
    assert!(review.contains("Learning applied after training</title>"));
    println!("{stdout}");
}
