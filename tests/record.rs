//! The record commands through the binary: each command and flag, each refusal (the file left
//! byte-identical), staging and committing, and what the check and the report then say.

mod common;

use common::{EXPERIENCE, Repo, STRATEGIC};

use common::{EXPERIENCE_PATH, STRATEGIC_PATH};

fn repo() -> Repo {
    common::committed(STRATEGIC, EXPERIENCE)
}

/// The text with `after` inserted after the first line equal to `line`.
fn inserted(text: &str, line: &str, after: &str) -> String {
    let at = text.find(&format!("{line}\n")).expect(line) + line.len() + 1;
    format!("{}{after}{}", &text[..at], &text[at..])
}

/// The strategic contract as someone edited it by hand, their edit staged (a record stages
/// only its own lines, and refuses when they touch an unstaged edit).
fn staged(repo: &Repo, text: impl AsRef<[u8]>) {
    repo.file(STRATEGIC_PATH, text);
    repo.git_cmd(&["add", STRATEGIC_PATH]);
}

#[track_caller]
fn refused(repo: &Repo, as_of: &str, args: &[&str], code: i32, says: &str) -> common::Run {
    let before = repo.read(STRATEGIC_PATH);
    let before_experience = repo.read(EXPERIENCE_PATH);
    let run = repo.lc_at(as_of, args);
    assert_eq!(run.code, code, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains(says), "{}", run.stderr);
    if code != 0 {
        assert!(
            run.stderr.contains("help:"),
            "a refusal says what to do:\n{}",
            run.stderr
        );
    }
    assert_eq!(repo.read(STRATEGIC_PATH), before);
    assert_eq!(repo.read(EXPERIENCE_PATH), before_experience);
    run
}

