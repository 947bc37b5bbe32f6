//! `lc new strategic|experience`: a draft contract from the repo's template, written whole or
//! not at all, never over an existing file or id.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use chrono::{Datelike, Days, NaiveDate};

use crate::check::policy::Context;
use crate::check::policy::Settings;
use crate::check::{Keep, WorkTree, check_repo, load_bytes};
use crate::cli::{Config, NewConfig};
use crate::model::contract::{CHECK_IN_WINDOW, Contract};
use crate::model::scalar::{self, MAX_ID_LEN};
use crate::model::schema::{self, Kind};
use crate::prompt::Prompter;
use crate::store::git::Git;
use crate::store::repo;
use crate::store::template::{self, Fill};

/// The values of the new contract: the flags, then what was asked for and defaulted.
type Values = NewConfig;

pub fn run(config: &Config, new: &NewConfig) -> Result<ExitCode> {
    let kind = new.kind.unwrap_or(Kind::Strategic);
    let root = repo::find_root(config.repo.as_deref())?;
    let settings = repo::load_settings(&root)?;
    // Held from the id check to the last write, so that two `lc new` cannot take one id.
    let _lock = match (!new.stdout).then(|| crate::store::write::lock(&root, &settings)) {
        Some(Err(refusal)) => {
            crate::commands::record::report_refusal(&refusal)?;
            return Ok(ExitCode::from(refusal.exit));
        }
        lock => lock,
    };
    let found = repo::find_contract_files(&root, &settings.contracts)?;
    let ctx = Context {
        as_of: config.as_of,
        policy: &settings.policy,
    };
    let checked = check_repo(&found, &WorkTree(&root), &settings, ctx, Keep::Models);
    let contracts: Vec<&Contract> = checked.contracts().collect();

    let mut values = new.clone();
    let from = match &new.from {
        Some(id) => Some(earlier(&contracts, id, kind)?),
        None => None,
    };
    if let Some(old) = from {
        carry_values(old, &contracts, &mut values);
    }
    let strategic = match &values.strategic {
        Some(id) => Some(linked_strategic(&contracts, id)?),
        None => None,
    };
    // A leaver's contract carries on nobody: their data stays where offboarding left it.
    let leaver = [(from, "--from"), (strategic, "--strategic")]
        .into_iter()
        .find_map(|(c, flag)| {
            let c = c.filter(|c| c.learner.as_ref().is_some_and(|p| p.is_pseudonym()))?;
            Some((c, flag))
        });
    if let Some((c, flag)) = leaver {
        let who = c.learner.as_ref().map_or(String::new(), |p| p.name.clone());
        errln!(
            "error: {flag} `{}` is the contract of someone who left ({who}, pseudonymised by `lc offboard`): lc writes no new contract for them",
            c.id.value
        );
        errln!(
            "  = help: for someone else taking over their goals, start from the template: `lc new {} --learner \"Name <email>\"`",
            kind.as_str()
        );
        return Ok(ExitCode::from(1));
    }
    if let Some(linked) = strategic {
        values.learner = values
            .learner
            .or_else(|| linked.learner.as_ref().map(ToString::to_string));
        values.manager = values
            .manager
            .or_else(|| linked.manager.as_ref().map(ToString::to_string));
        values.team = values.team.or_else(|| linked.team.clone());
    }
    complete(kind, &mut values, config.as_of)?;
    check_values(&values)?;

    let (start, end) = period(kind, &values, config.as_of);
    let learner = values.learner.clone().unwrap_or_default();
    let id = match &new.id {
        Some(id) => id.clone(),
        None => default_id(kind, &learner, values.title.as_deref(), start)?,
    };
    let (template, template_source) = template::load(&root, kind)?;
    let render_with = |template: &str| {
        render(
            template,
            kind,
            &id,
            &values,
            values.strategic.as_deref(),
            (start, end),
            &settings,
        )
    };
    let text = render_with(&template)?;
    // When the draft does not pass, the built-in template with the same values says whose
    // fault it is: the repo's template, or the values given.
    let builtin_passes = || {
        render_with(template::builtin(kind)).is_ok_and(|text| {
            let loaded = load_bytes("contracts/new.yaml", text.as_bytes(), &settings, ctx);
            loaded.diagnostics.is_empty() && loaded.contract.is_some()
        })
    };
    let own_template = template_source.starts_with("contracts-template/");
    let (text, carried) = match from {
        Some(old) => {
            let (text, carried) = carry_into(&root, old, kind, &text, start)?;
            (text, Some(carried))
        }
        None => (text, None),
    };
    // Linked from a method with a cost, the experience takes that cost (unless it repeats an
    // event that had its own), so that the spend counts it where it looks: the experience.
    let own_cost = from.is_some_and(|old| old.experience().is_some_and(|e| e.cost.is_some()));
    let cost = match (strategic, &new.objective) {
        (Some(linked), Some(objective)) if kind == Kind::Experience && !own_cost => {
            crate::store::carry::linked_cost(linked, objective, values.method_type.as_deref())
        }
        _ => None,
    };
    let text = match &cost {
        Some(cost) => crate::store::edit::apply(&text, &cost.changes)
            .map_err(|e| anyhow::anyhow!("cannot carry the method's cost into the draft: {e}"))?,
        None => text,
    };
    let rel_default = format!("{}/{}/{id}.yaml", settings.contracts, start.year());
    let blame = match from {
        Some(old) => Blame::Carried(&old.file),
        None if own_template && builtin_passes() => Blame::Template(&template_source),
        None => Blame::Values,
    };
    check_rendered(&rel_default, &text, &settings, ctx, blame)?;

    if let Some(other) = contracts.iter().find(|c| c.id.value == id) {
        errln!(
            "error: the id `{id}` is already used by {}:{}",
            other.file,
            other.id.pos.line
        );
        errln!("  = help: give another id with --id, or edit the existing contract");
        return Ok(ExitCode::from(1));
    }
    if new.stdout {
        crate::render::write_out(&mut std::io::stdout().lock(), &text)?;
        return Ok(ExitCode::SUCCESS);
    }
    if new.objective.is_some() && values.strategic.is_none() {
        bail!(
            "--objective names an objective of the strategic contract: give it with --strategic ID"
        );
    }
    let mut link_notes = Vec::new();
    let link = match (&values.strategic, &new.objective) {
        (Some(strategic), Some(objective)) => match crate::store::write::prepare_link(
            &root,
            &settings,
            ctx,
            strategic,
            objective,
            &id,
            values.method_type.as_deref(),
            &mut link_notes,
        ) {
            Ok(prepared) => prepared,
            Err(refusal) => {
                crate::commands::record::report_refusal(&refusal)?;
                errln!("note: nothing was written");
                return Ok(ExitCode::from(refusal.exit));
            }
        },
        _ => None,
    };
    for note in &link_notes {
        errln!("note: {note}");
    }
    let path = match &new.output {
        Some(path) => path.clone(),
        None => root.join(&rel_default),
    };
    if std::fs::symlink_metadata(&path).is_ok() {
        errln!(
            "error: `{}` already exists; lc new never overwrites a file",
            path.display()
        );
        errln!("  = help: choose another --id or --output");
        return Ok(ExitCode::from(1));
    }
    if !write_new(&path, &text)? {
        errln!(
            "error: `{}` appeared while lc was writing it; it was left as it is",
            path.display()
        );
        return Ok(ExitCode::from(1));
    }
    let inside = repo::relative_to_root(&root, &path).ok();
    let shown = inside.clone().unwrap_or_else(|| path.display().to_string());
    // The strategic contract --objective changes goes into the same commit as the new file.
    let mut message = format!("{id}: new {} contract, in draft", kind.as_str());
    let link_rel = link.as_ref().map(|l| l.rel.clone());
    if let Some(link) = &link {
        message += &format!("\n{}", link.message);
    }
    // Every write first (the linked strategic contract too), then what to say about them, so
    // that nothing that happens to the output can stop a write half way.
    let linked = match link {
        Some(link) => match crate::store::write::write_all(&root, &[link], false) {
            Ok(written) => Some(written),
            Err(refusal) => {
                crate::commands::record::report_refusal(&refusal)?;
                errln!("note: `{shown}` was written; the link to it was not");
                return Ok(ExitCode::from(refusal.exit));
            }
        },
        None => None,
    };
    let git = Git::open(&root);
    let added = match (&git, &inside) {
        (Some(git), Some(rel)) => match git.add(rel) {
            Ok(()) => true,
            Err(e) => {
                errln!("error: `{shown}` was written, but git could not add it: {e:#}");
                errln!("  = help: when git can write again, add it: `git add {shown}`");
                return Ok(ExitCode::from(1));
            }
        },
        _ => false,
    };
    let outside = !shown.starts_with(&format!("{}/", settings.contracts));
    let mut files = vec![shown.clone()];
    files.extend(link_rel);
    let steps = NextSteps {
        kind,
        files: &files,
        outside,
        added,
        committing: new.commit,
    };
    print_next_steps(&steps, &values)?;
    if let (Some(old), Some(carried)) = (from, carried) {
        print_carried(old, &carried)?;
    }
    if let Some(cost) = &cost {
        outln!(
            "\ncarried from the strategic contract: {}",
            cost.said.join(", ")
        );
    }
    if let (Some(linked), None) = (strategic, &new.objective) {
        let objectives: Vec<String> = linked
            .strategic()
            .map_or(&[][..], |s| &s.objectives)
            .iter()
            .map(|o| {
                crate::model::contract::item_key(o.id.as_ref().map(|i| i.value.as_str()), o.index)
            })
            .collect();
        if !objectives.is_empty() {
            outln!(
                "\nlink it from the objective of {} it serves, so that its cost is counted once:\n  lc link {id} --objective OID   (its objectives: {})",
                linked.id.value,
                objectives.join(", ")
            );
        }
    }
    if let Some(written) = linked {
        outln!();
        crate::commands::record::print_recorded(&crate::store::write::Recorded {
            written,
            notes: Vec::new(),
        });
    }
    if new.commit {
        return commit_new(git.as_ref(), &files, &message);
    }
    Ok(ExitCode::SUCCESS)
}

