//! Every diagnostic code of cli.md, triggered through the binary, at the line it names.

mod common;

use common::{EXPERIENCE, Repo, STRATEGIC, edit, line_of, valid_repo};

const S: &str = "contracts/2026/2026-jane-doe.yaml";
const E: &str = "contracts/2026/2026-03-10-jane-doe-claims-workshop.yaml";

/// Runs the check with one file replaced and returns `(code, file, line)` of every finding.
fn check_with(path: &str, text: &str) -> common::Run {
    let repo = valid_repo();
    repo.file(path, text);
    repo.check_json(&[])
}

#[track_caller]
fn assert_finding(run: &common::Run, code: &str, file: &str, line: u64) {
    let all = run.diagnostics();
    assert!(
        all.iter()
            .any(|d| d.0 == code && d.1 == file && d.2 == line),
        "no `{code}` at {file}:{line} in {all:?}"
    );
}

#[test]
fn the_valid_contracts_give_nothing() {
    let run = valid_repo().check_json(&[]);
    assert_eq!(run.codes(), Vec::<String>::new(), "{}", run.stdout);
    assert_eq!(run.code, 0);
    assert_eq!(run.json()["contracts"], 2);
}

#[test]
fn yaml_syntax() {
    let text = edit(STRATEGIC, "team: Claims", "team: [Claims");
    let run = check_with(S, &text);
    let in_file: Vec<_> = run.diagnostics().into_iter().filter(|d| d.1 == S).collect();
    assert_eq!(
        in_file,
        [(
            "yaml-syntax".to_string(),
            S.to_string(),
            line_of(&text, "partners:")
        )]
    );
    assert_eq!(run.code, 1);
}

#[test]
fn yaml_syntax_duplicate_key_names_both_lines_and_the_rest_is_still_checked() {
    let text = edit(
        STRATEGIC,
        "team: Claims",
        "team: Claims\nteam: Sales\nbudget: 3",
    );
    let run = check_with(S, &text);
    assert_finding(&run, "yaml-syntax", S, line_of(&text, "team: Sales"));
    assert!(
        run.only("yaml-syntax")["message"]
            .as_str()
            .unwrap()
            .contains("first at line 7")
    );
    assert_finding(&run, "unknown-field", S, line_of(&text, "budget"));
}

#[test]
fn yaml_syntax_several_documents() {
    let text = format!("{STRATEGIC}---\n{STRATEGIC}");
    let run = check_with(S, &text);
    assert_finding(&run, "yaml-syntax", S, line_of(&text, "---"));
    assert!(
        run.only("yaml-syntax")["message"]
            .as_str()
            .unwrap()
            .contains("several")
    );
}

#[test]
fn unsupported_version() {
    let run = check_with(S, &edit(STRATEGIC, "lc: 1", "lc: 2"));
    assert_finding(&run, "unsupported-version", S, 1);
    let text = edit(STRATEGIC, "lc: 1\n", "");
    let run = check_with(S, &format!("# Jane's contract\n{text}"));
    assert_finding(&run, "unsupported-version", S, 1);
}

#[test]
fn missing_field_in_an_item_points_at_its_first_key() {
    let text = edit(
        STRATEGIC,
        "    evidence: Error rate under 2 % by the fourth quarter\n",
        "",
    );
    let run = check_with(S, &text);
    let d = run.only("missing-field");
    assert_eq!(d["line"], line_of(&text, "- id: o1"));
    assert_eq!(d["column"], 5);
    assert_eq!(d["message"], "objective `o1` has no `evidence`");
    assert_eq!(d["help"], "say how you will know the learning was worth it");
}

#[test]
fn missing_top_level_field_is_at_line_one() {
    let text = edit(STRATEGIC, "manager: Sam Lee <sam@example.org>\n", "");
    let run = check_with(S, &text);
    let d = run.only("missing-field");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(d["message"], "contract has no `manager`");
}