#[test]
fn done_records_a_follow_up_with_its_outcome_and_stages_the_file() {
    let repo = repo();
    let run = repo.lc_at(
        "2026-04-02",
        &[
            "done",
            "2026-jane-doe",
            "follow-up",
            "1",
            "--on",
            "2026-03-31",
            "--outcome",
            "Going well: on track",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "2026-jane-doe: follow-up #1 done on 2026-03-31 (staged)\n  in contracts/2026/2026-jane-doe.yaml\n"
    );
    assert_eq!(
        repo.read(STRATEGIC_PATH),
        inserted(
            STRATEGIC,
            "  - due: 2026-03-31",
            "    done: 2026-03-31\n    outcome: \"Going well: on track\"\n"
        )
    );
    assert_eq!(
        repo.git_cmd(&["diff", "--cached", "--name-only"]),
        format!("{STRATEGIC_PATH}\n")
    );
    let report = repo
        .lc_at(
            "2026-04-02",
            &["report", "--format", "json", "--kind", "strategic"],
        )
        .json();
    assert_eq!(report["overdue_follow_ups"], serde_json::json!([]));
    let before = repo
        .lc_at(
            "2026-04-02",
            &["report", "--format", "json", "--kind", "experience"],
        )
        .json();
    assert_eq!(before["overdue_follow_ups"].as_array().unwrap().len(), 1);
    assert_eq!(
        before["overdue_follow_ups"][0]["record"],
        "lc done 2026-03-10-jane-doe-claims-workshop follow-up 1"
    );
}

#[test]
fn done_defaults_to_the_as_of_date_takes_several_items_and_keeps_notes() {
    let repo = repo();
    let text = STRATEGIC.replace(
        "  - due: 2026-06-30\n",
        "  - due: 2026-06-30\n    notes: Bring the numbers\n",
    );
    staged(&repo, &text);
    let run = repo.lc_at(
        "2026-07-01",
        &[
            "done",
            "2026-jane-doe",
            "follow-up",
            "1",
            "2",
            "--notes",
            "Held together",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with(
        "2026-jane-doe: follow-up #1 done on 2026-07-01, follow-up #2 done on 2026-07-01"
    ));
    assert_eq!(
        repo.read(STRATEGIC_PATH),
        text.replace(
            "  - due: 2026-03-31\n  - due: 2026-06-30\n    notes: Bring the numbers\n",
            "  - due: 2026-03-31\n    done: 2026-07-01\n    notes: Held together\n  - due: 2026-06-30\n    notes: |-\n      Bring the numbers\n      Held together\n    done: 2026-07-01\n",
        )
    );
}

#[test]
fn done_records_an_application_action_with_its_evidence() {
    let repo = repo();
    let run = repo.lc_at(
        "2026-04-20",
        &[
            "done",
            "2026-03-10-jane-doe-claims-workshop",
            "action",
            "1",
            "--on",
            "2026-04-14",
            "--evidence",
            "Checklist on the team wiki",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        repo.read(EXPERIENCE_PATH),
        inserted(
            EXPERIENCE,
            "    due: 2026-04-15",
            "    done: 2026-04-14\n    evidence: Checklist on the team wiki\n"
        )
    );
}

const W: &str = "2026-03-10-jane-doe-claims-workshop";

#[test]
fn done_records_a_check_ins_answer_and_its_evidence_and_commits_them() {
    let repo = repo();
    let run = repo.lc_at(
        "2026-06-12",
        &[
            "done",
            W,
            "follow-up",
            "2",
            "--on",
            "2026-06-10",
            "--applied",
            "partly",
            "--evidence",
            "Uses the checklist on claims over 5,000 EUR",
            "--commit",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = inserted(
        EXPERIENCE,
        "  - due: 2026-06-09",
        "    done: 2026-06-10\n    applied: partly\n    evidence: Uses the checklist on claims over 5,000 EUR\n",
    );
    assert_eq!(repo.read(EXPERIENCE_PATH), after);
    assert_eq!(
        repo.git_cmd(&["log", "-1", "--format=%s"]),
        format!("{W}: follow-up #2 done on 2026-06-10, learning applied: partly\n")
    );
    // The same again changes nothing; the same answer without the evidence neither.
    for args in [
        &[
            "--applied",
            "partly",
            "--evidence",
            "Uses the checklist on claims over 5,000 EUR",
        ][..],
        &["--applied", "partly"][..],
        &[][..],
    ] {
        let mut all = vec!["done", W, "follow-up", "2", "--on", "2026-06-10"];
        all.extend_from_slice(args);
        let run = refused(
            &repo,
            "2026-06-12",
            &all,
            0,
            "already recorded done on 2026-06-10",
        );
        assert!(run.stdout.is_empty(), "{}", run.stdout);
    }
    // Another answer, or other evidence, is refused: a recorded fact is never overwritten.
    refused(
        &repo,
        "2026-06-12",
        &[
            "done",
            W,
            "follow-up",
            "2",
            "--on",
            "2026-06-10",
            "--applied",
            "fully",
        ],
        1,
        "follow-up #2 already has `applied: partly`",
    );
    refused(
        &repo,
        "2026-06-12",
        &[
            "done",
            W,
            "follow-up",
            "2",
            "--on",
            "2026-06-10",
            "--evidence",
            "Other",
        ],
        1,
        "already has `evidence: Uses the checklist on claims over 5,000…`",
    );
    // The review counts the answer at 90 days.
    let report = repo
        .lc_at("2026-06-12", &["report", "--format", "json"])
        .json();
    let at_90 = &report["transfer_curve"]["horizons"][1];
    assert_eq!(
        (at_90["days"].as_i64(), at_90["applied"].as_i64()),
        (Some(90), Some(1))
    );
}

#[test]
fn applied_is_refused_where_no_check_in_can_answer_it() {
    let repo = repo();
    refused(
        &repo,
        "2026-04-02",
        &[
            "done",
            "2026-jane-doe",
            "follow-up",
            "1",
            "--applied",
            "fully",
        ],
        2,
        "only experience contracts have: `2026-jane-doe` is not one",
    );
    refused(
        &repo,
        "2026-04-20",
        &["done", W, "action", "1", "--applied", "fully"],
        2,
        "--applied is for follow-ups",
    );
    refused(
        &repo,
        "2026-06-12",
        &["done", W, "follow-up", "2", "--evidence", "x"],
        2,
        "--evidence on a follow-up goes with its answer",
    );
    let before = repo.read(EXPERIENCE_PATH);
    let run = repo.lc_at(
        "2026-04-02",
        &["done", W, "follow-up", "1", "--applied", "sometimes"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("[possible values: none, partly, fully]"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.read(EXPERIENCE_PATH), before);
}

#[test]
fn provide_and_decline_supports_by_id_or_number() {
    let repo = repo();
    let run = repo.lc_at(
        "2026-04-02",
        &["provide", "2026-jane-doe", "s2", "--on", "2026-03-30"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        repo.read(STRATEGIC_PATH),
        inserted(
            STRATEGIC,
            "    due: 2026-04-01",
            "    status: provided\n    provided_on: 2026-03-30\n"
        )
    );
    let run = repo.lc_at(
        "2026-04-20",
        &[
            "decline",
            "2026-03-10-jane-doe-claims-workshop",
            "1",
            "--reason",
            "No slot before May",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        repo.read(EXPERIENCE_PATH),
        inserted(
            EXPERIENCE,
            "    due: 2026-04-10",
            "    status: declined\n    notes: \"Declined on 2026-04-20: No slot before May\"\n"
        )
    );
    let check = repo.lc_at("2026-04-20", &["check", "--format", "json"]);
    let unmet = check.only("unmet-support");
    assert!(unmet["message"].as_str().unwrap().contains("was declined"));
}

#[test]
fn achieve_and_drop_objectives() {
    let repo = repo();
    let run = repo.lc_at(
        "2026-05-02",
        &["achieve", "2026-jane-doe", "o1", "--on", "2026-05-01"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = repo.read(STRATEGIC_PATH);
    assert_eq!(
        text,
        STRATEGIC.replace(
            "    status: in-progress\n",
            "    status: achieved\n    achieved_on: 2026-05-01\n"
        )
    );
    let two = STRATEGIC.replace(
        "supports:\n",
        "  - id: o2\n    text: Learn the audit tool\n    status: planned\nsupports:\n",
    );
    staged(&repo, &two);
    let run = repo.lc_at(
        "2026-05-02",
        &["drop", "2026-jane-doe", "2", "--reason", "Tool replaced"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        repo.read(STRATEGIC_PATH),
        two.replace(
            "    status: planned\n",
            "    status: dropped\n    notes: \"Dropped on 2026-05-02: Tool replaced\"\n"
        )
    );
}

/// A draft, complete enough to be agreed, with no `agreed` yet.
fn draft() -> String {
    STRATEGIC
        .replace("status: active", "status: draft")
        .replace("agreed: {learner: 2026-01-10, manager: 2026-01-11}\n", "")
}

#[test]
fn agree_by_both_makes_a_draft_agreed_and_start_makes_it_active() {
    let repo = repo();
    staged(&repo, draft());
    let run = repo.lc_at(
        "2026-01-12",
        &[
            "agree",
            "2026-jane-doe",
            "--by",
            "learner",
            "--on",
            "2026-01-10",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(repo.read(STRATEGIC_PATH).contains("status: draft\n"));
    assert!(
        repo.read(STRATEGIC_PATH)
            .ends_with("agreed:\n  learner: 2026-01-10\n")
    );
    let run = repo.lc_at("2026-01-12", &["start", "2026-jane-doe"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("lc agree 2026-jane-doe --by manager"),
        "{}",
        run.stderr
    );
    let run = repo.lc_at("2026-01-12", &["agree", "2026-jane-doe", "--by", "manager"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("status agreed"), "{}", run.stdout);
    let text = repo.read(STRATEGIC_PATH);
    assert!(
        text.contains("status: agreed\n")
            && text.ends_with("agreed:\n  learner: 2026-01-10\n  manager: 2026-01-12\n"),
        "{text}"
    );
    let run = repo.lc_at("2026-01-12", &["start", "2026-jane-doe"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        repo.read(STRATEGIC_PATH),
        text.replace("status: agreed\n", "status: active\n")
    );
}

#[test]
fn a_draft_that_is_not_complete_is_not_agreed_and_the_missing_fields_are_named() {
    let repo = repo();
    let incomplete = draft().replace(
        "    evidence: Error rate under 2 % by the fourth quarter\n",
        "",
    );
    staged(&repo, &incomplete);
    assert_eq!(
        repo.lc_at("2026-01-12", &["agree", "2026-jane-doe", "--by", "learner"])
            .code,
        0
    );
    let before = repo.read(STRATEGIC_PATH);
    let run = repo.lc_at("2026-01-12", &["agree", "2026-jane-doe", "--by", "manager"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("evidence"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "`2026-jane-doe` is not complete enough to be agreed, so nothing was written"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "then agree again; `lc check --ready contracts/2026/2026-jane-doe.yaml` shows everything agreeing needs"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(repo.read(STRATEGIC_PATH), before);
}

#[test]
fn close_is_refused_while_items_are_open_and_lists_the_commands_unless_forced() {
    let repo = repo();
    let run = refused(
        &repo,
        "2026-12-31",
        &["close", "2026-jane-doe"],
        1,
        "still has 5 open items",
    );
    assert!(
        run.stderr.contains("  lc done 2026-jane-doe follow-up 1\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("  lc provide 2026-jane-doe s2\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("lc close 2026-jane-doe --force"),
        "{}",
        run.stderr
    );
    let run = repo.lc_at("2026-12-31", &["close", "2026-jane-doe", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        repo.read(STRATEGIC_PATH),
        format!(
            "{}closed_on: 2026-12-31\n",
            STRATEGIC.replace("status: active", "status: closed")
        )
    );
}

#[test]
fn cancel_keeps_the_reason_in_the_notes() {
    let repo = repo();
    let run = repo.lc_at(
        "2026-03-01",
        &[
            "cancel",
            "2026-03-10-jane-doe-claims-workshop",
            "--reason",
            "Workshop called off",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        repo.read(EXPERIENCE_PATH),
        format!(
            "{}cancelled_on: 2026-03-01\nnotes: \"Cancelled on 2026-03-01: Workshop called off\"\n",
            EXPERIENCE.replace("status: active", "status: cancelled")
        )
    );
}

#[test]
fn follow_up_add_appends_an_item_that_commands_then_name_by_its_id() {
    let repo = repo();
    let run = repo.lc_at(
        "2026-03-01",
        &[
            "follow-up",
            "add",
            "2026-jane-doe",
            "--due",
            "2026-05-15",
            "--owner",
            "mentor",
            "--notes",
            "Mid-point review",
            "--id",
            "midpoint",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("2026-jane-doe: follow-up `midpoint` added, due 2026-05-15")
    );
    let added = format!(
        "{STRATEGIC}  - id: midpoint\n    due: 2026-05-15\n    owner: mentor\n    notes: Mid-point review\n"
    );
    assert_eq!(repo.read(STRATEGIC_PATH), added);
    let run = repo.lc_at(
        "2026-05-16",
        &["done", "2026-jane-doe", "follow-up", "midpoint"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        repo.read(STRATEGIC_PATH)
            .ends_with("    notes: Mid-point review\n    done: 2026-05-16\n")
    );
}

#[test]
fn reschedule_keeps_the_old_date_in_the_notes() {
    let repo = repo();
    let run = repo.lc_at(
        "2026-03-20",
        &[
            "reschedule",
            "2026-jane-doe",
            "follow-up",
            "1",
            "--due",
            "2026-04-14",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        repo.read(STRATEGIC_PATH),
        STRATEGIC.replace(
            "  - due: 2026-03-31\n",
            "  - due: 2026-04-14\n    notes: Due date moved from 2026-03-31 to 2026-04-14 on 2026-03-20.\n"
        )
    );
    let run = repo.lc_at(
        "2026-04-20",
        &[
            "reschedule",
            "2026-03-10-jane-doe-claims-workshop",
            "action",
            "1",
            "--due",
            "2026-05-01",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(repo.read(EXPERIENCE_PATH).contains("    due: 2026-05-01\n    notes: Due date moved from 2026-04-15 to 2026-05-01 on 2026-04-20.\n"));
}

#[test]
fn commit_commits_that_file_alone_with_a_message_that_says_what_was_recorded() {
    let repo = repo();
    repo.file("notes.txt", "staged but not part of the record\n");
    repo.git_cmd(&["add", "notes.txt"]);
    let run = repo.lc_at(
        "2026-04-02",
        &[
            "done",
            "2026-jane-doe",
            "follow-up",
            "1",
            "--on",
            "2026-03-31",
            "--commit",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("(committed "), "{}", run.stdout);
    assert_eq!(
        repo.git_cmd(&["log", "-1", "--format=%s"]),
        "2026-jane-doe: follow-up #1 done on 2026-03-31\n"
    );
    assert_eq!(
        repo.git_cmd(&["show", "--name-only", "--format=", "HEAD"]),
        format!("{STRATEGIC_PATH}\n")
    );
    assert_eq!(
        repo.git_cmd(&["diff", "--cached", "--name-only"]),
        "notes.txt\n"
    );
}

#[test]
fn comments_crlf_a_bom_flow_style_and_permissions_are_kept() {
    let repo = repo();
    let text = format!(
        "\u{feff}{}",
        STRATEGIC
            .replace(
                "  - due: 2026-03-31\n",
                "  - {due: 2026-03-31, owner: manager}   # first check-in\n"
            )
            .replace("goals:\n", "# The goals were agreed in January.\ngoals:\n")
            .replace('\n', "\r\n")
    );
    staged(&repo, &text);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            repo.path().join(STRATEGIC_PATH),
            std::fs::Permissions::from_mode(0o640),
        )
        .unwrap();
    }
    let run = repo.lc_at(
        "2026-04-02",
        &[
            "done",
            "2026-jane-doe",
            "follow-up",
            "1",
            "--on",
            "2026-03-31",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        repo.read(STRATEGIC_PATH),
        text.replace("owner: manager}", "owner: manager, done: 2026-03-31}")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(repo.path().join(STRATEGIC_PATH))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
    }
}

#[test]
fn a_contract_away_from_its_default_path_is_found_by_id_or_by_path() {
    let repo = Repo::plain();
    repo.file("contracts/people/jane.yaml", STRATEGIC);
    let run = repo.lc_at("2026-04-02", &["done", "2026-jane-doe", "follow-up", "1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.ends_with("  in contracts/people/jane.yaml\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("staged"), "not in git: {}", run.stdout);
    let run = repo.lc_at(
        "2026-04-02",
        &[
            "done",
            "contracts/people/jane.yaml",
            "follow-up",
            "2",
            "--on",
            "2026-04-01",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        repo.read("contracts/people/jane.yaml")
            .contains("  - due: 2026-06-30\n    done: 2026-04-01\n")
    );
}

#[test]
fn the_checks_help_is_a_command_that_works_when_followed_literally() {
    let repo = repo();
    let check = repo.lc_at("2026-04-02", &["check", "--format", "json"]);
    let json = check.json();
    let overdue = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "overdue-follow-up" && d["file"] == STRATEGIC_PATH)
        .unwrap();
    let help = overdue["help"].as_str().unwrap();
    let command = help.split('`').nth(1).unwrap();
    assert_eq!(command, "lc done 2026-jane-doe follow-up 1 --on YYYY-MM-DD");
    let args: Vec<&str> = command
        .replace("YYYY-MM-DD", "2026-04-01")
        .leak()
        .split(' ')
        .skip(1)
        .collect();
    assert_eq!(repo.lc_at("2026-04-02", &args).code, 0);
    let check = repo.lc_at("2026-04-02", &["check", "--format", "json"]);
    assert!(
        !check
            .diagnostics()
            .iter()
            .any(|d| d.0 == "overdue-follow-up" && d.1 == STRATEGIC_PATH)
    );
    let unmet = repo.lc_at("2026-04-20", &["check", "--format", "json"]);
    let json = unmet.json();
    let help = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "unmet-support" && d["file"] == STRATEGIC_PATH)
        .unwrap()["help"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        help.contains("`lc provide 2026-jane-doe s2 --on YYYY-MM-DD`")
            && help.contains("`lc decline 2026-jane-doe s2"),
        "{help}"
    );
}

#[test]
fn a_contract_or_item_that_does_not_exist_is_exit_2_naming_what_does() {
    let repo = repo();
    let run = refused(
        &repo,
        "2026-04-02",
        &["done", "2026-jane-do", "follow-up", "1"],
        2,
        "there is no contract `2026-jane-do`",
    );
    assert!(
        run.stderr.contains("did you mean `2026-jane-doe`?"),
        "{}",
        run.stderr
    );
    let run = refused(
        &repo,
        "2026-04-02",
        &["done", "2026-jane-doe", "follow-up", "7"],
        2,
        "has no follow-up `7`",
    );
    assert!(
        run.stderr
            .contains("#1 (due 2026-03-31, open), #2 (due 2026-06-30, open)"),
        "{}",
        run.stderr
    );
    refused(
        &repo,
        "2026-04-02",
        &["provide", "2026-jane-doe", "s9"],
        2,
        "has no support `s9`; its supports are: #1 `s1`",
    );
    refused(
        &repo,
        "2026-04-02",
        &["done", "2026-jane-doe", "action", "1"],
        2,
        "is not an experience contract",
    );
    refused(
        &repo,
        "2026-04-02",
        &["done", "2026-jane-doe", "follow-up", "1", "--evidence", "x"],
        2,
        "--evidence is for application actions",
    );
    refused(
        &repo,
        "2026-04-02",
        &["achieve", "2026-03-10-jane-doe-claims-workshop", "o1"],
        2,
        "is not a strategic contract",
    );
}

#[test]
fn what_is_recorded_differently_a_later_date_or_a_broken_file_is_refused() {
    let repo = repo();
    refused(
        &repo,
        "2026-04-02",
        &["provide", "2026-jane-doe", "s1", "--on", "2026-01-25"],
        1,
        "already recorded provided on 2026-01-20",
    );
    refused(
        &repo,
        "2026-04-02",
        &[
            "done",
            "2026-jane-doe",
            "follow-up",
            "1",
            "--on",
            "2026-04-03",
        ],
        1,
        "after the as-of date 2026-04-02",
    );
    refused(
        &repo,
        "2026-04-02",
        &["start", "2026-jane-doe"],
        0,
        "already active",
    );
    assert_eq!(
        repo.lc_at(
            "2026-04-02",
            &[
                "done",
                "2026-jane-doe",
                "follow-up",
                "1",
                "--on",
                "2026-03-31"
            ]
        )
        .code,
        0
    );
    let recorded = repo.read(STRATEGIC_PATH);
    let run = repo.lc_at(
        "2026-04-02",
        &[
            "done",
            "2026-jane-doe",
            "follow-up",
            "1",
            "--on",
            "2026-04-01",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("already recorded done on 2026-03-31, not 2026-04-01"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.read(STRATEGIC_PATH), recorded);
    let run = repo.lc_at(
        "2026-04-02",
        &[
            "done",
            "2026-jane-doe",
            "follow-up",
            "1",
            "--on",
            "2026-03-31",
        ],
    );
    assert_eq!(run.code, 0);
    assert!(
        run.stderr
            .contains("already recorded done on 2026-03-31; nothing to change"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.read(STRATEGIC_PATH), recorded);

    let broken = STRATEGIC.replace("team: Claims\n", "team: [Claims\n");
    repo.file(STRATEGIC_PATH, &broken);
    let run = repo.lc_at(
        "2026-04-02",
        &[
            "done",
            "contracts/2026/2026-jane-doe.yaml",
            "follow-up",
            "2",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("lc check contracts/2026/2026-jane-doe.yaml"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.read(STRATEGIC_PATH), broken);
}

#[test]
fn commit_outside_git_writes_the_file_and_says_it_could_not_commit() {
    let repo = Repo::plain();
    repo.file(STRATEGIC_PATH, STRATEGIC);
    let run = repo.lc_at(
        "2026-04-02",
        &["done", "2026-jane-doe", "follow-up", "1", "--commit"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("not in a git work tree, so --commit could not commit it"),
        "{}",
        run.stderr
    );
    assert!(
        repo.read(STRATEGIC_PATH)
            .contains("  - due: 2026-03-31\n    done: 2026-04-02\n")
    );
}
