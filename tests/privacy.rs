//! Personal data: the aggregate review names no one and withholds small figures (property test
//! on generated repos), `--split` keeps each audience's review to its own contracts, and no
//! output names the machine that made it.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::Repo;
use proptest::prelude::*;
use serde_json::Value;

const FORMATS: [&str; 5] = ["table", "markdown", "csv", "json", "html"];
const TEAMS: [&str; 4] = ["Underwriting", "Claims", "Sales", "Finance"];
const STATUSES: [&str; 5] = ["draft", "agreed", "active", "closed", "cancelled"];

/// A person no output may name: a made-up name of syllables no figure or word contains.
fn person(kind: &str, i: usize) -> (String, String) {
    const SYL: [&str; 8] = ["zor", "vek", "qui", "lym", "dax", "pho", "wub", "jex"];
    let a = SYL[i % 8];
    let b = SYL[(i / 8) % 8];
    let name = format!("{kind}{a} {b}{a}x{i}");
    let email = format!("{kind}.{a}{b}{i}@corp.example");
    (name, email)
}

#[derive(Clone, Debug)]
struct Learner {
    team: usize,
    manager: usize,
    status: usize,
    done: [Option<bool>; 3],
    provided: bool,
    partner: bool,
}

fn learner() -> impl Strategy<Value = Learner> {
    (
        0..TEAMS.len(),
        0..4usize,
        0..STATUSES.len(),
        proptest::array::uniform3(proptest::option::of(any::<bool>())),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(team, manager, status, done, provided, partner)| Learner {
            team,
            manager,
            status,
            done,
            provided,
            partner,
        })
}

fn contract(i: usize, l: &Learner) -> String {
    let (name, email) = person("lea", i);
    let (manager, memail) = person("mgr", l.manager);
    let (partner, pemail) = person("par", i);
    let mut text = format!(
        "lc: 1\nkind: strategic\nid: 2026-p{i}\nstatus: {}\nlearner: {name} <{email}>\n\
         manager: {manager} <{memail}>\nteam: {}\n",
        STATUSES[l.status], TEAMS[l.team]
    );
    if l.partner {
        text += &format!("partners:\n  - {{who: {partner} <{pemail}>, role: mentor}}\n");
    }
    text += "period: {start: 2026-01-01, end: 2026-12-31}\n\
             agreed: {learner: 2026-01-10, manager: 2026-01-11}\n\
             goals:\n  - id: g1\n    text: Cut the error rate\n    metric: {name: errors, baseline: 4 %, target: 2 %}\n\
             objectives:\n  - id: o1\n    text: Learn the rules\n    serves: [g1]\n    methods:\n\
             \x20     - type: course\n        cost: 1200 EUR\n      - type: mentoring\n\
             \x20   application: Apply them\n    evidence: Fewer errors\n    due: 2026-06-30\n";
    let owner = if l.partner {
        format!("{partner} <{pemail}>")
    } else {
        "manager".to_string()
    };
    text += &format!(
        "supports:\n  - text: Time to practise\n    owner: {owner}\n    due: 2026-02-01\n"
    );
    if l.provided {
        text += "    status: provided\n    provided_on: 2026-01-20\n";
    }
    text += "follow_ups:\n";
    for (n, done) in l.done.iter().enumerate() {
        let due = ["2026-03-31", "2026-06-30", "2026-08-31"][n];
        text += &format!("  - due: {due}\n    owner: {manager} <{memail}>\n");
        match done {
            Some(true) => text += &format!("    done: {due}\n"),
            Some(false) => text += "    done: 2026-09-15\n",
            None => {}
        }
    }
    text
}

fn repo_of(learners: &[Learner], min_group: usize) -> (Repo, Vec<String>) {
    let repo = Repo::plain();
    repo.file("lc.toml", format!("[privacy]\nmin_group = {min_group}\n"));
    let mut people = Vec::new();
    for (i, l) in learners.iter().enumerate() {
        repo.file(&format!("contracts/2026/2026-p{i}.yaml"), contract(i, l));
        for kind in ["lea", "par"] {
            let (name, email) = person(kind, i);
            people.push(name);
            people.push(email);
        }
    }
    for m in 0..4 {
        let (name, email) = person("mgr", m);
        people.push(name);
        people.push(email);
    }
    (repo, people)
}