#[test]
fn missing_field_depends_on_status() {
    let text = edit(STRATEGIC, "    due: 2026-06-30\n", "");
    assert_eq!(check_with(S, &text).codes(), ["missing-field"]);
    let draft = edit(&text, "status: active", "status: draft");
    let run = check_with(S, &draft);
    assert!(
        !run.codes().contains(&"missing-field".to_string()),
        "{}",
        run.stdout
    );
}

#[test]
fn unknown_field_suggests_the_nearest_key() {
    let text = edit(STRATEGIC, "follow_ups:", "folow_ups:");
    let run = check_with(S, &text);
    let d = run.only("unknown-field");
    assert_eq!(d["line"], line_of(&text, "folow_ups:"));
    assert_eq!(d["help"], "did you mean `follow_ups`?");
}

#[test]
fn invalid_value() {
    let text = edit(STRATEGIC, "due: 2026-06-30", "due: 30.06.2026");
    let run = check_with(S, &text);
    let d = run.only("invalid-value");
    assert_eq!(d["line"], line_of(&text, "30.06.2026"));
    assert_eq!(d["column"], 10);
}

#[test]
fn invalid_values_of_every_scalar_type() {
    let cases = [
        ("id: 2026-jane-doe", "id: 2026_Jane"),
        (
            "learner: Jane Doe <jane@example.org>",
            "learner: Jane Doe <jane>",
        ),
        ("owner: mentor", "owner: boss"),
        ("cost: 1200 EUR", "cost: 1200 euros"),
        ("status: in-progress", "status: ongoing"),
        ("type: course", "type: lecture"),
        ("phase: during", "phase: later"),
        ("serves: [g1]", "serves: g1"),
        ("team: Claims", "team: [Claims, Sales]"),
        ("role: mentor", "role: guru"),
    ];
    for (from, to) in cases {
        let text = edit(STRATEGIC, from, to);
        let run = check_with(S, &text);
        let d = run.only("invalid-value");
        assert_eq!(d["line"], line_of(&text, to), "{to}");
    }
    let text = edit(EXPERIENCE, "hours: 14", "hours: '14'");
    assert_finding(
        &check_with(E, &text),
        "invalid-value",
        E,
        line_of(&text, "hours:"),
    );
}

#[test]
fn duplicate_contract_id_names_the_first_file() {
    let repo = valid_repo();
    repo.file("contracts/2026/zz-copy.yaml", STRATEGIC);
    let run = repo.check_json(&[]);
    let d = run.only("duplicate-id");
    assert_eq!(d["file"], "contracts/2026/zz-copy.yaml");
    assert_eq!(d["line"], 3);
    assert_eq!(
        d["message"],
        format!("contract id `2026-jane-doe` is already used by {S}:3")
    );
}

#[test]
fn duplicate_item_id() {
    let text = edit(STRATEGIC, "  - id: s2", "  - id: s1");
    let run = check_with(S, &text);
    let d = run.only("duplicate-id");
    assert_eq!(d["line"], line_of(&text, "Weekly session") - 1);
    assert!(d["message"].as_str().unwrap().contains("first at line"));
}

#[test]
fn dangling_references() {
    let text = edit(STRATEGIC, "serves: [g1]", "serves: [g9]");
    assert_finding(
        &check_with(S, &text),
        "dangling-reference",
        S,
        line_of(&text, "serves"),
    );
    let text = edit(STRATEGIC, "for: [o1]", "for: [o7]");
    assert_finding(
        &check_with(S, &text),
        "dangling-reference",
        S,
        line_of(&text, "for:"),
    );
    let text = edit(
        EXPERIENCE,
        "strategic: 2026-jane-doe",
        "strategic: 2026-nobody",
    );
    assert_finding(
        &check_with(E, &text),
        "dangling-reference",
        E,
        line_of(&text, "strategic:"),
    );
    let text = edit(
        STRATEGIC,
        "experience: 2026-03-10-jane-doe-claims-workshop",
        "experience: 2026-jane-doe",
    );
    assert_finding(
        &check_with(S, &text),
        "dangling-reference",
        S,
        line_of(&text, "experience: 2026"),
    );
    let text = edit(STRATEGIC, "    owner: mentor", "    owner: coach");
    let run = check_with(S, &text);
    assert_finding(
        &run,
        "dangling-reference",
        S,
        line_of(&text, "owner: coach"),
    );
    assert!(
        run.only("dangling-reference")["message"]
            .as_str()
            .unwrap()
            .contains("no partner with role `coach`")
    );
}

