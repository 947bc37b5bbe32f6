//! SARIF as code scanning and Microsoft's SARIF multitool read it: URIs that are valid RFC 3986
//! references whatever the file is called, rule names that are not ids, no dead links.

mod common;

use common::{Repo, STRATEGIC, edit};
use serde_json::Value;

/// A file name with a space, a `#` and accents.
const ODD: &str = "contracts/2026/zoë ångström #1.yaml";

/// The SARIF 2.1.0 schema, with `format` checked (`uri`, `uri-reference`): the schema says
/// draft 4, which knows no `uri-reference`, so it is read as draft 7, the first that does.
fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(include_str!("data/sarif-2.1.0.json")).unwrap();
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn errors(validator: &jsonschema::Validator, log: &Value) -> Vec<String> {
    validator
        .iter_errors(log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// RFC 3986 percent-decoding, written here so that the test does not trust `lc`'s encoder.
fn decode(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn uris_are_percent_encoded_and_decode_back_to_the_path() {
    let repo = Repo::git();
    repo.file(ODD, edit(STRATEGIC, "team: Claims", "teem: Claims"));
    repo.file(
        "contracts/2026/100% sure?.yaml",
        edit(STRATEGIC, "id: 2026-jane-doe", "id: b").replace("team: Claims", "teem: Claims"),
    );
    repo.commit("contracts");
    let run = repo.lc(&["check", "--as-of", "2026-05-01", "--format", "sarif"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    let validator = validator();
    assert_eq!(errors(&validator, &log), Vec::<String>::new());

    let results = log["runs"][0]["results"].as_array().unwrap();
    let uri_of =
        |r: &Value| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].clone();
    let mut paths: Vec<String> = results
        .iter()
        .map(|r| decode(uri_of(r).as_str().unwrap()))
        .collect();
    paths.sort();
    paths.dedup();
    assert_eq!(paths, ["contracts/2026/100% sure?.yaml", ODD]);
    let encoded: Vec<Value> = results.iter().map(uri_of).collect();
    assert!(
        encoded.contains(&Value::from(
            "contracts/2026/zo%C3%AB%20%C3%A5ngstr%C3%B6m%20%231.yaml"
        )),
        "{encoded:?}"
    );

    // The check is real: the same log with the file name written verbatim fails it.
    let mut verbatim = log.clone();
    verbatim["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        Value::from(ODD);
    assert!(
        errors(&validator, &verbatim)
            .iter()
            .any(|e| e.contains("uri-reference")),
        "format checking is on"
    );
}

#[test]
fn rules_have_names_and_no_dead_links() {
    let repo = Repo::plain();
    repo.file(
        "contracts/a.yaml",
        edit(STRATEGIC, "team: Claims", "teem: Claims"),
    );
    let run = repo.lc(&["check", "--as-of", "2026-05-01", "--format", "sarif"]);
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    let driver = &log["runs"][0]["tool"]["driver"];
    let rules = driver["rules"].as_array().unwrap();
    assert!(!rules.is_empty());
    for rule in rules {
        let (id, name) = (rule["id"].as_str().unwrap(), rule["name"].as_str().unwrap());
        assert_ne!(id, name, "SARIF1001: a rule's name is not its id");
        assert!(
            name.chars().all(|c| c.is_ascii_alphanumeric()) && name.starts_with(char::is_uppercase),
            "{name}"
        );
        assert_eq!(name.to_lowercase(), id.replace('-', ""));
    }
    assert!(rules.iter().any(|r| r["name"] == "UnknownField"));
    // `lc` is not published: no page to point at, so none is named. Once `Cargo.toml` says where
    // it lives, that is the page.
    let declared = [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|p| !p.is_empty());
    assert_eq!(
        driver.get("informationUri").and_then(Value::as_str),
        declared
    );
    assert!(!run.stdout.contains("crates.io"), "{}", run.stdout);
}