/// `lc new --commit`: the new file, and the strategic contract linked to it, in one commit.
fn commit_new(git: Option<&Git>, files: &[String], message: &str) -> Result<ExitCode> {
    let rels: Vec<&str> = files.iter().map(String::as_str).collect();
    let shown = rels.join("`, `");
    let Some(git) = git else {
        errln!(
            "error: `{shown}` was written, but it is not in a git work tree, so --commit could not commit it"
        );
        return Ok(ExitCode::from(1));
    };
    match git.commit_files(&rels, message) {
        Ok(hash) => {
            outln!("committed {hash}: `{shown}`");
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            errln!("error: `{shown}` was written but not committed: {err:#}");
            Ok(ExitCode::from(1))
        }
    }
}

/// The contract `--from` names, of the kind asked for.
fn earlier<'a>(contracts: &[&'a Contract], id: &str, kind: Kind) -> Result<&'a Contract> {
    match contracts.iter().find(|c| c.id.value == id) {
        Some(c) if c.kind() == Some(kind) => Ok(c),
        Some(c) => bail!(
            "--from `{id}` is not {} {} contract ({}): `lc new {}` repeats a contract of its own kind",
            if kind == Kind::Experience { "an" } else { "a" },
            kind.as_str(),
            c.file,
            kind.as_str()
        ),
        None => bail!("--from `{id}`: no contract in this repo has that id (`lc list` shows them)"),
    }
}

