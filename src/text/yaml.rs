//! A YAML tree with a position on every node, built from `saphyr-parser` events under hard limits.
//!
//! We build our own small tree rather than `saphyr::MarkedYaml` so that we control the limits
//! (nesting depth, alias expansion), keep mappings in source order with each key's position,
//! and can report a duplicate key with both of its places while still reading the rest of the
//! file. See `docs/design.md`.

use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Span};

use super::lines::clamp_u32;
pub use super::lines::{Pos, SyntaxError};

/// Deeper nesting than this is refused: a contract needs five levels, and a recursive walk or
/// drop of a very deep tree would overflow the stack.
pub const MAX_DEPTH: usize = 64;

/// The most nodes that alias expansion may add to one file (a "billion laughs" guard).
pub const MAX_ALIAS_NODES: usize = 10_000;

/// The parser's marker as a position: its lines are 1-based, its columns 0-based.
fn from_marker(marker: &Marker) -> Pos {
    Pos {
        line: clamp_u32(marker.line().max(1)),
        col: clamp_u32(marker.col() + 1),
    }
}

/// One node of the tree: its value and where it starts and ends.
#[derive(Clone, Debug)]
pub struct Node {
    pub value: Value,
    pub start: Pos,
    pub end: Pos,
}

#[derive(Clone, Debug)]
pub enum Value {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// A scalar as written: its text, and whether it was plain (unquoted, not a block).
#[derive(Clone, Debug)]
pub struct Scalar {
    pub text: String,
    pub plain: bool,
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

impl Node {
    /// The empty value, `~` and `null` count as missing (format.md, "Reading values").
    pub fn is_null(&self) -> bool {
        match &self.value {
            Value::Scalar(s) => {
                s.plain && matches!(s.text.as_str(), "" | "~" | "null" | "Null" | "NULL")
            }
            _ => false,
        }
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value under `key` in a mapping, if there is one.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()?
            .iter()
            .find(|e| e.key.as_scalar().is_some_and(|s| s.text == key))
            .map(|e| &e.value)
    }

    /// Where a rule about this item points: its first key, or the node itself when it has none.
    pub fn first_key_pos(&self) -> Pos {
        match self.entries().and_then(|e| e.first()) {
            Some(entry) => entry.key.start,
            None => self.start,
        }
    }

    /// How to name this node's type in a message.
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Scalar(_) if self.is_null() => "nothing",
            Value::Scalar(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// What reading a file as YAML gives.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The single document's root, `None` when the file holds no document or a fatal error.
    pub root: Option<Node>,
    /// Syntax errors; the tree is still usable when the only errors are duplicate keys.
    pub errors: Vec<SyntaxError>,
}

/// Parses `text` as one YAML document. Never panics; every failure is a `SyntaxError`.
pub fn parse(text: &str) -> Parsed {
    let mut builder = Builder::default();
    // The parser takes a NUL for the end of the text, and then complains of something else.
    if let Some(at) = text.find('\0') {
        return builder.fail(SyntaxError {
            pos: Pos::at_byte(text, at),
            message: "the file holds a NUL character (U+0000), which YAML does not allow".into(),
            help: Some("remove it: a contract is plain text (a NUL comes from a binary file or a bad copy)".into()),
        });
    }
    let mut parser = Parser::new_from_str(text);
    let mut documents = 0;
    for event in &mut parser {
        let (event, span) = match event {
            Ok(pair) => pair,
            Err(err) => {
                let pos = from_marker(err.marker());
                return builder.fail(crate::text::layout::explain(text, err.info(), pos));
            }
        };
        if let Event::DocumentStart(_) = event {
            documents += 1;
            if documents > 1 {
                return builder.fail(SyntaxError {
                    pos: from_marker(&span.start),
                    message: "the file holds several YAML documents".into(),
                    help: Some("keep one contract per file: move each document after `---` into a file of its own".into()),
                });
            }
            continue;
        }
        if let Err(err) = builder.on_event(event, span) {
            return builder.fail(err);
        }
    }
    // The corrected line for the first few items without `- ` (each needs a walk of the text).
    for &(index, dash_col) in builder.missing_dashes.iter().take(10) {
        let err = &mut builder.errors[index];
        if let Some(fixed) = crate::text::layout::with_dash(text, err.pos.line, dash_col) {
            err.help = Some(format!(
                "{}: `{fixed}`",
                err.help.take().unwrap_or_default()
            ));
        }
    }
    Parsed {
        root: builder.root,
        errors: builder.errors,
    }
}

/// A collection being built, with the anchor it will be stored under.
struct Frame {
    node: Node,
    anchor: usize,
    pending_key: Option<Node>,
    /// The scalar keys of a large mapping and where each is, so that a duplicate is found
    /// without scanning every earlier key (built once the mapping has `INDEX_FROM` entries).
    keys: Option<HashMap<String, Pos>>,
    /// A list item's mapping whose first key came again: the rest of it is read as another
    /// item without its `- `, and its repeated keys are not reported one by one.
    missing_dash: bool,
}

/// Below this many entries a mapping's keys are compared one by one: contracts' mappings are
/// small, and a hash map for each would cost more than it saves.
const INDEX_FROM: usize = 16;

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    alias_budget_used: usize,
    root: Option<Node>,
    errors: Vec<SyntaxError>,
    /// Errors that are an item without its `- `, with the column of the list's `-`: `parse`
    /// words their help with the corrected line, which needs the text.
    missing_dashes: Vec<(usize, u32)>,
}

impl Builder {
    fn fail(mut self, err: SyntaxError) -> Parsed {
        self.errors.push(err);
        Parsed {
            root: None,
            errors: self.errors,
        }
    }

