//! "Learning after training": every figure of the section, in the review and the aggregate,
//! against a count written again here from the rule, on the demo at three as-of dates
//! and on generated repos.
//!
//! The count reads the contracts into plain values of its own (`Exp`), from the YAML tree of the
//! demo's files or from what the generator wrote, and uses nothing of `lc`'s model or review.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate};
use common::{Repo, Run};
use lc::text::yaml::{Node, Value as Yaml};
use serde_json::{Value, json};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// An experience contract as this count sees it.
#[derive(Clone, Debug)]
struct Exp {
    id: String,
    status: String,
    learner: String,
    /// The learner's email, else name: one person.
    person: String,
    event_type: String,
    provider: Option<String>,
    title: String,
    start: NaiveDate,
    end: Option<NaiveDate>,
    /// Amount in cents and currency.
    cost: Option<(i64, String)>,
    agreed: [Option<NaiveDate>; 2],
    /// The `done` of each application action.
    actions: Vec<Option<NaiveDate>>,
    follow_ups: Vec<FollowUp>,
}

#[derive(Clone, Debug)]
struct FollowUp {
    due: NaiveDate,
    done: Option<NaiveDate>,
    applied: Option<String>,
    evidence: Option<String>,
}

const HORIZONS: [i64; 4] = [0, 90, 180, 365];
const REFERENCE: [Option<f64>; 4] = [Some(0.62), None, Some(0.44), Some(0.34)];

/// One experience's answer at one horizon.
#[derive(Clone, Debug, PartialEq)]
enum Answer {
    NotYet,
    NotAsked,
    Applied(bool),
    /// A check-in's answer: its index in `follow_ups`, done, the word.
    Said(usize, NaiveDate, String),
}

impl Answer {
    fn applied(&self) -> Option<bool> {
        match self {
            Answer::Applied(a) => Some(*a),
            Answer::Said(_, _, word) => Some(word != "none"),
            _ => None,
        }
    }
}

/// The rule, written again: eligibility, the 30-day actions at 0 days, the check-in
/// done last within 45 days before to 30 days after each later horizon; facts after the as-of
/// date set aside (a party's later agreement makes the contract a draft that day).
fn answers(e: &Exp, as_of: NaiveDate) -> Option<[Answer; 4]> {
    let agreed_later = e.agreed.iter().any(|d| d.is_some_and(|d| d > as_of));
    let status = if agreed_later && e.status != "cancelled" {
        "draft"
    } else {
        e.status.as_str()
    };
    if status == "draft" || status == "cancelled" {
        return None;
    }
    let end = e.end.unwrap_or(e.start);
    let plus = |days: i64| end + Duration::days(days);
    let known = |d: &Option<NaiveDate>| d.filter(|d| *d <= as_of);
    Some(HORIZONS.map(|h| {
        if h == 0 {
            if plus(30) > as_of {
                return Answer::NotYet;
            }
            return Answer::Applied(
                e.actions
                    .iter()
                    .any(|d| known(d).is_some_and(|d| d <= plus(30))),
            );
        }
        if plus(h) > as_of {
            return Answer::NotYet;
        }
        let mut best: Option<(NaiveDate, usize, String)> = None;
        for (i, f) in e.follow_ups.iter().enumerate() {
            let (Some(done), Some(word)) = (known(&f.done), &f.applied) else {
                continue;
            };
            if done < plus(h - 45) || done > plus(h + 30) {
                continue;
            }
            if best.as_ref().is_none_or(|(d, j, _)| (done, i) > (*d, *j)) {
                best = Some((done, i, word.clone()));
            }
        }
        match best {
            Some((done, i, word)) => Answer::Said(i, done, word),
            None => Answer::NotAsked,
        }
    }))
}

fn share(applied: usize, not_applied: usize) -> Value {
    let asked = applied + not_applied;
    if asked == 0 {
        Value::Null
    } else {
        json!((applied as f64 / asked as f64 * 100.0).round() / 100.0)
    }
}

