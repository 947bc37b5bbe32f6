//! The one edit layer: changes a contract's text by the spans of its parsed tree, so that every
//! byte an edit does not touch stays as it was — comments, blank lines, key order, quoting,
//! flow or block style, CRLF line ends and a BOM.
//!
//! Commands say *what* to change ([`Change`]); this module decides *where* the bytes go, and
//! then proves the result: the edited text is parsed again and must equal the old tree with
//! exactly the requested changes, or nothing is returned. See `docs/design.md`.

use std::fmt;

use crate::text::lines::text_lines;
use crate::text::yaml::{self, Entry, Node, Pos, Scalar, Value};

/// One step of a path into the tree: a key of a mapping, or a 0-based position in a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A path from the root mapping, such as `follow_ups[1]`.
pub type Path = Vec<Step>;

/// A value to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum New {
    Text(String),
    /// A number, written plain (`hours: 36`); its text must read back as a number.
    Number(String),
    Map(Vec<(String, New)>),
    List(Vec<New>),
}

/// What to change; the layer decides where the bytes go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Sets `key` of the mapping at `at`: replaces its scalar, or adds the key after the
    /// mapping's last key. Mappings missing (or empty) on the path are added as well.
    Set { at: Path, key: String, value: New },
    /// Appends `item` to the list under `key` of the mapping at `at`, adding the list when it is
    /// missing or empty.
    Push { at: Path, key: String, item: New },
    /// Gives a key of the mapping at `at` another name, keeping its value.
    Rename { at: Path, from: String, to: String },
    /// Replaces the text of the scalar at `at` (a key's value, or a list item).
    Replace { at: Path, value: String },
}

/// Why an edit could not be made; the text is then left as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// The file does not parse cleanly (its own `lc check` says why).
    Syntax { line: u32, message: String },
    /// The path names nothing, or not the kind of node the change needs.
    Path(String),
    /// The edited text would not read back as the intended change (a bug, never written).
    Unfaithful,
    /// The path passes through an alias (`- *name`), a copy of another part of the file: an
    /// edit there would change that part too.
    Alias { line: u32, path: String },
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::Syntax { line, message } => write!(
                f,
                "the file is not valid YAML at line {line} ({message}), so lc does not edit it"
            ),
            EditError::Path(what) => f.write_str(what),
            EditError::Unfaithful => f.write_str(
                "lc could not make this edit without changing something else, so nothing was written",
            ),
            EditError::Alias { line, path } => write!(
                f,
                "{path} is written as an alias at line {line} (`*name`, a copy of another part of the file), and lc does not edit through an alias: that would change what it copies as well"
            ),
        }
    }
}

impl std::error::Error for EditError {}

/// Applies `changes` in order to a file's text (a BOM included) and returns the new text.
pub fn apply(text: &str, changes: &[Change]) -> Result<String, EditError> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(body) => ("\u{feff}", body),
        None => ("", text),
    };
    let mut expected = parse_clean(body)?;
    let mut out = body.to_string();
    // The text parsed cleanly: a syntax error after an edit is the edit's, not the file's.
    let ours = |e: EditError| match e {
        EditError::Syntax { .. } => EditError::Unfaithful,
        e => e,
    };
    for change in changes {
        out = apply_one(&out, change).map_err(ours)?;
        apply_to_tree(&mut expected, change)?;
    }
    if !same(&expected, &parse_clean(&out).map_err(ours)?) {
        return Err(EditError::Unfaithful);
    }
    Ok(format!("{bom}{out}"))
}

/// The root of a text that parses without any error.
fn parse_clean(text: &str) -> Result<Node, EditError> {
    let parsed = yaml::parse(text);
    if let Some(err) = parsed.errors.first() {
        return Err(EditError::Syntax {
            line: err.pos.line,
            message: err.message.clone(),
        });
    }
    parsed
        .root
        .filter(|root| root.entries().is_some())
        .ok_or_else(|| EditError::Path("the file holds no mapping of fields".into()))
}

/// How a text is laid out: where its lines start, its line break and its indentation step.
struct Layout<'a> {
    text: &'a str,
    starts: Vec<usize>,
    lengths: Vec<usize>,
    newline: &'static str,
    step: usize,
}

impl<'a> Layout<'a> {
    fn new(text: &'a str) -> Layout<'a> {
        let mut starts = Vec::new();
        let mut lengths = Vec::new();
        for line in text_lines(text) {
            starts.push(line.as_ptr() as usize - text.as_ptr() as usize);
            lengths.push(line.len());
        }
        let newline = if text.contains("\r\n") {
            "\r\n"
        } else if text.contains('\r') && !text.contains('\n') {
            "\r"
        } else {
            "\n"
        };
        let step = indent_step(text);
        Layout {
            text,
            starts,
            lengths,
            newline,
            step,
        }
    }

    fn line(&self, line: u32) -> &'a str {
        let i = (line as usize).saturating_sub(1).min(self.starts.len() - 1);
        &self.text[self.starts[i]..self.starts[i] + self.lengths[i]]
    }

