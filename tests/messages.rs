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

/// The text in the last pair of backticks of a help: the corrected line or value it gives.
fn last_quoted(help: &str) -> &str {
    let end = help.rfind('`').expect("a quoted fix");
    let start = help[..end].rfind('`').expect("a quoted fix");
    &help[start + 1..end]
}

/// `text` with line `line` (1-based) replaced by `by`.
fn replace_line(text: &str, line: u64, by: &str) -> String {
    let mut lines: Vec<&str> = text.split('\n').collect();
    lines[line as usize - 1] = by;
    lines.join("\n")
}

/// Checks `text` as the strategic contract: its one finding is a `code` on the line holding
/// `needle`; the help's last quoted text, put in place of that line, gives a repo with no
/// finding at all (the experience that links the contract included).
#[track_caller]
fn advice_fixes_the_line(text: &str, code: &str, needle: &str) -> (String, String) {
    let run = check(text);
    let all = run.diagnostics();
    assert_eq!(
        all.len(),
        1,
        "one finding, no dangling link: {}",
        run.stdout
    );
    let (found_code, message, help) = {
        let (code, line, message, help) = one(text);
        assert_eq!(line, line_of(text, needle), "{message}");
        (code, message, help)
    };
    assert_eq!(found_code, code, "{message}");
    let fixed = replace_line(text, line_of(text, needle), last_quoted(&help));
    let run = check(&fixed);
    assert_eq!(run.codes(), Vec::<String>::new(), "{fixed}\n{}", run.stdout);
    (message, help)
}

#[test]
fn one_space_too_many_before_metric_is_indentation() {
    let text = edit(STRATEGIC, "    metric: {", "     metric: {");
    let (message, help) = advice_fixes_the_line(&text, "yaml-syntax", "metric:");
    assert!(
        message.contains("indented 1 space more than `text:`"),
        "{message}"
    );
    assert!(!help.contains("quoted"), "{help}");
    // The same with the metric written as a block.
    let text = edit(
        STRATEGIC,
        "    metric: {name: claim error rate, baseline: 4.2 %, target: 2 %}",
        "     metric:\n      name: claim error rate\n      baseline: 4.2 %\n      target: 2 %",
    );
    advice_fixes_the_line(&text, "yaml-syntax", "metric:");
}

#[test]
fn a_key_indented_too_little_says_so() {
    let text = edit(STRATEGIC, "    metric: {", "   metric: {");
    let (message, _) = advice_fixes_the_line(&text, "yaml-syntax", "metric:");
    assert!(message.contains("1 space less than `text:`"), "{message}");
}

#[test]
fn a_missing_dash_before_an_item() {
    // In a list of texts, lined up with the text of the item above.
    let repo = valid_repo();
    let text = edit(
        EXPERIENCE,
        "  - The new claims rules\n",
        "  - The new claims rules\n    Fraud signals: what to look for\n",
    );
    let path = "contracts/2026/2026-03-10-jane-doe-claims-workshop.yaml";
    repo.file(path, &text);
    let run = repo.check_json(&[]);
    let d = run.only("yaml-syntax");
    assert_eq!(run.codes().len(), 1, "no dangling link: {}", run.stdout);
    assert_eq!(d["line"], line_of(&text, "Fraud signals"));
    let help = d["help"].as_str().unwrap();
    assert!(!d["message"].as_str().unwrap().contains("quoted"), "{d}");
    repo.file(
        path,
        replace_line(&text, line_of(&text, "Fraud signals"), last_quoted(help)),
    );
    assert_eq!(repo.check_json(&[]).codes(), Vec::<String>::new());
    // In a list of mappings, lined up with the `-` of the items.
    let text = edit(STRATEGIC, "  - id: s2\n", "  id: s2\n");
    let (message, _) = advice_fixes_the_line(&text, "yaml-syntax", "id: s2");
    assert!(message.contains("has no `- `"), "{message}");
    // Lined up with the keys of the item above: one finding, not one per repeated key.
    let text = edit(STRATEGIC, "  - id: s2\n", "    id: s2\n");
    let (message, _) = advice_fixes_the_line(&text, "yaml-syntax", "id: s2");
    assert!(message.contains("another item"), "{message}");
}