fn horizons(all: &[&[Answer; 4]]) -> Value {
    let list: Vec<Value> = (0..4)
        .map(|i| {
            let at: Vec<&Answer> = all
                .iter()
                .map(|a| &a[i])
                .filter(|a| **a != Answer::NotYet)
                .collect();
            let applied = at.iter().filter(|a| a.applied() == Some(true)).count();
            let not_applied = at.iter().filter(|a| a.applied() == Some(false)).count();
            json!({
                "days": HORIZONS[i],
                "eligible": at.len(),
                "applied": applied,
                "not_applied": not_applied,
                "not_asked": at.len() - applied - not_applied,
                "share": share(applied, not_applied),
                "reference": REFERENCE[i],
            })
        })
        .collect();
    Value::from(list)
}

/// The latest answer after the experience: (horizon index, follow-up index, done, word).
fn latest(a: &[Answer; 4]) -> Option<(usize, usize, NaiveDate, String)> {
    (1..4).rev().find_map(|i| match &a[i] {
        Answer::Said(f, done, word) => Some((i, *f, *done, word.clone())),
        _ => None,
    })
}

fn not_asked_after_180(a: &[Answer; 4]) -> bool {
    a[2] != Answer::NotYet
        && a[2..]
            .iter()
            .all(|x| matches!(x, Answer::NotYet | Answer::NotAsked))
}

fn decimal(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// The whole section, as the review's JSON should hold it.
fn expected(exps: &[Exp], as_of: NaiveDate) -> Value {
    let counted: Vec<(&Exp, [Answer; 4])> = exps
        .iter()
        .filter_map(|e| Some((e, answers(e, as_of)?)))
        .filter(|(_, a)| a[0] != Answer::NotYet)
        .collect();
    let mut types: BTreeMap<String, Vec<&[Answer; 4]>> = BTreeMap::new();
    let mut providers: BTreeMap<String, (String, Vec<&[Answer; 4]>)> = BTreeMap::new();
    let mut no_provider = Vec::new();
    for (e, a) in &counted {
        types.entry(e.event_type.clone()).or_default().push(a);
        match &e.provider {
            Some(p) => providers
                .entry(p.trim().to_lowercase())
                .or_insert((p.trim().to_string(), Vec::new()))
                .1
                .push(a),
            None => no_provider.push(a),
        }
    }
    let mut by_provider: Vec<Value> = providers
        .values()
        .map(|(name, a)| json!({"provider": name, "horizons": horizons(a)}))
        .collect();
    if !no_provider.is_empty() {
        by_provider.push(json!({"provider": null, "horizons": horizons(&no_provider)}));
    }
    let mut success = Vec::new();
    let mut non_success = Vec::new();
    let mut spend: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for (e, a) in &counted {
        let last = latest(a);
        if let Some((i, f, done, word)) = &last {
            let case = json!({
                "contract": e.id,
                "learner": e.learner,
                "title": e.title,
                "days": HORIZONS[*i],
                "index": f,
                "asked_on": done.to_string(),
                "applied": word,
                "evidence": e.follow_ups[*f].evidence,
            });
            match word.as_str() {
                "fully" => success.push(case),
                "none" => non_success.push(case),
                _ => {}
            }
        }
        if let Some((cents, currency)) = &e.cost {
            let entry = spend.entry(currency.clone()).or_default();
            if last.as_ref().is_some_and(|l| l.3 == "none") {
                entry.0 += cents;
            }
            if not_asked_after_180(a) {
                entry.1 += cents;
            }
        }
    }
    let by_id = |v: &Value| v["contract"].as_str().unwrap().to_string();
    success.sort_by_key(by_id);
    non_success.sort_by_key(by_id);
    json!({
        "horizons": horizons(&counted.iter().map(|(_, a)| a).collect::<Vec<_>>()),
        "by_type": types.iter().map(|(t, a)| json!({"type": t, "horizons": horizons(a)})).collect::<Vec<_>>(),
        "by_provider": by_provider,
        "cases": {"success": success, "non_success": non_success},
        "spend": spend.iter().map(|(c, (none, not_asked))| json!({
            "currency": c,
            "latest_answer_none": decimal(*none),
            "not_asked_after_180": decimal(*not_asked),
        })).collect::<Vec<_>>(),
    })
}

/// The review's section with the keys this count makes (the cases' file, team and manager are
/// checked elsewhere).
fn section(run: &Run) -> Value {
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut t = run.json()["transfer_curve"].clone();
    for list in ["success", "non_success"] {
        for case in t["cases"][list].as_array_mut().unwrap() {
            let case = case.as_object_mut().unwrap();
            for key in ["file", "team", "manager"] {
                case.remove(key);
            }
        }
    }
    t
}

// ---------------------------------------------------------------------------------------------
// The demo, read from its files

fn text<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
    node.get(key)
        .and_then(|n| n.as_scalar())
        .map(|s| s.text.as_str())
        .filter(|t| !t.trim().is_empty())
}