#[test]
fn learner_mismatch() {
    let text = edit(
        EXPERIENCE,
        "learner: Jane Doe <jane@example.org>",
        "learner: John Roe <john@example.org>",
    );
    let run = check_with(E, &text);
    assert_finding(&run, "learner-mismatch", E, line_of(&text, "strategic:"));
    // The same email with another spelling of the name is the same learner.
    let text = edit(
        EXPERIENCE,
        "learner: Jane Doe <jane@example.org>",
        "learner: Jane M. Doe <jane@example.org>",
    );
    assert!(check_with(E, &text).codes().is_empty());
}

#[test]
fn date_order_at_the_end_value() {
    let text = edit(STRATEGIC, "end: 2026-12-31}", "end: 2025-12-31}");
    let run = check_with(S, &text);
    let d = run.only("date-order");
    assert_eq!(d["line"], line_of(&text, "period:"));
    assert_eq!(d["column"], 34);
    let text = edit(EXPERIENCE, "  end: 2026-03-11", "  end: 2026-03-09");
    assert_finding(
        &check_with(E, &text),
        "date-order",
        E,
        line_of(&text, "end: 2026-03-09"),
    );
}

#[test]
fn future_date_in_every_status() {
    for status in ["draft", "active", "closed", "cancelled"] {
        let text = edit(
            STRATEGIC,
            "provided_on: 2026-01-20",
            "provided_on: 2026-05-20",
        );
        let text = edit(&text, "status: active", &format!("status: {status}"));
        assert_finding(
            &check_with(S, &text),
            "future-date",
            S,
            line_of(&text, "provided_on"),
        );
    }
    let text = edit(
        STRATEGIC,
        "  - due: 2026-03-31",
        "  - due: 2026-03-31\n    done: 2026-03-02",
    );
    assert_finding(
        &check_with(S, &text),
        "future-date",
        S,
        line_of(&text, "done:"),
    );
}

#[test]
fn missing_follow_up_for_an_experience() {
    let text = edit(EXPERIENCE, "  - due: 2026-04-01", "  - due: 2026-05-01");
    let run = check_with(E, &text);
    let d = run.only("missing-follow-up");
    assert_eq!(d["line"], line_of(&text, "follow_ups:"));
    assert_eq!(d["severity"], "warning");
    assert_eq!(run.code, 0);
}

/// The experience without its two transfer check-ins (90 and 180 days after it ends).
fn without_check_ins() -> String {
    edit(EXPERIENCE, "  - due: 2026-06-09\n  - due: 2026-09-07\n", "")
}

#[test]
fn missing_transfer_checkin_at_the_follow_ups_key_with_the_command_that_books_it() {
    let text = without_check_ins();
    let run = check_with(E, &text);
    let found: Vec<_> = run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "missing-transfer-checkin")
        .cloned()
        .collect();
    assert_eq!(found.len(), 2, "one per check-in day: {}", run.stdout);
    for (d, day, days) in [
        (&found[0], "2026-06-09", 90),
        (&found[1], "2026-09-07", 180),
    ] {
        assert_eq!(d["line"], line_of(&text, "follow_ups:"));
        assert_eq!(d["column"], 1);
        assert_eq!(d["severity"], "warning");
        assert_eq!(
            d["message"],
            format!(
                "no follow-up is due within 30 days of {day}, {days} days after the experience ends on 2026-03-11: nobody will ask whether the learning is being used"
            )
        );
        assert_eq!(
            d["help"],
            format!(
                "book the check-in: `lc follow-up add 2026-03-10-jane-doe-claims-workshop --due {day}` (lc.toml: `transfer_checkins`)"
            )
        );
        assert_eq!(
            d["fix"],
            serde_json::json!({"kind": "add_follow_up", "due": day})
        );
    }
    assert_eq!(run.code, 0, "a warning");
}

