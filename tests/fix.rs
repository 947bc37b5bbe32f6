//! `lc check --fix` and `--diff`: each safe fix from a file with the mistake to the file without
//! it; ambiguous mistakes left alone and still reported.

mod common;

use common::{EXPERIENCE, Repo, STRATEGIC};

const PATH: &str = "contracts/2026/2026-jane-doe.yaml";
const EXPERIENCE_PATH: &str = "contracts/2026/2026-03-10-jane-doe-claims-workshop.yaml";

/// Lays out the valid contract with `from` replaced by `to`, runs `lc check --fix`, and returns
/// the run and the file after it.
fn fixed(from: &str, to: &str) -> (common::Run, String) {
    assert!(STRATEGIC.contains(from), "{from}");
    let repo = Repo::plain();
    repo.file(PATH, STRATEGIC.replacen(from, to, 1))
        .file(EXPERIENCE_PATH, EXPERIENCE);
    let run = repo.lc(&["check", "--as-of", "2026-03-01", "--fix"]);
    (
        run,
        std::fs::read_to_string(repo.path().join(PATH)).unwrap(),
    )
}

#[track_caller]
fn case(from: &str, mistake: &str, says: &str) {
    let (run, after) = fixed(from, mistake);
    assert_eq!(after, STRATEGIC, "{}", run.stderr);
    assert!(run.stderr.contains(says), "{}", run.stderr);
    assert_eq!(
        run.code, 0,
        "the fixed file passes:\n{}{}",
        run.stdout, run.stderr
    );
}

#[track_caller]
fn left_alone(from: &str, mistake: &str, code: &str) {
    let (run, after) = fixed(from, mistake);
    assert_eq!(
        after,
        STRATEGIC.replacen(from, mistake, 1),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("fixed "), "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!("error[{code}]")),
        "{}",
        run.stdout
    );
}

#[test]
fn words_and_roles_in_the_wrong_case() {
    case(
        "status: in-progress",
        "status: In-Progress",
        "fixed contracts/2026/2026-jane-doe.yaml:28:13: `In-Progress` → `in-progress` [invalid-value]",
    );
    case(
        "    owner: manager\n",
        "    owner: Manager\n",
        "`Manager` → `manager`",
    );
    case(
        "kind: strategic",
        "kind: Strategic",
        "`Strategic` → `strategic`",
    );
}

#[test]
fn dates_in_other_unambiguous_spellings() {
    case(
        "provided_on: 2026-01-20",
        "provided_on: 20.01.2026",
        "`20.01.2026` → `2026-01-20`",
    );
    case(
        "provided_on: 2026-01-20",
        "provided_on: 2026/1/20",
        "`2026/1/20` → `2026-01-20`",
    );
    left_alone(
        "provided_on: 2026-01-20",
        "provided_on: 01/02/2026",
        "invalid-value",
    );
}

#[test]
fn money_in_other_spellings_and_ambiguous_amounts_left_alone() {
    case("cost: 1200 EUR", "cost: €1200", "`€1200` → `1200 EUR`");
    case(
        "cost: 1200 EUR",
        "cost: EUR 1200",
        "`EUR 1200` → `1200 EUR`",
    );
    case(
        "cost: 1200 EUR",
        "cost: 1,200 EUR",
        "`1,200 EUR` → `1200 EUR`",
    );
    left_alone("cost: 1200 EUR", "cost: €1.200", "invalid-value");
    left_alone("cost: 1200 EUR", "cost: 1,20 EUR", "invalid-value");
}

#[test]
fn a_misspelt_key_with_one_close_known_key() {
    case(
        "    evidence: ",
        "    evidnce: ",
        "key `evidnce` → `evidence` [unknown-field]",
    );
    // Both `due` and `done` are one edit from `dune`: ambiguous.
    let (run, after) = fixed("  - due: 2026-03-31\n", "  - dune: 2026-03-31\n");
    assert!(after.contains("dune:"), "{}", run.stderr);
    assert!(
        run.stdout.contains("error[unknown-field]"),
        "{}",
        run.stdout
    );
}