    /// The byte offset of a position (a column past the line's end is its end).
    fn offset(&self, pos: Pos) -> usize {
        let i = (pos.line as usize).saturating_sub(1);
        if i >= self.starts.len() {
            return self.text.len();
        }
        let line = self.line(pos.line);
        let within = line
            .char_indices()
            .nth(pos.col.saturating_sub(1) as usize)
            .map_or(line.len(), |(at, _)| at);
        self.starts[i] + within
    }

    /// The byte offset of the end of a line, before its line break.
    fn line_end(&self, line: u32) -> usize {
        let i = (line as usize).saturating_sub(1).min(self.starts.len() - 1);
        self.starts[i] + self.lengths[i]
    }

    /// The 0-based column of the `-` before a block list's item (an indentless list's node
    /// starts at its first item, not at its dash).
    fn dash_column(&self, item: &Node) -> usize {
        let line = self.line(item.start.line);
        let before: String = line
            .chars()
            .take(item.start.col.saturating_sub(1) as usize)
            .collect();
        match before.rfind('-') {
            Some(at) => before[..at].chars().count(),
            None => line.len() - line.trim_start().len(),
        }
    }

    fn char_at(&self, pos: Pos) -> Option<char> {
        self.text[self.offset(pos)..].chars().next()
    }

    fn is_flow(&self, node: &Node) -> bool {
        match (&node.value, self.char_at(node.start)) {
            (Value::Map(_), Some('{')) => true,
            // An indentless block list starts at its first item, which may be `[…]` itself.
            (Value::Seq(_), Some('[')) => {
                let line = self.line(node.start.line);
                let before: String = line
                    .chars()
                    .take(node.start.col.saturating_sub(1) as usize)
                    .collect();
                !before.trim_end().ends_with('-')
            }
            _ => false,
        }
    }

    fn is_block_scalar(&self, node: &Node) -> bool {
        matches!(&node.value, Value::Scalar(s) if !s.plain)
            && !matches!(self.char_at(node.start), Some('"' | '\''))
    }

    fn indent(&self, n: usize) -> String {
        " ".repeat(n)
    }

    /// The place just after the last character of a node's content (a block scalar's last
    /// non-blank line; a block collection's last item).
    fn content_end(&self, node: &Node) -> Pos {
        match &node.value {
            Value::Scalar(_) if node.is_null() => node.start,
            Value::Scalar(_) if self.is_block_scalar(node) => {
                // The block's lines are those indented at least as far as its first one (or
                // blank); the node's end may lie on the next token's line.
                let indent = node.start.col.saturating_sub(1) as usize;
                let mut last = node.start.line;
                let last_line = u32::try_from(self.starts.len()).unwrap_or(u32::MAX);
                for line in node.start.line..=node.end.line.min(last_line) {
                    let text = self.line(line);
                    if text.trim().is_empty() {
                        continue;
                    }
                    if text.len() - text.trim_start_matches(' ').len() < indent {
                        break;
                    }
                    last = line;
                }
                Pos {
                    line: last,
                    col: u32::try_from(self.line(last).chars().count() + 1).unwrap_or(u32::MAX),
                }
            }
            Value::Scalar(_) => node.end,
            _ if self.is_flow(node) => node.end,
            Value::Map(entries) => entries
                .last()
                .map_or(node.start, |e| self.content_end(&e.value).max(e.key.end)),
            Value::Seq(items) => items
                .last()
                .map_or(node.start, |item| self.content_end(item)),
        }
    }

    /// The line after which to add to a block collection whose content ends on `line`, for
    /// new lines at `indent`: past the comment lines indented deeper than that, which belong to
    /// the last item (`    # methods still to agree`).
    fn after_comments(&self, line: u32, indent: usize) -> u32 {
        let mut last = line;
        let count = u32::try_from(self.starts.len()).unwrap_or(u32::MAX);
        while last < count {
            let next = self.line(last + 1);
            let trimmed = next.trim_start_matches(' ');
            if !trimmed.starts_with('#') || next.len() - trimmed.len() <= indent {
                break;
            }
            last += 1;
        }
        last
    }

    /// The byte offset just after a key's `:` (the key's own span ends before it).
    fn after_colon(&self, key: &Node) -> Option<usize> {
        let from = self.offset(key.end);
        let rest = &self.text[from..];
        let colon = rest.find(':')?;
        rest[..colon]
            .chars()
            .all(|c| c == ' ' || c == '\t' || c == '"' || c == '\'')
            .then_some(from + colon + 1)
    }
}

