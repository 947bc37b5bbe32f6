//! `lc offboard PERSON`: someone leaves. Their own open contracts are cancelled or closed as
//! asked, the items of other contracts that still name them are listed, and `--pseudonymise`
//! replaces their name and email in every contract by a stable pseudonym — all through the
//! record commands' edit layer and checks, every file or none.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use crate::check::load_bytes;
use crate::check::policy::Context;
use crate::check::source::FoundKind;
use crate::cli::{Config, LeaverContracts, OffboardConfig};
use crate::model::contract::{Contract, Status};
use crate::model::scalar::{Owner, Person};
use crate::store::edit::{self, Change, Step};
use crate::store::record::{self, Record, Refusal};
use crate::store::repo;
use crate::store::write::{
    Located, Prepared, edit_refused, move_and_stage, read, refuse_new_errors, write_all,
};
use crate::text::yaml::{Node, Value};

/// The person who leaves, as the contracts write them.
struct Leaver {
    names: BTreeSet<String>,
    emails: BTreeSet<String>,
    /// Named by email: only a person with that email is them, whoever else has their name.
    by_email: bool,
    /// Their names that someone else (another email) has too: replaced only where their email
    /// stands beside them.
    shared_names: BTreeSet<String>,
    pseudonym: Person,
    /// With `--rename`: their contracts' ids made from their name, and the new ones.
    ids: BTreeMap<String, String>,
}

impl Leaver {
    fn is(&self, p: &Person) -> bool {
        let by_email = p
            .email
            .as_ref()
            .is_some_and(|e| self.emails.contains(&e.to_lowercase()));
        by_email || (!self.by_email && self.names.contains(&p.name))
    }

    /// Their names that stand for them alone.
    fn own_names(&self) -> impl Iterator<Item = &String> {
        self.names
            .iter()
            .filter(|n| !self.shared_names.contains(*n))
    }

    /// `text` with them replaced by the pseudonym: a whole `Name <email>` of theirs, else
    /// their emails, then their own names (as whole words).
    fn rename(&self, text: &str) -> String {
        if let Ok(person) = crate::model::scalar::parse_person(text)
            && person.email.is_some()
            && self.is(&person)
        {
            return self.pseudonym.to_string();
        }
        let mut text = text.to_string();
        let email = self.pseudonym.email.as_deref().unwrap_or_default();
        for e in &self.emails {
            text = replace_word(&text, e, email);
        }
        for n in self.own_names() {
            text = replace_word(&text, n, &self.pseudonym.name);
        }
        for (old, new) in &self.ids {
            text = replace_word(&text, old, new);
        }
        text
    }

    /// Whether `line` still mentions them: a name, an email or the first name, as a word
    /// (names someone else has too aside).
    fn mentioned_in(&self, line: &str) -> bool {
        let first_names = self
            .own_names()
            .filter_map(|n| n.split_whitespace().next())
            .filter(|f| f.chars().count() > 2);
        self.emails
            .iter()
            .map(String::as_str)
            .chain(self.own_names().map(String::as_str))
            .chain(first_names)
            .chain(self.ids.keys().map(String::as_str))
            .any(|w| find_word(line, w, 0).is_some())
    }
}

/// The first place at or after `from` where `word` stands in `text` as a word (ASCII letters in
/// any case, no letter or digit either side).
fn find_word(text: &str, word: &str, from: usize) -> Option<usize> {
    if word.is_empty() {
        return None;
    }
    (from..text.len()).find(|&i| {
        text.is_char_boundary(i)
            && text
                .get(i..i + word.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(word))
            && !joined(text[..i].chars().rev())
            && !joined(text[i + word.len()..].chars())
    })
}

/// Whether the characters next to a match (nearest first) continue its word: a letter or a
/// digit, or one of `. _ - + @` before one (`jane@example.org.uk`, `Jean-Al`).
fn joined(mut next: impl Iterator<Item = char>) -> bool {
    match next.next() {
        Some(c) if c.is_alphanumeric() => true,
        Some('.' | '_' | '-' | '+' | '@') => next.next().is_some_and(char::is_alphanumeric),
        _ => false,
    }
}