#[test]
fn a_tab_is_reported_on_its_own_line() {
    // The user's file: the tab on line 83, which the parser blames on line 82.
    let mut text = STRATEGIC.to_string();
    let mut i = 0;
    while text.lines().count() < 82 {
        text += &format!("  - due: 2027-{:02}-{:02}\n", 1 + i / 28, 1 + i % 28);
        i += 1;
    }
    let text = format!("{text}\t- due: 2028-01-15\n");
    assert_eq!(line_of(&text, "\t"), 83);
    let (message, help) = advice_fixes_the_line(&text, "yaml-syntax", "\t");
    assert!(message.contains("tab"), "{message}");
    assert!(help.contains("2 spaces"), "{help}");
    // A tab instead of the spaces of a key's indentation.
    let text = edit(STRATEGIC, "    owner: mentor\n", "\towner: mentor\n");
    advice_fixes_the_line(&text, "yaml-syntax", "\towner");
}

#[test]
fn an_apostrophe_inside_single_quotes() {
    let text = edit(
        STRATEGIC,
        "    text: Weekly session with the mentor",
        "    text: 'Weekly session with Renée's team'",
    );
    let (message, help) = advice_fixes_the_line(&text, "yaml-syntax", "Renée");
    assert!(!message.contains("double-quoted"), "{message}");
    assert!(help.contains("Renée''s"), "{help}");
    assert!(
        help.contains("\"Weekly session with Renée's team\""),
        "{help}"
    );
    // The other way offered, `''`, fixes it too.
    let doubled = replace_line(
        &text,
        line_of(&text, "Renée"),
        "    text: 'Weekly session with Renée''s team'",
    );
    assert!(help.contains(doubled.lines().nth(38).unwrap()), "{help}");
    assert_eq!(check(&doubled).codes(), Vec::<String>::new());
}

#[test]
fn money_with_a_thousands_dot_suggests_what_the_next_run_accepts() {
    let text = edit(STRATEGIC, "cost: 1200 EUR", "cost: €1.200");
    let (code, line, message, _) = one(&text);
    assert_eq!(
        (code.as_str(), line),
        ("invalid-value", line_of(&text, "€1.200"))
    );
    assert!(message.contains("write `1200 EUR`"), "{message}");
    let fixed = edit(&text, "€1.200", last_quoted(&message));
    assert_eq!(check(&fixed).codes(), Vec::<String>::new());
    // When the amount is not certain, nothing is suggested.
    let (_, _, message, _) = one(&edit(STRATEGIC, "cost: 1200 EUR", "cost: €1.2345"));
    assert!(!message.contains("write `"), "{message}");
}

#[test]
fn a_comma_inside_braces_is_named() {
    let text = edit(
        STRATEGIC,
        "      - type: course\n        cost: 1200 EUR\n",
        "      - {type: course, cost: 1,200 EUR}\n",
    );
    let (code, line, message, help) = one(&text);
    assert_eq!(
        (code.as_str(), line),
        ("unknown-field", line_of(&text, "1,200"))
    );
    assert!(message.contains("comma"), "{message}");
    let fixed = edit(&text, "cost: 1,200 EUR", last_quoted(&help));
    assert_eq!(check(&fixed).codes(), Vec::<String>::new(), "{help}");
    // Text is quoted instead.
    let text = edit(
        STRATEGIC,
        "  - due: 2026-06-30\n",
        "  - {due: 2026-06-30, notes: Tuesdays,Thursdays}\n",
    );
    let (_, _, message, help) = one(&text);
    assert!(message.contains("comma"), "{message}");
    let fixed = edit(&text, "notes: Tuesdays,Thursdays", last_quoted(&help));
    assert_eq!(check(&fixed).codes(), Vec::<String>::new(), "{help}");
}