/// The file's indentation step: the indentation of its first indented line of content (not a
/// comment), at most 8; 2 when no line is indented with spaces.
pub fn indent_step(text: &str) -> usize {
    text_lines(text)
        .map(|line| {
            (
                line.len() - line.trim_start_matches(' ').len(),
                line.trim_start(),
            )
        })
        .find(|(indent, rest)| *indent > 0 && !rest.is_empty() && !rest.starts_with('#'))
        .map_or(2, |(indent, _)| indent.min(8))
}

/// One text splice.
struct Splice {
    at: usize,
    end: usize,
    with: String,
}

fn splice(text: &str, edits: &mut [Splice]) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse(e.at));
    let mut out = text.to_string();
    for edit in edits.iter() {
        out.replace_range(edit.at..edit.end, &edit.with);
    }
    out
}

fn apply_one(text: &str, change: &Change) -> Result<String, EditError> {
    let root = parse_clean(text)?;
    let layout = Layout::new(text);
    let reached = match change {
        Change::Set { at, key, .. } | Change::Push { at, key, .. } => {
            let mut path = at.clone();
            path.push(Step::Key(key.clone()));
            path
        }
        Change::Rename { at, .. } | Change::Replace { at, .. } => at.clone(),
    };
    refuse_aliases(&layout, &root, &reached)?;
    let mut edits = match change {
        Change::Set { at, key, value } => {
            let (map, key, value) = deepest_map(&root, at, key, value)?;
            set(&layout, map, &key, &value)?
        }
        Change::Push { at, key, item } => {
            let map = map_at(&root, at)?;
            match map.get(key) {
                Some(list) if !list.is_null() => push(&layout, list, item, key)?,
                _ => set(&layout, map, key, &New::List(vec![item.clone()]))?,
            }
        }
        Change::Rename { at, from, to } => {
            let map = map_at(&root, at)?;
            let entry = entry(map, from)
                .ok_or_else(|| EditError::Path(format!("there is no `{from}` to rename")))?;
            vec![Splice {
                at: layout.offset(entry.key.start),
                end: layout.offset(entry.key.end),
                with: to.clone(),
            }]
        }
        Change::Replace { at, value } => {
            let (last, parent) = at
                .split_last()
                .ok_or_else(|| EditError::Path("nothing to replace".into()))?;
            let node = match (last, &node_at(&root, parent)?.value) {
                (Step::Key(key), Value::Map(_)) => node_at(&root, parent)?.get(key),
                (Step::Index(i), Value::Seq(items)) => items.get(*i),
                _ => None,
            }
            .ok_or_else(|| EditError::Path("there is no value to replace".into()))?;
            replace_scalar(&layout, node, value, None)?
        }
    };
    Ok(splice(text, &mut edits))
}

/// Refuses a path that passes through an alias (`*name`): the parser copies what the alias
/// names, so the text at the alias holds none of it.
fn refuse_aliases(layout: &Layout<'_>, root: &Node, path: &[Step]) -> Result<(), EditError> {
    let mut node = root;
    for (i, step) in path.iter().enumerate() {
        let next = match (step, &node.value) {
            (Step::Key(key), Value::Map(_)) => node.get(key),
            (Step::Index(n), Value::Seq(items)) => items.get(*n),
            _ => None,
        };
        let Some(next) = next else { return Ok(()) };
        if layout.char_at(next.start) == Some('*') {
            let what = match step {
                Step::Index(n) => format!("item {} of {}", n + 1, describe(&path[..i])),
                Step::Key(_) => describe(&path[..=i]),
            };
            return Err(EditError::Alias {
                line: next.start.line,
                path: what,
            });
        }
        node = next;
    }
    Ok(())
}

fn entry<'n>(map: &'n Node, key: &str) -> Option<&'n Entry> {
    map.entries()?
        .iter()
        .find(|e| e.key.as_scalar().is_some_and(|s| s.text == key))
}

/// The node a path names.
fn node_at<'n>(root: &'n Node, path: &[Step]) -> Result<&'n Node, EditError> {
    let mut node = root;
    for step in path {
        node = match (step, &node.value) {
            (Step::Key(key), Value::Map(_)) => node.get(key),
            (Step::Index(i), Value::Seq(items)) => items.get(*i),
            _ => None,
        }
        .ok_or_else(|| EditError::Path(format!("there is no {}", describe(path))))?;
    }
    Ok(node)
}

fn map_at<'n>(root: &'n Node, path: &[Step]) -> Result<&'n Node, EditError> {
    let node = node_at(root, path)?;
    match node.value {
        Value::Map(_) => Ok(node),
        _ => Err(EditError::Path(format!(
            "{} is {}, not a mapping",
            describe(path),
            node.type_name()
        ))),
    }
}