fn replace_word(text: &str, word: &str, by: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(i) = find_word(text, word, at) {
        out += &text[at..i];
        out += by;
        at = i + word.len();
    }
    out + &text[at..]
}

/// `Leaver 3f2a9c <leaver-3f2a9c@invalid>`: six hex digits of the SHA-1 of their lowercase
/// email (else name), so that the same person gets the same pseudonym in every file and run.
fn pseudonym(key: &str) -> Person {
    let hex = git2::Oid::hash_object(git2::ObjectType::Blob, key.as_bytes())
        .map(|o| o.to_string())
        .unwrap_or_default();
    let short = hex.get(..6).unwrap_or("000000");
    Person {
        name: format!("Leaver {short}"),
        email: Some(format!("leaver-{short}@invalid")),
    }
}

/// Everyone a contract names, with where.
fn people(c: &Contract) -> Vec<(String, &Person)> {
    let mut out = Vec::new();
    if let Some(p) = &c.learner {
        out.push(("learner".to_string(), p));
    }
    if let Some(p) = &c.manager {
        out.push(("manager".to_string(), p));
    }
    for p in &c.partners {
        if let Some(who) = &p.who {
            let role = p.role.as_deref().unwrap_or("partner");
            out.push((format!("partner ({role})"), who));
        }
    }
    for f in &c.follow_ups {
        if let Some(p) = owner(&f.owner.value) {
            out.push((format!("owner of follow-up #{}", f.index + 1), p));
        }
    }
    for s in &c.supports {
        if let Some(p) = owner(&s.owner.value) {
            out.push((format!("owner of support #{}", s.index + 1), p));
        }
    }
    for a in c.experience().map_or(&[][..], |e| &e.application) {
        if let Some(p) = owner(&a.owner.value) {
            out.push((format!("owner of action #{}", a.index + 1), p));
        }
    }
    out
}

fn owner(o: &Owner) -> Option<&Person> {
    match o {
        Owner::Person(p) => Some(p),
        Owner::Role(_) => None,
    }
}

/// The leaver from every person the contracts name that matches `needle`: by email when it is
/// one (then that email alone), else by name or email.
fn find_leaver(contracts: &[&Contract], needle: &str) -> Option<Leaver> {
    let by_email = needle.contains('@');
    let wanted = crate::model::scalar::fold(needle);
    let mut names = BTreeSet::new();
    let mut emails = BTreeSet::new();
    let everyone: Vec<&Person> = contracts
        .iter()
        .flat_map(|c| people(c).into_iter().map(|(_, p)| p))
        .collect();
    for p in &everyone {
        let hit = if by_email {
            p.email
                .as_ref()
                .is_some_and(|e| crate::model::scalar::fold(e) == wanted)
        } else {
            p.matches(needle)
        };
        if hit {
            names.insert(p.name.clone());
            if let Some(e) = &p.email {
                emails.insert(e.to_lowercase());
            }
        }
    }
    if names.is_empty() {
        return None;
    }
    let shared_names = everyone
        .iter()
        .filter(|p| names.contains(&p.name))
        .filter(|p| {
            p.email
                .as_ref()
                .is_some_and(|e| !emails.contains(&e.to_lowercase()))
        })
        .map(|p| p.name.clone())
        .collect();
    let key = emails
        .iter()
        .next()
        .cloned()
        .or_else(|| names.iter().next().map(|n| n.to_lowercase()))
        .unwrap_or_default();
    Some(Leaver {
        names,
        emails,
        by_email,
        shared_names,
        pseudonym: pseudonym(&key),
        ids: BTreeMap::new(),
    })
}