fn date_of(node: &Node, key: &str) -> Option<NaiveDate> {
    text(node, key).map(day)
}

fn items(node: &Node, key: &str) -> Vec<Node> {
    match node.get(key).map(|n| &n.value) {
        Some(Yaml::Seq(items)) => items.clone(),
        _ => Vec::new(),
    }
}

fn money(text: &str) -> (i64, String) {
    let (amount, currency) = text.split_once(' ').unwrap_or((text, "EUR"));
    let (units, cents) = amount.split_once('.').unwrap_or((amount, "0"));
    let cents = format!("{cents:0<2}");
    (
        units.parse::<i64>().unwrap() * 100 + cents.parse::<i64>().unwrap(),
        currency.to_string(),
    )
}

fn person(text: &str) -> (String, String) {
    match text.split_once(" <") {
        Some((name, email)) => (name.to_string(), email.trim_end_matches('>').to_lowercase()),
        None => (text.to_string(), text.to_lowercase()),
    }
}

fn read_exp(yaml: &str) -> Option<Exp> {
    let root = lc::text::yaml::parse(yaml).root?;
    if text(&root, "kind") != Some("experience") {
        return None;
    }
    let event = root.get("experience")?;
    let agreed = root.get("agreed");
    let (learner, person) = person(text(&root, "learner")?);
    Some(Exp {
        id: text(&root, "id")?.to_string(),
        status: text(&root, "status")?.to_string(),
        learner,
        person,
        event_type: text(event, "type")?.to_string(),
        provider: text(event, "provider").map(str::to_string),
        title: text(event, "title")?.to_string(),
        start: date_of(event, "start")?,
        end: date_of(event, "end"),
        cost: text(event, "cost").map(money),
        agreed: [
            agreed.and_then(|a| date_of(a, "learner")),
            agreed.and_then(|a| date_of(a, "manager")),
        ],
        actions: items(&root, "application")
            .iter()
            .map(|a| date_of(a, "done"))
            .collect(),
        follow_ups: items(&root, "follow_ups")
            .iter()
            .map(|f| FollowUp {
                due: date_of(f, "due").unwrap(),
                done: date_of(f, "done"),
                applied: text(f, "applied").map(str::to_string),
                evidence: text(f, "evidence").map(str::to_string),
            })
            .collect(),
    })
}

fn yaml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

fn demo() -> (std::path::PathBuf, Vec<Exp>) {
    let acme = common::examples_dir().join("acme");
    let mut files = Vec::new();
    yaml_files(&acme.join("contracts"), &mut files);
    let exps = files
        .iter()
        .filter_map(|f| read_exp(&std::fs::read_to_string(f).unwrap()))
        .collect();
    (acme, exps)
}

fn lc_in(dir: &std::path::Path, args: &[&str]) -> Run {
    Repo::plain().lc_in(dir, args)
}

