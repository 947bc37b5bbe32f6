//! Walks a file's YAML tree against the declared schema and reports every mismatch.

use crate::check::diagnostic::{Code, Fix, Sink, shown};
use crate::model::scalar;
use crate::model::schema::{self, Field, Kind, Need, Shape, Ty};
use crate::text::closest::{closest, closest_count};
use crate::text::yaml::{Entry, Node, Pos, Value, first_entry_width, width};

/// What the walk needs to know of the contract as a whole.
pub struct Walk<'s, 'f> {
    pub sink: &'s mut Sink<'f>,
    /// `None` when `kind` cannot be read: then only the common fields are checked.
    pub kind: Option<Kind>,
    /// Draft, cancelled, or a status that cannot be read: only fields marked "always" are required.
    pub draft: bool,
    pub currency: &'s str,
}

/// Checks the whole file. `root` is the document; the file must hold a mapping.
pub fn validate_contract(walk: &mut Walk<'_, '_>, root: &Node) {
    if root.entries().is_none() {
        let found = if root.is_null() {
            "nothing"
        } else {
            root.type_name()
        };
        walk.sink.add(
            Code::InvalidValue,
            root.start,
            1,
            format!("a contract is a mapping of fields, but the file holds {found}"),
            Some(
                "start from `lc new`, or write `lc: 1`, `kind: …`, `id: …` on lines of their own"
                    .into(),
            ),
        );
        return;
    }
    let shape = match walk.kind {
        Some(kind) => kind.shape(),
        None => &schema::COMMON_CONTRACT,
    };
    walk.map(root, shape, "contract", true);
}

impl Walk<'_, '_> {
    /// Checks a mapping: unknown keys, each known value, then the required fields.
    fn map(&mut self, node: &Node, shape: &Shape, label: &str, top: bool) {
        let Some(entries) = node.entries() else {
            return;
        };
        // Fields an unknown key was probably meant to be: not reported missing as well.
        let mut meant = Vec::new();
        // Which fields hold a value, by their place in the shape (a shape has few fields).
        let mut present: u64 = 0;
        for (i, entry) in entries.iter().enumerate() {
            let Some(key) = entry.key.as_scalar() else {
                let message = format!("{label} has a key that is not a word");
                self.sink
                    .add(Code::UnknownField, entry.key.start, 1, message, None);
                continue;
            };
            let found = shape.fields().enumerate().find(|(_, f)| f.name == key.text);
            match found.map(|(_, field)| field) {
                Some(field) if field.only.is_none_or(|only| self.kind == Some(only)) => {
                    // An empty value counts as missing: `required` reports it if it must be there.
                    if !is_empty(&entry.value) {
                        present |= found.map_or(0, |(i, _)| 1u64 << i.min(63));
                        // `{cost: €1,200}`: the value is only the part before the comma, so
                        // judging (or fixing) `€1` would be wrong; the next key says it all.
                        let cut = entries.get(i + 1).is_some_and(|next| {
                            is_cut_by_comma(entry, next)
                                && next
                                    .key
                                    .as_scalar()
                                    .is_some_and(|k| shape.field(&k.text).is_none())
                        });
                        if !cut {
                            self.value(&entry.value, field, label);
                        }
                    }
                }
                // A field of one kind only is not judged when the kind is unknown.
                Some(_) if self.kind.is_none() => {}
                Some(field) => {
                    let only = field.only.map_or("", Kind::as_str);
                    let message = format!("`{}` is only used in {only} contracts", key.text);
                    let help = format!("remove `{}` from this {}", key.text, shape.name);
                    self.sink.add(
                        Code::UnknownField,
                        entry.key.start,
                        width(&entry.key),
                        message,
                        Some(help),
                    );
                }
                // Fields of the other kind are not checked when the kind is unknown.
                None if top && self.kind.is_none() && is_kind_field(&key.text) => {}
                None => {
                    let before = i.checked_sub(1).map(|i| &entries[i]);
                    if let Some(before) = before.filter(|b| is_cut_by_comma(b, entry)) {
                        self.cut_by_comma(before, entry, shape);
                        continue;
                    }
                    let near = self.unknown_key(&entry.key, &key.text, shape, label, top);
                    // One close known key, not yet in the mapping: certainly the one meant.
                    if let Some(near) = near
                        && closest_count(&key.text, shape.fields().map(|f| f.name)) == 1
                        && node.get(near).is_none()
                    {
                        self.sink.fix_last(Fix::Rename {
                            from: key.text.clone(),
                            to: near.to_string(),
                        });
                    }
                    meant.extend(near);
                }
            }
        }
        self.required(node, shape, label, top, &meant, present);
    }