#[test]
fn missing_transfer_checkin_counts_30_days_either_side_and_only_standing_experiences() {
    let codes = |text: &str, toml: Option<&str>| {
        let repo = valid_repo();
        repo.file(E, text);
        if let Some(toml) = toml {
            repo.file("lc.toml", toml);
        }
        repo.check_json(&[])
            .codes()
            .into_iter()
            .filter(|c| c == "missing-transfer-checkin")
            .count()
    };
    let text = without_check_ins();
    // 30 days before the 90-day day and 30 after the 180-day day count; 31 do not.
    let near = edit(
        &text,
        "  - due: 2026-04-01\n",
        "  - due: 2026-04-01\n  - due: 2026-05-10\n  - due: 2026-10-07\n",
    );
    assert_eq!(codes(&near, None), 0);
    let far = edit(
        &text,
        "  - due: 2026-04-01\n",
        "  - due: 2026-04-01\n  - due: 2026-05-09\n  - due: 2026-10-08\n",
    );
    assert_eq!(codes(&far, None), 2);
    // Agreed and closed count; a draft or a cancelled contract does not.
    for (status, expected) in [("agreed", 2), ("closed", 2), ("draft", 0), ("cancelled", 0)] {
        let text = edit(&text, "status: active", &format!("status: {status}"));
        assert_eq!(codes(&text, None), expected, "{status}");
    }
    // Without an end, the days count from the start.
    let no_end = edit(&text, "  end: 2026-03-11\n", "");
    let run = check_with(E, &no_end);
    let messages: Vec<String> = run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "missing-transfer-checkin")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        messages[0].contains(
            "2026-06-08, 90 days after the experience starts (it has no end date) on 2026-03-10"
        ),
        "{messages:?}"
    );
    // The policy decides the days; `[]` asks for none.
    assert_eq!(codes(&text, Some("[policy]\ntransfer_checkins = []\n")), 0);
    assert_eq!(
        codes(&text, Some("[policy]\ntransfer_checkins = [365]\n")),
        1
    );
    // Without a `follow_ups` key, the finding is at the contract's first key.
    let (head, _) = EXPERIENCE.split_once("follow_ups:").unwrap();
    let run = check_with(E, head);
    let lines: Vec<u64> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.0 == "missing-transfer-checkin")
        .map(|d| d.2)
        .collect();
    assert_eq!(lines, [1, 1]);
}

#[test]
fn applied_and_evidence_are_only_for_the_follow_ups_of_experience_contracts() {
    let text = edit(
        STRATEGIC,
        "  - due: 2026-03-31\n",
        "  - due: 2026-03-31\n    applied: partly\n",
    );
    let run = check_with(S, &text);
    let d = run.only("unknown-field");
    assert_eq!(d["line"], line_of(&text, "applied: partly"));
    assert_eq!(
        d["message"],
        "`applied` is only used in experience contracts"
    );
    let text = edit(
        EXPERIENCE,
        "  - due: 2026-06-09\n",
        "  - due: 2026-06-09\n    applied: sometimes\n",
    );
    let d = check_with(E, &text).only("invalid-value");
    assert_eq!(d["line"], line_of(&text, "applied: sometimes"));
    let text = edit(
        EXPERIENCE,
        "  - due: 2026-06-09\n",
        "  - due: 2026-06-09\n    done: 2026-02-20\n    applied: fully\n    evidence: Uses the checklist\n",
    );
    assert_eq!(check_with(E, &text).codes(), Vec::<String>::new());
}

#[test]
fn missing_follow_up_gap_in_a_strategic_contract() {
    let text = edit(STRATEGIC, "  - due: 2026-06-30\n", "");
    assert_finding(
        &check_with(S, &text),
        "missing-follow-up",
        S,
        line_of(&text, "follow_ups:"),
    );
    let (head, _) = STRATEGIC.split_once("follow_ups:").unwrap();
    let run = check_with(S, head);
    assert_finding(&run, "missing-follow-up", S, 1);
}