/// The values a contract carries to the next one, unless given as flags: the people, the
/// team, the next period (a strategic contract's, one year on), an event's title and type, and
/// the strategic contract of the learner that covers the new event.
fn carry_values(old: &Contract, contracts: &[&Contract], values: &mut Values) {
    let person = |p: &Option<crate::model::scalar::Person>| p.as_ref().map(ToString::to_string);
    values.learner = values.learner.take().or_else(|| person(&old.learner));
    values.manager = values.manager.take().or_else(|| person(&old.manager));
    values.team = values.team.take().or_else(|| old.team.clone());
    if let Some(s) = old.strategic()
        && values.year.is_none()
        && values.start.is_none()
        && let (Some(start), Some(end)) = (&s.period_start, &s.period_end)
    {
        let next = |d: NaiveDate| d.checked_add_months(chrono::Months::new(12));
        values.start = next(start.value);
        values.end = next(end.value);
    }
    if let Some(e) = old.experience() {
        values.title = values.title.take().or_else(|| e.title.clone());
        values.method_type = values.method_type.take().or_else(|| e.event_type.clone());
        if values.strategic.is_none()
            && let Some(start) = values.start
        {
            values.strategic = contracts
                .iter()
                .find(|c| {
                    c.strategic().is_some_and(|s| {
                        s.period_start.as_ref().is_some_and(|d| d.value <= start)
                            && s.period_end.as_ref().is_some_and(|d| d.value >= start)
                    }) && matches!((&c.learner, &old.learner), (Some(a), Some(b)) if a.same_as(b))
                        && !matches!(c.status.value, crate::model::contract::Status::Cancelled)
                })
                .map(|c| c.id.value.clone());
        }
    }
}