/// Replaces every scalar of the tree that mentions the leaver.
fn pseudonymised(node: &Node, path: &mut Vec<Step>, leaver: &Leaver, out: &mut Vec<Change>) {
    match &node.value {
        Value::Scalar(s) => {
            let new = leaver.rename(&s.text);
            if new != s.text && !path.is_empty() {
                out.push(Change::Replace {
                    at: path.clone(),
                    value: new,
                });
            }
        }
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                pseudonymised(item, path, leaver, out);
                path.pop();
            }
        }
        Value::Map(entries) => {
            for e in entries {
                let Some(key) = e.key.as_scalar() else {
                    continue;
                };
                path.push(Step::Key(key.text.clone()));
                pseudonymised(&e.value, path, leaver, out);
                path.pop();
            }
        }
    }
}

/// One file's edit: what it says, the text to write, and where when it moves (`--rename`).
struct Edited {
    file: Located,
    said: Vec<String>,
    text: String,
    new_rel: Option<String>,
}

/// Their own contracts' ids and file names made from their name, and the pseudonymous ones
/// they get (`2026-zoe-angstrom` → `2026-leaver-3f2a9c`).
#[derive(Default)]
struct Renamed {
    ids: BTreeMap<String, String>,
    files: BTreeMap<String, String>,
}

/// `text` (an id, a file name) with the slug of one of their names replaced by the
/// pseudonym's, where it stands between dashes or at an end; `None` when it holds none.
fn renamed_slug(text: &str, leaver: &Leaver) -> Option<String> {
    let new = crate::model::scalar::slug(&leaver.pseudonym.name);
    for name in &leaver.names {
        let old = crate::model::scalar::slug(name);
        if old.is_empty() {
            continue;
        }
        let mut from = 0;
        // A slug is ASCII, so every place it matches is a character boundary.
        while let Some(at) = text.get(from..).and_then(|t| t.find(&old)) {
            let (start, end) = (from + at, from + at + old.len());
            let bounded = |i: Option<&u8>| i.is_none_or(|b| *b == b'-');
            let before = start.checked_sub(1).and_then(|i| text.as_bytes().get(i));
            if bounded(before) && bounded(text.as_bytes().get(end)) {
                return Some(format!("{}{new}{}", &text[..start], &text[end..]));
            }
            from = start + 1;
        }
    }
    None
}

/// The new id and file of each of their own contracts whose id or file name is made from
/// their name; a new id another contract already has is refused.
fn renames(files: &[(Located, crate::check::Loaded)], leaver: &Leaver) -> Result<Renamed, Refusal> {
    let mut renamed = Renamed::default();
    let taken: BTreeSet<&str> = files
        .iter()
        .filter_map(|(_, l)| l.contract.as_deref())
        .map(|c| c.id.value.as_str())
        .collect();
    for (file, loaded) in files {
        let Some(c) = loaded.contract.as_deref() else {
            continue;
        };
        if !c.learner.as_ref().is_some_and(|p| leaver.is(p)) {
            continue;
        }
        if let Some(new_id) = renamed_slug(&c.id.value, leaver) {
            if taken.contains(new_id.as_str()) {
                return Err(Refusal {
                    exit: 1,
                    message: format!(
                        "`{}` would become `{new_id}`, which another contract already has",
                        c.id.value
                    ),
                    help: Some("give one of them another id by hand, then run it again".into()),
                });
            }
            renamed.ids.insert(c.id.value.clone(), new_id);
        }
        let path = Path::new(&file.rel);
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if let Some(new_stem) = renamed_slug(stem, leaver) {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("yaml");
            let dir = file.rel.rsplit_once('/').map_or("", |(dir, _)| dir);
            renamed
                .files
                .insert(file.rel.clone(), format!("{dir}/{new_stem}.{ext}"));
        }
    }
    Ok(renamed)
}