#[test]
fn closed_with_open_items_once_at_the_status() {
    let text = edit(STRATEGIC, "status: active", "status: closed");
    let run = check_with(S, &text);
    let d = run.only("closed-with-open-items");
    assert_eq!(d["line"], 4);
    assert_eq!(d["column"], 9);
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("4 open follow-ups, 1 needed support"),
        "{d}"
    );
}

#[test]
fn overdue_follow_up_application_and_unmet_support() {
    let repo = valid_repo();
    let run = repo.lc(&["check", "--as-of", "2026-05-01", "--format", "json"]);
    assert_finding(
        &run,
        "overdue-follow-up",
        S,
        line_of(STRATEGIC, "- due: 2026-03-31"),
    );
    assert_finding(
        &run,
        "overdue-follow-up",
        E,
        line_of(EXPERIENCE, "- due: 2026-04-01"),
    );
    assert_finding(
        &run,
        "overdue-application",
        E,
        line_of(EXPERIENCE, "- text: Share"),
    );
    assert_finding(&run, "unmet-support", S, line_of(STRATEGIC, "- id: s2"));
    assert_finding(
        &run,
        "unmet-support",
        E,
        line_of(EXPERIENCE, "- text: A slot"),
    );
    let d = &run.json()["diagnostics"][0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(run.code, 0);
}

#[test]
fn declined_support_is_unmet_even_before_its_due_date() {
    let text = edit(
        STRATEGIC,
        "    owner: mentor\n",
        "    owner: mentor\n    status: declined\n",
    );
    assert_finding(
        &check_with(S, &text),
        "unmet-support",
        S,
        line_of(&text, "- id: s2"),
    );
}

#[test]
fn overdue_severity_follows_the_policy() {
    let repo = valid_repo();
    repo.file("lc.toml", "[policy]\noverdue = \"error\"\n");
    let run = repo.lc(&["check", "--as-of", "2026-05-01", "--format", "json"]);
    assert!(
        run.json()["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["severity"] == "error")
    );
    assert_eq!(run.code, 1);
    repo.file("lc.toml", "[policy]\noverdue = \"off\"\n");
    let run = repo.lc(&["check", "--as-of", "2026-05-01", "--format", "json"]);
    assert!(run.codes().is_empty(), "{}", run.stdout);
}

#[test]
fn drafts_closed_and_cancelled_contracts_are_never_overdue() {
    for status in ["draft", "cancelled"] {
        let repo = valid_repo();
        repo.file(
            S,
            edit(STRATEGIC, "status: active", &format!("status: {status}")),
        );
        repo.file(
            E,
            edit(EXPERIENCE, "status: active", &format!("status: {status}")),
        );
        let run = repo.lc(&["check", "--as-of", "2026-05-01", "--format", "json"]);
        assert!(run.codes().is_empty(), "{status}: {}", run.stdout);
    }
}

#[test]
fn require_metric() {
    let repo = valid_repo();
    repo.file("lc.toml", "[policy]\nrequire_metric = true\n");
    let text = edit(
        STRATEGIC,
        "    metric: {name: claim error rate, baseline: 4.2 %, target: 2 %}\n",
        "",
    );
    repo.file(S, &text);
    let run = repo.check_json(&[]);
    assert_finding(&run, "missing-field", S, line_of(&text, "- id: g1"));
}

#[test]
fn untracked_file_only_inside_git() {
    let repo = Repo::git();
    repo.file(S, STRATEGIC);
    repo.commit("first");
    repo.file(E, EXPERIENCE);
    let run = repo.check_json(&[]);
    assert_eq!(
        run.diagnostics(),
        [("untracked-file".to_string(), E.to_string(), 1)]
    );
    assert_eq!(run.code, 0);
    assert!(valid_repo().check_json(&[]).codes().is_empty());
}

#[test]
fn unsafe_character_at_a_raw_bidirectional_control() {
    let text = edit(STRATEGIC, "team: Claims", "team: Cla\u{202e}ims");
    let run = check_with(S, &text);
    assert_finding(&run, "unsafe-character", S, line_of(&text, "team:"));
    assert_eq!(run.only("unsafe-character")["column"], 10);
    assert_eq!(run.code, 0);
}

#[test]
fn leftover_temp_file_for_each_copy_an_interrupted_write_left() {
    let repo = valid_repo();
    let ours = "contracts/2026/.lc-tmp-k3Jx9q";
    let older = "contracts/2026/.tmpA1b2C3";
    repo.file(ours, "lc: 1\nkind: strat")
        .file(older, "lc: 1\n")
        .file(
            "contracts/2026/.notes.yaml",
            "a hidden file, skipped as before",
        );
    let run = repo.check_json(&[]);
    assert_eq!(
        run.diagnostics(),
        [
            ("leftover-temp-file".to_string(), ours.to_string(), 1),
            ("leftover-temp-file".to_string(), older.to_string(), 1),
        ]
    );
    let found = &run.json()["diagnostics"][0];
    assert!(
        found["help"]
            .as_str()
            .unwrap()
            .contains(&format!("rm {ours}")),
        "{found}"
    );
    assert_eq!(run.code, 0, "a warning");
    assert_eq!(
        run.json()["files"],
        2,
        "the copies are not counted as files"
    );
}

#[test]
fn unlinked_experience_at_its_strategic_line_with_the_link_command() {
    let text = edit(
        STRATEGIC,
        "        experience: 2026-03-10-jane-doe-claims-workshop\n",
        "",
    );
    let run = check_with(S, &text);
    assert_finding(
        &run,
        "unlinked-experience",
        E,
        line_of(EXPERIENCE, "strategic:"),
    );
    let found = run.only("unlinked-experience");
    assert_eq!(found["severity"], "warning");
    assert!(
        found["help"]
            .as_str()
            .unwrap()
            .contains("lc link 2026-03-10-jane-doe-claims-workshop --objective OID"),
        "{found}"
    );
    // A cancelled experience is not counted, so it needs no link.
    let repo = valid_repo();
    repo.file(S, &text)
        .file(E, edit(EXPERIENCE, "status: active", "status: cancelled"));
    assert!(
        !repo
            .check_json(&[])
            .codes()
            .contains(&"unlinked-experience".to_string())
    );
}

#[test]
fn open_linked_experience_of_a_cancelled_or_closed_strategic_contract() {
    for (status, command) in [
        ("cancelled", "lc cancel 2026-jane-doe --with-linked"),
        ("closed", "lc close 2026-03-10-jane-doe-claims-workshop"),
    ] {
        let text = edit(STRATEGIC, "status: active", &format!("status: {status}"));
        let run = check_with(S, &text);
        assert_finding(
            &run,
            "open-linked-experience",
            E,
            line_of(EXPERIENCE, "status:"),
        );
        let found = run.only("open-linked-experience");
        assert!(found["help"].as_str().unwrap().contains(command), "{found}");
        assert!(
            found["message"].as_str().unwrap().contains(status),
            "{found}"
        );
    }
    let repo = valid_repo();
    repo.file(S, edit(STRATEGIC, "status: active", "status: cancelled"))
        .file(E, edit(EXPERIENCE, "status: active", "status: closed"));
    let codes = repo.check_json(&[]).codes();
    assert!(
        !codes.contains(&"open-linked-experience".to_string()),
        "{codes:?}"
    );
}

#[test]
fn every_code_of_cli_md_is_tested_here() {
    let source = include_str!("codes.rs");
    for code in [
        "yaml-syntax",
        "unsupported-version",
        "missing-field",
        "unknown-field",
        "invalid-value",
        "duplicate-id",
        "dangling-reference",
        "learner-mismatch",
        "date-order",
        "future-date",
        "missing-follow-up",
        "missing-transfer-checkin",
        "closed-with-open-items",
        "overdue-follow-up",
        "overdue-application",
        "unmet-support",
        "untracked-file",
        "leftover-temp-file",
        "unsafe-character",
        "unlinked-experience",
        "open-linked-experience",
    ] {
        assert!(
            source.matches(&format!("\"{code}\"")).count() >= 2,
            "{code}"
        );
    }
}