/// The draft `text` with what `old` carries added through the edit layer.
fn carry_into(
    root: &Path,
    old: &Contract,
    kind: Kind,
    text: &str,
    start: NaiveDate,
) -> Result<(String, crate::store::carry::Carried)> {
    let bytes = std::fs::read(root.join(&old.file))
        .with_context(|| format!("cannot read `{}`", old.file))?;
    let old_text = String::from_utf8_lossy(&bytes);
    let parsed = crate::text::yaml::parse(old_text.strip_prefix('\u{feff}').unwrap_or(&old_text));
    let Some(tree) = parsed.root else {
        bail!("`{}` cannot be read as YAML: `lc check` says why", old.file);
    };
    let carried = match kind {
        Kind::Strategic => crate::store::carry::strategic(old, &tree),
        Kind::Experience => crate::store::carry::experience(old, &tree, start),
    };
    let text = crate::store::edit::apply(text, &carried.changes)
        .map_err(|e| anyhow::anyhow!("cannot carry `{}` into the draft: {e}", old.id.value))?;
    Ok((text, carried))
}

/// What was carried from `old`, and its open items with the commands that record them.
fn print_carried(old: &Contract, carried: &crate::store::carry::Carried) -> Result<()> {
    let id = &old.id.value;
    let mut out = format!("\ncarried from {id}: {}\n", carried.said.join(", "));
    if !carried.left.is_empty() {
        out += &format!("left behind: {}\n", carried.left.join(", "));
    }
    let open: Vec<String> = old
        .open_items()
        .map(|item| {
            let due = item.due.map_or(String::new(), |d| format!("  (due {d})"));
            format!("  {}{due}", item.record_command(id))
        })
        .collect();
    let live = old.status.value.is_live();
    if !open.is_empty() && live {
        out += &format!(
            "\n{id} still has {} open item{}; record what happened:\n{}\nthen close it: lc close {id}   (or lc close {id} --force to leave them open)\n",
            open.len(),
            if open.len() == 1 { "" } else { "s" },
            open.join("\n")
        );
    } else if live {
        out += &format!("\n{id} has no open items: close it with `lc close {id}`\n");
    }
    crate::render::write_out(&mut std::io::stdout().lock(), &out)?;
    Ok(())
}

/// The strategic contract `--strategic` names.
fn linked_strategic<'a>(contracts: &[&'a Contract], id: &str) -> Result<&'a Contract> {
    match contracts.iter().find(|c| c.id.value == id) {
        Some(c) if c.kind() == Some(Kind::Strategic) => Ok(c),
        Some(c) => bail!(
            "--strategic `{id}` is an experience contract ({}); name a strategic one",
            c.file
        ),
        None => bail!(
            "--strategic `{id}`: no contract in this repo has that id (`lc check` lists the readable ones)"
        ),
    }
}

/// Asks for what is missing on a terminal; without one, names every missing flag.
fn complete(kind: Kind, values: &mut Values, as_of: NaiveDate) -> Result<()> {
    let mut missing = Vec::new();
    let required = [
        ("--learner", values.learner.is_none()),
        ("--manager", values.manager.is_none()),
        (
            "--title",
            kind == Kind::Experience && values.title.is_none(),
        ),
        (
            "--type",
            kind == Kind::Experience && values.method_type.is_none(),
        ),
        (
            "--start",
            kind == Kind::Experience && values.start.is_none(),
        ),
    ];
    missing.extend(required.iter().filter(|(_, m)| *m).map(|(flag, _)| *flag));
    if missing.is_empty() {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        bail!(
            "missing {}: give {} as flags (stdin is not a terminal, so lc cannot ask)",
            missing.join(", "),
            if missing.len() == 1 { "it" } else { "them" }
        );
    }
    let stdin = std::io::stdin();
    let mut prompter = Prompter::new(stdin.lock(), std::io::stderr());
    ask_all(kind, values, as_of, &mut prompter)
}