#[test]
fn the_demo_at_three_dates_agrees_with_a_count_of_its_files() {
    let (acme, exps) = demo();
    assert!(exps.len() >= 14, "{}", exps.len());
    for as_of in ["2026-06-30", "2026-09-30", "2027-03-31"] {
        let run = lc_in(&acme, &["report", "--as-of", as_of, "--format", "json"]);
        let got = section(&run);
        assert_eq!(got, expected(&exps, day(as_of)), "as of {as_of}");
    }
    // The figures the demo's README gives, as of its day.
    let run = lc_in(
        &acme,
        &["report", "--as-of", "2026-09-30", "--format", "json"],
    );
    let h = &run.json()["transfer_curve"]["horizons"];
    let row = |i: usize| {
        ["eligible", "applied", "not_applied", "not_asked"].map(|k| h[i][k].as_u64().unwrap())
    };
    assert_eq!(
        [row(0), row(1), row(2), row(3)],
        [[10, 6, 4, 0], [8, 4, 2, 2], [7, 3, 2, 2], [5, 2, 2, 1]]
    );
    // Zoë's workshop is a success case at 90 days on 30 June: her 180-day answer (8 September)
    // had not happened yet. By 30 September it is one at 180 days.
    let workshop = |as_of: &str| {
        let json = lc_in(&acme, &["report", "--as-of", as_of, "--format", "json"]).json();
        json["transfer_curve"]["cases"]["success"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["contract"] == "2026-03-10-zoe-angstrom-claims-accuracy-workshop")
            .map(|c| c["days"].clone())
    };
    assert_eq!(workshop("2026-06-30"), Some(json!(90)));
    assert_eq!(workshop("2026-09-30"), Some(json!(180)));
}

#[test]
fn the_text_formats_show_the_same_figures() {
    let (acme, exps) = demo();
    let as_of = "2026-09-30";
    let want = expected(&exps, day(as_of));
    let markdown = lc_in(&acme, &["report", "--as-of", as_of, "--format", "markdown"]).stdout;
    let table = lc_in(&acme, &["report", "--as-of", as_of]).stdout;
    let csv = lc_in(&acme, &["report", "--as-of", as_of, "--format", "csv"]).stdout;
    let percent = |v: &Value| {
        v.as_f64()
            .map_or("–".to_string(), |f| format!("{:.0} %", f * 100.0))
    };
    for h in want["horizons"].as_array().unwrap() {
        let cells = format!(
            "| {} days | {} | {} | {} | {} | {} | {} |",
            h["days"],
            h["eligible"],
            h["applied"],
            h["not_applied"],
            h["not_asked"],
            percent(&h["share"]),
            percent(&h["reference"])
        );
        assert!(markdown.contains(&cells), "{cells}\n{markdown}");
        let words: Vec<String> = [
            format!("{} days", h["days"]),
            h["eligible"].to_string(),
            h["applied"].to_string(),
            h["not_applied"].to_string(),
            h["not_asked"].to_string(),
            percent(&h["share"]),
            percent(&h["reference"]),
        ]
        .to_vec();
        assert!(
            table
                .lines()
                .any(|l| { l.split_whitespace().collect::<Vec<_>>().join(" ") == words.join(" ") }),
            "{words:?}\n{table}"
        );
        let record = format!(
            "\"learning after training\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"all experience contracts\",\"\",\"{}\",\"eligible {}; applied {}; not applied {}; not asked {}; share {}; estimate {}\"",
            h["days"],
            h["eligible"],
            h["applied"],
            h["not_applied"],
            h["not_asked"],
            percent(&h["share"]),
            percent(&h["reference"])
        );
        assert!(csv.contains(&record), "{record}\n{csv}");
    }
    for (list, section) in [
        ("success", "transfer success case"),
        ("non_success", "transfer non-success case"),
    ] {
        for case in want["cases"][list].as_array().unwrap() {
            let contract = case["contract"].as_str().unwrap();
            assert!(
                csv.lines()
                    .any(|l| l.starts_with(&format!("\"{section}\",\"{contract}\""))
                        && l.ends_with(&format!(
                            "\"{}\",\"{}\",\"{}\",\"{}\"",
                            case["asked_on"].as_str().unwrap(),
                            case["days"],
                            case["applied"].as_str().unwrap(),
                            case["index"].as_u64().unwrap() + 1
                        ))),
                "{section} {contract}\n{csv}"
            );
            assert!(markdown.contains(contract), "{contract}");
        }
    }
    for s in want["spend"].as_array().unwrap() {
        let row = format!(
            "| {} | {} | {} |",
            s["currency"].as_str().unwrap(),
            s["latest_answer_none"].as_str().unwrap(),
            s["not_asked_after_180"].as_str().unwrap()
        );
        assert!(markdown.contains(&row), "{row}");
    }
    // The reference figures are labelled for what they are, in every text format.
    assert!(markdown.contains("Saks \\& Belcourt 2006"));
    assert!(markdown.contains("not measured behaviour"));
    assert!(table.contains("Saks & Belcourt 2006"));
}