/// The deepest mapping of the path that exists, with the key and value to set in it: the
/// missing mappings below it become part of the value.
fn deepest_map<'n>(
    root: &'n Node,
    path: &[Step],
    key: &str,
    value: &New,
) -> Result<(&'n Node, String, New), EditError> {
    let mut node = root;
    for (i, step) in path.iter().enumerate() {
        let next = match (step, &node.value) {
            (Step::Key(k), Value::Map(_)) => node.get(k),
            (Step::Index(n), Value::Seq(items)) => items.get(*n),
            _ => None,
        };
        match (step, next) {
            (_, Some(next)) if !next.is_null() => node = next,
            (Step::Key(k), _) if node.entries().is_some() => {
                let nested = path[i + 1..].iter().rev().try_fold(
                    New::Map(vec![(key.to_string(), value.clone())]),
                    |inner, step| match step {
                        Step::Key(k) => Ok(New::Map(vec![(k.clone(), inner)])),
                        Step::Index(_) => {
                            Err(EditError::Path(format!("there is no {}", describe(path))))
                        }
                    },
                )?;
                return Ok((node, k.clone(), nested));
            }
            _ => return Err(EditError::Path(format!("there is no {}", describe(path)))),
        }
    }
    match node.value {
        Value::Map(_) => Ok((node, key.to_string(), value.clone())),
        _ => Err(EditError::Path(format!(
            "{} is {}, not a mapping",
            describe(path),
            node.type_name()
        ))),
    }
}

fn describe(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) if out.is_empty() => out += k,
            Step::Key(k) => out += &format!(".{k}"),
            Step::Index(i) => out += &format!("[{i}]"),
        }
    }
    if out.is_empty() {
        "contract".into()
    } else {
        format!("`{out}`")
    }
}

/// Sets `key` in a mapping node.
fn set(layout: &Layout<'_>, map: &Node, key: &str, value: &New) -> Result<Vec<Splice>, EditError> {
    if let Some(entry) = entry(map, key) {
        let old = &entry.value;
        let in_flow = layout.is_flow(map);
        let key_indent = entry.key.start.col.saturating_sub(1) as usize;
        return match (value, &old.value) {
            (_, Value::Scalar(_)) if old.is_null() => {
                set_null(layout, entry, value, key_indent, in_flow)
            }
            (New::Text(text), Value::Scalar(_)) => {
                replace_scalar(layout, old, text, (!in_flow).then_some(key_indent))
            }
            _ => Err(EditError::Path(format!(
                "`{key}` holds {}, which lc does not replace",
                old.type_name()
            ))),
        };
    }
    let entries = map.entries().unwrap_or_default();
    if layout.is_flow(map) {
        let (at, sep) = match entries.last() {
            Some(last) => (
                layout.offset(layout.content_end(&last.value).max(last.key.end)),
                ", ",
            ),
            None => (layout.offset(map.start) + 1, ""),
        };
        return Ok(vec![Splice {
            at,
            end: at,
            with: format!("{sep}{key}: {}", flow(value)),
        }]);
    }
    let indent = map.start.col.saturating_sub(1) as usize;
    let end = layout.content_end(map);
    let at = layout.line_end(layout.after_comments(end.line, indent));
    Ok(vec![Splice {
        at,
        end: at,
        with: format!(
            "{}{}{key}:{}",
            layout.newline,
            layout.indent(indent),
            block_value(layout, value, indent)
        ),
    }])
}

/// Puts a value where a key has none (`done:`, `done: ~`).
fn set_null(
    layout: &Layout<'_>,
    entry: &Entry,
    value: &New,
    key_indent: usize,
    in_flow: bool,
) -> Result<Vec<Splice>, EditError> {
    let old = &entry.value;
    let colon = layout
        .after_colon(&entry.key)
        .ok_or_else(|| EditError::Path("the key has no `:`".into()))?;
    // `done:` has an empty value before the colon; `done: ~` a token to replace.
    let (at, end) = if old.start == old.end || layout.offset(old.start) < colon {
        (colon, colon)
    } else {
        (layout.offset(old.start), layout.offset(old.end))
    };
    let lead = if at == colon { " " } else { "" };
    let line_end = layout.line_end(entry.key.start.line);
    let rest_of_line = &layout.text[end..line_end];
    let written = match value {
        _ if in_flow => format!(" {}", flow(value)),
        New::Text(text) if text.contains('\n') && !rest_of_line.trim().is_empty() => {
            format!(" {}", double_quoted(text))
        }
        _ => block_value(layout, value, key_indent),
    };
    if written.starts_with(layout.newline) {
        // A mapping or list starts on the next line, after a comment on the key's line.
        let mut edits = vec![Splice {
            at: line_end,
            end: line_end,
            with: written,
        }];
        if end > at {
            edits.push(Splice {
                at: layout.text[..at].trim_end_matches(' ').len(),
                end,
                with: String::new(),
            });
        }
        return Ok(edits);
    }
    Ok(vec![Splice {
        at,
        end,
        with: format!("{lead}{}", &written[1..]),
    }])
}