    /// `{cost: 1,200 EUR}`: the comma ended the value, and the rest of it reads as a key.
    fn cut_by_comma(&mut self, before: &Entry, entry: &Entry, shape: &Shape) {
        let (Some(name), Some(value), Some(rest)) = (
            before.key.as_scalar(),
            before.value.as_scalar(),
            entry.key.as_scalar(),
        ) else {
            return;
        };
        let whole = format!("{},{}", value.text, rest.text);
        let ty = shape.field(&name.text).map(|f| &f.ty);
        // Only a spelling the next run accepts: quoting makes a text, which a money, date or
        // id field refuses as it refused the rest.
        let help = match ty {
            Some(Ty::Money) => match scalar::money_spelling(&whole) {
                Some(money) => format!(
                    "write the amount without the comma: `{}: {money}`",
                    name.text
                ),
                None => format!(
                    "write the amount as `AMOUNT CUR` without a thousands separator, e.g. `{}: 1200 EUR`",
                    name.text
                ),
            },
            Some(Ty::Text) | None => format!(
                "quote the value, since a `,` inside `{{…}}` parts the fields: `{}: {}`",
                name.text,
                double_quoted(&whole)
            ),
            Some(_) => format!(
                "a `,` inside `{{…}}` parts the fields: write `{}` without it",
                name.text
            ),
        };
        let message = format!(
            "`{}: {}` inside `{{…}}`: the comma ends the value, so `{}` reads as a field of its own",
            name.text,
            shown(&whole),
            shown(&rest.text)
        );
        self.sink.add(
            Code::UnknownField,
            entry.key.start,
            width(&entry.key),
            message,
            Some(help),
        );
    }