    fn on_event(&mut self, event: Event<'_>, span: Span) -> Result<(), SyntaxError> {
        let start = from_marker(&span.start);
        let end = from_marker(&span.end);
        match event {
            Event::Scalar(text, style, anchor, _tag) => {
                let scalar = Scalar {
                    text: text.into_owned(),
                    plain: style == ScalarStyle::Plain,
                };
                self.finish(
                    Node {
                        value: Value::Scalar(scalar),
                        start,
                        end,
                    },
                    anchor,
                )
            }
            Event::SequenceStart(anchor, _) => self.open(Value::Seq(Vec::new()), start, anchor),
            Event::MappingStart(anchor, _) => self.open(Value::Map(Vec::new()), start, anchor),
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(mut frame) => {
                    frame.node.end = end.max(frame.node.start);
                    self.finish(frame.node, frame.anchor)
                }
                None => Ok(()),
            },
            Event::Alias(id) => {
                let mut node = self.resolve_alias(id, start)?;
                // The copy is reported where the alias stands, not at its anchor.
                relocate(&mut node, start, end);
                self.finish(node, 0)
            }
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd
            | Event::Nothing => Ok(()),
        }
    }

    fn open(&mut self, value: Value, start: Pos, anchor: usize) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(SyntaxError {
                pos: start,
                message: format!("the file nests deeper than {MAX_DEPTH} levels"),
                help: Some("a contract needs only a few levels: check the indentation".into()),
            });
        }
        self.stack.push(Frame {
            node: Node {
                value,
                start,
                end: start,
            },
            anchor,
            pending_key: None,
            keys: None,
            missing_dash: false,
        });
        Ok(())
    }

    /// Puts a complete node into its parent (or makes it the root).
    fn finish(&mut self, node: Node, anchor: usize) -> Result<(), SyntaxError> {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        // The column of the `-` when the mapping being built is an item of a list.
        let depth = self.stack.len();
        let dash_col = (depth >= 2)
            .then(|| &self.stack[depth - 2].node)
            .filter(|list| matches!(list.value, Value::Seq(_)))
            .map(|list| list.start.col);
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        match &mut parent.node.value {
            Value::Seq(items) => items.push(node),
            Value::Map(entries) => {
                match parent.pending_key.take() {
                    None => parent.pending_key = Some(node),
                    Some(key) => {
                        let Some(first) = duplicate_of(entries, &mut parent.keys, &key) else {
                            entries.push(Entry { key, value: node });
                            return Ok(());
                        };
                        if parent.missing_dash {
                            return Ok(());
                        }
                        let name = key.as_scalar().map_or("", |s| s.text.as_str());
                        let item_again = entries.first().is_some_and(|e| e.key.start == first)
                            && dash_col.is_some_and(|col| col < key.start.col)
                            && first.line < key.start.line;
                        if let (true, Some(col)) = (item_again, dash_col) {
                            parent.missing_dash = true;
                            self.missing_dashes.push((self.errors.len(), col));
                            self.errors.push(SyntaxError {
                            pos: key.start,
                            message: format!(
                                "`{name}` again (first at line {}): this starts another item of the list, but has no `- `",
                                first.line
                            ),
                            help: Some(format!(
                                "write `- ` before `{name}:`, lined up with the `-` of line {}",
                                first.line
                            )),
                        });
                        } else {
                            self.errors.push(SyntaxError {
                            pos: key.start,
                            message: format!("duplicate key `{name}` (first at line {})", first.line),
                            help: Some("a key may appear once in a mapping: merge the two or remove one".into()),
                        });
                        }
                    }
                }
            }
            Value::Scalar(_) => {}
        }
        Ok(())
    }

    fn resolve_alias(&mut self, id: usize, at: Pos) -> Result<Node, SyntaxError> {
        let Some(node) = self.anchors.get(&id) else {
            // The anchor of a collection still open: the alias stands inside what it names.
            if self.stack.iter().any(|frame| frame.anchor == id) {
                return Err(SyntaxError {
                    pos: at,
                    message: "a recursive alias: it stands inside the collection its anchor names, which would then hold itself without end".into(),
                    help: Some("write the values out instead of the alias".into()),
                });
            }
            return Err(SyntaxError {
                pos: at,
                message: "alias to an unknown anchor".into(),
                help: Some("an alias `*name` needs an anchor `&name` before it".into()),
            });
        };
        self.alias_budget_used += count_nodes(node, MAX_ALIAS_NODES + 1);
        if self.alias_budget_used > MAX_ALIAS_NODES {
            return Err(SyntaxError {
                pos: at,
                message: format!("aliases expand to more than {MAX_ALIAS_NODES} nodes"),
                help: Some("write the values out, or use fewer nested aliases".into()),
            });
        }
        Ok(node.clone())
    }
}