/// Replaces a scalar's text, keeping its quoting where the new text allows it.
/// `key_indent`: the indentation of its key, when it is a block mapping's value.
fn replace_scalar(
    layout: &Layout<'_>,
    node: &Node,
    text: &str,
    key_indent: Option<usize>,
) -> Result<Vec<Splice>, EditError> {
    let Value::Scalar(_) = node.value else {
        return Err(EditError::Path(format!(
            "the value is {}, not a text",
            node.type_name()
        )));
    };
    if layout.is_block_scalar(node) {
        return replace_block_scalar(layout, node, text);
    }
    let at = layout.offset(node.start);
    let end = layout.offset(node.end);
    let rest_of_line = &layout.text[end..layout.line_end(node.end.line)];
    let with = match (layout.char_at(node.start), key_indent) {
        (Some('\''), _) if single_quotable(text) => format!("'{}'", text.replace('\'', "''")),
        (Some('"'), _) => double_quoted(text),
        (_, Some(indent)) if text.contains('\n') && rest_of_line.trim().is_empty() => {
            match literal_block(layout, text, indent + layout.step) {
                Some(block) => block,
                None => double_quoted(text),
            }
        }
        _ => inline_scalar(text, key_indent.is_none()),
    };
    Ok(vec![Splice { at, end, with }])
}

/// Replaces a `|` or `>` block scalar by a literal block (or a quoted text when it cannot be one).
fn replace_block_scalar(
    layout: &Layout<'_>,
    node: &Node,
    text: &str,
) -> Result<Vec<Splice>, EditError> {
    let content_start = layout.offset(Pos {
        line: node.start.line,
        col: 1,
    });
    let header_end = layout.text[..content_start]
        .trim_end_matches(['\n', '\r'])
        .len();
    let header_line = &layout.text[..header_end];
    let header_at = header_line
        .rfind(['|', '>'])
        .ok_or_else(|| EditError::Path("the block text has no `|` or `>`".into()))?;
    let content_end = layout.offset(layout.content_end(node));
    let indent = node.start.col.saturating_sub(1) as usize;
    let with = match literal_block(layout, text, indent) {
        Some(block) => block,
        None => double_quoted(text),
    };
    Ok(vec![Splice {
        at: header_at,
        end: content_end,
        with,
    }])
}

/// A literal block scalar (`|` or `|-`, its header and lines) at `indent`, when the text can be
/// one exactly.
fn literal_block(layout: &Layout<'_>, text: &str, indent: usize) -> Option<String> {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let header = if body.len() < text.len() { "|" } else { "|-" };
    let plain_lines = !body.is_empty()
        && !body.starts_with([' ', '\t'])
        && !body.ends_with('\n')
        && !body.contains('\r')
        && !yaml::needs_escaping(body)
        && body.lines().all(|l| !l.ends_with([' ', '\t']));
    if !plain_lines {
        return None;
    }
    let pad = layout.indent(indent);
    let lines: Vec<String> = body
        .split('\n')
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect();
    Some(format!(
        "{header}{}{}",
        layout.newline,
        lines.join(layout.newline)
    ))
}

/// Appends an item to a list node.
fn push(layout: &Layout<'_>, list: &Node, item: &New, key: &str) -> Result<Vec<Splice>, EditError> {
    let Value::Seq(items) = &list.value else {
        return Err(EditError::Path(format!(
            "`{key}` holds {}, not a list",
            list.type_name()
        )));
    };
    if layout.is_flow(list) {
        let (at, sep) = match items.last() {
            Some(last) => (layout.offset(layout.content_end(last)), ", "),
            None => (layout.offset(list.start) + 1, ""),
        };
        return Ok(vec![Splice {
            at,
            end: at,
            with: format!("{sep}{}", flow(item)),
        }]);
    }
    let indent = items.last().map_or(0, |item| layout.dash_column(item));
    let at = layout.line_end(layout.after_comments(layout.content_end(list).line, indent));
    Ok(vec![Splice {
        at,
        end: at,
        with: format!(
            "{}{}- {}",
            layout.newline,
            layout.indent(indent),
            block_item(layout, item, indent + 2)
        ),
    }])
}

/// A value after `key:` in block style, for a key at `indent`: ` text`, or lines below it.
fn block_value(layout: &Layout<'_>, value: &New, indent: usize) -> String {
    let inner = indent + layout.step;
    let pad = layout.indent(inner);
    let nl = layout.newline;
    match value {
        New::Text(text) if text.contains('\n') => match literal_block(layout, text, inner) {
            Some(block) => format!(" {block}"),
            None => format!(" {}", double_quoted(text)),
        },
        New::Text(text) => format!(" {}", inline_scalar(text, false)),
        New::Map(entries) if !entries.is_empty() => entries
            .iter()
            .map(|(k, v)| format!("{nl}{pad}{k}:{}", block_value(layout, v, inner)))
            .collect(),
        New::List(items) if !items.is_empty() => items
            .iter()
            .map(|item| format!("{nl}{pad}- {}", block_item(layout, item, inner + 2)))
            .collect(),
        _ => format!(" {}", flow(value)),
    }
}

