//! Valid YAML for every reader: characters YAML 1.2 forbids, those other readers take for line
//! breaks and bidirectional controls are written escaped by the edit layer, and the file then
//! reads back the same in lc's parser and in PyYAML; `lc check` warns about one written raw.

mod common;

use std::process::Command;

use common::{EXPERIENCE, STRATEGIC, STRATEGIC_PATH, committed, line_of};

/// Texts holding each kind of character that must not stand raw, single- and multi-line.
const TEXTS: [&str; 7] = [
    "a\u{fffe}b\u{ffff}c",
    "line\u{2028}separator\u{2029}paragraph\u{85}next",
    "name: \u{202e}gnp.exe\u{202c} and \u{2066}isolate\u{2069}",
    "bell\u{7} escape\u{1b} delete\u{7f} c1\u{9b}",
    "mid\u{feff}bom",
    "two lines\nthe second with \u{202b}embedding",
    "tab\tstays, so does ünïcödé and 😀",
];

fn python() -> String {
    std::env::var("LC_TEST_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// The follow-ups' notes as PyYAML reads the file, or `None` (with a loud note) when PyYAML is
/// not there; under CI it must be.
fn pyyaml_notes(path: &std::path::Path) -> Option<Vec<Option<String>>> {
    let have = Command::new(python())
        .args(["-c", "import yaml"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        let note = format!(
            "\n!!! SKIPPED: `{} -c 'import yaml'` fails; install PyYAML (`.ci/run` does) to read the files with another YAML reader !!!\n",
            python()
        );
        assert!(std::env::var_os("CI").is_none(), "{note}");
        eprintln!("{note}");
        return None;
    }
    let script = "import json, sys, yaml\n\
        data = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))\n\
        print(json.dumps([f.get('notes') for f in data['follow_ups']]))";
    let out = Command::new(python())
        .args(["-c", script])
        .arg(path)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "PyYAML refuses the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

/// The follow-ups' notes as lc's own parser reads the file.
fn our_notes(text: &str) -> Vec<Option<String>> {
    let root = lc::text::yaml::parse(text).root.unwrap();
    let lc::text::yaml::Value::Seq(items) = &root.get("follow_ups").unwrap().value else {
        panic!("follow_ups is a list")
    };
    items
        .iter()
        .map(|i| {
            i.get("notes")
                .and_then(|n| n.as_scalar())
                .map(|s| s.text.clone())
        })
        .collect()
}

#[test]
fn unsafe_characters_are_written_escaped_and_every_reader_reads_them_back() {
    let repo = committed(STRATEGIC, EXPERIENCE);
    for (n, text) in TEXTS.iter().enumerate() {
        let run = repo.lc_at(
            "2026-03-01",
            &[
                "follow-up",
                "add",
                "2026-jane-doe",
                "--due",
                &format!("2026-05-{:02}", n + 1),
                "--notes",
                text,
            ],
        );
        assert_eq!(run.code, 0, "{text:?}: {}", run.stderr);
    }
    // Notes added to an item that has some, through `done --notes`.
    let run = repo.lc_at(
        "2026-03-01",
        &[
            "done",
            "2026-jane-doe",
            "follow-up",
            "5",
            "--notes",
            TEXTS[2],
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = repo.read(STRATEGIC_PATH);
    for c in file.chars() {
        assert!(
            lc::text::yaml::unsafe_char(c).is_none(),
            "U+{:04X} written raw:\n{file}",
            u32::from(c)
        );
    }
    let mut expected: Vec<Option<String>> = vec![None; 4];
    expected.extend(TEXTS.iter().map(|t| Some(t.to_string())));
    expected[4] = Some(format!("{}\n{}", TEXTS[0], TEXTS[2]));
    assert_eq!(our_notes(&file), expected);
    if let Some(theirs) = pyyaml_notes(&repo.path().join(STRATEGIC_PATH)) {
        assert_eq!(theirs, expected, "PyYAML reads other texts");
    }
    let check = repo.check_json(&[]);
    assert_eq!(check.codes(), Vec::<String>::new(), "{}", check.stdout);
}

#[test]
fn unsafe_character_at_each_raw_one_in_an_existing_file() {
    let text = STRATEGIC
        .replace(
            "team: Claims\n",
            "team: Claims \u{202e}  # a comment with \u{2067} in it\n",
        )
        .replace(
            "    text: Two hours a week to practise\n",
            "    text: \"Two hours\u{2028}a week\"\n",
        );
    let repo = common::valid_repo();
    repo.file(STRATEGIC_PATH, &text);
    let run = repo.check_json(&[]);
    let found: Vec<(String, u64, u64)> = run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let team = line_of(&text, "team: Claims");
    let support = line_of(&text, "Two hours");
    assert_eq!(
        found,
        [
            ("unsafe-character".to_string(), team, 14),
            ("unsafe-character".to_string(), team, 34),
            ("unsafe-character".to_string(), support, 21),
        ]
    );
    let first = &run.json()["diagnostics"][0];
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .starts_with("U+202E is a bidirectional control written raw"),
        "{first}"
    );
    assert!(
        first["help"].as_str().unwrap().contains("`\\u202e`"),
        "{first}"
    );
    assert_eq!(run.code, 0, "warnings");
}
