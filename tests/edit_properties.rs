//! Property test of the edit layer: generated contracts in many layouts (block and flow items,
//! indented and indentless lists, 2 or 4 spaces, CRLF, a BOM, comments, quoting) and random
//! edits. Re-reading the result gives exactly the intended change and nothing else (checked
//! against an oracle written here, not the layer's own), and every line outside the edited item
//! is unchanged.

use lc::store::edit::{self, Change, New, Step};
use lc::text::yaml::{self, Node, Value};
use proptest::prelude::*;

/// A tree as plain data, for the oracle: order of keys kept.
#[derive(Clone, Debug, PartialEq)]
enum Data {
    Text(String),
    Null,
    List(Vec<Data>),
    Map(Vec<(String, Data)>),
}

fn data(node: &Node) -> Data {
    match &node.value {
        Value::Scalar(_) if node.is_null() => Data::Null,
        Value::Scalar(s) => Data::Text(s.text.clone()),
        Value::Seq(items) => Data::List(items.iter().map(data).collect()),
        Value::Map(entries) => Data::Map(
            entries
                .iter()
                .map(|e| (e.key.as_scalar().unwrap().text.clone(), data(&e.value)))
                .collect(),
        ),
    }
}

fn of_new(value: &New) -> Data {
    match value {
        New::Text(t) | New::Number(t) => Data::Text(t.clone()),
        New::List(items) => Data::List(items.iter().map(of_new).collect()),
        New::Map(entries) => Data::Map(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), of_new(v)))
                .collect(),
        ),
    }
}

fn get_mut<'d>(data: &'d mut Data, path: &[Step]) -> &'d mut Data {
    let mut at = data;
    for step in path {
        at = match (step, at) {
            (Step::Key(k), Data::Map(entries)) => {
                if !entries.iter().any(|(key, _)| key == k) {
                    entries.push((k.clone(), Data::Map(Vec::new())));
                }
                let slot = &mut entries.iter_mut().find(|(key, _)| key == k).unwrap().1;
                if *slot == Data::Null {
                    *slot = Data::Map(Vec::new());
                }
                slot
            }
            (Step::Index(i), Data::List(items)) => &mut items[*i],
            (step, other) => panic!("{step:?} in {other:?}"),
        };
    }
    at
}

/// What the change must do, computed on plain data.
fn oracle(before: &Data, change: &Change) -> Data {
    let mut after = before.clone();
    match change {
        Change::Set { at, key, value } => {
            let Data::Map(entries) = get_mut(&mut after, at) else {
                panic!("map")
            };
            match entries.iter_mut().find(|(k, _)| k == key) {
                Some(slot) => slot.1 = of_new(value),
                None => entries.push((key.clone(), of_new(value))),
            }
        }
        Change::Push { at, key, item } => {
            let Data::Map(entries) = get_mut(&mut after, at) else {
                panic!("map")
            };
            match entries.iter_mut().find(|(k, _)| k == key) {
                Some((_, Data::List(items))) => items.push(of_new(item)),
                Some(slot) => slot.1 = Data::List(vec![of_new(item)]),
                None => entries.push((key.clone(), Data::List(vec![of_new(item)]))),
            }
        }
        other => panic!("not generated: {other:?}"),
    }
    after
}

/// How the generated file is laid out.
#[derive(Clone, Debug)]
struct Layout {
    step: usize,
    crlf: bool,
    bom: bool,
    indentless: bool,
    comments: bool,
    agreed: u8,
}

#[derive(Clone, Debug)]
struct Item {
    flow: bool,
    due: String,
    owner: Option<&'static str>,
    notes: Option<(String, u8)>,
    blank_after: bool,
}

fn date() -> impl Strategy<Value = String> {
    (1u32..=12, 1u32..=28).prop_map(|(m, d)| format!("2026-{m:02}-{d:02}"))
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Went well".to_string()),
        Just("Target: 2 % # not a comment".to_string()),
        Just("it's \"quoted\"".to_string()),
        Just("two\nlines".to_string()),
        Just("yes".to_string()),
        Just("- dash, comma".to_string()),
        "[a-zA-Z0-9 .,:#'\"-]{1,30}",
    ]
}

