//! The review's figures that go to the board (issue 19): spend that follows a cost wherever it
//! is written, the aggregate review equal to the ordinary one summed, the split index equal to
//! its pages, what happened in a quarter, and the contracts of the period under review.

mod common;

use common::{Repo, STRATEGIC, STRATEGIC_PATH, edit};
use serde_json::Value;

/// `STRATEGIC` with its mentoring method linking nothing: `o1` has a course costing 1200 EUR
/// and a mentoring method.
fn strategic_unlinked() -> String {
    edit(
        STRATEGIC,
        "      - type: mentoring\n        experience: 2026-03-10-jane-doe-claims-workshop\n",
        "      - type: mentoring\n",
    )
}

fn spend(run: &common::Run, currency: &str) -> Value {
    let json = run.json();
    json["spend"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["currency"] == currency)
        .cloned()
        .unwrap_or_else(|| panic!("no {currency} spend in {}", run.stdout))
}

#[test]
fn a_new_experience_linked_from_a_method_takes_its_cost_and_the_spend_keeps_it() {
    let repo = Repo::git();
    repo.file(STRATEGIC_PATH, strategic_unlinked())
        .commit("strategic");
    let before = repo.lc_at("2026-03-01", &["report", "--format", "json"]);
    assert_eq!(spend(&before, "EUR")["total"], "1200.00");

    let new = repo.lc_at(
        "2026-03-01",
        &[
            "new",
            "experience",
            "--strategic",
            "2026-jane-doe",
            "--objective",
            "o1",
            "--title",
            "Claims course",
            "--type",
            "course",
            "--start",
            "2026-03-10",
        ],
    );
    assert_eq!(new.code, 0, "{}{}", new.stdout, new.stderr);
    assert!(
        new.stdout
            .contains("its cost, 1200 EUR, from the course method of objective `o1`"),
        "{}",
        new.stdout
    );
    let experience = repo.read("contracts/2026/2026-03-10-jane-doe-claims-course.yaml");
    assert!(experience.contains("\n  cost: 1200 EUR\n"), "{experience}");
    let check = repo.lc_at("2026-03-01", &["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);

    // The draft is not counted yet: the method's cost is, once.
    let draft = repo.lc_at("2026-03-01", &["report", "--format", "json"]);
    assert_eq!(spend(&draft, "EUR")["total"], "1200.00", "{}", draft.stdout);

    // Agreed, the experience carries the cost and the method is not counted again.
    let id = "2026-03-10-jane-doe-claims-course";
    let path = format!("contracts/2026/{id}.yaml");
    let agreed = repo.read(&path).replace("status: draft ", "status: active");
    let agreed = agreed.replace("learning:\n", "learning:\n  - The new rules\n");
    let agreed = agreed.replace("links:\n", "links:\n  job: Fewer errors\n");
    let agreed = agreed.replace(
        "application:\n",
        "application:\n  - {text: Share it, kind: share, due: 2026-04-30}\n",
    );
    let agreed = agreed.replace(
        "supports:\n",
        "supports:\n  - {text: A slot, due: 2026-04-20}\n",
    );
    let agreed = format!("{agreed}agreed: {{learner: 2026-02-20, manager: 2026-02-21}}\n");
    repo.file(&path, agreed);
    let check = repo.lc_at("2026-03-01", &["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let active = repo.lc_at("2026-03-01", &["report", "--format", "json"]);
    let eur = spend(&active, "EUR");
    assert_eq!(eur["total"], "1200.00", "{}", active.stdout);
    assert_eq!(eur["from_experiences"], "1200.00");
    assert_eq!(eur["from_methods"], "0.00");
    assert_eq!(eur["application_open"], "1200.00");
}

#[test]
fn a_linked_experience_without_a_cost_is_counted_at_its_methods_cost_and_the_note_says_so() {
    // Written before `lc new` carried the cost: the course method links an experience that has
    // none of its own.
    let strategic = edit(
        &strategic_unlinked(),
        "      - type: course\n        cost: 1200 EUR\n",
        "      - type: course\n        cost: 1200 EUR\n        experience: 2026-03-10-jane-doe-claims-workshop\n",
    );
    let experience = edit(common::EXPERIENCE, "  cost: 900 EUR\n", "");
    let experience = edit(&experience, "  type: workshop\n", "  type: course\n");
    let repo = common::committed(&strategic, &experience);
    let run = repo.lc_at("2026-03-01", &["report", "--format", "json"]);
    let eur = spend(&run, "EUR");
    assert_eq!(eur["total"], "1200.00", "{}", run.stdout);
    assert_eq!(eur["from_experiences"], "0.00");
    assert_eq!(eur["from_methods"], "1200.00");
    assert_eq!(eur["from_methods_for_experiences"], "1200.00");
    assert_eq!(
        eur["costed_by_method"],
        serde_json::json!(["2026-03-10-jane-doe-claims-workshop"])
    );
    // Its application is open, so the spend on it is too.
    assert_eq!(eur["application_open"], "1200.00");

    let table = repo.lc_at("2026-03-01", &["report"]);
    assert!(
        table.stdout.contains(
            "EUR: 0.00 from experience contracts, 1200.00 from strategic methods.\n  \
             EUR: 1200.00 of it for experience contracts with no cost of their own.\n"
        ),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains(
            "Counted at the cost of the method that links them (they have no cost of their own):\n    2026-03-10-jane-doe-claims-workshop"
        ),
        "{}",
        table.stdout
    );
    let html = repo.lc_at("2026-03-01", &["report", "--format", "html"]);
    assert!(
        html.stdout
            .contains("1200.00 of it for experience contracts with no cost of their own"),
        "the HTML spend section has the breakdown"
    );
    assert!(
        html.stdout
            .contains("<li><span class=\"id\">2026-03-10-jane-doe-claims-workshop</span></li>"),
        "{}",
        html.stdout
    );
}

// ---------------------------------------------------------------------------------------------
// The aggregate review is the ordinary review, summed.

/// A small deterministic generator (xorshift), so that the generated repos are the same on every
/// run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
    /// A day of 2026 as `2026-MM-DD`.
    fn day(&mut self) -> String {
        format!("2026-{:02}-{:02}", 1 + self.below(12), 1 + self.below(28))
    }
}

const TYPES: &[&str] = &[
    "course",
    "workshop",
    "seminar",
    "mentoring",
    "coaching",
    "peer-learning",
    "on-the-job",
    "secondment",
    "reading",
    "other",
];
const STATUSES: &[&str] = &["draft", "agreed", "active", "active", "closed", "cancelled"];
const TEAMS: &[&str] = &["Claims", "Sales", "Care"];

fn cost(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => String::new(),
        1 => format!(", cost: {}0 USD", 1 + rng.below(90)),
        _ => format!(", cost: {}00 EUR", 1 + rng.below(30)),
    }
}

/// Follow-ups, done or not, on time or late.
fn follow_ups(rng: &mut Rng) -> String {
    let mut out = String::from("follow_ups:\n");
    for _ in 0..1 + rng.below(4) {
        let due = rng.day();
        let done = match rng.below(3) {
            0 => String::new(),
            1 => format!(", done: {due}"),
            _ => format!(", done: {}", rng.day()),
        };
        out += &format!("  - {{due: {due}{done}}}\n");
    }
    out
}

fn supports(rng: &mut Rng) -> String {
    let mut out = String::from("supports:\n");
    for k in 0..1 + rng.below(3) {
        let status = match rng.below(3) {
            0 => format!(", status: provided, provided_on: {}", rng.day()),
            1 => ", status: declined".to_string(),
            _ => String::new(),
        };
        let owner = rng.pick(&["manager", "learner", "hr"]);
        let phase = rng.pick(&["before", "during", "after"]);
        out += &format!(
            "  - {{id: s{k}, text: Support {k}, owner: {owner}, due: {}, phase: {phase}{status}}}\n",
            rng.day()
        );
    }
    out
}

fn head(rng: &mut Rng, kind: &str, id: &str, learner: usize, team: &str) -> String {
    let manager = ["Sam Lee", "Kim Park", "Ana Ruiz"][learner % 3];
    let email = manager.to_lowercase().replace(' ', ".");
    format!(
        "lc: 1\nkind: {kind}\nid: {id}\nstatus: {}\nlearner: Learner {learner} <l{learner}@example.org>\n\
         manager: {manager} <{email}@example.org>\nteam: {team}\n\
         agreed: {{learner: 2026-01-05, manager: 2026-01-06}}\n",
        rng.pick(STATUSES)
    )
}

/// A repo of `learners` learners, each with a strategic contract and up to three experience
/// contracts, some linked from a method (with and without costs of their own), some not.
fn generated(seed: u64, learners: usize) -> Repo {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let repo = Repo::git();
    repo.file("lc.toml", "[privacy]\nmin_group = 1\n");
    for learner in 0..learners {
        let team = TEAMS[learner % TEAMS.len()];
        let strategic = format!("2026-learner-{learner}");
        let events: Vec<String> = (0..rng.below(4))
            .map(|k| format!("2026-0{}-01-learner-{learner}-event-{k}", 1 + k))
            .collect();
        let mut linked = events.iter();
        let mut text = head(&mut rng, "strategic", &strategic, learner, team);
        text += "period: {start: 2026-01-01, end: 2026-12-31}\n";
        text +=
            "goals:\n  - {id: g1, text: A goal, metric: {name: m, baseline: '1', target: '2'}}\n";
        text += "  - {id: g2, text: Another}\nobjectives:\n";
        for o in 0..1 + rng.below(3) {
            text += &format!(
                "  - id: o{o}\n    text: Objective {o}\n    serves: [g{}]\n    application: a\n    \
                 evidence: e\n    due: 2026-11-30\n    status: in-progress\n    methods:\n",
                1 + rng.below(2)
            );
            for _ in 0..1 + rng.below(3) {
                let kind = rng.pick(TYPES);
                let detail = if kind == "other" { ", detail: x" } else { "" };
                let link = match linked.next().filter(|_| rng.chance(70)) {
                    Some(event) => format!(", experience: {event}"),
                    None => String::new(),
                };
                text += &format!("      - {{type: {kind}{detail}{}{link}}}\n", cost(&mut rng));
            }
        }
        text += &supports(&mut rng);
        text += &follow_ups(&mut rng);
        repo.file(&format!("contracts/2026/{strategic}.yaml"), text);
        for event in &events {
            let mut text = head(&mut rng, "experience", event, learner, team);
            if rng.chance(80) {
                text += &format!("strategic: {strategic}\n");
            }
            text += &format!(
                "experience: {{title: An event, type: {}, start: 2026-03-01{}}}\n",
                rng.pick(TYPES),
                cost(&mut rng)
            );
            text += "learning: [something]\nlinks: {job: why}\napplication:\n";
            for _ in 0..1 + rng.below(2) {
                let done = if rng.chance(50) {
                    format!(", done: {}", rng.day())
                } else {
                    String::new()
                };
                text += &format!(
                    "  - {{text: Use it, kind: apply, due: {}{done}}}\n",
                    rng.day()
                );
            }
            text += &supports(&mut rng);
            text += &follow_ups(&mut rng);
            repo.file(&format!("contracts/2026/{event}.yaml"), text);
        }
    }
    repo.commit("generated");
    repo
}

/// A figure of an aggregate table's row or totals, which must be shown (min_group is 1).
fn shown(cells: &Value) -> Vec<u64> {
    cells
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_u64().unwrap_or_else(|| panic!("withheld: {c}")))
        .collect()
}

/// The figures of an ordinary review, as the aggregate review's tables count them.
fn review_figures(report: &Value) -> Vec<(&'static str, Vec<u64>)> {
    let n = |v: &Value| v.as_u64().unwrap();
    let s = &report["contracts"]["by_status"];
    let follow_through = report["follow_through"].as_array().unwrap();
    let sum = |key: &str| follow_through.iter().map(|f| n(&f[key])).sum::<u64>();
    let len = |key: &str| report[key].as_array().unwrap().len() as u64;
    let m = &report["method_mix"];
    vec![
        (
            "contracts",
            ["draft", "agreed", "active", "closed", "cancelled"]
                .iter()
                .map(|k| n(&s[k]))
                .collect(),
        ),
        (
            "follow_through",
            vec![sum("on_time"), sum("late"), sum("not_done")],
        ),
        (
            "open_items",
            vec![
                len("overdue_follow_ups"),
                len("overdue_applications"),
                len("unmet_supports"),
            ],
        ),
        (
            "method_mix",
            ["formal", "social", "experiential", "other"]
                .iter()
                .map(|k| n(&m[k]))
                .collect(),
        ),
    ]
}

/// Every figure of the aggregate review of `repo` as of `as_of` against the ordinary review: its
/// totals against the whole review's, each team's row against the review of that team, and the
/// spend per currency.
#[track_caller]
fn aggregate_is_the_review_summed(repo: &Repo, as_of: &str) -> usize {
    let aggregate = repo.lc_at(as_of, &["report", "--aggregate", "--format", "json"]);
    assert_eq!(aggregate.code, 0, "{}", aggregate.stderr);
    let aggregate = aggregate.json();
    let report = repo.lc_at(as_of, &["report", "--format", "json"]).json();
    let mut compared = 0;
    let table = |id: &str| {
        aggregate["tables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap_or_else(|| panic!("no table {id}"))
            .clone()
    };
    for (id, figures) in review_figures(&report) {
        let t = table(id);
        assert_eq!(shown(&t["totals"]), figures, "{id} totals as of {as_of}");
        assert_eq!(
            t["total"].as_u64(),
            Some(figures.iter().sum()),
            "{id} grand total"
        );
        compared += figures.len() + 1;
    }
    assert_eq!(
        aggregate["tables"][0]["total"].as_u64(),
        report["contracts"]["total"].as_u64()
    );
    for row in aggregate["tables"][0]["rows"].as_array().unwrap() {
        let team = row["team"].as_str().unwrap();
        if team == "(no team)" {
            continue;
        }
        let by_team = repo
            .lc_at(as_of, &["report", "--team", team, "--format", "json"])
            .json();
        for (id, figures) in review_figures(&by_team) {
            let t = table(id);
            let row = t["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["team"] == team)
                .unwrap();
            assert_eq!(shown(&row["cells"]), figures, "{id} of team {team}");
            compared += figures.len();
        }
    }
    let spend = report["spend"].as_array().unwrap();
    let rows = aggregate["spend"].as_array().unwrap();
    assert_eq!(
        rows.len(),
        spend.len(),
        "currencies: {rows:?} against {spend:?}"
    );
    for (row, s) in rows.iter().zip(spend) {
        assert_eq!(row["currency"], s["currency"]);
        assert_eq!(row["total"], s["total"], "{} spend", s["currency"]);
        assert_eq!(row["application_open"], s["application_open"]);
        compared += 2;
    }
    compared
}

#[test]
fn every_figure_of_the_aggregate_review_is_the_ordinary_reviews_summed() {
    let demo = common::demo();
    demo.file("lc.toml", "[privacy]\nmin_group = 1\n");
    let compared = aggregate_is_the_review_summed(&demo, "2026-09-30");
    assert!(compared > 40, "{compared} figures compared");
    for seed in 1..=8 {
        let repo = generated(seed, 3 + seed as usize);
        for as_of in ["2026-03-31", "2026-09-30", "2026-12-31"] {
            aggregate_is_the_review_summed(&repo, as_of);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A filter that matches nobody.

#[test]
fn a_filter_that_matches_nobody_is_exit_2_everywhere() {
    let repo = common::demo_committed_at("2026-09-30T12:00:00+00:00");
    let out = repo.path().join("reviews");
    let out = out.to_str().unwrap();
    let nobody = "Nobody Here";
    let commands: Vec<Vec<&str>> = vec![
        vec!["calendar", "--owner", nobody],
        vec!["calendar", "--manager", nobody],
        vec!["calendar", "--owner", "Tom Brennan", "--team", "Claims"],
        vec!["list", "--learner", nobody],
        vec!["report", "--manager", nobody],
        vec!["report", "--team", nobody, "--format", "json"],
        vec!["report", "--aggregate", "--learner", nobody],
        vec!["report", "--quarter", "2026Q3", "--manager", nobody],
        vec![
            "report", "--split", "manager", "--out", out, "--team", nobody,
        ],
        vec!["trend", "--manager", nobody],
        vec!["trend", "--aggregate", "--team", nobody],
        vec!["remind", "--dry-run", "--learner", nobody],
    ];
    for args in commands {
        let run = if args.contains(&"--quarter") {
            repo.lc(&args)
        } else {
            repo.lc_at("2026-09-30", &args)
        };
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
        assert_eq!(run.stdout, "", "{args:?} prints nothing");
        assert!(
            run.stderr.contains("`lc list` shows who is there"),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert!(!repo.path().join("reviews").exists());
    // Someone named who owns nothing open gets an empty calendar: that is an answer, not a typo.
    let run = repo.lc_at("2026-09-30", &["calendar", "--owner", "Zoë Ångström"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let someone = repo.lc_at(
        "2026-09-30",
        &["calendar", "--owner", "acme it service desk"],
    );
    assert_eq!(someone.code, 0, "{}", someone.stderr);
    assert_eq!(
        someone.stdout.matches("BEGIN:VTODO").count(),
        1,
        "{}",
        someone.stdout
    );
}

// ---------------------------------------------------------------------------------------------
// `--split`: the index says what its pages hold, and an earlier run's pages do not linger.

fn split(repo: &Repo, by: &str, format: &str, out: &std::path::Path) -> common::Run {
    let run = repo.lc_at(
        "2026-09-30",
        &[
            "report",
            "--split",
            by,
            "--out",
            out.to_str().unwrap(),
            "--format",
            format,
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    run
}

#[test]
fn the_split_index_counts_what_each_page_holds() {
    let repo = common::demo();
    let dir = tempfile::tempdir().unwrap();
    for by in ["manager", "team"] {
        let out = dir.path().join(by);
        split(&repo, by, "json", &out);
        let index: Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("index.json")).unwrap())
                .unwrap();
        let reviews = index["reviews"].as_array().unwrap();
        assert!(reviews.len() >= 3, "{index}");
        let mut counts = Vec::new();
        for r in reviews {
            let page: Value = serde_json::from_str(
                &std::fs::read_to_string(out.join(r["file"].as_str().unwrap())).unwrap(),
            )
            .unwrap();
            assert_eq!(
                r["contracts"], page["contracts"]["total"],
                "{by} {}: the index against its page",
                r[by]
            );
            counts.push((r[by].as_str().unwrap().to_string(), r["contracts"].clone()));
        }
        // Every other format's index says the same numbers.
        let text_out = dir.path().join(format!("{by}-text"));
        split(&repo, by, "table", &text_out);
        let text = std::fs::read_to_string(text_out.join("index.txt")).unwrap();
        for (name, n) in &counts {
            let line = text
                .lines()
                .find(|l| l.starts_with(name.as_str()))
                .unwrap_or_else(|| panic!("{name} in {text}"));
            let n = n.as_u64().unwrap();
            let word = if n == 1 { "contract" } else { "contracts" };
            assert!(line.ends_with(&format!("  {n} {word}")), "{line}");
        }
    }
    // The handed-over job exchange is in Lars Eriksen's review (his items before the handover)
    // and in Maria Keller's; the index counts it for both, as their pages do.
    let index: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("manager/index.json")).unwrap(),
    )
    .unwrap();
    let sum: u64 = index["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["contracts"].as_u64().unwrap())
        .sum();
    let review = repo
        .lc_at("2026-09-30", &["report", "--format", "json"])
        .json();
    assert_eq!(sum, review["contracts"]["total"].as_u64().unwrap() + 1);
}

#[test]
fn split_removes_the_pages_of_an_earlier_run_and_nothing_else() {
    let repo = common::demo();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reviews");
    for format in ["markdown", "html", "csv", "json", "table"] {
        let ext = match format {
            "markdown" => "md",
            "table" => "txt",
            other => other,
        };
        split(&repo, "team", format, &out);
        let sales = out.join(format!("sales.{ext}"));
        assert!(sales.exists());
        // Someone's own files in the directory, one named like a page.
        std::fs::write(out.join(format!("notes.{ext}")), "mine").unwrap();
        std::fs::write(out.join("README"), "mine").unwrap();
        // Sales is renamed: its page of the earlier run has no review any more.
        let moved = Repo::git();
        for entry in walk(repo.path()) {
            let rel = entry
                .strip_prefix(repo.path())
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            if rel.starts_with(".git/") {
                continue;
            }
            let text = std::fs::read(&entry).unwrap();
            let text = String::from_utf8_lossy(&text).replace("team: Sales", "team: Growth");
            moved.file(&rel, text);
        }
        moved.commit("sales is growth");
        let run = split(&moved, "team", format, &out);
        assert!(!sales.exists(), "{format}: the old page is removed");
        assert!(out.join(format!("growth.{ext}")).exists());
        assert!(out.join(format!("claims.{ext}")).exists());
        assert!(
            run.stdout
                .contains("removed 1 page of an earlier run that no longer has a review"),
            "{}",
            run.stdout
        );
        assert_eq!(
            std::fs::read_to_string(out.join(format!("notes.{ext}"))).unwrap(),
            "mine"
        );
        assert_eq!(std::fs::read_to_string(out.join("README")).unwrap(), "mine");
        std::fs::remove_dir_all(&out).unwrap();
    }
}

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
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

// ---------------------------------------------------------------------------------------------
// Outcomes and what happened during a quarter; the contracts of the period under review.

/// `STRATEGIC` with a second objective, `o2`, planned.
fn strategic_with_o2() -> String {
    edit(
        STRATEGIC,
        "supports:\n",
        "  - id: o2\n    text: Coach a new colleague\n    serves: [g1]\n    methods: [{type: coaching}]\n    \
         application: Pair on claims\n    evidence: They work alone by June\n    due: 2026-10-31\n    \
         status: planned\nsupports:\n",
    )
}

/// A record command run as of `as_of`, which must succeed.
#[track_caller]
fn record(repo: &Repo, as_of: &str, args: &[&str]) {
    let run = repo.lc_at(as_of, args);
    assert_eq!(run.code, 0, "{args:?}: {}{}", run.stdout, run.stderr);
}

/// A repo committed at the end of 2026Q2, then a quarter of outcomes recorded with the record
/// commands and committed in August.
fn a_quarter_of_outcomes() -> Repo {
    let repo = Repo::git();
    let draft = "lc: 1\nkind: experience\nid: 2026-09-01-jane-doe-forum\nstatus: draft\n\
                 learner: Jane Doe <jane@example.org>\nmanager: Sam Lee <sam@example.org>\n\
                 strategic: 2026-jane-doe\n\
                 experience: {title: Forum, type: conference, start: 2026-09-01}\n";
    repo.file(STRATEGIC_PATH, strategic_with_o2())
        .file(common::EXPERIENCE_PATH, common::EXPERIENCE)
        .file("contracts/2026/2026-09-01-jane-doe-forum.yaml", draft);
    repo.commit_at("the second quarter", "2026-06-30T12:00:00+00:00");
    let experience = "2026-03-10-jane-doe-claims-workshop";
    record(
        &repo,
        "2026-08-15",
        &["achieve", "2026-jane-doe", "o1", "--on", "2026-08-10"],
    );
    record(
        &repo,
        "2026-08-15",
        &["drop", "2026-jane-doe", "o2", "--reason", "No newcomer"],
    );
    record(
        &repo,
        "2026-08-15",
        &["decline", "2026-jane-doe", "s2", "--reason", "No mentor"],
    );
    record(
        &repo,
        "2026-08-15",
        &[
            "done",
            "2026-jane-doe",
            "follow-up",
            "2",
            "--on",
            "2026-07-02",
        ],
    );
    record(
        &repo,
        "2026-08-15",
        &[
            "done",
            experience,
            "action",
            "1",
            "--on",
            "2026-08-12",
            "--evidence",
            "On the wiki",
        ],
    );
    record(
        &repo,
        "2026-08-15",
        &["cancel", "2026-09-01-jane-doe-forum", "--reason", "Full"],
    );
    repo.commit_at("the third quarter", "2026-08-20T12:00:00+00:00");
    repo
}

#[test]
fn the_quarter_reports_outcomes_declines_and_cancellations_in_every_format() {
    let repo = a_quarter_of_outcomes();
    let json = repo
        .lc(&["report", "--quarter", "2026Q3", "--format", "json"])
        .json();
    let q = &json["during_the_quarter"];
    let ids = |list: &str, key: &str| -> Vec<String> {
        q[list]
            .as_array()
            .unwrap_or_else(|| panic!("no {list} in {q}"))
            .iter()
            .map(|i| i[key].to_string().trim_matches('"').to_string())
            .collect()
    };
    assert_eq!(ids("objectives_achieved", "objective"), ["o1"]);
    assert_eq!(q["objectives_achieved"][0]["on"], "2026-08-10");
    assert_eq!(
        q["objectives_achieved"][0]["text"],
        "Master the new claims rules"
    );
    assert_eq!(ids("objectives_dropped", "objective"), ["o2"]);
    assert_eq!(
        ids("supports_declined", "text"),
        ["Weekly session with the mentor"]
    );
    assert_eq!(ids("actions_done", "done"), ["2026-08-12"]);
    assert_eq!(
        ids("contracts_cancelled", "contract"),
        ["2026-09-01-jane-doe-forum"]
    );
    assert_eq!(ids("follow_ups_done", "done"), ["2026-07-02"]);
    assert_eq!(q["follow_ups_done"][0]["manager"], "Sam Lee");
    // The old keys are all still there.
    for key in [
        "follow_ups_done",
        "supports_provided",
        "contracts_agreed",
        "contracts_closed",
        "follow_through",
    ] {
        assert!(q[key].is_array(), "{key}");
    }
    // The objectives' outcomes as figures of the review.
    assert_eq!(json["line_of_sight"]["achieved"], 1);
    assert_eq!(json["line_of_sight"]["dropped"], 1);
    assert_eq!(json["line_of_sight"]["objectives"], 2);

    let table = repo.lc(&["report", "--quarter", "2026Q3"]).stdout;
    for line in [
        "during 2026Q3: 1 follow-up done, 1 action done, 0 supports provided, 1 declined, 1 objective achieved, 1 dropped, 0 contracts agreed, 0 closed, 1 cancelled",
        "follow-through in the quarter: 0 % on time (0 of 2 due in 2026Q3)",
        "Follow-through by manager, to date (every follow-up due so far)",
        "  Actions done (1)",
        "  Supports declined (1)",
        "  Objectives achieved (1)",
        "  Objectives dropped (1)",
        "  Contracts cancelled (1)",
    ] {
        assert!(table.contains(line), "`{line}` in:\n{table}");
    }
    let markdown = repo
        .lc(&["report", "--quarter", "2026Q3", "--format", "markdown"])
        .stdout;
    for line in [
        "### Objectives achieved\n\n| contract | learner | objective | achieved on |",
        "| 2026-jane-doe | Jane Doe | Master the new claims rules | 2026-08-10 |",
        "### Supports declined\n",
        "### Contracts cancelled\n",
        "- **follow-through in the quarter**: 0 % on time (0 of 2 due in 2026Q3)",
    ] {
        assert!(markdown.contains(line), "`{line}` in:\n{markdown}");
    }
    let csv = repo
        .lc(&["report", "--quarter", "2026Q3", "--format", "csv"])
        .stdout;
    for row in [
        "\"objective achieved in the quarter\",\"2026-jane-doe\",\"contracts/2026/2026-jane-doe.yaml\",\"objectives\",\"0\",\"Jane Doe\",\"Sam Lee\"",
        "\"objective dropped in the quarter\",\"2026-jane-doe\"",
        "\"support declined in the quarter\",\"2026-jane-doe\"",
        "\"action done in the quarter\",\"2026-03-10-jane-doe-claims-workshop\"",
        "\"follow-up done in the quarter\",\"2026-jane-doe\",\"contracts/2026/2026-jane-doe.yaml\",\"follow_ups\",\"1\",\"Jane Doe\",\"Sam Lee\"",
    ] {
        assert!(csv.contains(row), "`{row}` in:\n{csv}");
    }
    let html = repo
        .lc(&["report", "--quarter", "2026Q3", "--format", "html"])
        .stdout;
    for text in [
        "<h3>Objectives achieved <span class=\"count\">1</span></h3>",
        "<h3>Supports declined <span class=\"count\">1</span></h3>",
        "<h3>Contracts cancelled <span class=\"count\">1</span></h3>",
        "<h3>Actions done <span class=\"count\">1</span></h3>",
        "Outcomes so far: <strong>1</strong> achieved (50%), <strong>1</strong> dropped (50%).",
        "Follow-through in the quarter: 0 % on time (0 of 2 due in 2026Q3)",
        "<span class=\"muted\">to date</span>",
    ] {
        assert!(html.contains(text), "`{text}` in the page");
    }
    // The figures of the trend count the outcomes too.
    let trend = repo
        .lc_at(
            "2026-09-30",
            &[
                "trend", "--from", "2026Q3", "--to", "2026Q3", "--format", "json",
            ],
        )
        .json();
    assert_eq!(trend["quarters"][0]["objectives_achieved"], 1, "{trend}");
    assert_eq!(trend["quarters"][0]["objectives_dropped"], 1);
}

/// A 2025 contract of another learner, with `status` and a follow-up never held.
fn last_year(status: &str) -> String {
    format!(
        "lc: 1\nkind: strategic\nid: 2025-bo-li\nstatus: {status}\nlearner: Bo Li <bo@example.org>\n\
         manager: Ann Kay <ann@example.org>\nteam: Sales\nperiod: {{start: 2025-01-01, end: 2025-12-31}}\n\
         agreed: {{learner: 2025-01-10, manager: 2025-01-12}}\ngoals: [{{id: g1, text: More sales}}]\n\
         objectives:\n  - {{id: o1, text: Negotiation, serves: [g1], methods: [{{type: reading, cost: 40 EUR}}], \
         application: a, evidence: e, due: 2025-06-30, status: achieved, achieved_on: 2025-06-01}}\n\
         supports: [{{text: Books, due: 2025-02-01, status: provided, provided_on: 2025-01-20}}]\n\
         follow_ups: [{{due: 2025-04-01, done: 2025-04-01}}, {{due: 2025-11-30}}]\n"
    )
}

#[test]
fn next_periods_drafts_and_last_periods_finished_contracts_are_set_apart() {
    let repo = Repo::git();
    repo.file("lc.toml", "[privacy]\nmin_group = 1\n")
        .file(STRATEGIC_PATH, STRATEGIC)
        .file(common::EXPERIENCE_PATH, common::EXPERIENCE)
        .file("contracts/2025/2025-bo-li.yaml", last_year("closed"));
    repo.commit_at("the third quarter", "2026-09-30T12:00:00+00:00");
    // December: next year's drafts.
    record(
        &repo,
        "2026-12-10",
        &["new", "strategic", "--from", "2026-jane-doe"],
    );
    record(
        &repo,
        "2026-12-10",
        &[
            "new",
            "experience",
            "--strategic",
            "2027-jane-doe",
            "--title",
            "Claims course",
            "--type",
            "course",
            "--start",
            "2027-02-10",
        ],
    );
    repo.commit_at("next year's drafts", "2026-12-15T12:00:00+00:00");

    let q4 = repo
        .lc(&["report", "--quarter", "2026Q4", "--format", "json"])
        .json();
    assert_eq!(q4["contracts"]["total"], 2, "{}", q4["contracts"]);
    assert_eq!(q4["contracts"]["by_status"]["draft"], 0);
    assert_eq!(
        q4["contracts_of_other_periods"],
        serde_json::json!({"earlier": 1, "later": 2})
    );
    let change = &q4["change_against_previous_quarter"]["change"];
    assert_eq!(
        change["contracts"], 0,
        "the drafts do not inflate the count: {change}"
    );
    // The closed 2025 contract's spend and follow-ups are not this period's.
    assert_eq!(
        spend(
            &repo.lc(&["report", "--quarter", "2026Q4", "--format", "json"]),
            "EUR"
        )["total"],
        "2100.00"
    );
    let managers: Vec<&str> = q4["follow_through"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["manager"].as_str().unwrap())
        .collect();
    assert_eq!(managers, ["Sam Lee"]);
    let table = repo.lc(&["report", "--quarter", "2026Q4"]).stdout;
    assert!(
        table.contains(
            "  other periods: 1 of an earlier period (--period 2025), 2 of a later one (--period 2027): not counted\n"
        ),
        "{table}"
    );
    let html = repo
        .lc(&["report", "--quarter", "2026Q4", "--format", "html"])
        .stdout;
    assert!(
        html.contains("Other periods: 1 of an earlier period (--period 2025), 2 of a later one")
    );

    // `--period` reviews the others.
    let total = |args: &[&str]| {
        let mut all = vec!["report", "--as-of", "2026-12-31", "--format", "json"];
        all.extend_from_slice(args);
        repo.lc(&all).json()["contracts"]["total"].as_u64().unwrap()
    };
    assert_eq!(total(&[]), 2);
    assert_eq!(total(&["--period", "current"]), 2);
    assert_eq!(total(&["--period", "2027"]), 2);
    assert_eq!(total(&["--period", "2025"]), 1);
    assert_eq!(total(&["--period", "all"]), 5);
    let bad = repo.lc(&["report", "--period", "next"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("write `current`, `all`, or a year such as `2027`"),
        "{}",
        bad.stderr
    );

    // The trend and the aggregate count the same contracts.
    let trend = repo
        .lc_at(
            "2026-12-31",
            &[
                "trend", "--from", "2026Q3", "--to", "2026Q4", "--format", "json",
            ],
        )
        .json();
    let contracts: Vec<u64> = trend["quarters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["contracts"].as_u64().unwrap())
        .collect();
    assert_eq!(contracts, [2, 2], "{trend}");
    let aggregate = repo
        .lc(&[
            "report",
            "--quarter",
            "2026Q4",
            "--aggregate",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(aggregate["tables"][0]["total"], 2);
    aggregate_is_the_review_summed(&repo, "2026-12-31");
}

#[test]
fn an_earlier_periods_contract_still_open_stays_in_the_review() {
    // Its items are still owed: it is not set apart, and its overdue follow-up is listed.
    let repo = common::valid_repo();
    repo.file("contracts/2025/2025-bo-li.yaml", last_year("active"));
    let run = repo.lc_at("2026-03-01", &["report", "--format", "json"]);
    let json = run.json();
    assert_eq!(json["contracts"]["total"], 3);
    assert_eq!(json["contracts_of_other_periods"]["earlier"], 0);
    let overdue: Vec<&str> = json["overdue_follow_ups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["contract"].as_str().unwrap())
        .collect();
    assert!(overdue.contains(&"2025-bo-li"), "{overdue:?}");
}

// ---------------------------------------------------------------------------------------------
// Small things seen in a year of use.

#[test]
fn a_follow_up_without_notes_is_named_by_its_number_in_due_soon() {
    let repo = common::valid_repo();
    fn args(format: &str) -> Vec<&str> {
        vec!["report", "--as-of", "2026-03-20", "--format", format]
    }
    for (format, named) in [("table", "follow-up #1"), ("markdown", "follow-up \\#1")] {
        let run = repo.lc(&args(format));
        assert!(run.stdout.contains(named), "{format}: {}", run.stdout);
        assert!(
            !run.stdout.contains("follow-up: follow-up"),
            "{format}: {}",
            run.stdout
        );
    }
    let html = repo.lc(&args("html")).stdout;
    assert!(
        html.contains("<span class=\"tag\">follow-up</span> #1"),
        "{html}"
    );
    let json = repo.lc(&args("json")).json();
    let soon = &json["due_soon"][0];
    assert_eq!(
        (soon["list"].as_str(), soon["text"].as_str()),
        (Some("follow_ups"), Some(""))
    );
}

#[test]
fn the_aggregate_shows_the_withheld_mark_as_code_not_backticks() {
    let repo = common::demo();
    let html = repo
        .lc_at("2026-09-30", &["report", "--aggregate", "--format", "html"])
        .stdout;
    assert!(
        html.contains("No names: figures by team. <code>&lt;5</code>: withheld"),
        "{html}"
    );
    assert!(!html.contains('`'), "no backtick in the page");
    let markdown = repo
        .lc_at(
            "2026-09-30",
            &["report", "--aggregate", "--format", "markdown"],
        )
        .stdout;
    assert!(
        markdown.contains("No names: figures by team. `<5`: withheld"),
        "{markdown}"
    );
    let table = repo.lc_at("2026-09-30", &["report", "--aggregate"]).stdout;
    assert!(
        table.contains("No names: figures by team. <5: withheld"),
        "{table}"
    );
}

#[test]
fn the_csv_numbers_items_from_one_in_its_item_column() {
    let repo = common::valid_repo();
    let csv = repo
        .lc(&["report", "--as-of", "2026-10-10", "--format", "csv"])
        .stdout;
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("\"section\",\"contract\",\"file\",\"list\",\"index\",")
            && header.ends_with(",\"status\",\"item\""),
        "{header}"
    );
    let mut seen = 0;
    for line in lines {
        let fields: Vec<&str> = line.trim_matches('"').split("\",\"").collect();
        if fields[4].is_empty() {
            continue; // a figure of Learning after training, not an item
        }
        let index: usize = fields[4].parse().unwrap();
        let item: usize = fields[13].parse().unwrap();
        assert_eq!(item, index + 1, "{line}");
        seen += 1;
    }
    assert!(seen >= 3, "{csv}");
    // The third follow-up is `follow-up 3` to the commands, and `3` in `item`.
    assert!(
        csv.contains(",\"2\",\"Jane Doe\",\"Sam Lee\",\"Sam Lee\",\"Claims\",\"\",\"2026-09-30\""),
        "{csv}"
    );
}

#[test]
fn list_manager_counts_only_that_managers_items_of_a_handed_over_contract() {
    let repo = common::demo();
    let open = |manager: Option<&str>| {
        let mut args = vec!["list", "--format", "json"];
        if let Some(m) = manager {
            args.extend(["--manager", m]);
        }
        let json = repo.lc_at("2026-09-30", &args).json();
        json.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "2026-07-06-noah-fischer-motor-claims-job-exchange")
            .map(|r| r["open_items"].as_u64().unwrap())
    };
    let all = open(None).unwrap();
    let lars = open(Some("Lars Eriksen")).unwrap();
    let maria = open(Some("Maria Keller")).unwrap();
    assert_eq!(lars + maria, all, "each open item is one manager's");
    assert!(
        lars < all,
        "Lars's list counts his own items only: {lars} of {all}"
    );
    // As the review does: his items of that contract are in his review, not Maria's.
    assert_eq!(maria, all);
}
