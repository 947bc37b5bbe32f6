//! The layers of docs/design.md, kept: every `use` and path of `src/` is resolved to the module
//! it names, and an import that goes up a layer, between the two front ends, or round a circle
//! of modules fails this test. Test code (`#[cfg(test)]`) is not part of the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use syn::visit::Visit;

/// The layers from the bottom up: a module may use its own layer and those below it.
const LAYERS: &[(&str, &[&str])] = &[
    ("text", &["text"]),
    ("model", &["model"]),
    ("check", &["check"]),
    ("store", &["store"]),
    ("review", &["review"]),
    ("render", &["render"]),
    (
        "front ends",
        &["cli", "commands", "mail", "prompt", "serve"],
    ),
];

/// The front ends stand side by side: neither may use the other.
const CLI: &[&str] = &["cli", "commands", "mail", "prompt"];
const WEB: &[&str] = &["serve"];

/// A module's path (`store::edit`, `""` for the crate root) from its file under `src/`.
fn module_of(rel: &str) -> String {
    let rel = rel.trim_end_matches(".rs");
    let mut parts: Vec<&str> = rel.split('/').collect();
    if matches!(parts.last(), Some(&("mod" | "lib" | "main"))) {
        parts.pop();
    }
    parts.join("::")
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Meta>()
                .is_ok_and(|m| m.path().is_ident("test"))
    })
}

/// Every `crate::`, `super::` and `self::` path of a file's non-test code, as written.
#[derive(Default)]
struct Paths {
    found: Vec<Vec<String>>,
}

impl Paths {
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => self.push(prefix, Some(n.ident.to_string())),
            syn::UseTree::Rename(r) => self.push(prefix, Some(r.ident.to_string())),
            syn::UseTree::Glob(_) => self.push(prefix, None),
            syn::UseTree::Group(g) => {
                for item in &g.items {
                    self.use_tree(prefix, item);
                }
            }
        }
    }

    fn push(&mut self, prefix: &[String], last: Option<String>) {
        let mut path = prefix.to_vec();
        path.extend(last.filter(|l| l != "self"));
        self.found.push(path);
    }
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Struct(s) => &s.attrs,
            syn::Item::Enum(e) => &e.attrs,
            syn::Item::Const(c) => &c.attrs,
            syn::Item::Static(s) => &s.attrs,
            syn::Item::Trait(t) => &t.attrs,
            syn::Item::Type(t) => &t.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if is_test_only(attrs) {
            return;
        }
        if let syn::Item::Use(u) = item {
            let mut prefix = Vec::new();
            if u.leading_colon.is_none() {
                self.use_tree(&mut prefix, &u.tree);
            }
            return;
        }
        syn::visit::visit_item(self, item);
    }

    /// `pub(super)` and `pub(in crate::a)` say who may see an item, not what it uses.
    fn visit_vis_restricted(&mut self, _: &'ast syn::VisRestricted) {}

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        // `crate::a`, `super::a`, `self::a`, and `a::b` where `a` may be a child module.
        if segments.len() > 1 || matches!(segments[0].as_str(), "crate" | "super" | "self") {
            self.found.push(segments);
        }
        syn::visit::visit_path(self, path);
    }
}

/// Resolves a path written in `module` to the deepest module it names. A `use` path that starts
/// with a name (`use source::Found`) is tried as a child of `module`; anything else that starts
/// with a name is another crate, or a name imported by a `use` counted there.
fn resolve(module: &str, path: &[String], modules: &BTreeSet<String>) -> Option<String> {
    let mut base: Vec<String> = module
        .split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &rest[1..];
        }
        Some("self") => rest = &rest[1..],
        Some("super") => {
            while rest.first().map(String::as_str) == Some("super") {
                base.pop();
                rest = &rest[1..];
            }
        }
        Some(_) if path.len() > 1 => {}
        _ => return None,
    }
    let own = base.len();
    let full: Vec<String> = base.into_iter().chain(rest.iter().cloned()).collect();
    (1..=full.len())
        .rev()
        .map(|n| full[..n].join("::"))
        .find(|m| modules.contains(m))
        .filter(|m| relative_reaches_past(path, m, own))
}

/// A path that starts with a name resolves only when it names a child of its own module
/// (otherwise it is another crate's path, like `chrono::NaiveDate`).
fn relative_reaches_past(path: &[String], found: &str, own: usize) -> bool {
    matches!(path[0].as_str(), "crate" | "self" | "super") || found.split("::").count() > own
}

fn layer_of(module: &str) -> Option<usize> {
    let top = module.split("::").next()?;
    LAYERS.iter().position(|(_, tops)| tops.contains(&top))
}

fn top(module: &str) -> &str {
    module.split("::").next().unwrap_or("")
}

