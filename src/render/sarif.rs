//! `--format sarif`: SARIF 2.1.0 for code-scanning upload — one result per diagnostic, a rule per
//! code used.

use serde_json::{Value, json};

use crate::check::diagnostic::{Code, Diagnostic, Severity};

/// The log of one run. `prefix` is the HR repo's place in the work tree, so that URIs are
/// relative to the repository's root, where code scanning looks for them.
pub fn check(diagnostics: &[Diagnostic], prefix: &str) -> String {
    let mut codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
    codes.sort();
    codes.dedup();
    let rules: Vec<Value> = codes.iter().map(|code| rule(*code, diagnostics)).collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let index = codes.iter().position(|c| *c == d.code).unwrap_or(0);
            let text = match &d.help {
                Some(help) => format!("{} ({help})", d.message),
                None => d.message.clone(),
            };
            json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": index,
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&format!("{prefix}{}", d.file)), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": d.line, "startColumn": d.column}
                    }
                }]
            })
        })
        .collect();
    let mut driver = json!({
        "name": "lc",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules
    });
    if let Some(page) = information_uri() {
        driver["informationUri"] = json!(page);
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&log).unwrap_or_default()
    )
}

/// The tool's page: the package's `homepage`, else its `repository`, as `Cargo.toml` declares
/// them. Neither is declared while `lc` is unpublished, and then SARIF has no
/// `informationUri` rather than one that points at a page that does not exist.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|page| !page.is_empty())
}

/// A repo-relative path as a URI reference (RFC 3986): every byte but the unreserved
/// characters and `/` percent-encoded, so that a space, `#`, `%` or `ë` in a file name is
/// part of the path, not a fragment or an invalid URI.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A rule's name, which SARIF wants different from its id: `missing-field` → `MissingField`.
fn rule_name(code: &str) -> String {
    code.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A rule entry; a policy code's level is the one this run gave it.
fn rule(code: Code, diagnostics: &[Diagnostic]) -> Value {
    let severity = code
        .fixed_severity()
        .or_else(|| {
            diagnostics
                .iter()
                .find(|d| d.code == code)
                .map(|d| d.severity)
        })
        .unwrap_or(Severity::Warning);
    json!({
        "id": code.as_str(),
        "name": rule_name(code.as_str()),
        "shortDescription": {"text": code.about()},
        "fullDescription": {"text": format!("lc check gives `{}` when {}.", code.as_str(), code.about())},
        "help": {"text": code.fix()},
        "defaultConfiguration": {"level": level(severity)}
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            uri("contracts/2026/a-b_c.d~e.yaml"),
            "contracts/2026/a-b_c.d~e.yaml"
        );
        assert_eq!(
            uri("contracts/2026/zoë ångström #1.yaml"),
            "contracts/2026/zo%C3%AB%20%C3%A5ngstr%C3%B6m%20%231.yaml"
        );
        assert_eq!(uri("a%20b:c?d[e]"), "a%2520b%3Ac%3Fd%5Be%5D");
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(rule_name("missing-field"), "MissingField");
        assert_eq!(rule_name("yaml-syntax"), "YamlSyntax");
        assert_eq!(rule_name("closed-with-open-items"), "ClosedWithOpenItems");
    }
}