fn item() -> impl Strategy<Value = Item> {
    (
        any::<bool>(),
        date(),
        proptest::option::of(prop_oneof![Just("learner"), Just("manager"), Just("hr")]),
        proptest::option::of(("[a-zA-Z ]{1,20}", 0u8..3)),
        any::<bool>(),
    )
        .prop_map(|(flow, due, owner, notes, blank_after)| Item {
            flow,
            due,
            owner,
            notes: notes.map(|(t, q)| (t.trim().to_string() + "x", q)),
            blank_after,
        })
}

fn quoted(text: &str, style: u8) -> String {
    match style {
        0 => text.to_string(),
        1 => format!("'{text}'"),
        _ => format!("\"{text}\""),
    }
}

fn render_list(key: &str, items: &[Item], layout: &Layout, extra: &str) -> String {
    let pad = if layout.indentless {
        String::new()
    } else {
        " ".repeat(layout.step)
    };
    let inner = format!("{pad}  ");
    let mut out = format!("{key}:\n");
    for item in items {
        let mut fields = vec![("due".to_string(), item.due.clone())];
        if let Some(owner) = item.owner {
            fields.push(("owner".into(), owner.into()));
        }
        if let Some((notes, style)) = &item.notes {
            fields.push(("notes".into(), quoted(notes, *style)));
        }
        if !extra.is_empty() {
            fields.push(("text".into(), extra.into()));
        }
        if item.flow {
            let joined: Vec<String> = fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            out += &format!("{pad}- {{{}}}", joined.join(", "));
            out += if layout.comments {
                "  # flow item\n"
            } else {
                "\n"
            };
        } else {
            for (i, (k, v)) in fields.iter().enumerate() {
                let lead = if i == 0 {
                    format!("{pad}- ")
                } else {
                    inner.clone()
                };
                out += &format!("{lead}{k}: {v}");
                out += if layout.comments && i == 0 {
                    "   # first key\n"
                } else {
                    "\n"
                };
            }
        }
        if item.blank_after {
            out += "\n";
        }
    }
    out
}

fn render(layout: &Layout, follow_ups: &[Item], supports: &[Item]) -> String {
    let step = " ".repeat(layout.step);
    let mut out = String::new();
    if layout.comments {
        out += "# A generated contract.\n";
    }
    out += "lc: 1\nkind: strategic\nid: 2026-x\nstatus: active\n";
    match layout.agreed {
        0 => {}
        1 => out += "agreed: {learner: 2026-01-10}\n",
        _ => out += &format!("agreed:\n{step}manager: 2026-01-11\n"),
    }
    out += &render_list("supports", supports, layout, "Some help");
    if layout.comments {
        out += "\n# Check-ins\n";
    }
    out += &render_list("follow_ups", follow_ups, layout, "");
    if layout.comments {
        out += "# the end\n";
    }
    let out = if layout.crlf {
        out.replace('\n', "\r\n")
    } else {
        out
    };
    if layout.bom {
        format!("\u{feff}{out}")
    } else {
        out
    }
}

#[derive(Clone, Debug)]
enum Edit {
    Done(usize, String),
    Notes(usize, String),
    Provide(usize, String),
    Agree(String),
    Status,
    Push(String),
}

fn change(edit: &Edit, follow_ups: usize, supports: usize) -> Change {
    let at = |list: &str, i: usize, n: usize| vec![Step::Key(list.into()), Step::Index(i % n)];
    let set = |at: Vec<Step>, key: &str, value: &str| Change::Set {
        at,
        key: key.into(),
        value: New::Text(value.into()),
    };
    match edit {
        Edit::Done(i, d) => set(at("follow_ups", *i, follow_ups), "done", d),
        Edit::Notes(i, t) => set(at("follow_ups", *i, follow_ups), "notes", t),
        Edit::Provide(i, d) => set(at("supports", *i, supports), "provided_on", d),
        Edit::Agree(d) => set(vec![Step::Key("agreed".into())], "learner", d),
        Edit::Status => set(vec![], "status", "closed"),
        Edit::Push(d) => Change::Push {
            at: vec![],
            key: "follow_ups".into(),
            item: New::Map(vec![
                ("due".into(), New::Text(d.clone())),
                ("owner".into(), New::Text("learner".into())),
            ]),
        },
    }
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0usize..8, date()).prop_map(|(i, d)| Edit::Done(i, d)),
        (0usize..8, text()).prop_map(|(i, t)| Edit::Notes(i, t)),
        (0usize..8, date()).prop_map(|(i, d)| Edit::Provide(i, d)),
        date().prop_map(Edit::Agree),
        Just(Edit::Status),
        date().prop_map(Edit::Push),
    ]
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        prop_oneof![Just(2usize), Just(4)],
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0u8..3,
    )
        .prop_map(|(step, crlf, bom, indentless, comments, agreed)| Layout {
            step,
            crlf,
            bom,
            indentless,
            comments,
            agreed,
        })
}