    /// Reports an unknown key; returns the field it was probably meant to be.
    fn unknown_key(
        &mut self,
        key: &Node,
        text: &str,
        shape: &Shape,
        label: &str,
        top: bool,
    ) -> Option<&'static str> {
        let known: Vec<&'static str> = shape
            .fields()
            .filter(|f| f.only.is_none_or(|only| self.kind == Some(only)))
            .map(|f| f.name)
            .collect();
        let other_kind = Kind::ALL
            .into_iter()
            .find(|k| top && Some(*k) != self.kind && k.shape().field(text).is_some());
        let near = closest(text, known.iter().copied());
        let (message, help) = if text == "<<" {
            (
                "merge keys (`<<`) are not supported".to_string(),
                "write the fields out in full".to_string(),
            )
        } else if let Some(kind) = other_kind {
            (
                format!(
                    "`{text}` belongs in `kind: {}` contracts, not in this one",
                    kind.as_str()
                ),
                "remove it, or check the contract's `kind`".to_string(),
            )
        } else {
            let help = match near {
                Some(name) => format!("did you mean `{name}`?"),
                None => format!(
                    "the fields of {} are: {}",
                    a_or_the(shape.name, label),
                    known.join(", ")
                ),
            };
            (format!("unknown field `{text}` in {label}"), help)
        };
        self.sink.add(
            Code::UnknownField,
            key.start,
            width(key),
            message,
            Some(help),
        );
        near
    }

    fn required(
        &mut self,
        node: &Node,
        shape: &Shape,
        label: &str,
        top: bool,
        meant: &[&str],
        present: u64,
    ) {
        let at = if top {
            Pos::START
        } else {
            node.first_key_pos()
        };
        let at_width = if top { 1 } else { first_entry_width(node) };
        for (i, field) in shape.fields().enumerate() {
            if present & (1u64 << i.min(63)) != 0 {
                continue;
            }
            let applies = field.only.is_none_or(|only| self.kind == Some(only))
                && self.is_required(field, node);
            if !applies || meant.contains(&field.name) {
                continue;
            }
            let help = (!field.help.is_empty()).then(|| field.help.to_string());
            if field.ty_is_version() {
                let message = "the file has no `lc` format version".to_string();
                self.sink
                    .add(Code::UnsupportedVersion, at, at_width, message, help);
            } else {
                let message = format!("{label} has no `{}`", field.name);
                self.sink
                    .add(Code::MissingField, at, at_width, message, help);
            }
        }
        if shape.needs_one
            && !self.draft
            && shape
                .fields()
                .all(|f| node.get(f.name).is_none_or(is_empty))
        {
            let names: Vec<String> = shape.fields().map(|f| format!("`{}`", f.name)).collect();
            self.sink.add(
                Code::MissingField,
                at,
                at_width,
                format!("{label} has none of {}", names.join(", ")),
                Some("say at least how it links to the job, the organisation or the career".into()),
            );
        }
    }

    fn is_required(&self, field: &Field, node: &Node) -> bool {
        match field.need {
            Need::Always => true,
            Need::OnceNotDraft => !self.draft,
            Need::When { field: sibling, is } => {
                !self.draft
                    && node
                        .get(sibling)
                        .and_then(Node::as_scalar)
                        .is_some_and(|s| s.text == is)
            }
            Need::Optional => false,
        }
    }

    /// Checks one value against its field's type.
    fn value(&mut self, node: &Node, field: &Field, parent: &str) {
        let name = field.name;
        match &field.ty {
            Ty::Map(shape) => {
                if node.entries().is_none() {
                    return self.wrong_type(node, &format!("`{name}`"), "a mapping of fields");
                }
                let label = if parent == "contract" {
                    format!("`{name}`")
                } else {
                    format!("`{name}` of {parent}")
                };
                self.map(node, shape, &label, false);
            }
            Ty::List(inner) => {
                let Value::Seq(items) = &node.value else {
                    return self.wrong_type(node, &format!("`{name}`"), "a list");
                };
                for (index, item) in items.iter().enumerate() {
                    self.item(item, inner, name, index, parent);
                }
            }
            ty => self.scalar(node, ty, name),
        }
    }

    /// Checks an item of a list field named `list`.
    fn item(&mut self, item: &Node, ty: &Ty, list: &str, index: usize, parent: &str) {
        match ty {
            Ty::Map(shape) => {
                let label = item_label(shape.name, item, index, parent);
                if item.entries().is_none() {
                    return self.wrong_type(item, &label, "a mapping of fields");
                }
                self.map(item, shape, &label, false);
            }
            _ if is_empty(item) => self.sink.add(
                Code::InvalidValue,
                item.start,
                width(item),
                format!("`{list}` has an empty item (#{})", index + 1),
                Some("remove the empty `-` line or write the value".into()),
            ),
            ty => self.scalar(item, ty, list),
        }
    }

    /// Checks a scalar value of type `ty` for the field `name`.
    fn scalar(&mut self, node: &Node, ty: &Ty, name: &str) {
        let Some(scalar) = node.as_scalar() else {
            return self.wrong_type(node, &format!("`{name}`"), ty_words(ty));
        };
        let text = scalar.text.as_str();
        let (problem, help): (Option<String>, &str) = match ty {
            // The version is checked before the walk (`check.rs`).
            Ty::Version | Ty::Text | Ty::List(_) | Ty::Map(_) => (None, ""),
            Ty::Id => (
                scalar::parse_id(text).err(),
                "ids use lowercase letters, digits and `-`, e.g. `2026-jane-doe`",
            ),
            Ty::Date => (
                scalar::parse_date(text).err(),
                "write dates as YYYY-MM-DD, e.g. 2026-03-15",
            ),
            Ty::Person => (
                scalar::parse_person(text).err(),
                "write a person as `Name` or `Name <email>`",
            ),
            Ty::Owner => (
                scalar::parse_owner(text).err(),
                "use a role word (learner, manager, hr, l&d, mentor, coach, sponsor, peer) or `Name <email>`",
            ),
            Ty::Money => (
                scalar::parse_money(text, self.currency).err(),
                "write money as `AMOUNT CUR`, e.g. `1500 EUR` or `249.90 USD`; a bare number is in lc.toml's `currency`",
            ),
            Ty::Number if !scalar.plain => (
                Some(format!("`{text}` is quoted, so it is text, not a number")),
                "write the number without quotes",
            ),
            Ty::Number => (
                scalar::parse_number(text).err(),
                "write a plain number, e.g. `16` or `7.5`",
            ),
            Ty::Word(words) => return self.word(node, name, text, words),
            Ty::MethodType => {
                return self.word(
                    node,
                    name,
                    text,
                    &schema::method_types().collect::<Vec<_>>(),
                );
            }
        };
        if let Some(reason) = problem {
            let message = format!("`{name}`: {reason}");
            let help = match ty {
                Ty::Date => date_help(text).unwrap_or_else(|| help.to_string()),
                _ => help.to_string(),
            };
            self.sink.add(
                Code::InvalidValue,
                node.start,
                width(node),
                message,
                Some(help),
            );
            let fixed = match ty {
                Ty::Date => scalar::date_hint(text),
                Ty::Money => scalar::money_fix(text, self.currency),
                Ty::Owner => Some(text.trim().to_lowercase())
                    .filter(|lower| lower != text && scalar::parse_owner(lower).is_ok()),
                _ => None,
            };
            if let Some(to) = fixed {
                self.sink.fix_last(Fix::Replace {
                    from: text.to_string(),
                    to,
                });
            }
        }
    }

    fn word(&mut self, node: &Node, name: &str, text: &str, words: &[&'static str]) {
        if let Some((message, help)) = word(name, text, words) {
            self.sink.add(
                Code::InvalidValue,
                node.start,
                width(node),
                message,
                Some(help),
            );
            let lower = text.trim().to_lowercase();
            if words.contains(&lower.as_str()) {
                self.sink.fix_last(Fix::Replace {
                    from: text.to_string(),
                    to: lower,
                });
            }
        }
    }

    /// `what` is already worded: "`due`", "follow-up #2".
    fn wrong_type(&mut self, node: &Node, what: &str, expected: &str) {
        self.sink.add(
            Code::InvalidValue,
            node.start,
            width(node),
            format!("{what} should be {expected}, not {}", node.type_name()),
            Some(type_help(expected).into()),
        );
    }
}