fn ask_all<R: std::io::BufRead, W: Write>(
    kind: Kind,
    values: &mut Values,
    as_of: NaiveDate,
    p: &mut Prompter<R, W>,
) -> Result<()> {
    let person = |t: &str| {
        scalar::parse_person(t)
            .map(|p| p.to_string())
            .map_err(|e| format!("{e}: write `Name <email>`"))
    };
    let text = |t: &str| Ok::<_, String>(t.to_string());
    let date = |t: &str| scalar::parse_date(t).map_err(|e| format!("{e}: write YYYY-MM-DD"));
    if values.learner.is_none() {
        values.learner = p.ask("Learner (Name <email>)", None, false, person)?;
    }
    if values.manager.is_none() {
        values.manager = p.ask("Manager (Name <email>)", None, false, person)?;
    }
    if values.team.is_none() {
        values.team = p.ask("Team", None, true, text)?;
    }
    match kind {
        Kind::Strategic => {
            if values.year.is_none() && values.start.is_none() {
                let year = |t: &str| match t.parse::<i32>() {
                    Ok(y) if (1900..=9999).contains(&y) => Ok(y),
                    _ => Err(format!("`{t}` is not a year")),
                };
                values.year = p.ask("Year", Some(&as_of.year().to_string()), false, year)?;
            }
        }
        Kind::Experience => {
            if values.title.is_none() {
                values.title = p.ask("Title of the event", None, false, text)?;
            }
            if values.method_type.is_none() {
                let types: Vec<&str> = schema::method_types().collect();
                let method = |t: &str| match schema::method_group(t) {
                    Some(_) => Ok(t.to_string()),
                    None => Err(format!(
                        "`{t}` is not a method type; the types are {}",
                        types.join(", ")
                    )),
                };
                values.method_type = p.ask(
                    "Type (course, seminar, workshop, secondment…)",
                    None,
                    false,
                    method,
                )?;
            }
            if values.start.is_none() {
                values.start = p.ask("First day (YYYY-MM-DD)", None, false, date)?;
            }
            if values.end.is_none() {
                let start = values.start.map(|d| d.to_string());
                values.end = p.ask("Last day (YYYY-MM-DD)", start.as_deref(), false, date)?;
            }
        }
    }
    Ok(())
}

/// The contract's period (strategic) or the event's days (experience).
fn period(kind: Kind, values: &Values, as_of: NaiveDate) -> (NaiveDate, Option<NaiveDate>) {
    match kind {
        Kind::Strategic => match (values.start, values.end) {
            (Some(start), Some(end)) => (start, Some(end)),
            _ => {
                let year = values.year.unwrap_or(as_of.year());
                let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(as_of);
                (first, NaiveDate::from_ymd_opt(year, 12, 31))
            }
        },
        Kind::Experience => (
            values.start.unwrap_or(as_of),
            values.end.filter(|e| Some(*e) != values.start),
        ),
    }
}