#[test]
fn tabs_used_as_indentation() {
    let (run, after) = fixed(
        "period: {start: 2026-01-01, end: 2026-12-31}\n",
        "period:\n\tstart: 2026-01-01\n\tend: 2026-12-31\n",
    );
    assert_eq!(
        after,
        STRATEGIC.replace(
            "period: {start: 2026-01-01, end: 2026-12-31}\n",
            "period:\n  start: 2026-01-01\n  end: 2026-12-31\n"
        )
    );
    assert!(
        run.stderr
            .contains("tabs in the indentation → spaces [yaml-syntax]"),
        "{}",
        run.stderr
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn a_fix_that_uncovers_another_is_followed_by_it() {
    // While tabs keep the file from parsing, nothing else can be found; once they are spaces,
    // the word in the wrong case is, and the next round fixes it.
    let repo = Repo::plain();
    let broken = STRATEGIC
        .replace(
            "period: {start: 2026-01-01, end: 2026-12-31}\n",
            "period:\n\tstart: 2026-01-01\n\tend: 2026-12-31\n",
        )
        .replace("status: in-progress", "status: In-Progress");
    repo.file(PATH, &broken).file(EXPERIENCE_PATH, EXPERIENCE);
    let run = repo.lc(&["check", "--as-of", "2026-03-01", "--fix"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("tabs in the indentation → spaces"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`In-Progress` → `in-progress`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join(PATH)).unwrap(),
        STRATEGIC.replace(
            "period: {start: 2026-01-01, end: 2026-12-31}\n",
            "period:\n  start: 2026-01-01\n  end: 2026-12-31\n"
        )
    );
}

#[test]
fn diff_shows_the_fixes_and_writes_nothing() {
    let repo = Repo::plain();
    let broken = STRATEGIC
        .replace("status: in-progress", "status: In-Progress")
        .replacen("cost: 1200 EUR", "cost: €1200", 1);
    repo.file(PATH, &broken);
    let run = repo.lc(&["check", "--as-of", "2026-03-01", "--diff"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .starts_with(&format!("--- a/{PATH}\n+++ b/{PATH}\n")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\n-        cost: €1200\n+        cost: 1200 EUR\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\n-    status: In-Progress\n+    status: in-progress\n"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join(PATH)).unwrap(),
        broken
    );
    let json = repo
        .lc(&["check", "--as-of", "2026-03-01", "--format", "json"])
        .json();
    let fixes: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d.get("fix"))
        .collect();
    assert!(
        fixes.contains(&&serde_json::json!({"kind": "replace", "from": "€1200", "to": "1200 EUR"})),
        "{fixes:?}"
    );
    let clean = Repo::plain();
    clean
        .file(PATH, STRATEGIC)
        .file(EXPERIENCE_PATH, EXPERIENCE);
    let run = clean.lc(&["check", "--as-of", "2026-03-01", "--diff"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn money_cut_by_a_comma_inside_braces_is_not_fixed_and_the_help_gives_a_valid_value() {
    // Inside `{…}` YAML ends a plain value at the comma: the value is `€1`, and `200` a key.
    // Fixing `€1` to `1 EUR` would write `cost: 1 EUR,200`, which is no fix.
    let block = "    methods:\n      - type: course\n        cost: 1200 EUR\n      - type: mentoring\n        \
                 experience: 2026-03-10-jane-doe-claims-workshop\n";
    let flow = |cost: &str| {
        format!(
            "    methods: [{{type: course, cost: {cost}}}, {{type: mentoring, experience: \
             2026-03-10-jane-doe-claims-workshop}}]\n"
        )
    };
    for (written, help) in [
        (
            "€1,200",
            "write the amount without the comma: `cost: 1200 EUR`",
        ),
        (
            "1,200 EUR",
            "write the amount without the comma: `cost: 1200 EUR`",
        ),
        (
            "1 EUR,200",
            "write the amount as `AMOUNT CUR` without a thousands separator, e.g. `cost: 1200 EUR`",
        ),
    ] {
        let (run, after) = fixed(block, &flow(written));
        assert_eq!(
            after,
            STRATEGIC.replacen(block, &flow(written), 1),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("fixed "), "{}", run.stderr);
        assert!(
            run.stdout.contains(&format!("= help: {help}")),
            "{}",
            run.stdout
        );
        assert!(
            !run.stdout.contains("`1 EUR`"),
            "no fragment is judged: {}",
            run.stdout
        );
        assert!(!run.stdout.contains("quote the value"), "{}", run.stdout);
        assert_eq!(
            run.stdout.matches("error[").count(),
            1,
            "one finding for one mistake: {}",
            run.stdout
        );
    }
    // The help followed literally gives a file that passes.
    let repo = Repo::plain();
    repo.file(PATH, STRATEGIC.replacen(block, &flow("1200 EUR"), 1))
        .file(EXPERIENCE_PATH, EXPERIENCE);
    let run = repo.lc(&["check", "--as-of", "2026-03-01"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // A text cut by a comma is told to quote it, which a text field accepts.
    let metric = "{name: claim error rate, baseline: 4.2 %, target: 2 %}";
    let (run, _) = fixed(
        metric,
        "{name: claim error rate,weighted, baseline: 4.2 %, target: 2 %}",
    );
    let help = "quote the value, since a `,` inside `{…}` parts the fields: `name: \"claim error rate,weighted\"`";
    assert!(run.stdout.contains(help), "{}", run.stdout);
    let repo = Repo::plain();
    let quoted = "{name: \"claim error rate,weighted\", baseline: 4.2 %, target: 2 %}";
    repo.file(PATH, STRATEGIC.replacen(metric, quoted, 1))
        .file(EXPERIENCE_PATH, EXPERIENCE);
    assert_eq!(repo.lc(&["check", "--as-of", "2026-03-01"]).code, 0);
}

#[test]
fn a_day_above_twelve_makes_a_date_certain_and_the_help_gives_it() {
    case(
        "provided_on: 2026-01-20",
        "provided_on: 20/01/2026",
        "`20/01/2026` → `2026-01-20`",
    );
    case(
        "  - due: 2026-03-31\n",
        "  - due: 31/03/2026\n",
        "`31/03/2026` → `2026-03-31`",
    );
    case(
        "  - due: 2026-06-30\n",
        "  - due: 30/06/2026\n",
        "`30/06/2026` → `2026-06-30`",
    );
    case(
        "  - due: 2026-06-30\n",
        "  - due: 06/30/2026\n",
        "`06/30/2026` → `2026-06-30`",
    );
    // Without --fix, the help gives the day to write.
    let repo = Repo::plain();
    repo.file(
        PATH,
        STRATEGIC.replacen("  - due: 2026-03-31\n", "  - due: 31/03/2026\n", 1),
    )
    .file(EXPERIENCE_PATH, EXPERIENCE);
    let run = repo.lc(&["check", "--as-of", "2026-03-01"]);
    assert!(
        run.stdout
            .contains("= help: write `2026-03-31`: dates are YYYY-MM-DD"),
        "{}",
        run.stdout
    );
    // An ambiguous one is left, and its help names both days it may be.
    left_alone(
        "provided_on: 2026-01-20",
        "provided_on: 01/02/2026",
        "invalid-value",
    );
    let (run, _) = fixed("provided_on: 2026-01-20", "provided_on: 01/02/2026");
    assert!(
        run.stdout.contains(
            "= help: dates are YYYY-MM-DD, and `01/02/2026` may be either day: write \
             `2026-02-01` for 1 February or `2026-01-02` for 2 January"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_tab_is_fixed_and_what_it_hid_is_reported_in_the_same_run() {
    // The tab keeps the file from being read, so it hides two errors that no fix can mend.
    let repo = Repo::plain();
    let broken = STRATEGIC
        .replace(
            "period: {start: 2026-01-01, end: 2026-12-31}\n",
            "period:\n\tstart: 2026-01-01\n\tend: 2026-12-31\n",
        )
        .replace("status: in-progress", "status: finshed")
        .replace(
            "    evidence: Error rate under 2 % by the fourth quarter\n",
            "",
        );
    repo.file(PATH, &broken).file(EXPERIENCE_PATH, EXPERIENCE);
    let before = repo.lc(&["check", "--as-of", "2026-03-01"]);
    assert_eq!(
        before.stdout.matches("error[").count(),
        1,
        "{}",
        before.stdout
    );
    assert!(
        before.stdout.contains("error[yaml-syntax]"),
        "{}",
        before.stdout
    );

    let run = repo.lc(&["check", "--as-of", "2026-03-01", "--fix"]);
    assert!(
        run.stderr
            .contains("tabs in the indentation → spaces [yaml-syntax]"),
        "{}",
        run.stderr
    );
    assert_eq!(
        repo.read(PATH),
        broken
            .replace("\tstart", "  start")
            .replace("\tend", "  end")
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("unknown `status` `finshed`"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("has no `evidence`"), "{}", run.stdout);
    assert!(!run.stdout.contains("yaml-syntax"), "{}", run.stdout);
}

/// An experience contract whose transfer check-ins were never booked, laid out by hand:
/// comments, a flow item, keys after the list, CRLF line ends.
const NO_CHECK_INS: &str = "\
lc: 1
kind: experience
id: 2026-03-10-jane-doe-claims-workshop
status: closed   # finished in April
learner: Jane Doe <jane@example.org>
manager: Sam Lee <sam@example.org>
experience: {title: Claims accuracy workshop, type: workshop, start: 2026-03-10, end: 2026-03-11}
learning: [The new claims rules]
links: {job: Fewer errors in my claims}
application:
  - {text: Share the checklist with the team, kind: share, due: 2026-04-15, done: 2026-04-14}
agreed: {learner: 2026-02-01, manager: 2026-02-02}
supports:
  - {text: A slot in the team meeting, due: 2026-04-10, status: provided, provided_on: 2026-04-09}
follow_ups:
    # the debrief
    - due: 2026-04-01
      done: 2026-04-01

notes: Kept as written.
";

#[test]
fn fix_books_the_missing_transfer_check_ins_and_touches_no_other_line() {
    for newline in ["\n", "\r\n"] {
        let repo = Repo::plain();
        let before = NO_CHECK_INS.replace('\n', newline);
        repo.file(EXPERIENCE_PATH, &before);
        let run = repo.lc(&["check", "--as-of", "2026-05-01", "--fix"]);
        let after = std::fs::read_to_string(repo.path().join(EXPERIENCE_PATH)).unwrap();
        // The two items go after the last one, at its indentation; every other byte stays.
        let expected = before.replace(
            &format!("      done: 2026-04-01{newline}"),
            &format!(
                "      done: 2026-04-01{newline}    - due: 2026-06-09{newline}    - due: 2026-09-07{newline}"
            ),
        );
        assert_eq!(after, expected, "{}", run.stderr);
        for day in ["2026-06-09", "2026-09-07"] {
            assert!(
                run.stderr.contains(&format!(
                    "fixed {EXPERIENCE_PATH}:15:1: a follow-up due {day} added [missing-transfer-checkin]"
                )),
                "{}",
                run.stderr
            );
        }
        // A closed contract with the booked check-ins still open says so, and nothing else.
        let again = repo.lc(&["check", "--as-of", "2026-05-01", "--format", "json"]);
        assert_eq!(
            again.codes(),
            ["closed-with-open-items"],
            "{}",
            again.stdout
        );
    }
    // Without a `follow_ups` key, the list is added after the last key.
    let repo = Repo::plain();
    let (head, _) = NO_CHECK_INS.split_once("follow_ups:").unwrap();
    let head = format!("{head}notes: Kept as written.\n");
    repo.file(EXPERIENCE_PATH, &head);
    let diff = repo.lc(&["check", "--as-of", "2026-05-01", "--diff"]);
    assert_eq!(diff.code, 1);
    assert!(
        diff.stdout.ends_with(
            " notes: Kept as written.\n+follow_ups:\n+  - due: 2026-06-09\n+  - due: 2026-09-07\n"
        ),
        "{}",
        diff.stdout
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join(EXPERIENCE_PATH)).unwrap(),
        head,
        "--diff writes nothing"
    );
}