/// What is wrong with the graph of these files (path under `src/`, source text): imports that
/// go up or between the front ends, modules in no layer, and circles.
fn violations(files: &[(String, String)]) -> Vec<String> {
    let modules: BTreeSet<String> = files.iter().map(|(rel, _)| module_of(rel)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut wrong = Vec::new();
    for (rel, source) in files {
        let module = module_of(rel);
        let file = match syn::parse_file(source) {
            Ok(file) => file,
            Err(e) => {
                wrong.push(format!("src/{rel} does not parse: {e}"));
                continue;
            }
        };
        let mut paths = Paths::default();
        paths.visit_file(&file);
        for path in &paths.found {
            if let Some(to) = resolve(&module, path, &modules)
                && to != module
                && !to.is_empty()
            {
                if std::env::var_os("LAYERS_DEBUG").is_some() {
                    eprintln!("{module} -> {to} via {path:?}");
                }
                edges.entry(module.clone()).or_default().insert(to);
            }
        }
    }
    for module in &modules {
        if !module.is_empty() && layer_of(module).is_none() {
            wrong.push(format!(
                "`{module}` is in no layer: give it a room in tests/layers.rs and docs/design.md"
            ));
        }
    }
    for (from, tos) in &edges {
        let Some(from_layer) = layer_of(from) else {
            continue; // the crate root wires the layers together
        };
        for to in tos {
            let Some(to_layer) = layer_of(to) else {
                continue;
            };
            if to_layer > from_layer {
                wrong.push(format!(
                    "`{from}` ({}) uses `{to}` ({}), a layer above it",
                    LAYERS[from_layer].0, LAYERS[to_layer].0
                ));
            }
            let (a, b) = (top(from), top(to));
            if (CLI.contains(&a) && WEB.contains(&b)) || (WEB.contains(&a) && CLI.contains(&b)) {
                wrong.push(format!(
                    "`{from}` uses `{to}`: the front ends stand side by side; move what both need down a layer"
                ));
            }
        }
    }
    for circle in circles(&edges) {
        wrong.push(format!("a circle of modules: {}", circle.join(" → ")));
    }
    wrong
}

/// The strongly connected components of more than one module (Tarjan), each sorted.
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn connect<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        if let Some(tos) = s.edges.get(v) {
            for w in tos {
                if !s.index.contains_key(w.as_str()) {
                    connect(s, w);
                    let low = s.low[v].min(s.low[w.as_str()]);
                    s.low.insert(v, low);
                } else if s.on_stack.contains(w.as_str()) {
                    let low = s.low[v].min(s.index[w.as_str()]);
                    s.low.insert(v, low);
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v.as_str()) {
            connect(&mut s, v);
        }
    }
    s.found
}

fn sources(dir: &Path, rel: &str, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let child = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if path.is_dir() {
            sources(&path, &child, out);
        } else if name.ends_with(".rs") {
            out.push((child, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

fn file(rel: &str, source: &str) -> (String, String) {
    (rel.to_string(), source.to_string())
}

#[test]
fn src_imports_only_downward_and_has_no_circle() {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        "",
        &mut files,
    );
    assert!(files.len() > 40, "src/ was not read: {} files", files.len());
    let wrong = violations(&files);
    assert!(
        wrong.is_empty(),
        "the layers are broken:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_layer_of_the_drawing_is_a_folder_of_src() {
    let design =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/design.md"))
            .unwrap();
    for (name, tops) in LAYERS {
        for top in *tops {
            let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
            let exists = src.join(top).is_dir() || src.join(format!("{top}.rs")).is_file();
            if *top == "serve" && !exists {
                continue;
            }
            assert!(
                exists,
                "the layer {name} names `{top}`, which src/ does not have"
            );
            assert!(
                design.contains(&format!("{top}/")) || design.contains(&format!("{top}.rs")),
                "docs/design.md's drawing does not show `{top}`"
            );
        }
    }
}

#[test]
fn an_upward_import_is_caught() {
    let files = [
        file("lib.rs", "pub mod text; pub mod store;"),
        file("text/mod.rs", "pub mod yaml;"),
        file(
            "text/yaml.rs",
            "use crate::store::edit::apply;\npub fn parse() {}",
        ),
        file("store/mod.rs", "pub mod edit;"),
        file(
            "store/edit.rs",
            "use crate::text::yaml;\npub fn apply() { yaml::parse() }",
        ),
    ];
    let wrong = violations(&files);
    assert!(
        wrong.contains(
            &"`text::yaml` (text) uses `store::edit` (store), a layer above it".to_string()
        ),
        "{wrong:?}"
    );
    assert!(
        wrong.contains(&"a circle of modules: store::edit → text::yaml".to_string()),
        "{wrong:?}"
    );
}

#[test]
fn a_path_through_super_and_a_circle_within_a_layer_are_caught() {
    let files = [
        file("lib.rs", "pub mod check;"),
        file("check/mod.rs", "pub mod rules; pub mod fix;"),
        file("check/rules.rs", "pub fn run() { super::fix::apply() }"),
        file(
            "check/fix.rs",
            "pub fn apply() { crate::check::rules::run() }",
        ),
    ];
    assert_eq!(
        violations(&files),
        ["a circle of modules: check::fix → check::rules"]
    );
}

#[test]
fn test_code_and_the_front_ends_are_judged_as_the_rules_say() {
    let files = [
        file(
            "lib.rs",
            "pub mod model; pub mod commands; pub mod serve; pub mod extra;",
        ),
        file(
            "model/mod.rs",
            "#[cfg(test)]\nmod tests { use crate::commands::run; }\npub fn m() {}",
        ),
        file("commands/mod.rs", "pub fn run() { crate::model::m() }"),
        file("serve/mod.rs", "pub fn serve() { crate::commands::run() }"),
        file("extra/mod.rs", ""),
    ];
    assert_eq!(
        violations(&files),
        [
            "`extra` is in no layer: give it a room in tests/layers.rs and docs/design.md",
            "`serve` uses `commands`: the front ends stand side by side; move what both need down a layer",
        ]
    );
}