// ---------------------------------------------------------------------------------------------
// Generated repos

/// A small deterministic generator (a 64-bit LCG), so that every run checks the same repos.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const PEOPLE: [&str; 7] = ["Ana", "Ben", "Cem", "Dora", "Eli", "Fay", "Gus"];
const TYPES: [&str; 4] = ["course", "workshop", "seminar", "coaching"];
const PROVIDERS: [&str; 4] = ["Acme Academy", "acme academy ", "Northbridge", "Calm Voice"];

/// A date near the horizons of `end`, sometimes right at a window's edge.
fn near(g: &mut Gen, end: NaiveDate) -> NaiveDate {
    let h = [0, 90, 180, 365][g.below(4) as usize];
    let edges = [-46, -45, -44, -10, 0, 7, 29, 30, 31];
    let off = if g.chance(50) {
        edges[g.below(edges.len() as u64) as usize]
    } else {
        g.below(120) as i64 - 60
    };
    end + Duration::days(h + off)
}

fn generate(g: &mut Gen, n: usize) -> Vec<Exp> {
    let base = day("2025-01-01");
    (0..n)
        .map(|i| {
            let start = base + Duration::days(g.below(600) as i64);
            let end = g
                .chance(80)
                .then(|| start + Duration::days(g.below(20) as i64));
            let last = end.unwrap_or(start);
            let who = g.pick(&PEOPLE);
            let agreed = start - Duration::days(10 + g.below(20) as i64);
            // Sometimes agreed only later: a draft on an earlier as-of date.
            let agreed_manager = if g.chance(10) {
                last + Duration::days(g.below(300) as i64)
            } else {
                agreed
            };
            let actions = (0..1 + g.below(3))
                .map(|_| {
                    g.chance(60)
                        .then(|| last + Duration::days(g.below(70) as i64 - 10))
                })
                .collect();
            let follow_ups = (0..g.below(7))
                .map(|_| {
                    let done = g.chance(80).then(|| near(g, last));
                    let applied =
                        (g.chance(75)).then(|| g.pick(&["none", "partly", "fully"]).to_string());
                    FollowUp {
                        due: done.unwrap_or_else(|| near(g, last)),
                        done,
                        applied,
                        evidence: g.chance(50).then(|| format!("Evidence {i} <b>&</b>")),
                    }
                })
                .collect();
            Exp {
                id: format!("e{i:02}"),
                status: g
                    .pick(&[
                        "draft",
                        "agreed",
                        "active",
                        "active",
                        "closed",
                        "closed",
                        "cancelled",
                    ])
                    .to_string(),
                learner: format!("{who} Example"),
                person: format!("{}@example.org", who.to_lowercase()),
                event_type: g.pick(&TYPES).to_string(),
                provider: g.chance(80).then(|| g.pick(&PROVIDERS).to_string()),
                title: format!("Title {i}"),
                start,
                end,
                cost: g.chance(70).then(|| {
                    let currency = if g.chance(80) { "EUR" } else { "USD" };
                    (g.below(200_000) as i64, currency.to_string())
                }),
                agreed: [Some(agreed), Some(agreed_manager)],
                actions,
                follow_ups,
            }
        })
        .collect()
}