/// A list item after `- `, whose mapping keys stand at `indent`.
fn block_item(layout: &Layout<'_>, item: &New, indent: usize) -> String {
    match item {
        New::Map(entries) if !entries.is_empty() => {
            let pad = layout.indent(indent);
            entries
                .iter()
                .enumerate()
                .map(|(i, (k, v))| {
                    let lead = if i == 0 {
                        String::new()
                    } else {
                        format!("{}{pad}", layout.newline)
                    };
                    format!("{lead}{k}:{}", block_value(layout, v, indent))
                })
                .collect()
        }
        New::Text(text) if !text.contains('\n') => inline_scalar(text, false),
        _ => flow(item),
    }
}

/// A value in flow style: `{a: 1, b: [x]}`.
fn flow(value: &New) -> String {
    match value {
        New::Text(text) => inline_scalar(text, true),
        New::Number(number) => number.clone(),
        New::Map(entries) => {
            let inner: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{k}: {}", flow(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        New::List(items) => {
            let inner: Vec<String> = items.iter().map(flow).collect();
            format!("[{}]", inner.join(", "))
        }
    }
}

/// A scalar on one line: plain when that reads back as the same text, else double-quoted.
fn inline_scalar(text: &str, in_flow: bool) -> String {
    if plain_safe(text, in_flow) {
        text.to_string()
    } else {
        double_quoted(text)
    }
}

/// Whether `text` written plain reads back as itself, as text (not a number, boolean or null).
fn plain_safe(text: &str, in_flow: bool) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let looks_like_other_type = matches!(
        text.to_ascii_lowercase().as_str(),
        "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off" | ".inf" | ".nan"
    ) || (text.parse::<f64>().is_ok() && !is_date(text));
    !looks_like_other_type
        && (first.is_alphanumeric() || matches!(first, '(' | '/' | '.' | '€' | '$' | '£'))
        && !text.ends_with([' ', ':'])
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.contains(char::is_control)
        && !yaml::needs_escaping(text)
        && !(in_flow && text.contains([',', '[', ']', '{', '}']))
}

fn is_date(text: &str) -> bool {
    crate::model::scalar::parse_date(text).is_ok()
}

fn single_quotable(text: &str) -> bool {
    !text.contains(char::is_control) && !yaml::needs_escaping(text)
}

/// A double-quoted YAML scalar with every character that needs it escaped: those YAML 1.2
/// forbids or other readers take for line breaks, and bidirectional controls
/// ([`yaml::unsafe_char`]), so that every YAML reader reads the file and a diff shows it as
/// it is.
fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out += "\\\"",
            '\\' => out += "\\\\",
            '\n' => out += "\\n",
            '\t' => out += "\\t",
            '\r' => out += "\\r",
            c if yaml::unsafe_char(c).is_some() => out += &yaml::escaped(c),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Applies a change to a tree, as the text edit should have: what the result must read back as.
fn apply_to_tree(root: &mut Node, change: &Change) -> Result<(), EditError> {
    let missing = || EditError::Path("the path names nothing".into());
    match change {
        Change::Set { at, key, value } => {
            let map = map_mut(root, at, true).ok_or_else(missing)?;
            set_entry(map, key, node_of(value));
        }
        Change::Push { at, key, item } => {
            let map = map_mut(root, at, false).ok_or_else(missing)?;
            let Value::Map(entries) = &mut map.value else {
                return Err(missing());
            };
            match entries
                .iter_mut()
                .find(|e| e.key.as_scalar().is_some_and(|s| s.text == *key))
            {
                Some(entry) if !entry.value.is_null() => match &mut entry.value.value {
                    Value::Seq(items) => items.push(node_of(item)),
                    _ => return Err(missing()),
                },
                _ => set_entry(map, key, node_of(&New::List(vec![item.clone()]))),
            }
        }
        Change::Rename { at, from, to } => {
            let map = map_mut(root, at, false).ok_or_else(missing)?;
            let Value::Map(entries) = &mut map.value else {
                return Err(missing());
            };
            let entry = entries
                .iter_mut()
                .find(|e| e.key.as_scalar().is_some_and(|s| s.text == *from))
                .ok_or_else(missing)?;
            entry.key = node_of(&New::Text(to.clone()));
        }
        Change::Replace { at, value } => {
            let mut node = &mut *root;
            for step in at {
                node = child_mut(node, step).ok_or_else(missing)?;
            }
            node.value = Value::Scalar(Scalar {
                text: value.clone(),
                plain: false,
            });
        }
    }
    Ok(())
}

