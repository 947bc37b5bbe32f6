//! The output says exactly what to fix and where, for the mistakes people make editing YAML by
//! hand — one finding per problem, no follow-on noise.

mod common;

use common::{EXPERIENCE, STRATEGIC, edit, line_of, valid_repo};

const S: &str = "contracts/2026/2026-jane-doe.yaml";

fn check(text: &str) -> common::Run {
    let repo = valid_repo();
    repo.file(S, text);
    repo.check_json(&[])
}

/// `(code, line, message, help)` of every finding in the strategic contract.
fn findings(text: &str) -> Vec<(String, u64, String, String)> {
    let run = check(text);
    run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == S)
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
                d["help"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[track_caller]
fn one(text: &str) -> (String, u64, String, String) {
    let all = findings(text);
    assert_eq!(all.len(), 1, "{all:#?}");
    all.into_iter().next().unwrap()
}

#[test]
fn an_empty_value_is_one_missing_field() {
    for empty in ["\"\"", "\"   \"", "|", "~", ""] {
        let text = edit(
            STRATEGIC,
            "    evidence: Error rate under 2 % by the fourth quarter",
            &format!("    evidence: {empty}"),
        );
        let (code, line, message, _) = one(&text);
        assert_eq!(
            (code.as_str(), message.as_str()),
            ("missing-field", "objective `o1` has no `evidence`"),
            "{empty}"
        );
        assert_eq!(line, line_of(&text, "- id: o1"));
    }
    let (code, _, message, _) = one(&edit(
        STRATEGIC,
        "period: {start: 2026-01-01, end: 2026-12-31}",
        "period: {}",
    ));
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("missing-field", "contract has no `period`")
    );
}

#[test]
fn a_misspelt_key_is_not_also_a_missing_field() {
    let text = edit(STRATEGIC, "    evidence:", "    evidance:");
    let (code, line, _, help) = one(&text);
    assert_eq!(
        (code.as_str(), help.as_str()),
        ("unknown-field", "did you mean `evidence`?")
    );
    assert_eq!(line, line_of(&text, "evidance"));
}

#[test]
fn a_field_of_the_other_kind_says_so() {
    let text = edit(STRATEGIC, "team: Claims", "team: Claims\nlearning: [x]");
    let (_, _, message, _) = one(&text);
    assert_eq!(
        message,
        "`learning` belongs in `kind: experience` contracts, not in this one"
    );
}

#[test]
fn an_unreadable_done_is_not_taken_as_not_done() {
    let repo = valid_repo();
    let text = edit(
        STRATEGIC,
        "  - due: 2026-03-31",
        "  - due: 2026-03-31\n    done: yes",
    );
    repo.file(S, &text);
    let run = repo.lc(&["check", "--as-of", "2026-05-01", "--format", "json"]);
    let in_file: Vec<_> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.1 == S)
        .map(|d| (d.0, d.2))
        .collect();
    assert!(
        in_file.contains(&("invalid-value".to_string(), line_of(&text, "done: yes"))),
        "{in_file:?}"
    );
    assert!(
        !in_file
            .iter()
            .any(|d| d.0 == "overdue-follow-up" && d.1 == line_of(&text, "- due: 2026-03-31")),
        "{in_file:?}"
    );
    assert!(
        !in_file.iter().any(|d| d.0 == "missing-follow-up"),
        "{in_file:?}"
    );
}

#[test]
fn items_are_numbered_by_their_place_in_the_list() {
    let repo = valid_repo();
    let text = edit(
        STRATEGIC,
        "follow_ups:\n  - due: 2026-03-31",
        "follow_ups:\n  -\n  - due: 2026-03-31",
    );
    repo.file(S, &text);
    let run = repo.lc(&["check", "--as-of", "2026-05-01", "--format", "json"]);
    let json = run.json();
    let messages: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == S)
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.contains(&"follow-up #1 should be a mapping of fields, not nothing"),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("follow-up #2 was due on 2026-03-31")),
        "{messages:?}"
    );
}

#[test]
fn a_file_whose_status_cannot_be_read_still_gets_the_common_rules() {
    let text = edit(STRATEGIC, "status: active", "status: Active");
    let text = edit(&text, "  - id: s2", "  - id: s1");
    let text = edit(&text, "provided_on: 2026-01-20", "provided_on: 2026-05-20");
    let mut codes: Vec<String> = findings(&text).into_iter().map(|f| f.0).collect();
    codes.sort();
    assert_eq!(codes, ["duplicate-id", "future-date", "invalid-value"]);
    let (_, _, _, help) = findings(&text)
        .into_iter()
        .find(|f| f.0 == "invalid-value")
        .unwrap();
    assert_eq!(help, "did you mean `active`?");
}