/// The help for a date spelt another way: the day it certainly is, or the two it may be.
fn date_help(text: &str) -> Option<String> {
    let day = |d: &chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let long = |d: &chrono::NaiveDate| d.format("%-d %B").to_string();
    match &scalar::date_readings(text)[..] {
        [one] => Some(format!("write `{}`: dates are YYYY-MM-DD", day(one))),
        [a, b] => Some(format!(
            "dates are YYYY-MM-DD, and `{text}` may be either day: write `{}` for {} or `{}` for {}",
            day(a),
            long(a),
            day(b),
            long(b)
        )),
        _ => None,
    }
}

/// An unknown word of a fixed list: "unknown `status` `finshed`", with the nearest word.
fn word(name: &str, text: &str, words: &[&'static str]) -> Option<(String, String)> {
    if words.contains(&text) {
        return None;
    }
    let help = match closest(text, words.iter().copied()) {
        Some(word) => format!("did you mean `{word}`?"),
        None => format!("use one of: {}", words.join(", ")),
    };
    Some((format!("unknown `{name}` `{text}`"), help))
}

impl Field {
    fn ty_is_version(&self) -> bool {
        matches!(self.ty, Ty::Version)
    }
}

/// Whether `entry` is a key without a value that starts right after a `,` ending the plain
/// value of the entry `before` on the same line: `{cost: 1,200 EUR}` read as `200 EUR`.
fn is_cut_by_comma(before: &Entry, entry: &Entry) -> bool {
    let plain = |node: &Node| node.as_scalar().is_some_and(|s| s.plain);
    plain(&before.value)
        && plain(&entry.key)
        && entry.value.is_null()
        && before.value.end.line == entry.key.start.line
        && before.value.end.col + 1 == entry.key.start.col
}

/// `text` in double quotes, with `\` and `"` escaped.
fn double_quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Empty: null, blank text, an empty list or an empty mapping.
fn is_empty(node: &Node) -> bool {
    match &node.value {
        Value::Scalar(s) => node.is_null() || s.text.trim().is_empty(),
        Value::Seq(items) => items.is_empty(),
        Value::Map(entries) => entries.is_empty(),
    }
}

fn is_kind_field(name: &str) -> bool {
    Kind::ALL.iter().any(|k| k.shape().field(name).is_some())
}

/// "objective `o2`" when the item has a readable id, else "follow-up #3" (1-based); with the parent.
fn item_label(shape_name: &str, item: &Node, index: usize, parent: &str) -> String {
    let own = match item.get("id").and_then(Node::as_scalar) {
        Some(id) if !id.text.is_empty() => format!("{shape_name} `{}`", id.text),
        _ => format!("{shape_name} #{}", index + 1),
    };
    if parent == "contract" {
        own
    } else {
        format!("{own} of {parent}")
    }
}

fn a_or_the(shape_name: &str, label: &str) -> String {
    if label.starts_with('`') {
        label.to_string()
    } else {
        format!("a {shape_name}")
    }
}

fn ty_words(ty: &Ty) -> &'static str {
    match ty {
        Ty::Version => "the number 1",
        Ty::Text => "text",
        Ty::Id => "an id",
        Ty::Date => "a date",
        Ty::Person => "a person",
        Ty::Owner => "a role word or a person",
        Ty::Money => "an amount of money",
        Ty::Number => "a number",
        Ty::Word(_) | Ty::MethodType => "a word",
        Ty::List(_) => "a list",
        Ty::Map(_) => "a mapping of fields",
    }
}

fn type_help(expected: &str) -> &'static str {
    match expected {
        "a list" => "write one item per line, each starting with `- `, or `[a, b]`",
        "a mapping of fields" => "write `key: value` lines indented under it",
        _ => "write a single value on the same line as the key",
    }
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[track_caller]
    fn case(text: &str, expected: Option<&str>) {
        let names = [
            "follow_ups",
            "supports",
            "status",
            "learner",
            "manager",
            "notes",
            "id",
        ];
        assert_eq!(closest(text, names.into_iter()), expected, "{text}");
    }

    #[test]
    fn did_you_mean() {
        case("folow_ups", Some("follow_ups"));
        case("followups", Some("follow_ups"));
        case("Status", Some("status"));
        case("suports", Some("supports"));
        case("budget", None);
        case("ix", Some("id"));
    }
}