fn yaml(e: &Exp) -> String {
    let mut y = format!(
        "lc: 1\nkind: experience\nid: {}\nstatus: {}\nlearner: {} <{}>\nmanager: Mia Boss <mia@example.org>\nteam: T{}\n",
        e.id,
        e.status,
        e.learner,
        e.person,
        e.id.len() % 2
    );
    y += &format!(
        "experience:\n  title: {}\n  type: {}\n  start: {}\n",
        e.title, e.event_type, e.start
    );
    if let Some(p) = &e.provider {
        y += &format!("  provider: \"{p}\"\n");
    }
    if let Some(end) = e.end {
        y += &format!("  end: {end}\n");
    }
    if let Some((cents, currency)) = &e.cost {
        y += &format!("  cost: {} {currency}\n", decimal(*cents));
    }
    y += &format!(
        "agreed: {{learner: {}, manager: {}}}\n",
        e.agreed[0].unwrap(),
        e.agreed[1].unwrap()
    );
    y += "learning: [The rules]\nlinks: {job: Fewer errors}\napplication:\n";
    for (i, done) in e.actions.iter().enumerate() {
        y += &format!(
            "  - text: Action {i}\n    kind: apply\n    due: {}\n",
            e.start
        );
        if let Some(done) = done {
            y += &format!("    done: {done}\n");
        }
    }
    y += "supports:\n  - {text: Time, due: 2025-01-01}\n";
    if !e.follow_ups.is_empty() {
        y += "follow_ups:\n";
    }
    for f in &e.follow_ups {
        y += &format!("  - due: {}\n", f.due);
        if let Some(done) = f.done {
            y += &format!("    done: {done}\n");
        }
        if let Some(applied) = &f.applied {
            y += &format!("    applied: {applied}\n");
        }
        if let Some(evidence) = &f.evidence {
            y += &format!("    evidence: \"{evidence}\"\n");
        }
    }
    y
}

fn generated_repo(exps: &[Exp], toml: &str) -> Repo {
    let repo = Repo::plain();
    repo.file("lc.toml", toml);
    for e in exps {
        repo.file(&format!("contracts/{}.yaml", e.id), yaml(e));
    }
    // A strategic contract, which the curve does not count.
    repo.file(
        "contracts/s.yaml",
        common::STRATEGIC.replace("2026-jane-doe", "s1"),
    );
    repo
}

#[test]
fn generated_repos_agree_with_the_count() {
    // What the repos held, over all seeds and dates: each kind of figure at each horizon.
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for seed in 1..=12 {
        let mut g = Gen(seed);
        let exps = generate(&mut g, 30);
        let repo = generated_repo(&exps, "");
        for as_of in ["2025-06-30", "2026-01-15", "2026-09-30", "2027-12-31"] {
            let run = repo.lc(&["report", "--as-of", as_of, "--format", "json"]);
            // Every file is read: findings are no reason to leave a contract out.
            assert_eq!(run.json()["skipped_files"], 0);
            let want = expected(&exps, day(as_of));
            assert_eq!(section(&run), want, "seed {seed}, as of {as_of}");
            for h in want["horizons"].as_array().unwrap() {
                for key in ["applied", "not_applied", "not_asked"] {
                    if h[key].as_u64().unwrap() > 0 {
                        seen.insert(format!("{} {key}", h["days"]));
                    }
                }
            }
            for list in ["success", "non_success"] {
                if !want["cases"][list].as_array().unwrap().is_empty() {
                    seen.insert(list.into());
                }
            }
            if want["spend"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["latest_answer_none"] != "0.00" && s["not_asked_after_180"] != "0.00")
            {
                seen.insert("spend".into());
            }
        }
    }
    // Not-asked does not exist at 0 days: the actions answer there.
    assert_eq!(seen.len(), 4 * 3 - 1 + 3, "{seen:?}");
}