/// `YYYY-<learner>` or `<start>-<learner>-<title>`, cut to 64 characters at a `-`.
fn default_id(kind: Kind, learner: &str, title: Option<&str>, start: NaiveDate) -> Result<String> {
    let name = scalar::parse_person(learner)
        .map(|p| p.name)
        .unwrap_or_default();
    let learner_slug = scalar::slug(&name);
    if learner_slug.is_empty() {
        bail!("cannot make an id from the learner's name `{name}`: give one with --id");
    }
    let id = match kind {
        Kind::Strategic => format!("{}-{learner_slug}", start.year()),
        Kind::Experience => {
            let title_slug = scalar::slug(title.unwrap_or(""));
            [start.to_string(), learner_slug, title_slug]
                .iter()
                .filter(|s| !s.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join("-")
        }
    };
    Ok(cut_at_dash(&id, MAX_ID_LEN))
}

fn cut_at_dash(id: &str, max: usize) -> String {
    if id.len() <= max {
        return id.to_string();
    }
    let cut = &id[..max];
    cut.rfind('-').map_or(cut, |i| &cut[..i]).to_string()
}

/// Evenly spaced follow-ups over a strategic period, no gap longer than the policy allows.
fn spread_follow_ups(start: NaiveDate, end: NaiveDate, max_gap: i64) -> Vec<NaiveDate> {
    let days = (end - start).num_days().max(1);
    let parts = (days + max_gap.max(1) - 1) / max_gap.max(1);
    let parts = parts.clamp(2, 366);
    (1..parts)
        .filter_map(|k| start.checked_add_days(Days::new((days * k / parts).unsigned_abs())))
        .collect()
}

/// An experience's follow-ups: the first one (`due`), then one on each transfer check-in day
/// after `end` that no earlier one already serves (within `CHECK_IN_WINDOW` days of it).
fn experience_follow_ups(due: NaiveDate, end: NaiveDate, check_ins: &[i64]) -> Vec<NaiveDate> {
    let mut dues = vec![due];
    for &days in check_ins {
        let Some(day) = end.checked_add_days(Days::new(days.unsigned_abs())) else {
            continue;
        };
        if dues
            .iter()
            .all(|d| (*d - day).num_days().abs() > CHECK_IN_WINDOW)
        {
            dues.push(day);
        }
    }
    dues
}

fn render(
    text: &str,
    kind: Kind,
    id: &str,
    values: &Values,
    strategic: Option<&str>,
    (start, end): (NaiveDate, Option<NaiveDate>),
    settings: &Settings,
) -> Result<String> {
    let one = |v: Option<&str>| v.map_or(Fill::Absent, |v| Fill::One(v.to_string()));
    let follow_up = match kind {
        Kind::Strategic => {
            let end = end.unwrap_or(start);
            Fill::Many(
                spread_follow_ups(start, end, settings.policy.max_days_between_follow_ups)
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
            )
        }
        Kind::Experience => {
            let end = end.unwrap_or(start);
            let days = settings.policy.follow_up_within_days.min(14).unsigned_abs();
            let due = end.checked_add_days(Days::new(days)).unwrap_or(start);
            Fill::Many(
                experience_follow_ups(due, end, &settings.policy.transfer_checkins)
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
            )
        }
    };
    let period = match end {
        Some(end)
            if start.month() == 1
                && start.day() == 1
                && end.month() == 12
                && end.day() == 31
                && end.year() == start.year() =>
        {
            start.year().to_string()
        }
        Some(end) => format!("{start} to {end}"),
        None => start.to_string(),
    };
    let fills = [
        ("id", Fill::One(id.to_string())),
        ("learner", one(values.learner.as_deref())),
        ("manager", one(values.manager.as_deref())),
        ("team", one(values.team.as_deref())),
        ("period", Fill::One(period)),
        ("start", Fill::One(start.to_string())),
        ("end", one(end.map(|e| e.to_string()).as_deref())),
        ("title", one(values.title.as_deref())),
        ("type", one(values.method_type.as_deref())),
        ("strategic", one(strategic)),
        ("follow_up", follow_up),
    ];
    template::render(text, &fills)
}

/// Values given as flags that cannot make a contract, said before anything is rendered.
fn check_values(values: &Values) -> Result<()> {
    if values.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        bail!("--title is empty: give the event's title, e.g. --title \"Claims workshop\"");
    }
    if let (Some(start), Some(end)) = (values.start, values.end)
        && end < start
    {
        bail!("--end {end} is before --start {start}: give the last day on or after the first");
    }
    Ok(())
}