/// The position of an earlier key equal to `key`, when `key` is a scalar; records `key` in the
/// mapping's index when it has one. Linear in the number of keys over the whole mapping.
fn duplicate_of(
    entries: &[Entry],
    index: &mut Option<HashMap<String, Pos>>,
    key: &Node,
) -> Option<Pos> {
    let text = &key.as_scalar()?.text;
    if index.is_none() && entries.len() >= INDEX_FROM {
        let mut keys = HashMap::with_capacity(entries.len() * 2);
        for entry in entries {
            if let Some(scalar) = entry.key.as_scalar() {
                keys.entry(scalar.text.clone()).or_insert(entry.key.start);
            }
        }
        *index = Some(keys);
    }
    match index {
        Some(keys) => match keys.get(text) {
            Some(first) => Some(*first),
            None => {
                keys.insert(text.clone(), key.start);
                None
            }
        },
        None => entries
            .iter()
            .find(|e| e.key.as_scalar().is_some_and(|s| &s.text == text))
            .map(|e| e.key.start),
    }
}

/// Moves every node of a tree to one place.
fn relocate(node: &mut Node, start: Pos, end: Pos) {
    let mut todo = vec![node];
    while let Some(node) = todo.pop() {
        node.start = start;
        node.end = end;
        match &mut node.value {
            Value::Scalar(_) => {}
            Value::Seq(items) => todo.extend(items.iter_mut()),
            Value::Map(entries) => {
                todo.extend(entries.iter_mut().flat_map(|e| [&mut e.key, &mut e.value]))
            }
        }
    }
}

/// Counts the nodes of a tree, stopping once `limit` is reached.
fn count_nodes(node: &Node, limit: usize) -> usize {
    let mut count = 0;
    let mut todo = vec![node];
    while let Some(node) = todo.pop() {
        count += 1;
        if count >= limit {
            return count;
        }
        match &node.value {
            Value::Scalar(_) => {}
            Value::Seq(items) => todo.extend(items),
            Value::Map(entries) => todo.extend(entries.iter().flat_map(|e| [&e.key, &e.value])),
        }
    }
    count
}