/// The people behind a figure: the learners of the experiences it counts.
fn people(exps: &[Exp], keep: impl Fn(&Exp) -> bool) -> BTreeSet<&str> {
    exps.iter()
        .filter(|e| keep(e))
        .map(|e| e.person.as_str())
        .collect()
}

#[test]
fn the_aggregate_shows_the_same_figures_and_withholds_the_small_ones() {
    for seed in 1..=8 {
        let mut g = Gen(seed * 97);
        let exps = generate(&mut g, 30);
        let as_of = day("2026-09-30");
        let want = expected(&exps, as_of);
        // With min_group 1 nothing is withheld: the review's figures, and every provider that
        // has an experience eligible at 180 days, the rest together.
        let open = generated_repo(&exps, "[privacy]\nmin_group = 1\n");
        let a = open
            .lc(&[
                "report",
                "--aggregate",
                "--as-of",
                "2026-09-30",
                "--format",
                "json",
            ])
            .json();
        let t = &a["transfer_curve"];
        assert_eq!(t["horizons"], want["horizons"], "seed {seed}");
        assert!(t.get("cases").is_none(), "no cases without names");
        for (got, row) in t["by_type"]
            .as_array()
            .unwrap()
            .iter()
            .zip(want["by_type"].as_array().unwrap())
        {
            assert_eq!(got, row, "seed {seed}");
        }
        let counted: Vec<(&Exp, [Answer; 4])> = exps
            .iter()
            .filter_map(|e| Some((e, answers(e, as_of)?)))
            .filter(|(_, a)| a[0] != Answer::NotYet)
            .collect();
        let with_180: BTreeSet<String> = counted
            .iter()
            .filter(|(_, a)| a[2] != Answer::NotYet)
            .filter_map(|(e, _)| e.provider.as_ref().map(|p| p.trim().to_lowercase()))
            .collect();
        let names: Vec<Value> = t["by_provider"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["provider"].clone())
            .collect();
        let shown: Vec<String> = names
            .iter()
            .filter_map(|n| n.as_str().map(|s| s.trim().to_lowercase()))
            .collect();
        assert_eq!(
            shown.iter().cloned().collect::<BTreeSet<_>>(),
            with_180,
            "seed {seed}"
        );
        for p in t["by_provider"].as_array().unwrap() {
            let rows: Vec<&[Answer; 4]> = counted
                .iter()
                .filter(|(e, _)| match p["provider"].as_str() {
                    Some(name) => e
                        .provider
                        .as_ref()
                        .is_some_and(|x| x.trim().to_lowercase() == name.trim().to_lowercase()),
                    None => e
                        .provider
                        .as_ref()
                        .is_none_or(|x| !with_180.contains(&x.trim().to_lowercase())),
                })
                .map(|(_, a)| a)
                .collect();
            assert_eq!(
                p["horizons"],
                horizons(&rows),
                "seed {seed} {}",
                p["provider"]
            );
        }
        for (got, s) in t["spend"]
            .as_array()
            .unwrap()
            .iter()
            .zip(want["spend"].as_array().unwrap())
        {
            assert_eq!(got, s, "seed {seed}");
        }

        // With min_group 3: a figure of one or two learners is withheld, and so is enough else
        // that no row of a split holds exactly one withheld figure.
        let min_group = 3;
        let closed = generated_repo(&exps, "[privacy]\nmin_group = 3\n");
        let a = closed
            .lc(&[
                "report",
                "--aggregate",
                "--as-of",
                "2026-09-30",
                "--format",
                "json",
            ])
            .json();
        let t = &a["transfer_curve"];
        for (i, h) in t["horizons"].as_array().unwrap().iter().enumerate() {
            let eligible = people(&exps, |e| {
                answers(e, as_of).is_some_and(|a| a[0] != Answer::NotYet && a[i] != Answer::NotYet)
            });
            let n = eligible.len();
            if (1..min_group).contains(&n) {
                assert_eq!(h["eligible"], "<3", "seed {seed} at {i}");
            } else if h["eligible"].is_number() {
                assert_eq!(h["eligible"], want["horizons"][i]["eligible"]);
            }
        }
        let cells = ["applied", "not_applied", "not_asked", "eligible"];
        for split in ["by_type", "by_provider"] {
            for row in t[split].as_array().unwrap() {
                for h in row["horizons"].as_array().unwrap() {
                    let hidden = cells.iter().filter(|c| h[**c].is_string()).count();
                    assert_ne!(hidden, 1, "seed {seed}: a lone withheld figure in {h}");
                    if h["applied"].is_string() || h["not_applied"].is_string() {
                        assert!(h["share"].is_null(), "{h}");
                    }
                }
            }
            // Each column of a split holds zero or at least two withheld figures, its total
            // (the whole curve) included.
            for (i, total) in t["horizons"].as_array().unwrap().iter().enumerate() {
                if t[split].as_array().unwrap().is_empty() {
                    continue;
                }
                for c in cells {
                    let hidden = t[split]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(|row| row["horizons"][i][c].is_string())
                        .count()
                        + usize::from(total[c].is_string());
                    assert_ne!(hidden, 1, "seed {seed}: {split} column {c} at {i}");
                }
            }
        }
        // No name in any format.
        for format in ["table", "markdown", "csv", "json", "html"] {
            let out = closed
                .lc(&[
                    "report",
                    "--aggregate",
                    "--as-of",
                    "2026-09-30",
                    "--format",
                    format,
                ])
                .stdout;
            for who in PEOPLE {
                assert!(!out.contains(&format!("{who} Example")), "{format}: {who}");
            }
            assert!(!out.contains("Evidence"), "{format}: an evidence text");
        }
    }
}