/// Every row and column of a table (with its totals) holds no withheld figure or at least
/// two: one alone would be its total less the rest.
fn not_derivable(table: &Value) -> Result<(), TestCaseError> {
    let mut grid: Vec<Vec<Value>> = Vec::new();
    for row in table["rows"].as_array().unwrap() {
        let mut line = row["cells"].as_array().unwrap().clone();
        line.push(row["total"].clone());
        grid.push(line);
    }
    let mut totals = table["totals"].as_array().unwrap().clone();
    totals.push(table["total"].clone());
    grid.push(totals);
    let withheld = |v: &Value| v.is_string();
    for (r, line) in grid.iter().enumerate() {
        let n = line.iter().filter(|v| withheld(v)).count();
        prop_assert_ne!(n, 1, "row {} of `{}` gives its cell away", r, table["id"]);
        if n == 0 {
            let (cells, total) = line.split_at(line.len() - 1);
            let sum: u64 = cells.iter().map(|v| v.as_u64().unwrap()).sum();
            prop_assert_eq!(sum, total[0].as_u64().unwrap());
        }
    }
    for c in 0..grid[0].len() {
        let n = grid.iter().filter(|line| withheld(&line[c])).count();
        prop_assert_ne!(
            n,
            1,
            "column {} of `{}` gives its cell away",
            c,
            table["id"]
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn aggregate_reviews_name_no_one_and_give_no_small_figure_away(
        learners in proptest::collection::vec(learner(), 1..40),
        min_group in 2..7usize,
    ) {
        let (repo, people) = repo_of(&learners, min_group);
        for format in FORMATS {
            let run = repo.lc(&["report", "--aggregate", "--as-of", "2026-09-30", "--format", format]);
            prop_assert_eq!(run.code, 0, "{}", run.stderr);
            let out = run.stdout.to_lowercase();
            for p in &people {
                prop_assert!(!out.contains(&p.to_lowercase()), "`{}` in the {} review", p, format);
            }
        }
        let json = repo.lc(&["report", "--aggregate", "--as-of", "2026-09-30", "--format", "json"]).json();
        prop_assert_eq!(json["min_group"].as_u64(), Some(min_group as u64));
        for table in json["tables"].as_array().unwrap() {
            not_derivable(table)?;
        }
        // One contract per learner: a shown figure of the contracts table counts no one, or at
        // least `min_group` people.
        let contracts = &json["tables"][0];
        prop_assert_eq!(&contracts["id"], "contracts");
        let mut expected: BTreeMap<(&str, &str), u64> = BTreeMap::new();
        for l in &learners {
            *expected.entry((TEAMS[l.team], STATUSES[l.status])).or_default() += 1;
        }
        for row in contracts["rows"].as_array().unwrap() {
            for (c, cell) in row["cells"].as_array().unwrap().iter().enumerate() {
                let key = (row["team"].as_str().unwrap(), STATUSES[c]);
                let truth = expected.get(&key).copied().unwrap_or(0);
                match cell.as_u64() {
                    Some(n) => {
                        prop_assert_eq!(n, truth);
                        prop_assert!(n == 0 || n >= min_group as u64, "{:?} shows {}", key, n);
                    }
                    None => prop_assert_eq!(cell.as_str().map(str::to_string), Some(format!("<{min_group}"))),
                }
            }
        }
    }
}

#[test]
fn the_aggregate_review_of_acme_names_no_one() {
    let acme = common::examples_dir().join("acme");
    let repo = Repo::plain();
    let mut people = Vec::new();
    for entry in walk(&acme.join("contracts")) {
        let text = std::fs::read_to_string(&entry).unwrap();
        for line in text.lines() {
            // `learner: Name <email>`, `who: …`, `owner: …`: every person string of the repo.
            if let Some((name, rest)) = line.split_once('<')
                && let Some(email) = rest.split('>').next()
            {
                let name = name.rsplit([':', '{']).next().unwrap().trim();
                people.push(name.to_string());
                people.push(email.to_string());
            }
        }
    }
    assert!(people.len() > 20, "{people:?}");
    for format in FORMATS {
        let run = repo.lc_in(
            &acme,
            &[
                "report",
                "--aggregate",
                "--as-of",
                "2026-09-30",
                "--format",
                format,
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        for p in &people {
            assert!(
                !run.stdout.contains(p.as_str()),
                "`{p}` in the {format} review"
            );
        }
        let withheld = if format == "html" { "&lt;5" } else { "<5" };
        assert!(run.stdout.contains(withheld), "{format}: nothing withheld?");
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn min_group_is_read_from_lc_toml_and_refused_when_not_a_number() {
    let repo = common::valid_repo();
    repo.file("lc.toml", "[privacy]\nmin_group = 1\n");
    let run = repo.lc(&[
        "report",
        "--aggregate",
        "--as-of",
        "2026-03-01",
        "--format",
        "json",
    ]);
    assert_eq!(run.json()["learners"], 1, "min_group 1 withholds nothing");
    repo.file("lc.toml", "[privacy]\nmin_group = \"five\"\n");
    let run = repo.lc(&["report", "--aggregate", "--as-of", "2026-03-01"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("privacy.min_group"), "{}", run.stderr);
}

/// Two managers with learners of their own, and a third with a learner named like markup.
fn split_repo() -> (Repo, Vec<(usize, Vec<String>)>) {
    let learners: Vec<Learner> = (0..9)
        .map(|i| Learner {
            team: i % 3,
            manager: i % 3,
            status: 2,
            done: [Some(true), None, Some(false)],
            provided: i % 2 == 0,
            partner: true,
        })
        .collect();
    let (repo, _) = repo_of(&learners, 5);
    let mut by_manager: Vec<(usize, Vec<String>)> = Vec::new();
    for m in 0..3 {
        let mut own = Vec::new();
        for (i, _) in learners.iter().enumerate().filter(|(_, l)| l.manager == m) {
            for kind in ["lea", "par"] {
                let (name, email) = person(kind, i);
                own.push(name);
                own.push(email);
            }
        }
        let (name, email) = person("mgr", m);
        own.push(name);
        own.push(email);
        by_manager.push((m, own));
    }
    (repo, by_manager)
}

#[test]
fn split_by_manager_keeps_each_review_to_its_own_people() {
    let (repo, by_manager) = split_repo();
    for format in FORMATS {
        let out = repo.path().join(format!("out-{format}"));
        let run = repo.lc(&[
            "report",
            "--split",
            "manager",
            "--out",
            out.to_str().unwrap(),
            "--as-of",
            "2026-09-30",
            "--format",
            format,
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let ext = match format {
            "table" => "txt",
            "markdown" => "md",
            other => other,
        };
        let index = std::fs::read_to_string(out.join(format!("index.{ext}"))).unwrap();
        for (m, own) in &by_manager {
            let (name, _) = person("mgr", *m);
            let file = format!("{}.{ext}", slug(&name));
            assert!(
                index.contains(&file),
                "{format}: the index does not name {file}"
            );
            let text = std::fs::read_to_string(out.join(&file))
                .unwrap_or_else(|e| panic!("{format}: {file}: {e}"));
            assert!(
                text.contains(&own[0]),
                "{format}: {file} lacks its own learner"
            );
            for (other, theirs) in &by_manager {
                if other == m {
                    continue;
                }
                for p in theirs {
                    assert!(!text.contains(p.as_str()), "{format}: `{p}` in {file}");
                }
            }
        }
        let files = std::fs::read_dir(&out).unwrap().count();
        assert_eq!(files, 4, "{format}: three reviews and the index");
    }
}

fn slug(name: &str) -> String {
    name.to_lowercase().replace(' ', "-")
}

#[test]
fn split_html_is_a_site_that_works_from_the_file_system() {
    let (repo, _) = split_repo();
    let run = repo.lc(&[
        "report",
        "--split",
        "team",
        "--out",
        "site",
        "--as-of",
        "2026-09-30",
        "--format",
        "html",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = repo.path().join("site");
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    let hrefs: Vec<&str> = index
        .split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    assert_eq!(hrefs, ["claims.html", "sales.html", "underwriting.html"]);
    for href in hrefs {
        assert!(site.join(href).is_file(), "{href}");
        let page = std::fs::read_to_string(site.join(href)).unwrap();
        assert!(
            !page.contains("src=\"http") && !page.contains("href=\"http"),
            "{href}"
        );
    }
    assert!(!index.contains("<script"));
    assert!(index.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""));
}

#[test]
fn split_file_names_are_slugs_even_for_hostile_names() {
    let repo = common::valid_repo();
    let text =
        std::fs::read_to_string(repo.path().join("contracts/2026/2026-jane-doe.yaml")).unwrap();
    let text = common::edit(&text, "Sam Lee", "../../Évil & 'Co' \"x\"");
    let text = common::edit(&text, "team: Claims", "team: \"../x/..\"");
    repo.file("contracts/2026/2026-jane-doe.yaml", text);
    repo.file(
        "contracts/2026/2026-03-10-jane-doe-claims-workshop.yaml",
        common::edit(common::EXPERIENCE, "Sam Lee <sam", "Other <other"),
    );
    // Each split into a directory of its own: a second split into the same one replaces the
    // first, index and pages.
    let mut names: Vec<String> = Vec::new();
    for by in ["manager", "team"] {
        let out = format!("split-{by}");
        let run = repo.lc(&[
            "report",
            "--split",
            by,
            "--out",
            &out,
            "--as-of",
            "2026-03-01",
            "--format",
            "html",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        names.extend(
            std::fs::read_dir(repo.path().join(&out))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned()),
        );
    }
    names.sort();
    for name in &names {
        assert!(
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.'),
            "{name}"
        );
    }
    assert!(names.contains(&"evil-co-x.html".to_string()), "{names:?}");
    assert!(names.contains(&"x.html".to_string()), "{names:?}");
    let run = repo.lc(&[
        "report",
        "--split",
        "manager",
        "--out",
        "out",
        "--as-of",
        "2026-03-01",
        "--format",
        "html",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = std::fs::read_to_string(repo.path().join("out/index.html")).unwrap();
    assert!(
        index.contains("Évil &amp; &#x27;Co&#x27; &quot;x&quot;"),
        "{index}"
    );
    assert!(
        !repo.path().join("x").exists() && !repo.path().parent().unwrap().join("x.html").exists()
    );
}

/// Whether `word` occurs in `text` with no letter or digit either side.
fn has_word(text: &str, word: &str) -> bool {
    let lower = text.to_lowercase();
    let word = word.to_lowercase();
    lower.match_indices(&word).any(|(i, _)| {
        let before = lower[..i].chars().next_back();
        let after = lower[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn host_name() -> Option<String> {
    let from_file = std::fs::read_to_string("/etc/hostname").ok();
    let name = from_file.or_else(|| {
        std::process::Command::new("hostname")
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
    })?;
    Some(name.trim().to_string()).filter(|n| !n.is_empty())
}

fn user_name() -> Option<String> {
    std::process::Command::new("id")
        .arg("-un")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|n| !n.is_empty())
}

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    walk(dir)
        .into_iter()
        .filter(|p| !p.components().any(|c| c.as_os_str() == ".git"))
        .collect()
}

#[test]
fn no_output_names_the_machine_that_made_it() {
    let repo = Repo::git();
    let acme = common::examples_dir().join("acme");
    for file in walk(&acme) {
        let rel = file
            .strip_prefix(&acme)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        repo.file(&rel, std::fs::read(&file).unwrap());
    }
    repo.commit_at("acme", "2026-03-31T12:00:00+00:00");
    let as_of = ["--as-of", "2026-09-30"];
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for format in ["human", "json", "github", "sarif"] {
        runs.push(vec!["check", "--format", format]);
    }
    runs.push(vec!["check", "--diff"]);
    runs.push(vec!["check", "--fix"]);
    for format in FORMATS {
        runs.push(vec!["report", "--format", format]);
        runs.push(vec!["report", "--format", format, "--rev", "HEAD"]);
        runs.push(vec!["report", "--aggregate", "--format", format]);
    }
    let split_dirs: Vec<String> = FORMATS.iter().map(|f| format!("split-{f}")).collect();
    for (format, dir) in FORMATS.iter().zip(&split_dirs) {
        runs.push(vec![
            "report", "--split", "manager", "--out", dir, "--format", format,
        ]);
    }
    for format in ["table", "csv", "json"] {
        runs.push(vec!["list", "--format", format]);
    }
    for format in FORMATS {
        runs.push(vec![
            "trend",
            "--aggregate",
            "--from",
            "2026Q1",
            "--format",
            format,
        ]);
    }
    runs.push(vec!["calendar"]);
    runs.push(vec!["schema"]);
    runs.push(vec!["man"]);
    runs.push(vec!["man", "--dir", "man-pages"]);
    runs.push(vec!["completions", "bash"]);
    let new = [
        "new",
        "strategic",
        "--learner",
        "Ann Bo <ann@x.example>",
        "--manager",
        "Cy Do <cy@x.example>",
        "--team",
        "Claims",
    ];
    runs.push([&new[..], &["--stdout"]].concat());
    runs.push(new.to_vec());
    runs.push(vec!["init", "fresh"]);
    let absolute = repo.path().join("absolute");
    runs.push(vec!["init", absolute.to_str().unwrap()]);
    runs.push(vec![
        "provide",
        "2026-zoe-angstrom",
        "1",
        "--on",
        "2026-09-01",
    ]);
    runs.push(vec![
        "done",
        "2026-ben-carter",
        "follow-up",
        "1",
        "--commit",
    ]);
    let root = repo.path().to_str().unwrap().to_string();
    let canonical = repo.path().canonicalize().unwrap();
    let canonical = canonical.to_str().unwrap().to_string();
    let user = "zq-machine-user";
    let check = |what: &str, text: &str| {
        assert!(!text.contains(&root), "{what} holds the temp dir:\n{text}");
        assert!(
            !text.contains(&canonical),
            "{what} holds the temp dir:\n{text}"
        );
        assert!(!has_word(text, user), "{what} holds $USER:\n{text}");
        // `root` is also CSS's `:root`; the $USER set above covers what lc could read.
        if let Some(real) = user_name().filter(|u| u.len() > 2 && u != "root") {
            assert!(
                !has_word(text, &real),
                "{what} holds the user name `{real}`:\n{text}"
            );
        }
        if let Some(host) = host_name() {
            assert!(
                !has_word(text, &host),
                "{what} holds the host name `{host}`:\n{text}"
            );
        }
    };
    for args in &runs {
        let mut all = args.clone();
        all.extend_from_slice(&as_of);
        let output = common::lc_command(repo.path())
            .args(&all)
            .env("USER", user)
            .env("LOGNAME", user)
            .output()
            .unwrap();
        assert_ne!(output.status.code(), Some(101), "{args:?} panicked");
        check(
            &format!("{args:?}"),
            &String::from_utf8_lossy(&output.stdout),
        );
    }
    // Inside the HR repo a second one is refused, and the refusal names no path either.
    let here = repo.path().join("here");
    std::fs::create_dir_all(&here).unwrap();
    let inside = repo.lc_in(&here, &["init"]);
    assert_eq!(inside.code, 2, "{}", inside.stderr);
    check("lc init inside the HR repo", &inside.stderr);
    let elsewhere = Repo::plain();
    let init_here = elsewhere.lc(&["init"]);
    assert_eq!(init_here.code, 0, "{}", init_here.stderr);
    assert!(
        init_here
            .stdout
            .contains("HR repo in the current directory."),
        "{}",
        init_here.stdout
    );
    check("lc init in the current directory", &init_here.stdout);
    let own = elsewhere.path().canonicalize().unwrap();
    for text in [&init_here.stdout, &init_here.stderr] {
        assert!(!text.contains(elsewhere.path().to_str().unwrap()), "{text}");
        assert!(!text.contains(own.to_str().unwrap()), "{text}");
    }
    for file in files_under(elsewhere.path()) {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        check(&file.display().to_string(), &text);
        assert!(!text.contains(own.to_str().unwrap()), "{}", file.display());
    }
    let files = files_under(repo.path());
    assert!(files.len() > 40, "{}", files.len());
    for file in files {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        check(&file.display().to_string(), &text);
    }
}

#[test]
fn acme_split_by_manager_holds_only_each_managers_people() {
    let acme = common::examples_dir().join("acme");
    let repo = Repo::plain();
    let out = repo.path().join("reviews");
    let list = repo
        .lc_in(
            &acme,
            &["list", "--format", "json", "--as-of", "2026-09-30"],
        )
        .json();
    let rows = list.as_array().unwrap();
    let run = repo.lc_in(
        &acme,
        &[
            "report",
            "--split",
            "manager",
            "--out",
            out.to_str().unwrap(),
            "--format",
            "markdown",
            "--as-of",
            "2026-09-30",
            "--period",
            "all",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let managers: std::collections::BTreeSet<&str> = rows
        .iter()
        .map(|r| r["manager"].as_str().unwrap())
        .collect();
    assert_eq!(managers.len(), 4);
    for manager in managers {
        let file = out.join(format!("{}.md", slug(manager)));
        let review = std::fs::read_to_string(&file).unwrap();
        // Everything their own contracts say may be in their review; a learner or id of
        // another manager's contract that their own contracts never mention may not.
        let own: String = rows
            .iter()
            .filter(|r| r["manager"] == manager)
            .map(|r| std::fs::read_to_string(acme.join(r["file"].as_str().unwrap())).unwrap())
            .collect();
        // A contract handed over from this manager (issue 10) keeps its items due before the
        // handover in their review.
        let handed_over = |r: &&serde_json::Value| {
            std::fs::read_to_string(acme.join(r["file"].as_str().unwrap()))
                .unwrap()
                .contains(&format!("from: {manager}"))
        };
        for r in rows
            .iter()
            .filter(|r| r["manager"] != manager && !handed_over(r))
        {
            let learner = r["learner"].as_str().unwrap();
            let id = r["id"].as_str().unwrap();
            assert!(!review.contains(id), "{manager}'s review holds `{id}`");
            if !own.contains(learner) {
                assert!(
                    !review.contains(learner),
                    "{manager}'s review names {learner}"
                );
            }
        }
        let n = rows
            .iter()
            .filter(|r| r["manager"] == manager || handed_over(r))
            .count();
        assert!(
            review.contains(&format!("**contracts**: {n} (")),
            "{review}"
        );
    }
}

#[test]
fn aggregate_team_names_are_escaped_in_every_format() {
    let repo = common::valid_repo();
    let team = r#"team: "=HYPERLINK(1)|<b>*x*\e[31m""#;
    for (file, text) in [
        ("contracts/2026/2026-jane-doe.yaml", common::STRATEGIC),
        (
            "contracts/2026/2026-03-10-jane-doe-claims-workshop.yaml",
            common::EXPERIENCE,
        ),
    ] {
        let text = if text.contains("team: Claims") {
            common::edit(text, "team: Claims", team)
        } else {
            common::edit(
                text,
                "strategic: 2026-jane-doe",
                &format!("{team}\nstrategic: 2026-jane-doe"),
            )
        };
        repo.file(file, text);
    }
    let run = |format: &str| {
        let run = repo.lc(&[
            "report",
            "--aggregate",
            "--as-of",
            "2026-03-01",
            "--format",
            format,
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    let table = run("table");
    assert!(table.contains("=HYPERLINK(1)|<b>*x* [31m"), "{table}");
    assert!(
        !table.contains('\u{1b}'),
        "a terminal escape reached the table"
    );
    let markdown = run("markdown");
    assert!(
        markdown.contains(r"=HYPERLINK(1)\|\<b\>\*x\*"),
        "{markdown}"
    );
    let html = run("html");
    assert!(html.contains("=HYPERLINK(1)|&lt;b&gt;*x*"), "{html}");
    assert!(!html.contains("<b>"), "{html}");
    let csv = run("csv");
    assert!(csv.contains("\"'=HYPERLINK(1)|<b>*x*"), "{csv}");
    let json = run("json");
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        json["tables"][0]["rows"][0]["team"],
        "=HYPERLINK(1)|<b>*x*\u{1b}[31m"
    );
}

#[test]
fn trend_aggregate_names_no_one_and_gives_no_small_figure_away() {
    let (repo, people) = split_repo();
    repo.git_cmd(&["init", "-q", "-b", "main"]);
    repo.git_cmd(&["config", "user.name", "Test"]);
    repo.git_cmd(&["config", "user.email", "test@example.org"]);
    repo.commit_at("q1", "2026-03-31T12:00:00+00:00");
    repo.file(
        "contracts/2026/2026-p0.yaml",
        contract(
            0,
            &Learner {
                team: 0,
                manager: 0,
                status: 3,
                done: [Some(true); 3],
                provided: true,
                partner: false,
            },
        ),
    );
    repo.commit_at("q2", "2026-06-30T12:00:00+00:00");
    let args = [
        "trend",
        "--aggregate",
        "--from",
        "2026Q1",
        "--to",
        "2026Q2",
        "--as-of",
        "2026-09-30",
    ];
    for format in FORMATS {
        let run = repo.lc(&[&args[..], &["--format", format]].concat());
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        for (_, own) in &people {
            for p in own {
                assert!(
                    !run.stdout.contains(p.as_str()),
                    "`{p}` in the {format} trend"
                );
            }
        }
    }
    let json = repo.lc(&[&args[..], &["--format", "json"]].concat()).json();
    let quarters = json["quarters"].as_array().unwrap();
    assert_eq!(quarters.len(), 2);
    assert_eq!(quarters[1]["quarter"], "2026Q2");
    for q in quarters {
        for table in q["tables"].as_array().unwrap() {
            not_derivable(table).unwrap();
        }
    }
}