/// The edits that give renamed ids their new value: a contract's own `id`, an experience's
/// `strategic`, a method's `experience`.
fn id_changes(tree: &Node, renamed: &Renamed) -> Vec<Change> {
    let new_of = |node: Option<&Node>| {
        let text = &node?.as_scalar()?.text;
        renamed.ids.get(text).cloned()
    };
    let key = |k: &str| Step::Key(k.into());
    let mut out = Vec::new();
    for field in ["id", "strategic"] {
        if let Some(value) = new_of(tree.get(field)) {
            out.push(Change::Replace {
                at: vec![key(field)],
                value,
            });
        }
    }
    let items = |node: Option<&Node>| match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items.clone(),
        _ => Vec::new(),
    };
    for (i, objective) in items(tree.get("objectives")).iter().enumerate() {
        for (j, method) in items(objective.get("methods")).iter().enumerate() {
            if let Some(value) = new_of(method.get("experience")) {
                out.push(Change::Replace {
                    at: vec![
                        key("objectives"),
                        Step::Index(i),
                        key("methods"),
                        Step::Index(j),
                        key("experience"),
                    ],
                    value,
                });
            }
        }
    }
    out
}

pub fn run(config: &Config, args: &OffboardConfig) -> Result<ExitCode> {
    let repo::HrRepo {
        root,
        settings,
        found,
    } = repo::HrRepo::open(config.repo.as_deref())?;
    if args.on > config.as_of {
        errln!(
            "error: leaving on {} would be after the as-of date {}",
            args.on,
            config.as_of
        );
        return Ok(ExitCode::from(1));
    }
    let ctx = Context {
        as_of: config.as_of,
        policy: &settings.policy,
    };
    let _lock = match crate::store::write::lock(&root, &settings) {
        Ok(lock) => lock,
        Err(refusal) => {
            crate::commands::record::report_refusal(&refusal)?;
            return Ok(ExitCode::from(refusal.exit));
        }
    };
    let files: Vec<(Located, crate::check::Loaded)> = found
        .iter()
        .filter(|f| matches!(f.kind, FoundKind::Regular { .. }))
        .filter_map(|f| read(&root, &settings, f.path.clone()).ok())
        .map(|file| {
            let loaded = load_bytes(&file.rel, &file.bytes, &settings, ctx);
            (file, loaded)
        })
        .collect();
    let contracts: Vec<&Contract> = files
        .iter()
        .filter_map(|(_, l)| l.contract.as_deref())
        .collect();
    let Some(mut leaver) = find_leaver(&contracts, &args.person) else {
        errln!("error: no contract names `{}`", args.person);
        errln!(
            "  = help: give their name or email as a contract writes it (`lc list` shows learners and managers)"
        );
        return Ok(ExitCode::from(2));
    };
    if leaver.emails.len() > 1 && !args.person.contains('@') {
        let emails: Vec<&str> = leaver.emails.iter().map(String::as_str).collect();
        errln!(
            "error: `{}` names more than one person: {}",
            args.person,
            emails.join(", ")
        );
        errln!("  = help: give the email of the one who leaves");
        return Ok(ExitCode::from(2));
    }
    let renamed = match renames(&files, &leaver) {
        Ok(renamed) => renamed,
        Err(r) => {
            crate::commands::record::report_refusal(&r)?;
            return Ok(ExitCode::from(r.exit));
        }
    };
    // Without --rename, what still carries their name where the pseudonym cannot reach.
    let name_bearing: Vec<String> = renamed
        .files
        .keys()
        .map(|rel| (rel.as_str(), files.iter().find(|(f, _)| &f.rel == rel)))
        .map(|(rel, found)| {
            let id = found
                .and_then(|(_, l)| l.contract.as_deref())
                .map_or(String::new(), |c| format!("`{}` ", c.id.value));
            format!("{id}({rel})")
        })
        .chain(
            renamed
                .ids
                .keys()
                .filter(|id| {
                    !files.iter().any(|(f, l)| {
                        renamed.files.contains_key(&f.rel)
                            && l.contract.as_deref().is_some_and(|c| &c.id.value == *id)
                    })
                })
                .map(|id| format!("`{id}`")),
        )
        .collect();
    let renamed = if args.rename {
        leaver.ids = renamed.ids.clone();
        renamed
    } else {
        Renamed::default()
    };
    let leaver = leaver;
    let mut edits = Vec::new();
    let mut refusals = Vec::new();
    let mut still_open = Vec::new();
    let mut naming = Vec::new();
    let mut unedited_mentions = Vec::new();
    for (file, loaded) in files {
        let original = args.pseudonymise.then(|| {
            (
                file.rel.clone(),
                String::from_utf8_lossy(&file.bytes).into_owned(),
            )
        });
        let planned = plan_file(
            file,
            &loaded,
            (&leaver, &renamed),
            args,
            &mut still_open,
            &mut naming,
        );
        if let (Ok(None), Some((rel, text))) = (&planned, original) {
            unedited_mentions.extend(mentions(&leaver, &rel, &text));
        }
        match planned {
            Ok(Some(edited)) => {
                match refuse_new_errors(
                    &edited.file,
                    &loaded,
                    &edited.text,
                    &format!(
                        "{} would make `{}` invalid",
                        edited.said.join(", "),
                        edited.file.rel
                    ),
                    &settings,
                    ctx,
                    &|m| leaver.rename(m),
                ) {
                    Ok(()) => edits.push(edited),
                    Err(r) => refusals.push(r),
                }
            }
            Ok(None) => {}
            Err(r) => refusals.push(r),
        }
    }
    if !refusals.is_empty() {
        for r in &refusals {
            errln!("error: {}", r.message);
            if let Some(help) = &r.help {
                errln!("  = help: {help}");
            }
        }
        errln!("nothing was written: offboarding changes every file or none");
        return Ok(ExitCode::from(1));
    }
    let lists = Lists {
        still_open,
        naming,
        unedited_mentions,
        name_bearing,
    };
    report(&root, &leaver, args, edits, lists)
}