/// Whose fault a draft that does not pass the check is, for the message that says what to fix.
enum Blame<'a> {
    /// What `--from` carried from this file.
    Carried(&'a str),
    /// The repo's own template (the built-in one passes with the same values).
    Template(&'a str),
    /// The values given (the built-in template fails with them too).
    Values,
}

/// A template must give a draft that `lc check` passes; a repo's own may not, and values given
/// may not either. With `--from`, what was carried may be what is wrong: then the old file is
/// named.
fn check_rendered(
    path: &str,
    text: &str,
    settings: &Settings,
    ctx: Context<'_>,
    blame: Blame<'_>,
) -> Result<()> {
    let loaded = load_bytes(path, text.as_bytes(), settings, ctx);
    if loaded.diagnostics.is_empty() && loaded.contract.is_some() {
        return Ok(());
    }
    let problems: Vec<String> = loaded
        .diagnostics
        .iter()
        .map(|d| format!("  line {}: {} [{}]", d.line, d.message, d.code))
        .collect();
    let problems = problems.join("\n");
    match blame {
        Blame::Carried(old) => bail!(
            "the draft carried from `{old}` would not pass the check, so nothing was written:\n{problems}\n`lc check {old}` shows what to fix there first"
        ),
        Blame::Template(template) => bail!(
            "the template does not give a valid draft, so nothing was written:\n{problems}\nfix `{template}`, or remove it to use the built-in template"
        ),
        Blame::Values => bail!(
            "the values given do not make a valid draft, so nothing was written:\n{problems}\ncorrect the flags that give them (`lc new --help` lists them) and run it again"
        ),
    }
}

/// Writes `text` to `path` whole, never over a file that exists. `false` when one appeared
/// meanwhile.
fn write_new(path: &Path, text: &str) -> Result<bool> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    repo::write_new(path, text.as_bytes())
}

/// What the closing lines of `lc new` say: the file written, whether git has it, and what
/// the commit suggested (or made, with `--commit`) holds.
struct NextSteps<'a> {
    kind: Kind,
    /// The new file, then the strategic contract `--objective` changed.
    files: &'a [String],
    outside: bool,
    added: bool,
    committing: bool,
}

fn print_next_steps(steps: &NextSteps<'_>, values: &Values) -> Result<()> {
    let NextSteps {
        kind,
        files,
        outside,
        added,
        committing,
    } = *steps;
    let path = files[0].as_str();
    let name = |p: &Option<String>| {
        p.as_deref()
            .and_then(|p| scalar::parse_person(p).ok())
            .map_or(String::new(), |p| p.name)
    };
    let (learner, manager) = (name(&values.learner), name(&values.manager));
    let article = if kind == Kind::Experience { "an" } else { "a" };
    let mut out = format!(
        "wrote {path}: {article} {} contract, in draft",
        kind.as_str()
    );
    out += if added { " (added to git)\n" } else { "\n" };
    if outside {
        out += "note: it is outside the contracts directory, so `lc check` and `lc report` will not read it\n";
    }
    let what = match kind {
        Kind::Strategic => {
            "the goals, the learning that serves them, how it will be applied and the support needed"
        }
        Kind::Experience => {
            "what is to be learned, why, how it will be applied and the support needed"
        }
    };
    out += &format!(
        "\nnext:\n  1. fill it in with {learner} and {manager}: {what} (the questions are in the file)\n  2. lc check --ready {path}\n"
    );
    if !committing {
        out += &format!(
            "  3. git commit -m \"Learning contract for {learner}\" {}\n",
            files.join(" ")
        );
    }
    crate::render::write_out(&mut std::io::stdout().lock(), &out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        scalar::parse_date(text).unwrap()
    }

    #[test]
    fn follow_ups_are_spread_within_the_policy() {
        let dates = spread_follow_ups(date("2026-01-01"), date("2026-12-31"), 120);
        assert_eq!(dates.len(), 3);
        let mut points = vec![date("2026-01-01")];
        points.extend(&dates);
        points.push(date("2026-12-31"));
        assert!(
            points.windows(2).all(|w| (w[1] - w[0]).num_days() <= 120),
            "{points:?}"
        );
        assert_eq!(
            spread_follow_ups(date("2026-01-01"), date("2026-01-31"), 120).len(),
            1
        );
    }

    #[test]
    fn ids() {
        let start = date("2026-03-10");
        assert_eq!(
            default_id(Kind::Strategic, "Zoë Ångström <z@x.org>", None, start).unwrap(),
            "2026-zoe-angstrom"
        );
        assert_eq!(
            default_id(
                Kind::Experience,
                "Jane Doe",
                Some("Claims: the new rules"),
                start
            )
            .unwrap(),
            "2026-03-10-jane-doe-claims-the-new-rules"
        );
        let long = default_id(
            Kind::Experience,
            "Jane Doe",
            Some(&"word ".repeat(30)),
            start,
        )
        .unwrap();
        assert!(long.len() <= 64 && !long.ends_with('-'), "{long}");
        assert!(scalar::parse_id(&long).is_ok());
    }
}