#[test]
fn the_demos_aggregate_holds_the_section_in_every_format() {
    let (acme, exps) = demo();
    let as_of = day("2026-09-30");
    let want = expected(&exps, as_of);
    let run = |format: &str| {
        lc_in(
            &acme,
            &[
                "report",
                "--aggregate",
                "--as-of",
                "2026-09-30",
                "--format",
                format,
            ],
        )
        .stdout
    };
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    let csv = run("csv");
    for (i, h) in json["transfer_curve"]["horizons"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        // A count is shown when it counts no one or five learners or more (min_group).
        let learners = people(&exps, |e| {
            answers(e, as_of).is_some_and(|a| a[0] != Answer::NotYet && a[i] != Answer::NotYet)
        });
        let eligible = if learners.is_empty() || learners.len() >= 5 {
            want["horizons"][i]["eligible"].clone()
        } else {
            json!("<5")
        };
        assert_eq!(h["eligible"], eligible, "at {i}");
        let text = eligible
            .as_str()
            .map_or_else(|| eligible.to_string(), str::to_string);
        assert!(
            csv.contains(&format!(
                "\"learning_after_training\",\"all teams\",\"{} days eligible\",\"{text}\"\r\n",
                HORIZONS[i]
            )),
            "{csv}"
        );
    }
    assert!(json["transfer_curve"].get("cases").is_none());
    assert!(run("table").contains("\nLEARNING AFTER TRAINING\nafter     eligible"));
    assert!(run("markdown").contains("\n## Learning after training\n\n| after | eligible |"));
    let html = run("html");
    assert!(html.contains(
        "<h2>Learning after training <span class=\"muted\">(experience contracts)</span></h2>"
    ));
    assert!(html.contains("Saks &amp; Belcourt 2006"));
    for case in want["cases"]["success"].as_array().unwrap() {
        assert!(!html.contains(case["contract"].as_str().unwrap()));
    }
}
