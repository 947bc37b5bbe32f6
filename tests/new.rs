//! `lc new`: defaults, templates, refusals that leave everything as it was, prompts on a terminal.

mod common;

use std::path::Path;

use common::{Repo, STRATEGIC, lc_command};

const JANE: &str = "Zoë Ångström <zoe@example.org>";
const SAM: &str = "Sam Lee <sam@example.org>";

fn new_strategic(repo: &Repo, extra: &[&str]) -> common::Run {
    let mut args = vec![
        "new",
        "strategic",
        "--learner",
        JANE,
        "--manager",
        SAM,
        "--as-of",
        "2026-03-01",
    ];
    args.extend_from_slice(extra);
    repo.lc(&args)
}

/// Every file under `dir` with its bytes, to compare before and after a refusal.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.ends_with(".git") {
                continue;
            }
            if path.is_dir() {
                todo.push(path);
            } else {
                files.push((path.display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn strategic_with_defaults_passes_check_with_nothing_to_say() {
    let repo = Repo::git();
    let run = new_strategic(&repo, &["--team", "Claims"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = "contracts/2026/2026-zoe-angstrom.yaml";
    assert!(
        run.stdout.contains(&format!("wrote {path}")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("lc check") && run.stdout.contains("git commit"),
        "says what to do next"
    );
    let text = std::fs::read_to_string(repo.path().join(path)).unwrap();
    for needle in [
        "id: 2026-zoe-angstrom",
        "status: draft",
        "team: Claims",
        "period: {start: 2026-01-01, end: 2026-12-31}",
    ] {
        assert!(text.contains(needle), "{needle} in\n{text}");
    }
    let check = repo.lc(&["check", "--as-of", "2026-03-01"]);
    assert_eq!(check.stdout, "0 errors, 0 warnings in 1 file\n", "{text}");
    assert_eq!(
        repo.git_cmd(&["status", "--porcelain"]),
        format!("A  {path}\n"),
        "added to git's index"
    );
}

#[test]
fn the_four_questions_are_comments_where_the_answers_go() {
    let repo = Repo::plain();
    new_strategic(&repo, &[]);
    let text =
        std::fs::read_to_string(repo.path().join("contracts/2026/2026-zoe-angstrom.yaml")).unwrap();
    let before = |question: &str, field: &str| {
        let q = text
            .find(question)
            .unwrap_or_else(|| panic!("`{question}` in the template"));
        let f = text
            .find(field)
            .unwrap_or_else(|| panic!("`{field}` in the template"));
        assert!(q < f, "`{question}` comes before `{field}`");
    };
    before("1. What does the learner need to learn", "\ngoals:");
    before("2. What is the best way to acquire it?", "#   methods:");
    before(
        "3. How will the learning be applied on the job?",
        "#   application:",
    );
    before("4. What supports are needed", "\nsupports:");

    new_experience(&repo, &[]);
    let text = std::fs::read_to_string(
        repo.path()
            .join("contracts/2026/2026-03-10-zoe-angstrom-claims-the-new-rules.yaml"),
    )
    .unwrap();
    for (question, field) in [
        ("1. What is to be learned?", "\nlearning:"),
        ("2. How does it link to the job", "\nlinks:"),
        ("3. How will it be applied?", "\napplication:"),
        (
            "4. How will the manager or the organisation support",
            "\nsupports:",
        ),
    ] {
        assert!(
            text.find(question).unwrap() < text.find(field).unwrap(),
            "{question}"
        );
    }
}

fn new_experience(repo: &Repo, extra: &[&str]) -> common::Run {
    let mut args = vec![
        "new",
        "experience",
        "--learner",
        JANE,
        "--manager",
        SAM,
        "--title",
        "Claims: the new rules",
        "--type",
        "workshop",
        "--start",
        "2026-03-10",
        "--end",
        "2026-03-11",
        "--as-of",
        "2026-03-01",
    ];
    args.extend_from_slice(extra);
    repo.lc(&args)
}

/// The `due` dates of the follow-ups `lc new experience` wrote, with `lc.toml` as given.
fn follow_up_dues(toml: Option<&str>) -> Vec<String> {
    let repo = Repo::plain();
    if let Some(toml) = toml {
        repo.file("lc.toml", toml);
    }
    let run = new_experience(&repo, &["--stdout"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (_, list) = run
        .stdout
        .split_once("\nfollow_ups:\n")
        .expect("follow-ups");
    list.lines()
        .map_while(|l| l.strip_prefix("  - due: "))
        .map(str::to_string)
        .collect()
}

#[test]
fn experience_books_the_transfer_check_ins_of_the_policy() {
    // 14 days after the end, then 90 and 180 days after it (lc.toml's `transfer_checkins`).
    assert_eq!(
        follow_up_dues(None),
        ["2026-03-25", "2026-06-09", "2026-09-07"]
    );
    assert_eq!(
        follow_up_dues(Some("[policy]\ntransfer_checkins = [30, 365]\n")),
        ["2026-03-25", "2027-03-11"],
        "a check-in day within 30 days of an earlier follow-up is served by it"
    );
    assert_eq!(
        follow_up_dues(Some("[policy]\ntransfer_checkins = []\n")),
        ["2026-03-25"]
    );
}

#[test]
fn experience_from_a_strategic_contract_takes_its_people_and_team() {
    let repo = Repo::plain();
    new_strategic(&repo, &["--team", "Claims"]);
    let run = repo.lc(&[
        "new",
        "experience",
        "--strategic",
        "2026-zoe-angstrom",
        "--title",
        "Claims: the new rules",
        "--type",
        "workshop",
        "--start",
        "2026-03-10",
        "--as-of",
        "2026-03-01",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = repo
        .path()
        .join("contracts/2026/2026-03-10-zoe-angstrom-claims-the-new-rules.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    for needle in [
        "learner: Zoë Ångström <zoe@example.org>",
        "manager: Sam Lee <sam@example.org>",
        "team: Claims",
        "strategic: 2026-zoe-angstrom",
        "title: \"Claims: the new rules\"",
    ] {
        assert!(text.contains(needle), "{needle} in\n{text}");
    }
    assert_eq!(
        repo.lc(&["check", "--as-of", "2026-03-01"]).stdout,
        "0 errors, 0 warnings in 2 files\n"
    );
}

#[test]
fn id_year_output_and_stdout() {
    let repo = Repo::plain();
    let run = new_strategic(&repo, &["--year", "2027", "--id", "zoe-27"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(repo.path().join("contracts/2027/zoe-27.yaml").is_file());
    let run = new_strategic(
        &repo,
        &[
            "--start",
            "2026-09-01",
            "--end",
            "2027-08-31",
            "--output",
            "contracts/zoe.yaml",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(repo.path().join("contracts/zoe.yaml")).unwrap();
    assert!(text.contains("period: {start: 2026-09-01, end: 2027-08-31}"));
    let run = new_strategic(&repo, &["--year", "2028", "--output", "drafts/zoe.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(repo.path().join("drafts/zoe.yaml").is_file());
    assert!(
        run.stdout.contains("outside the contracts directory"),
        "{}",
        run.stdout
    );
    let before = snapshot(repo.path());
    let run = new_strategic(&repo, &["--year", "2030", "--stdout"]);
    assert!(
        run.stdout.starts_with("# Strategic learning contract")
            && run.stdout.contains("id: 2030-zoe-angstrom")
    );
    assert_eq!(snapshot(repo.path()), before, "--stdout writes no file");
}

#[test]
fn an_existing_file_or_id_is_refused_and_nothing_changes() {
    let repo = Repo::git();
    assert_eq!(new_strategic(&repo, &[]).code, 0);
    let before = snapshot(repo.path());
    let index = repo.git_cmd(&["status", "--porcelain"]);
    let run = new_strategic(&repo, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("already used by contracts/2026/2026-zoe-angstrom.yaml"),
        "{}",
        run.stderr
    );
    let run = new_strategic(
        &repo,
        &[
            "--output",
            "contracts/2026/2026-zoe-angstrom.yaml",
            "--id",
            "other",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    repo.file("notes.txt", "mine");
    let before_notes = snapshot(repo.path());
    let run = new_strategic(&repo, &["--output", "notes.txt", "--id", "other"]);
    assert_eq!(run.code, 1);
    assert_eq!(snapshot(repo.path()), before_notes);
    std::fs::remove_file(repo.path().join("notes.txt")).unwrap();
    assert_eq!(
        snapshot(repo.path()),
        before,
        "no temporary file is left behind"
    );
    assert_eq!(repo.git_cmd(&["status", "--porcelain"]), index);
}

#[test]
fn missing_flags_without_a_terminal_are_all_named() {
    let repo = Repo::plain();
    let run = repo.lc(&["new", "experience", "--as-of", "2026-03-01"]);
    assert_eq!(run.code, 2);
    for flag in ["--learner", "--manager", "--title", "--type", "--start"] {
        assert!(run.stderr.contains(flag), "{flag}: {}", run.stderr);
    }
    let run = repo.lc(&["new", "strategic", "--manager", SAM]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("missing --learner:"), "{}", run.stderr);
    assert!(snapshot(repo.path()).is_empty());
}

#[test]
fn invalid_values_are_exit_2_saying_what_is_wrong() {
    let repo = Repo::plain();
    let cases: &[(&[&str], &str)] = &[
        (&["--start", "2026-02-30"], "not a day of the calendar"),
        (&["--type", "lecture"], "not a method type"),
        (&["--type", "semniar"], "did you mean `seminar`?"),
        (&["--learner", "Jane <jane>"], "not an email address"),
        (&["--id", "Jane Doe"], "not an id"),
    ];
    for (args, needle) in cases {
        let mut all = vec!["new", "experience"];
        all.extend_from_slice(args);
        let defaults = [
            ("--learner", JANE),
            ("--manager", SAM),
            ("--title", "T"),
            ("--type", "course"),
            ("--start", "2026-03-10"),
        ];
        for (flag, value) in defaults {
            if !args.contains(&flag) {
                all.extend([flag, value]);
            }
        }
        let run = repo.lc(&all);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains(needle), "{args:?}: {}", run.stderr);
    }
    let run = repo.lc(&[
        "new",
        "experience",
        "--strategic",
        "nothing-here",
        "--title",
        "T",
        "--type",
        "course",
        "--start",
        "2026-03-10",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nothing-here"), "{}", run.stderr);
    assert!(snapshot(repo.path()).is_empty());
}

#[test]
fn the_repo_template_wins_and_a_broken_one_is_refused() {
    let repo = Repo::plain();
    repo.file(
        "contracts-template/strategic.yaml",
        "# Acme's own template\nlc: 1\nkind: strategic\nid: {{id}}\nstatus: draft\nlearner: {{learner}}\nmanager: {{manager}}\nperiod: {start: {{start}}, end: {{end}}}\n",
    );
    assert_eq!(new_strategic(&repo, &[]).code, 0);
    let text =
        std::fs::read_to_string(repo.path().join("contracts/2026/2026-zoe-angstrom.yaml")).unwrap();
    assert!(text.starts_with("# Acme's own template\n"), "{text}");

    repo.file(
        "contracts-template/strategic.yaml",
        "lc: 1\nkind: strategic\nid: {{id}}\nstatus: draft\nbudget: 3\n",
    );
    let run = new_strategic(&repo, &["--year", "2027"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown field `budget`"),
        "{}",
        run.stderr
    );
    assert!(!repo.path().join("contracts/2027").exists());
    repo.file("contracts-template/strategic.yaml", "id: {{colour}}\n");
    let run = new_strategic(&repo, &["--year", "2027"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`{{colour}}`"), "{}", run.stderr);
}

#[test]
fn the_project_templates_are_the_built_in_ones_and_cover_every_field() {
    for (kind, template) in [
        ("strategic", lc::store::template::BUILTIN_STRATEGIC),
        ("experience", lc::store::template::BUILTIN_EXPERIENCE),
    ] {
        let on_disk = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("contracts-template/{kind}.yaml")),
        )
        .unwrap();
        assert_eq!(on_disk, template);
        let shape = lc::model::schema::Kind::parse(kind).unwrap().shape();
        for field in shape
            .fields()
            .filter(|f| f.only.is_none_or(|k| k.as_str() == kind))
        {
            assert!(
                template.contains(&format!("{}:", field.name)),
                "{kind} template lacks `{}`",
                field.name
            );
        }
    }
}

/// Runs `lc ARGS` under a pseudo-terminal with `answers` typed in, returning the screen.
fn with_terminal(repo: &Repo, args: &str, answers: &str) -> (i32, String) {
    use std::io::Write;
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_lc"));
    let mut child = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(repo.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("util-linux `script` runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(answers.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[cfg(unix)]
#[test]
fn prompts_on_a_terminal_check_each_answer_and_show_defaults() {
    let repo = Repo::plain();
    let answers = "Jane Doe <jane>\nJane Doe <jane@example.org>\nSam Lee <sam@example.org>\n\nClaims: the new rules\nlecture\nworkshop\n2026-13-01\n2026-03-10\n\n";
    let (code, screen) = with_terminal(&repo, "new experience --as-of 2026-03-01", answers);
    assert_eq!(code, 0, "{screen}");
    for shown in [
        "Learner (Name <email>): ",
        "`jane` is not an email address",
        "Team (optional): ",
        "`lecture` is not a method type",
        "`2026-13-01` is not a day of the calendar",
        "Last day (YYYY-MM-DD) [2026-03-10]: ",
        "wrote contracts/2026/2026-03-10-jane-doe-claims-the-new-rules.yaml",
    ] {
        assert!(screen.contains(shown), "`{shown}` in\n{screen}");
    }
    let (code, screen) = with_terminal(
        &repo,
        "new strategic --as-of 2026-03-01",
        "Jane Doe <jane@example.org>\nSam Lee\nClaims\n\n",
    );
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("Year [2026]: "), "{screen}");
    assert_eq!(
        repo.lc(&["check", "--as-of", "2026-03-01"]).stdout,
        "0 errors, 0 warnings in 2 files\n"
    );
}

#[test]
fn a_contract_from_another_repo_is_not_an_id_clash() {
    let repo = Repo::plain();
    repo.file(
        "contracts/2026/2026-zoe-angstrom.yaml",
        STRATEGIC.replace("2026-jane-doe", "2026-zoe-angstrom"),
    );
    let output = lc_command(repo.path())
        .args([
            "new",
            "strategic",
            "--learner",
            JANE,
            "--manager",
            SAM,
            "--year",
            "2026",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn the_templates_name_the_commands_rather_than_fields_to_write_by_hand() {
    let repo = Repo::git();
    for kind in ["strategic", "experience"] {
        let mut args = vec![
            "new",
            kind,
            "--learner",
            "Jane Doe <jane@example.org>",
            "--manager",
            "Sam Lee <sam@example.org>",
            "--stdout",
        ];
        if kind == "experience" {
            args.extend([
                "--title",
                "Claims workshop",
                "--type",
                "workshop",
                "--start",
                "2026-03-10",
            ]);
        }
        let run = repo.lc_at("2026-01-05", &args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let text = run.stdout;
        let id = if kind == "strategic" {
            "2026-jane-doe"
        } else {
            "2026-03-10-jane-doe-claims-workshop"
        };
        for said in [
            format!("`lc agree {id} --by both` writes the days and `status: agreed`"),
            format!("`lc done {id} follow-up"),
            format!("`lc start {id}` makes it active"),
            format!("`lc support add {id} --text TEXT"),
            "`lc check --ready`".to_string(),
        ] {
            assert!(
                text.contains(&said),
                "{kind} template lacks {said}:\n{text}"
            );
        }
        for by_hand in ["Record `done:`", "set `status: agreed`", "record the days"] {
            assert!(!text.contains(by_hand), "{kind}: {by_hand}");
        }
    }
}

#[test]
fn a_new_experience_linked_from_its_objective_is_committed_with_the_strategic_contract() {
    let repo = common::committed(common::STRATEGIC, common::EXPERIENCE);
    let args = |title: &'static str| {
        vec![
            "new",
            "experience",
            "--strategic",
            "2026-jane-doe",
            "--objective",
            "o1",
            "--title",
            title,
            "--type",
            "course",
            "--start",
            "2026-05-04",
        ]
    };
    let run = repo.lc_at("2026-03-01", &args("Rules course"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let new = "contracts/2026/2026-05-04-jane-doe-rules-course.yaml";
    assert!(
        run.stdout.contains(&format!(
            "  3. git commit -m \"Learning contract for Jane Doe\" {new} contracts/2026/2026-jane-doe.yaml\n"
        )),
        "the suggested commit holds both files:\n{}",
        run.stdout
    );
    let staged = repo.git_cmd(&["diff", "--cached", "--name-only"]);
    assert_eq!(
        staged,
        format!("{new}\ncontracts/2026/2026-jane-doe.yaml\n")
    );
    // Undone (the staged new file goes too), then again with --commit.
    repo.git_cmd(&["reset", "-q", "--hard"]);
    assert!(!repo.path().join(new).exists());

    let run = repo.lc_at(
        "2026-03-01",
        &[args("Rules course"), vec!["--commit"]].concat(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("git commit"), "{}", run.stdout);
    assert!(run.stdout.contains("committed "), "{}", run.stdout);
    assert_eq!(
        repo.git_cmd(&["status", "--porcelain"]),
        "",
        "nothing left behind"
    );
    assert_eq!(
        repo.git_cmd(&["log", "-1", "--format=%B"]),
        "2026-05-04-jane-doe-rules-course: new experience contract, in draft\n2026-jane-doe: `2026-05-04-jane-doe-rules-course` linked from the course method of objective `o1`\n\n"
    );
    assert_eq!(
        repo.git_cmd(&["show", "--name-only", "--format=", "HEAD"]),
        format!("{new}\ncontracts/2026/2026-jane-doe.yaml\n")
    );
}

#[test]
fn values_that_make_no_contract_are_blamed_not_the_template() {
    let repo = Repo::plain();
    let run = |args: &[&str]| {
        let mut all = vec![
            "new",
            "experience",
            "--learner",
            JANE,
            "--manager",
            SAM,
            "--type",
            "workshop",
            "--as-of",
            "2026-03-01",
        ];
        all.extend_from_slice(args);
        repo.lc(&all)
    };
    let empty = run(&["--title", "", "--start", "2026-03-10"]);
    assert_eq!(empty.code, 2);
    assert!(
        empty
            .stderr
            .contains("--title is empty: give the event's title, e.g. --title \"Claims workshop\""),
        "{}",
        empty.stderr
    );
    let backwards = run(&[
        "--title",
        "X",
        "--start",
        "2026-03-10",
        "--end",
        "2026-03-01",
    ]);
    assert_eq!(backwards.code, 2);
    assert!(
        backwards
            .stderr
            .contains("--end 2026-03-01 is before --start 2026-03-10"),
        "{}",
        backwards.stderr
    );
    // A value the template cannot hold: the built-in template fails with it too.
    let broken = run(&["--title", "two\nlines", "--start", "2026-03-10"]);
    assert_eq!(broken.code, 2);
    assert!(
        broken
            .stderr
            .contains("the values given do not make a valid draft, so nothing was written"),
        "{}",
        broken.stderr
    );
    for run in [&empty, &backwards, &broken] {
        assert!(!run.stderr.contains("contracts-template"), "{}", run.stderr);
    }
    assert!(snapshot(repo.path()).is_empty(), "nothing written");
    // The repo's own template is blamed when the built-in one works with the same values.
    repo.file(
        "contracts-template/strategic.yaml",
        "lc: 1\nkind: strategic\nid: {{id}}\nstatus: draft\nbudget: 3\n",
    );
    let own = new_strategic(&repo, &["--year", "2027"]);
    assert_eq!(own.code, 2);
    assert!(
        own.stderr.contains(
            "fix `contracts-template/strategic.yaml`, or remove it to use the built-in template"
        ),
        "{}",
        own.stderr
    );
}
