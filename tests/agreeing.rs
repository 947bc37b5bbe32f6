//! Agreeing a draft: `lc check --ready` lists what agreement needs, exactly what `lc agree`
//! refuses for, and `lc agree --by both` records both parties at once.

mod common;

use common::{EXPERIENCE, Repo, STRATEGIC, STRATEGIC_PATH, edit, line_of};

/// A draft, complete enough to be agreed, with no `agreed` yet.
fn draft() -> String {
    let text = edit(STRATEGIC, "status: active", "status: draft");
    edit(
        &text,
        "agreed: {learner: 2026-01-10, manager: 2026-01-11}\n",
        "",
    )
}

/// The draft without the objective's `evidence` and the first support's `due`: both are only
/// required once the contract is agreed.
fn unfinished() -> String {
    let text = edit(
        &draft(),
        "    evidence: Error rate under 2 % by the fourth quarter\n",
        "",
    );
    edit(&text, "    due: 2026-02-01\n", "")
}

fn repo(strategic: &str) -> Repo {
    common::committed(strategic, EXPERIENCE)
}

#[test]
fn check_ready_lists_what_agreement_needs_and_agree_refuses_for_the_same() {
    let text = unfinished();
    let repo = repo(&text);
    // The ordinary check passes a draft that is not finished: it is still under discussion.
    let plain = repo.lc_at("2026-03-01", &["check", STRATEGIC_PATH]);
    assert_eq!(plain.code, 0, "{}", plain.stdout);
    assert!(plain.stdout.contains("0 errors"), "{}", plain.stdout);

    let ready = repo.lc_at(
        "2026-03-01",
        &["check", "--ready", "--format", "json", STRATEGIC_PATH],
    );
    assert_eq!(ready.code, 1, "{}", ready.stdout);
    let found: Vec<(String, u64, String)> = ready.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let objective = line_of(&text, "  - id: o1");
    let support = line_of(&text, "  - id: s1");
    assert_eq!(
        found,
        [
            (
                "missing-field".to_string(),
                objective,
                "objective `o1` has no `evidence`".to_string()
            ),
            (
                "missing-field".to_string(),
                support,
                "support `s1` has no `due`".to_string()
            ),
        ]
    );
    let human = repo.lc_at("2026-03-01", &["check", "--ready", STRATEGIC_PATH]);
    assert!(human.stdout.contains("2 errors"), "{}", human.stdout);
    assert!(
        human
            .stdout
            .contains("help: say how you will know the learning was worth it"),
        "{}",
        human.stdout
    );

    let agree = repo.lc_at("2026-03-01", &["agree", "2026-jane-doe", "--by", "both"]);
    assert_eq!(agree.code, 1, "{}", agree.stderr);
    assert!(
        agree.stderr.contains(&format!(
            "  line {objective}: objective `o1` has no `evidence` [missing-field]\n  line {support}: support `s1` has no `due` [missing-field]\n"
        )),
        "{}",
        agree.stderr
    );
    assert!(
        agree
            .stderr
            .contains(&format!("`lc check --ready {STRATEGIC_PATH}`")),
        "{}",
        agree.stderr
    );
    assert_eq!(repo.read(STRATEGIC_PATH), text, "a refusal writes nothing");
}

#[test]
fn a_ready_draft_is_named_with_the_command_that_agrees_it_and_agree_by_both_does() {
    let repo = repo(&draft());
    let ready = repo.lc_at("2026-03-01", &["check", "--ready"]);
    assert_eq!(ready.code, 0, "{}{}", ready.stdout, ready.stderr);
    assert!(
        ready.stderr.contains(
            "note: `2026-jane-doe` is ready to be agreed: `lc agree 2026-jane-doe --by both`"
        ),
        "{}",
        ready.stderr
    );
    // Contracts already agreed are not drafts: nothing is said of them.
    assert!(
        !ready.stderr.contains("claims-workshop"),
        "{}",
        ready.stderr
    );

    let run = repo.lc_at(
        "2026-03-01",
        &[
            "agree",
            "2026-jane-doe",
            "--by",
            "both",
            "--on",
            "2026-01-11",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().next().unwrap(),
        "2026-jane-doe: agreed by the learner on 2026-01-11, agreed by the manager on 2026-01-11, agreed by both (status agreed) (staged)"
    );
    let text = repo.read(STRATEGIC_PATH);
    assert!(text.contains("status: agreed\n"), "{text}");
    assert!(
        text.ends_with("agreed:\n  learner: 2026-01-11\n  manager: 2026-01-11\n"),
        "{text}"
    );
    // Again: already recorded, nothing to change.
    let again = repo.lc_at(
        "2026-03-01",
        &[
            "agree",
            "2026-jane-doe",
            "--by",
            "both",
            "--on",
            "2026-01-11",
        ],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again
            .stderr
            .contains("the learner already agreed on 2026-01-11; nothing to change"),
        "{}",
        again.stderr
    );
    assert_eq!(repo.read(STRATEGIC_PATH), text);
}

#[test]
fn agree_by_both_is_refused_whole_when_one_party_agreed_on_another_day() {
    let text = format!("{}agreed:\n  learner: 2026-01-05\n", draft());
    let repo = repo(&text);
    let run = repo.lc_at(
        "2026-03-01",
        &[
            "agree",
            "2026-jane-doe",
            "--by",
            "both",
            "--on",
            "2026-01-11",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the learner is already recorded as agreeing on 2026-01-05, not 2026-01-11"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.read(STRATEGIC_PATH), text);
    // `--ready` keeps the day already recorded, and finds nothing missing.
    let ready = repo.lc_at("2026-03-01", &["check", "--ready"]);
    assert_eq!(ready.code, 0, "{}", ready.stdout);
    assert!(
        ready.stderr.contains("is ready to be agreed"),
        "{}",
        ready.stderr
    );
}

#[test]
fn the_templates_promise_holds_check_ready_and_the_refusal_list_the_same_findings() {
    let repo = Repo::git();
    repo.commit_at("empty", "2026-01-05T10:00:00+00:00");
    let new = repo.lc_at(
        "2026-01-05",
        &[
            "new",
            "strategic",
            "--learner",
            "Kim Park <kim@example.org>",
            "--manager",
            "Sam Lee <sam@example.org>",
        ],
    );
    assert_eq!(new.code, 0, "{}", new.stderr);
    let rel = "contracts/2026/2026-kim-park.yaml";
    let text = repo.read(rel);
    assert!(
        text.contains("then run `lc check --ready`: it says what is\n# still missing before the contract can be agreed."),
        "{text}"
    );
    assert_eq!(repo.lc_at("2026-01-05", &["check"]).code, 0);
    let ready = repo.lc_at("2026-01-05", &["check", "--ready", "--format", "json"]);
    assert_eq!(ready.code, 1);
    let listed: Vec<String> = ready.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "  line {}: {} [{}]",
                d["line"],
                d["message"].as_str().unwrap(),
                d["code"].as_str().unwrap()
            )
        })
        .collect();
    assert!(listed.len() >= 3, "{listed:?}");
    let agree = repo.lc_at("2026-01-05", &["agree", "2026-kim-park", "--by", "both"]);
    assert_eq!(agree.code, 1);
    let refused: Vec<&str> = agree
        .stderr
        .lines()
        .filter(|l| l.starts_with("  line "))
        .collect();
    assert_eq!(refused, listed);
    assert!(
        agree.stderr.contains(&format!("`lc check --ready {rel}`")),
        "{}",
        agree.stderr
    );
    assert_eq!(repo.read(rel), text);
}