/// What the output lists besides the edits.
struct Lists {
    still_open: Vec<String>,
    naming: Vec<String>,
    unedited_mentions: Vec<String>,
    /// Their own contracts whose id or file name is made from their name.
    name_bearing: Vec<String>,
}

/// The lines of a file that still mention the leaver, as `file:line`.
fn mentions(leaver: &Leaver, rel: &str, text: &str) -> Vec<String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| leaver.mentioned_in(line))
        .map(|(n, _)| format!("{rel}:{}", n + 1))
        .collect()
}

/// What offboarding changes in one file, or `None` when it changes nothing there.
fn plan_file(
    file: Located,
    loaded: &crate::check::Loaded,
    (leaver, renamed): (&Leaver, &Renamed),
    args: &OffboardConfig,
    still_open: &mut Vec<String>,
    naming: &mut Vec<String>,
) -> Result<Option<Edited>, Refusal> {
    let rel = file.rel.clone();
    let Ok(text) = std::str::from_utf8(&file.bytes) else {
        return Ok(None);
    };
    let mut said = Vec::new();
    let mut edited = text.to_string();
    if let Some(c) = loaded.contract.as_deref() {
        let id = &c.id.value;
        let theirs = c.learner.as_ref().is_some_and(|p| leaver.is(p));
        let open = matches!(
            c.status.value,
            Status::Draft | Status::Agreed | Status::Active
        );
        let records = match args.contracts {
            _ if !(theirs && open) => vec![],
            LeaverContracts::Keep => {
                still_open.push(format!("{id} ({})", c.status.value.as_str()));
                vec![]
            }
            LeaverContracts::Close if c.status.value != Status::Draft => {
                vec![Record::Close { force: true }]
            }
            _ => vec![Record::Cancel {
                reason: Some("the learner left".into()),
            }],
        };
        if !records.is_empty() {
            let plan = record::plan(c, &records, args.on)?;
            edited = edit::apply(&edited, &plan.changes).map_err(|e| edit_refused(&rel, e))?;
            said.extend(plan.said.iter().map(|s| format!("{id}: {s}")));
        }
        if !theirs {
            for (role, p) in people(c) {
                if leaver.is(p) {
                    naming.push(format!("{id}: {role}"));
                }
            }
        }
    }
    if args.pseudonymise && edited.lines().any(|l| leaver.mentioned_in(l)) {
        let body = edited.strip_prefix('\u{feff}').unwrap_or(&edited);
        let parsed = crate::text::yaml::parse(body);
        let Some(tree) = parsed.root.filter(|_| parsed.errors.is_empty()) else {
            return Err(Refusal {
                exit: 1,
                message: format!("`{rel}` names them but does not parse, so lc cannot edit it"),
                help: Some(format!("`lc check {rel}` says what to fix")),
            });
        };
        let mut changes = Vec::new();
        pseudonymised(&tree, &mut Vec::new(), leaver, &mut changes);
        if !changes.is_empty() {
            edited = edit::apply(&edited, &changes).map_err(|e| edit_refused(&rel, e))?;
            said.push(format!("{rel}: pseudonymised"));
        }
    }
    if !renamed.ids.is_empty() {
        let body = edited.strip_prefix('\u{feff}').unwrap_or(&edited);
        if let Some(tree) = crate::text::yaml::parse(body).root {
            let changes = id_changes(&tree, renamed);
            if !changes.is_empty() {
                edited = edit::apply(&edited, &changes).map_err(|e| edit_refused(&rel, e))?;
                let ids: Vec<String> = changes
                    .iter()
                    .filter_map(|c| match c {
                        Change::Replace { value, .. } => Some(format!("`{value}`")),
                        _ => None,
                    })
                    .collect();
                said.push(format!("{rel}: now names {}", ids.join(", ")));
            }
        }
    }
    let new_rel = renamed.files.get(&rel).cloned();
    if let Some(new_rel) = &new_rel {
        said.push(format!("{rel}: moved to {new_rel}"));
    }
    if said.is_empty() {
        return Ok(None);
    }
    Ok(Some(Edited {
        file,
        said,
        text: edited,
        new_rel,
    }))
}

