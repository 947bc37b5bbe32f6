//! `--format sarif`: SARIF 2.1.0 for code-scanning upload — one result per diagnostic, a rule per
//! code used.

use serde_json::{Value, json};

use crate::diagnostic::{Code, Diagnostic, Severity};

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
                        "artifactLocation": {"uri": format!("{prefix}{}", d.file), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": d.line, "startColumn": d.column}
                    }
                }]
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "lc",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/learning-contracts",
                "rules": rules
            }},
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&log).unwrap_or_default()
    )
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
        "name": code.as_str(),
        "shortDescription": {"text": code.about()},
        "fullDescription": {"text": format!("lc check gives `{}` when {}.", code.as_str(), code.about())},
        "help": {"text": code.fix()},
        "defaultConfiguration": {"level": level(severity)}
    })
}
