//! Property tests of the read-and-validate path: random bytes, and valid contracts with random
//! mutations. Never a panic; every diagnostic's line lies inside its file; the same input always
//! gives the same output.

mod common;

use chrono::NaiveDate;
use lc::check::policy::Context;
use lc::check::policy::Settings;
use lc::check::{Loaded, load_bytes};
use proptest::prelude::*;

fn check(bytes: &[u8]) -> Loaded {
    let settings = Settings::default();
    let as_of = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
    load_bytes(
        "contracts/x.yaml",
        bytes,
        &settings,
        Context {
            as_of,
            policy: &settings.policy,
        },
    )
}

/// The properties every input must have.
fn holds(bytes: &[u8]) -> Result<(), TestCaseError> {
    let first = check(bytes);
    // Lines as YAML counts them: `\r\n`, `\n` and a lone `\r` each end one.
    let text = String::from_utf8_lossy(bytes);
    let breaks = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines = (breaks.split('\n').count() - usize::from(breaks.ends_with('\n'))).max(1) as u32;
    for d in &first.diagnostics {
        prop_assert!(
            d.line >= 1 && d.line <= lines,
            "line {} of {lines}: {}",
            d.line,
            d.message
        );
        prop_assert!(d.column >= 1, "column {}: {}", d.column, d.message);
        prop_assert!(!d.message.is_empty());
    }
    let second = check(bytes);
    prop_assert_eq!(
        &first.diagnostics,
        &second.diagnostics,
        "the same input, the same output"
    );
    Ok(())
}

/// A YAML-ish alphabet, so that random strings reach deep into the parser.
fn yamlish() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("\n".to_string()),
            Just("  ".to_string()),
            Just("- ".to_string()),
            Just(": ".to_string()),
            "[a-z_]{1,8}".prop_map(|s| s),
            Just("[".to_string()),
            Just("]".to_string()),
            Just("{".to_string()),
            Just("}".to_string()),
            Just(", ".to_string()),
            Just("&a ".to_string()),
            Just("*a".to_string()),
            Just("'".to_string()),
            Just("\"".to_string()),
            Just("#".to_string()),
            Just("|\n".to_string()),
            Just("---\n".to_string()),
            Just("\t".to_string()),
            Just("2026-13-45".to_string()),
            Just("lc: 1\n".to_string()),
            Just("ü".to_string()),
        ],
        0..120,
    )
    .prop_map(|parts| parts.concat())
}

/// One way of breaking a valid contract.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    Indent(usize, usize),
    Dedent(usize),
    SwapLines(usize, usize),
    WrongType(usize, &'static str),
    Huge(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        (any::<usize>(), 1..6usize).prop_map(|(l, n)| Mutation::Indent(l, n)),
        any::<usize>().prop_map(Mutation::Dedent),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (
            any::<usize>(),
            prop_oneof![
                Just("[1, 2]"),
                Just("{a: b}"),
                Just("~"),
                Just("yes"),
                Just("-1"),
                Just("\"\"")
            ]
        )
            .prop_map(|(l, v)| Mutation::WrongType(l, v)),
        (any::<usize>(), 1..20_000usize).prop_map(|(l, n)| Mutation::Huge(l, n)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for m in mutations {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match *m {
            Mutation::DeleteLine(l) => {
                lines.remove(l % n);
            }
            Mutation::Indent(l, by) => lines[l % n].insert_str(0, &" ".repeat(by)),
            Mutation::Dedent(l) => lines[l % n] = lines[l % n].trim_start().to_string(),
            Mutation::SwapLines(a, b) => lines.swap(a % n, b % n),
            Mutation::WrongType(l, value) => {
                if let Some((key, _)) = lines[l % n].split_once(": ") {
                    lines[l % n] = format!("{key}: {value}");
                }
            }
            Mutation::Huge(l, size) => lines[l % n].push_str(&"x".repeat(size)),
            Mutation::Truncate(at) => {
                let line = &mut lines[at % n];
                let cut = line
                    .char_indices()
                    .nth(line.chars().count() / 2)
                    .map_or(0, |(i, _)| i);
                line.truncate(cut);
            }
        }
    }
    lines.join("\n")
}

proptest! {
    // 300 cases each in CI; `PROPTEST_CASES=100000 cargo test --release --test properties` for
    // a long run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        holds(&bytes)?;
    }

    #[test]
    fn random_yamlish_text(text in yamlish()) {
        holds(text.as_bytes())?;
    }

    #[test]
    fn mutated_strategic_contracts(mutations in proptest::collection::vec(mutation(), 1..6)) {
        holds(apply(common::STRATEGIC, &mutations).as_bytes())?;
    }

    #[test]
    fn mutated_experience_contracts(mutations in proptest::collection::vec(mutation(), 1..6)) {
        holds(apply(common::EXPERIENCE, &mutations).as_bytes())?;
    }
}