/// Writes every edited file (all or none: each is checked before the first is written), then
/// says what was done and what is left to do by hand.
fn report(
    root: &Path,
    leaver: &Leaver,
    args: &OffboardConfig,
    edits: Vec<Edited>,
    lists: Lists,
) -> Result<ExitCode> {
    let Lists {
        still_open,
        naming,
        unedited_mentions,
        name_bearing,
    } = lists;
    let prepared: Vec<Prepared> = edits
        .iter()
        .map(|e| Prepared {
            rel: e.file.rel.clone(),
            path: e.file.path.clone(),
            original: String::from_utf8_lossy(&e.file.bytes).into_owned(),
            edited: e.text.clone(),
            message: e.said.join("\n"),
        })
        .collect();
    let written = if prepared.is_empty() {
        Vec::new()
    } else {
        match write_all(root, &prepared, false) {
            Ok(written) => written,
            Err(refusal) => {
                crate::commands::record::report_refusal(&refusal)?;
                return Ok(ExitCode::from(refusal.exit));
            }
        }
    };
    // The files whose id is made pseudonymous move once every edit is written (`--rename`).
    for e in &edits {
        if let Some(new_rel) = &e.new_rel
            && let Err(r) = move_and_stage(root, &e.file, new_rel, &e.text)
        {
            crate::commands::record::report_refusal(&r)?;
            return Ok(ExitCode::from(r.exit));
        }
    }
    let mut found = Vec::new();
    for (e, w) in edits.iter().zip(&written) {
        for s in &e.said {
            outln!("{s}");
        }
        if w.how.contains(':') {
            outln!("  in {}{}", e.new_rel.as_deref().unwrap_or(&w.rel), w.how);
        }
        if args.pseudonymise {
            let rel = e.new_rel.as_deref().unwrap_or(&e.file.rel);
            found.extend(mentions(leaver, rel, &e.text));
        }
    }
    if !still_open.is_empty() {
        outln!("their contracts still open (--close or --cancel acts on them):");
        for s in still_open {
            outln!("  {s}");
        }
    }
    if !naming.is_empty() {
        outln!("items of other contracts that name them (give each a new owner):");
        for s in naming {
            outln!("  {s}");
        }
    }
    if args.pseudonymise {
        let staged = if written.iter().any(|w| !w.how.is_empty()) {
            " (staged)"
        } else {
            ""
        };
        outln!(
            "their name and email are now `{}` in the working tree{staged}; git history still holds them: docs/privacy.md says how to erase them",
            leaver.pseudonym
        );
        for name in &leaver.shared_names {
            outln!(
                "`{name}` is also the name of someone else, so it was replaced only where their email stands beside it; a text that names them by name alone is left as it is"
            );
        }
        if !args.rename && !name_bearing.is_empty() {
            outln!(
                "their own contracts still have ids or file names made from their name, shown in every review next to the pseudonym:"
            );
            for n in &name_bearing {
                outln!("  {n}");
            }
            outln!(
                "to give them pseudonymous ones too (links in other contracts follow), run the same command with --rename on the files as they were: undo these staged changes first (`git restore --staged --worktree -- {}` when nothing else is changed there)",
                crate::store::repo::load_settings(root)
                    .map_or_else(|_| "contracts".to_string(), |s| s.contracts)
            );
        }
        found.extend(unedited_mentions);
        if !found.is_empty() {
            outln!(
                "lines that may still mention them (a first name in a text, a comment), to edit by hand:"
            );
            for m in found {
                outln!("  {m}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(text: &str, word: &str, expected: &str) {
        assert_eq!(replace_word(text, word, "X"), expected);
    }

    #[test]
    fn only_whole_words_are_replaced_ascii_case_ignored() {
        case("Al and Also", "Al", "X and Also");
        case("ask al.", "Al", "ask X.");
        case(
            "Zoë Ångström, zoë ångström",
            "Zoë Ångström",
            "X, zoë ångström",
        );
        case("<jane@example.org>", "JANE@example.org", "<X>");
        case(
            "jane@example.org.uk",
            "jane@example.org",
            "jane@example.org.uk",
        );
        case(
            "Jean-Al, x.jane@example.org",
            "Al",
            "Jean-Al, x.jane@example.org",
        );
        case(
            "x.jane@example.org",
            "jane@example.org",
            "x.jane@example.org",
        );
        case("(jane@example.org)", "jane@example.org", "(X)");
        case("", "Al", "");
        case("Al", "", "Al");
    }

    #[test]
    fn ids_made_from_their_name_get_the_pseudonyms_slug() {
        let leaver = Leaver {
            names: BTreeSet::from(["Zoë Ångström".to_string()]),
            emails: BTreeSet::new(),
            by_email: false,
            shared_names: BTreeSet::new(),
            pseudonym: pseudonym("zoe@example.org"),
            ids: BTreeMap::new(),
        };
        let new = crate::model::scalar::slug(&leaver.pseudonym.name);
        let renamed = |t: &str| renamed_slug(t, &leaver);
        assert_eq!(renamed("2026-zoe-angstrom"), Some(format!("2026-{new}")));
        assert_eq!(
            renamed("2026-03-10-zoe-angstrom-workshop"),
            Some(format!("2026-03-10-{new}-workshop"))
        );
        assert_eq!(renamed("zoe-angstrom"), Some(new.clone()));
        assert_eq!(renamed("2026-zoe-angstroms"), None);
        assert_eq!(renamed("2026-xzoe-angstrom"), None);
        assert_eq!(renamed("2026-jane-doe"), None);
        assert!(leaver.pseudonym.is_pseudonym());
    }

    #[test]
    fn the_pseudonym_is_a_valid_person_from_a_hash() {
        let p = pseudonym("zoe.angstrom@acme.example");
        assert_eq!(p, pseudonym("zoe.angstrom@acme.example"));
        assert_ne!(p, pseudonym("jane@example.org"));
        let again = crate::model::scalar::parse_person(&p.to_string()).unwrap();
        assert_eq!(again, p);
        assert!(p.name.starts_with("Leaver ") && p.name.len() == 13, "{p}");
    }
}
