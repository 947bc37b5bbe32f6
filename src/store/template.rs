//! Contract templates: the built-in ones (this project's `contracts-template/`) or the repo's
//! own, filled in line by line.
//!
//! A line holding `{{name}}` gets the value in YAML form; a line whose value is absent is left
//! out (no `team:` line without a team); a list value repeats its line once per item.

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::model::schema::Kind;

pub const BUILTIN_STRATEGIC: &str = include_str!("../../contracts-template/strategic.yaml");
pub const BUILTIN_EXPERIENCE: &str = include_str!("../../contracts-template/experience.yaml");

/// The placeholders `lc new` fills in.
pub const PLACEHOLDERS: &[&str] = &[
    "id",
    "learner",
    "manager",
    "team",
    "period",
    "start",
    "end",
    "title",
    "type",
    "strategic",
    "follow_up",
];

pub fn builtin(kind: Kind) -> &'static str {
    match kind {
        Kind::Strategic => BUILTIN_STRATEGIC,
        Kind::Experience => BUILTIN_EXPERIENCE,
    }
}

/// The template for `kind`: the repo's `contracts-template/<kind>.yaml` when it exists, else the
/// built-in one. Returns the text and where it came from.
pub fn load(root: &Path, kind: Kind) -> Result<(String, String)> {
    let rel = format!("contracts-template/{}.yaml", kind.as_str());
    let path = root.join(&rel);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok((text, rel)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok((
            builtin(kind).to_string(),
            format!("the built-in {} template", kind.as_str()),
        )),
        Err(err) => Err(err).with_context(|| format!("cannot read the template `{rel}`")),
    }
}

/// A value for a placeholder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fill {
    One(String),
    Many(Vec<String>),
    /// No value: lines that use it are left out.
    Absent,
}

/// Fills `template` with `values`; an unknown placeholder is an error naming it.
pub fn render(template: &str, values: &[(&str, Fill)]) -> Result<String> {
    let mut out = String::with_capacity(template.len() + 256);
    for line in template.split_inclusive('\n') {
        let names = placeholders(line)?;
        let mut fills = Vec::new();
        for name in &names {
            match values.iter().find(|(n, _)| n == name) {
                Some((_, fill)) => fills.push((name.as_str(), fill)),
                None => bail!(
                    "the template uses `{{{{{name}}}}}`, which lc does not fill; it fills {}",
                    PLACEHOLDERS
                        .iter()
                        .map(|p| format!("`{{{{{p}}}}}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
        if fills.iter().any(|(_, f)| matches!(f, Fill::Absent)) {
            continue;
        }
        let copies = fills.iter().find_map(|(_, f)| {
            if let Fill::Many(items) = f {
                Some(items.len())
            } else {
                None
            }
        });
        for copy in 0..copies.unwrap_or(1) {
            let mut filled = line.to_string();
            for (name, fill) in &fills {
                let value = match fill {
                    Fill::One(value) => value.as_str(),
                    Fill::Many(items) => items[copy].as_str(),
                    Fill::Absent => "",
                };
                filled = filled.replace(
                    &format!("{{{{{name}}}}}"),
                    &yaml_value(value, in_comment(line, name)),
                );
            }
            out += &filled;
        }
    }
    Ok(out)
}

/// The placeholder names a line uses.
fn placeholders(line: &str) -> Result<Vec<String>> {
    let mut names = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else {
            break;
        };
        names.push(rest[start + 2..start + 2 + len].trim().to_string());
        rest = &rest[start + 2 + len + 2..];
    }
    Ok(names)
}

/// Whether the placeholder stands in a comment, where values go in as written.
fn in_comment(line: &str, name: &str) -> bool {
    let at = line.find(&format!("{{{{{name}}}}}")).unwrap_or(0);
    line[..at].contains('#')
}

/// `value` as a YAML scalar: plain when that reads back as the same text, else double-quoted.
pub fn yaml_value(value: &str, in_comment: bool) -> String {
    if in_comment {
        // A comment is not read, but it is shown: what would be escaped is spelt out.
        return value
            .chars()
            .map(|c| match crate::text::yaml::unsafe_char(c) {
                Some(_) => crate::text::yaml::escaped(c),
                None => c.to_string(),
            })
            .collect();
    }
    if is_plain_safe(value) {
        return value.to_string();
    }
    let mut quoted = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => quoted += "\\\"",
            '\\' => quoted += "\\\\",
            '\n' => quoted += "\\n",
            '\t' => quoted += "\\t",
            c if crate::text::yaml::unsafe_char(c).is_some() || c.is_control() => {
                quoted += &crate::text::yaml::escaped(c)
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

fn is_plain_safe(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    let starts_badly = "-?:,[]{}#&*!|>'\"%@`~ ".contains(first);
    let has_indicator = value.contains(": ") || value.contains(" #") || value.ends_with(':');
    let flow_breaking = value.contains([',', '[', ']', '{', '}']);
    !starts_badly
        && !has_indicator
        && !flow_breaking
        && !value.ends_with(' ')
        && !value.chars().any(char::is_control)
        && !crate::text::yaml::needs_escaping(value)
        && !matches!(value, "null" | "Null" | "NULL" | "~")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_filled_left_out_or_repeated() {
        let template = "a: {{learner}}\nteam: {{team}}\nfollow_ups:\n  - due: {{follow_up}}\n# {{learner}}, {{period}}\n";
        let out = render(
            template,
            &[
                ("learner", Fill::One("Jane: the first".into())),
                ("team", Fill::Absent),
                (
                    "follow_up",
                    Fill::Many(vec!["2026-03-31".into(), "2026-06-30".into()]),
                ),
                ("period", Fill::One("2026".into())),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "a: \"Jane: the first\"\nfollow_ups:\n  - due: 2026-03-31\n  - due: 2026-06-30\n# Jane: the first, 2026\n"
        );
    }

    #[test]
    fn unknown_placeholders_are_named() {
        let err = render("x: {{colour}}\n", &[]).unwrap_err();
        assert!(err.to_string().contains("`{{colour}}`"), "{err}");
    }

    #[track_caller]
    fn case(value: &str, expected: &str) {
        assert_eq!(yaml_value(value, false), expected);
    }

    #[test]
    fn values_are_quoted_only_when_needed() {
        case("Jane Doe <jane@example.org>", "Jane Doe <jane@example.org>");
        case("Zoë Ångström", "Zoë Ångström");
        case("Claims: the new rules", "\"Claims: the new rules\"");
        case("C# for claims", "C# for claims");
        case("Tips #1", "\"Tips #1\"");
        case("[draft]", "\"[draft]\"");
        case("Sales, North", "\"Sales, North\"");
        case("say \"hi\"", "say \"hi\"");
        case("\"quoted\"", "\"\\\"quoted\\\"\"");
        case("null", "\"null\"");
        case("", "\"\"");
    }
}
