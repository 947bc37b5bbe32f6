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