fn child_mut<'n>(node: &'n mut Node, step: &Step) -> Option<&'n mut Node> {
    match (step, &mut node.value) {
        (Step::Key(key), Value::Map(entries)) => entries
            .iter_mut()
            .find(|e| e.key.as_scalar().is_some_and(|s| s.text == *key))
            .map(|e| &mut e.value),
        (Step::Index(i), Value::Seq(items)) => items.get_mut(*i),
        _ => None,
    }
}

/// The mapping at a path; with `create`, missing or empty mappings on the way are added.
fn map_mut<'n>(root: &'n mut Node, path: &[Step], create: bool) -> Option<&'n mut Node> {
    let mut node = root;
    for step in path {
        if create
            && let Step::Key(key) = step
            && child_mut(node, step).is_none_or(|n| n.is_null())
        {
            set_entry(node, key, node_of(&New::Map(Vec::new())));
        }
        node = child_mut(node, step)?;
    }
    matches!(node.value, Value::Map(_)).then_some(node)
}

fn set_entry(map: &mut Node, key: &str, value: Node) {
    let Value::Map(entries) = &mut map.value else {
        return;
    };
    match entries
        .iter_mut()
        .find(|e| e.key.as_scalar().is_some_and(|s| s.text == key))
    {
        Some(entry) => entry.value = value,
        None => entries.push(Entry {
            key: node_of(&New::Text(key.to_string())),
            value,
        }),
    }
}

fn node_of(value: &New) -> Node {
    let value = match value {
        New::Text(text) => Value::Scalar(Scalar {
            text: text.clone(),
            plain: false,
        }),
        New::Number(number) => Value::Scalar(Scalar {
            text: number.clone(),
            plain: true,
        }),
        New::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, v)| Entry {
                    key: node_of(&New::Text(k.clone())),
                    value: node_of(v),
                })
                .collect(),
        ),
        New::List(items) => Value::Seq(items.iter().map(node_of).collect()),
    };
    Node {
        value,
        start: Pos::START,
        end: Pos::START,
    }
}

