//! `lc schema` agrees with `lc check`: every contract the check accepts validates against the
//! JSON Schema (checked by an independent validator), and files with a wrong type, an unknown
//! key, a bad word or a missing top-level field fail it.

mod common;

use std::path::Path;

use common::{EXPERIENCE, Repo, STRATEGIC, edit};
use lc::text::yaml::{Node, Value};
use serde_json::{Value as Json, json};

/// A YAML tree as JSON, with the YAML 1.2 core schema's resolution of plain scalars.
fn to_json(node: &Node) -> Json {
    match &node.value {
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|e| (e.key.as_scalar().unwrap().text.clone(), to_json(&e.value)))
                .collect(),
        ),
        Value::Seq(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Scalar(s) if !s.plain => json!(s.text),
        Value::Scalar(s) => match s.text.as_str() {
            "" | "~" | "null" | "Null" | "NULL" => Json::Null,
            "true" | "True" | "TRUE" => json!(true),
            "false" | "False" | "FALSE" => json!(false),
            text => text
                .parse::<i64>()
                .map(Json::from)
                .or_else(|_| text.parse::<f64>().map(Json::from))
                .unwrap_or_else(|_| json!(text)),
        },
    }
}

fn yaml_json(text: &str) -> Json {
    to_json(&lc::text::yaml::parse(text).root.expect("a document"))
}

fn validator(args: &[&str]) -> jsonschema::Validator {
    let mut all = vec!["schema"];
    all.extend_from_slice(args);
    let run = Repo::plain().lc(&all);
    assert_eq!(run.code, 0);
    let schema: Json = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::draft202012::new(&schema).expect("a valid schema")
}

#[track_caller]
fn assert_valid(validator: &jsonschema::Validator, name: &str, text: &str) {
    let instance = yaml_json(text);
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:?}");
}

fn contract_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            contract_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

#[test]
fn every_valid_contract_validates() {
    let both = validator(&[]);
    let mut files = Vec::new();
    contract_files(&common::examples_dir(), &mut files);
    assert!(files.len() >= 12);
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        assert_valid(&both, &file.display().to_string(), &text);
    }
    assert_valid(&both, "STRATEGIC", STRATEGIC);
    assert_valid(&both, "EXPERIENCE", EXPERIENCE);
    let answered = edit(
        EXPERIENCE,
        "  - due: 2026-06-09\n",
        "  - due: 2026-06-09\n    done: 2026-02-20\n    applied: fully\n    evidence: Uses it\n",
    );
    assert_valid(&both, "a check-in's answer", &answered);
    assert_valid(&validator(&["strategic"]), "STRATEGIC", STRATEGIC);
    assert_valid(&validator(&["experience"]), "EXPERIENCE", EXPERIENCE);
    for kind in ["strategic", "experience"] {
        let repo = Repo::plain();
        let run = repo.lc(&[
            "new",
            kind,
            "--learner",
            "Jane Doe <jane@example.org>",
            "--manager",
            "Sam",
            "--title",
            "T",
            "--type",
            "course",
            "--start",
            "2026-03-10",
            "--stdout",
        ]
        .into_iter()
        .filter(|a| {
            kind == "experience"
                || !["--title", "T", "--type", "course", "--start", "2026-03-10"].contains(a)
        })
        .collect::<Vec<_>>());
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_valid(&both, kind, &run.stdout);
    }
}

#[test]
fn mistakes_fail_the_schema() {
    let both = validator(&[]);
    let cases = [
        (
            "unknown key",
            edit(STRATEGIC, "team: Claims", "teem: Claims"),
        ),
        (
            "unknown nested key",
            edit(STRATEGIC, "    evidence:", "    evidance:"),
        ),
        (
            "wrong type",
            edit(STRATEGIC, "serves: [g1]", "serves: {g1: yes}"),
        ),
        (
            "wrong type of a scalar",
            edit(EXPERIENCE, "hours: 14", "hours: fourteen"),
        ),
        (
            "bad enum word",
            edit(STRATEGIC, "status: active", "status: finished"),
        ),
        (
            "bad method type",
            edit(STRATEGIC, "type: course", "type: lecture"),
        ),
        (
            "missing top-level field",
            edit(STRATEGIC, "learner: Jane Doe <jane@example.org>\n", ""),
        ),
        (
            "missing kind-specific field",
            edit(EXPERIENCE, "experience:\n", "event:\n"),
        ),
        (
            "bad date",
            edit(STRATEGIC, "due: 2026-06-30", "due: 30.06.2026"),
        ),
        ("other version", edit(STRATEGIC, "lc: 1", "lc: 2")),
        (
            "applied in a strategic contract",
            edit(
                STRATEGIC,
                "  - due: 2026-03-31\n",
                "  - due: 2026-03-31\n    applied: fully\n",
            ),
        ),
        (
            "an answer that is no answer",
            edit(
                EXPERIENCE,
                "  - due: 2026-06-09\n",
                "  - due: 2026-06-09\n    applied: yes\n",
            ),
        ),
        (
            "for in an experience",
            edit(
                EXPERIENCE,
                "    due: 2026-04-10\n",
                "    due: 2026-04-10\n    for: [o1]\n",
            ),
        ),
    ];
    for (name, text) in cases {
        assert!(
            !both.is_valid(&yaml_json(&text)),
            "{name} should fail the schema"
        );
        let repo = common::valid_repo();
        let path = if text.contains("kind: strategic") {
            "contracts/2026/2026-jane-doe.yaml"
        } else {
            "contracts/2026/2026-03-10-jane-doe-claims-workshop.yaml"
        };
        repo.file(path, &text);
        let run = repo.check_json(&[]);
        assert_eq!(run.code, 1, "{name} should fail lc check too");
        assert!(
            run.diagnostics().iter().all(|d| d.1 == path),
            "{name}: {}",
            run.stdout
        );
    }
}