/// Why a character may not stand raw in a YAML text that every reader reads alike, if so.
/// Such characters are written escaped in a double-quoted text (`"\u202e"`), and `lc check`
/// warns about one written raw. Tab and line feed are none of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unsafe {
    /// A control character YAML 1.2 does not allow (C0 and C1 but tab, line feed and carriage
    /// return; DEL), or U+FFFE / U+FFFF: other readers refuse the whole file.
    Forbidden,
    /// U+0085, U+2028 or U+2029: other readers take it for a line break inside the text.
    LineBreak,
    /// A bidirectional control (U+202A–U+202E, U+2066–U+2069): the text then displays in
    /// another order than it is stored, in a diff or an editor.
    Bidi,
    /// A byte-order mark anywhere but at the start of the file.
    ByteOrderMark,
}

/// What makes `c` unsafe to write raw, or `None`.
pub fn unsafe_char(c: char) -> Option<Unsafe> {
    match c {
        '\t' | '\n' | '\r' => None,
        '\u{85}' | '\u{2028}' | '\u{2029}' => Some(Unsafe::LineBreak),
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Some(Unsafe::Bidi),
        '\u{feff}' => Some(Unsafe::ByteOrderMark),
        '\u{fffe}' | '\u{ffff}' => Some(Unsafe::Forbidden),
        c if c.is_control() => Some(Unsafe::Forbidden),
        _ => None,
    }
}

/// Whether a text holds a character that must be written escaped ([`unsafe_char`]).
pub fn needs_escaping(text: &str) -> bool {
    text.chars().any(|c| unsafe_char(c).is_some())
}

/// A character as YAML escapes it in a double-quoted text: `\u202e`, `\U0001fffe`.
pub fn escaped(c: char) -> String {
    if u32::from(c) > 0xffff {
        format!("\\U{:08x}", u32::from(c))
    } else {
        format!("\\u{:04x}", u32::from(c))
    }
}

/// How many characters a node spans on its first line.
pub fn width(node: &Node) -> u32 {
    if node.end.line == node.start.line && node.end.col > node.start.col {
        node.end.col - node.start.col
    } else {
        1
    }
}

/// How many characters an item's first `key: value` spans, for the caret under it.
pub fn first_entry_width(node: &Node) -> u32 {
    match node.entries().and_then(|e| e.first()) {
        Some(entry)
            if entry.value.start.line == entry.key.start.line
                && entry.value.entries().is_none() =>
        {
            let end = if entry.value.end.line == entry.key.start.line {
                entry.value.end.col
            } else {
                entry.key.end.col
            };
            end.saturating_sub(entry.key.start.col).max(1)
        }
        Some(entry) => width(&entry.key),
        None => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn error(text: &str) -> SyntaxError {
        let parsed = parse(text);
        parsed.errors.into_iter().next().expect("an error")
    }

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let root = parse("a: 1\nzoë: ñ\n").root.unwrap();
        let entries = root.entries().unwrap();
        assert_eq!(entries[1].key.start, Pos { line: 2, col: 1 });
        assert_eq!(entries[1].value.start, Pos { line: 2, col: 6 });
    }

    #[test]
    fn duplicate_keys_name_both_places_and_keep_the_first() {
        let parsed = parse("a: 1\nb: 2\na: 3\n");
        assert_eq!(parsed.errors[0].pos, Pos { line: 3, col: 1 });
        assert!(parsed.errors[0].message.contains("line 1"));
        let a = parsed.root.unwrap();
        assert_eq!(a.get("a").unwrap().as_scalar().unwrap().text, "1");
    }

    #[test]
    fn several_documents_are_refused_at_the_second() {
        assert_eq!(error("a: 1\n---\nb: 2\n").pos.line, 2);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "- ".repeat(100_000);
        assert!(error(&text).message.contains("deeper"));
        let text = "[".repeat(100_000);
        assert!(error(&text).message.contains("recursion limit"));
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = i - 1;
            text += &format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            );
        }
        assert!(error(&text).message.contains("aliases expand"));
    }

    #[test]
    fn nulls_and_quoted_nulls() {
        let root = parse("a:\nb: ~\nc: 'null'\n").root.unwrap();
        assert!(root.get("a").unwrap().is_null());
        assert!(root.get("b").unwrap().is_null());
        assert!(!root.get("c").unwrap().is_null());
    }
}