/// Whether two trees hold the same values (positions and quoting aside).
pub fn same(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Scalar(x), Value::Scalar(y)) => x.text == y.text && a.is_null() == b.is_null(),
        (Value::Seq(x), Value::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|(a, b)| same(&a.key, &b.key) && same(&a.value, &b.value))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Step {
        Step::Key(k.into())
    }

    fn text(t: &str) -> New {
        New::Text(t.into())
    }

    #[track_caller]
    fn case(before: &str, change: Change, after: &str) {
        let once = apply_one(before.trim_start_matches('\u{feff}'), &change).unwrap();
        assert_eq!(apply(before, &[change]).unwrap(), after, "{once:?}");
    }

    fn set(at: Path, k: &str, v: New) -> Change {
        Change::Set {
            at,
            key: k.into(),
            value: v,
        }
    }

    #[test]
    fn a_new_key_goes_after_the_items_last_key_at_its_indentation() {
        case(
            "follow_ups:\n  - due: 2026-01-01\n    owner: learner   # hi\n  - due: 2026-02-01\n",
            set(
                vec![key("follow_ups"), Step::Index(0)],
                "done",
                text("2026-01-02"),
            ),
            "follow_ups:\n  - due: 2026-01-01\n    owner: learner   # hi\n    done: 2026-01-02\n  - due: 2026-02-01\n",
        );
    }

    #[test]
    fn comments_that_belong_to_the_last_item_stay_with_it() {
        case(
            "objectives:\n  - id: o1\n    status: planned\n    # methods still to agree\n# end\n",
            set(vec![key("agreed")], "learner", text("2026-09-29")),
            "objectives:\n  - id: o1\n    status: planned\n    # methods still to agree\nagreed:\n  learner: 2026-09-29\n# end\n",
        );
        case(
            "f:\n  - due: 2026-01-01\n    # ask Sam\n",
            Change::Push {
                at: vec![],
                key: "f".into(),
                item: New::Map(vec![("due".into(), text("2026-02-01"))]),
            },
            "f:\n  - due: 2026-01-01\n    # ask Sam\n  - due: 2026-02-01\n",
        );
    }

    #[test]
    fn flow_mappings_get_the_key_inside_their_braces() {
        case(
            "follow_ups:\n  - {due: 2026-01-01, owner: manager }\n",
            set(
                vec![key("follow_ups"), Step::Index(0)],
                "done",
                text("2026-01-02"),
            ),
            "follow_ups:\n  - {due: 2026-01-01, owner: manager, done: 2026-01-02 }\n",
        );
    }

    #[test]
    fn empty_values_are_filled_and_scalars_keep_their_quotes() {
        case(
            "a:\nb: x\n",
            set(vec![], "a", text("2026-01-02")),
            "a: 2026-01-02\nb: x\n",
        );
        case(
            "a: ~ # none yet\n",
            set(vec![], "a", text("y")),
            "a: y # none yet\n",
        );
        case(
            "status: 'draft'\n",
            set(vec![], "status", text("agreed")),
            "status: 'agreed'\n",
        );
        case(
            "s: \"x\"\n",
            set(vec![], "s", text("it's \"q\"")),
            "s: \"it's \\\"q\\\"\"\n",
        );
    }

    #[test]
    fn missing_mappings_are_added_and_crlf_and_bom_are_kept() {
        case(
            "\u{feff}lc: 1\r\nid: x\r\n",
            set(vec![key("agreed")], "learner", text("2026-01-02")),
            "\u{feff}lc: 1\r\nid: x\r\nagreed:\r\n  learner: 2026-01-02\r\n",
        );
        case(
            "agreed:\n  learner: 2026-01-01\nid: x\n",
            set(vec![key("agreed")], "manager", text("2026-01-02")),
            "agreed:\n  learner: 2026-01-01\n  manager: 2026-01-02\nid: x\n",
        );
        case(
            "agreed: {learner: 2026-01-01}\n",
            set(vec![key("agreed")], "manager", text("2026-01-02")),
            "agreed: {learner: 2026-01-01, manager: 2026-01-02}\n",
        );
    }

    #[test]
    fn items_are_pushed_in_the_lists_style() {
        let item = New::Map(vec![("due".into(), text("2026-05-01"))]);
        let push = |k: &str| Change::Push {
            at: vec![],
            key: k.into(),
            item: item.clone(),
        };
        case(
            "f:\n- due: 2026-01-01\n  done: 2026-01-01\n# end\n",
            push("f"),
            "f:\n- due: 2026-01-01\n  done: 2026-01-01\n- due: 2026-05-01\n# end\n",
        );
        case(
            "f: [{due: 2026-01-01}]\n",
            push("f"),
            "f: [{due: 2026-01-01}, {due: 2026-05-01}]\n",
        );
        case("f: []\n", push("f"), "f: [{due: 2026-05-01}]\n");
        case("id: x\n", push("f"), "id: x\nf:\n  - due: 2026-05-01\n");
        case("f:\nid: x\n", push("f"), "f:\n  - due: 2026-05-01\nid: x\n");
    }

    #[test]
    fn texts_are_quoted_when_plain_would_read_otherwise() {
        assert_eq!(inline_scalar("Went well: yes", false), "\"Went well: yes\"");
        assert_eq!(inline_scalar("yes", false), "\"yes\"");
        assert_eq!(inline_scalar("12", false), "\"12\"");
        assert_eq!(inline_scalar("2026-01-02", false), "2026-01-02");
        assert_eq!(inline_scalar("a, b", true), "\"a, b\"");
        assert_eq!(inline_scalar("a, b", false), "a, b");
        assert_eq!(inline_scalar("#1", false), "\"#1\"");
    }

    #[test]
    fn multi_line_texts_become_literal_blocks() {
        case(
            "f:\n  - due: 2026-01-01\n    notes: first\n",
            set(
                vec![key("f"), Step::Index(0)],
                "notes",
                text("first\nsecond"),
            ),
            "f:\n  - due: 2026-01-01\n    notes: |-\n      first\n      second\n",
        );
        case(
            "notes: |\n  one\n  two\nid: x\n",
            set(vec![], "notes", text("one\ntwo\nthree\n")),
            "notes: |\n  one\n  two\n  three\nid: x\n",
        );
        case(
            "id: x\n",
            set(vec![], "notes", text("a\nb")),
            "id: x\nnotes: |-\n  a\n  b\n",
        );
        // A block at the end of the file keeps the file's last line break.
        case(
            "f:\n  - due: 2026-01-01\n    notes: |-\n      two\n      lines\n",
            set(vec![key("f"), Step::Index(0)], "notes", text("Went well")),
            "f:\n  - due: 2026-01-01\n    notes: |-\n      Went well\n",
        );
    }

    #[test]
    fn keys_are_renamed_in_place() {
        case(
            "statsu: draft # c\n",
            Change::Rename {
                at: vec![],
                from: "statsu".into(),
                to: "status".into(),
            },
            "status: draft # c\n",
        );
    }

    #[test]
    fn refusals_leave_nothing() {
        assert!(matches!(
            apply("a: [1\n", &[set(vec![], "b", text("x"))]),
            Err(EditError::Syntax { .. })
        ));
        assert!(matches!(
            apply(
                "a: 1\n",
                &[set(vec![key("f"), Step::Index(3)], "b", text("x"))]
            ),
            Err(EditError::Path(_))
        ));
        assert!(matches!(
            apply("a: [1]\n", &[set(vec![], "a", text("x"))]),
            Err(EditError::Path(_))
        ));
    }
}