/// The lines (1-based, inclusive) that the change may touch, in the file before it.
fn region(root: &Node, text: &str, change: &Change) -> (usize, usize) {
    let lines = text.lines().count();
    let entries = root.entries().unwrap();
    let top = |key: &str| {
        entries
            .iter()
            .position(|e| e.key.as_scalar().unwrap().text == key)
    };
    let next_top_line = |i: usize| {
        entries
            .get(i + 1)
            .map_or(lines, |e| e.key.start.line as usize - 1)
    };
    match change {
        Change::Set { at, key, .. } if at.is_empty() => {
            let i = top(key).unwrap();
            let line = entries[i].key.start.line as usize;
            (line, line)
        }
        Change::Set { at, .. } if at.len() == 1 => match top("agreed") {
            Some(i) => (entries[i].key.start.line as usize, next_top_line(i)),
            None => (entries.last().unwrap().key.start.line as usize, lines),
        },
        Change::Set { at, .. } => {
            let Step::Key(list) = &at[0] else { panic!() };
            let Step::Index(n) = at[1] else { panic!() };
            let i = top(list).unwrap();
            let Value::Seq(items) = &entries[i].value.value else {
                panic!()
            };
            let first = items[n].start.line as usize;
            let last = items
                .get(n + 1)
                .map_or(next_top_line(i), |next| next.start.line as usize - 1);
            (first, last)
        }
        Change::Push { .. } => {
            let i = top("follow_ups").unwrap();
            let Value::Seq(items) = &entries[i].value.value else {
                panic!()
            };
            (items.last().unwrap().start.line as usize, next_top_line(i))
        }
        _ => unreachable!(),
    }
}

fn lines_of(text: &str) -> Vec<&str> {
    text.split('\n').collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(400),
        ..ProptestConfig::default()
    })]

    #[test]
    fn an_edit_changes_exactly_what_it_says_and_only_its_lines(
        layout in layout(),
        follow_ups in proptest::collection::vec(item(), 1..5),
        supports in proptest::collection::vec(item(), 1..4),
        edits in proptest::collection::vec(edit(), 1..4),
    ) {
        let mut text = render(&layout, &follow_ups, &supports);
        let mut follow_up_count = follow_ups.len();
        for e in &edits {
            let change = change(e, follow_up_count, supports.len());
            let body = text.trim_start_matches('\u{feff}');
            let before = yaml::parse(body);
            prop_assert!(before.errors.is_empty(), "generated text must parse: {:?}\n{body}", before.errors);
            let root = before.root.unwrap();
            let after = edit::apply(&text, std::slice::from_ref(&change))
                .map_err(|err| TestCaseError::fail(format!("{err}: {change:?}\n{text}")))?;
            let reread = yaml::parse(after.trim_start_matches('\u{feff}'));
            prop_assert!(reread.errors.is_empty(), "{:?}\n{after}", reread.errors);
            prop_assert_eq!(data(reread.root.as_ref().unwrap()), oracle(&data(&root), &change), "{}", after);

            // Every line outside the edited item is as it was.
            let (first, last) = region(&root, body, &change);
            let (old, new) = (lines_of(body), lines_of(after.trim_start_matches('\u{feff}')));
            let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
            let suffix = old.iter().rev().zip(new.iter().rev()).take_while(|(a, b)| a == b).count();
            prop_assert!(prefix + 1 >= first, "line {} changed, before the item at {first}:\n{after}", prefix + 1);
            prop_assert!(old.len() - suffix.min(old.len()) <= last, "a line after {last} changed:\n{after}");
            prop_assert_eq!(after.starts_with('\u{feff}'), layout.bom);
            prop_assert_eq!(after.contains("\r\n"), layout.crlf);
            if layout.crlf {
                prop_assert!(!after.replace("\r\n", "").contains('\n'), "a bare LF in a CRLF file:\n{after:?}");
            }
            if matches!(e, Edit::Push(_)) {
                follow_up_count += 1;
            }
            text = after;
        }
    }
}