#[test]
fn a_file_without_lc_still_counts_for_links() {
    let run = check(&edit(STRATEGIC, "lc: 1\n", ""));
    assert_eq!(
        run.codes(),
        ["unsupported-version"],
        "no dangling link from the experience: {}",
        run.stdout
    );
}

#[test]
fn a_quoted_version_is_explained_and_the_rest_still_checked() {
    let text = edit(STRATEGIC, "lc: 1", "lc: \"1\"");
    let text = edit(&text, "team: Claims", "teem: Claims");
    let all = findings(&text);
    assert_eq!(all.len(), 2, "{all:#?}");
    assert_eq!(all[0].2, "`lc` must be the plain number 1, not `\"1\"`");
    assert_eq!(all[1].0, "unknown-field");
}

#[test]
fn aliases_are_reported_where_they_stand() {
    let text = edit(
        STRATEGIC,
        "  - id: s2\n",
        "  - &twin {id: s9, text: x, owner: coach}\n  - *twin\n  - id: s2\n",
    );
    let all = findings(&text);
    let dangling: Vec<u64> = all
        .iter()
        .filter(|f| f.0 == "dangling-reference")
        .map(|f| f.1)
        .collect();
    assert_eq!(
        dangling,
        [line_of(&text, "&twin"), line_of(&text, "*twin")],
        "{all:#?}"
    );
    let duplicate = all
        .iter()
        .find(|f| f.0 == "duplicate-id")
        .expect("the copy's id is a duplicate");
    assert_eq!(duplicate.1, line_of(&text, "*twin"));
}

#[test]
fn syntax_errors_say_what_to_do() {
    let cases = [
        (
            "    evidence: Error rate under 2 % by the fourth quarter",
            "    evidence: Target: under 2 %",
            "must be quoted",
        ),
        ("team: Claims", "team:\tClaims", "a tab is not accepted"),
        (
            "team: Claims",
            "team: \"Claims\" North",
            "quote the whole text or none of it",
        ),
    ];
    for (from, to, needle) in cases {
        let (code, _, _, help) = one(&edit(STRATEGIC, from, to));
        assert_eq!(code, "yaml-syntax", "{to}");
        assert!(help.contains(needle), "{to}: {help}");
    }
}

#[test]
fn values_written_another_way_get_the_right_spelling() {
    let cases = [
        ("due: 2026-06-30", "due: 30.06.2026", "write `2026-06-30`"),
        ("due: 2026-06-30", "due: 2026/6/30", "write `2026-06-30`"),
        ("cost: 1200 EUR", "cost: €1200", "`1200 EUR`"),
        ("cost: 1200 EUR", "cost: EUR 1200", "`1200 EUR`"),
        ("cost: 1200 EUR", "cost: 1,200 EUR", "`1200 EUR`"),
        ("owner: mentor", "owner: Mentor", "write `mentor`"),
        (
            "learner: Jane Doe <jane@example.org>",
            "learner: Jane Doe jane@example.org",
            "`Jane Doe <jane@example.org>`",
        ),
        (
            "status: in-progress",
            "status: in progress",
            "did you mean `in-progress`?",
        ),
    ];
    for (from, to, needle) in cases {
        let (code, line, message, help) = one(&edit(STRATEGIC, from, to));
        assert_eq!(code, "invalid-value", "{to}");
        assert_eq!(line, line_of(&edit(STRATEGIC, from, to), to.trim()), "{to}");
        assert!(
            message.contains(needle) || help.contains(needle),
            "{to}: {message} / {help}"
        );
    }
}

#[test]
fn an_experience_without_an_end_says_it_counts_from_the_start() {
    let repo = valid_repo();
    let text = edit(EXPERIENCE, "  end: 2026-03-11\n", "");
    let text = edit(&text, "  - due: 2026-04-01", "  - due: 2026-05-01");
    repo.file(
        "contracts/2026/2026-03-10-jane-doe-claims-workshop.yaml",
        &text,
    );
    let run = repo.check_json(&[]);
    let message = run.only("missing-follow-up")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("starts (it has no end date) on 2026-03-10"),
        "{message}"
    );
}
