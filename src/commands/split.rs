//! `lc report --split manager|team --out DIR`: one review per audience, each made by the
//! ordinary report path from that audience's contracts alone, plus an index that links them.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use crate::cli::{ReportConfig, ReportFormat, SplitBy};
use crate::commands::{note_skipped, rendered};
use crate::model::contract::Contract;
use crate::model::scalar::slug;
use crate::render::report::md;
use crate::render::spreadsheet;
use crate::review::Filter;
use crate::review::read::{Reviews, repo_name, reviewed};

/// One audience: who, how the report's filter names them, the file of their review, and
/// how many contracts it holds.
struct Audience {
    name: String,
    filter: String,
    file: String,
    contracts: usize,
}

fn extension(format: ReportFormat) -> &'static str {
    match format {
        ReportFormat::Table => "txt",
        ReportFormat::Markdown => "md",
        ReportFormat::Csv => "csv",
        ReportFormat::Json => "json",
        ReportFormat::Html => "html",
    }
}

/// Who a contract's review goes to: each of its managers (the one now, and those before a
/// handover, who keep their own items), or its team.
fn audiences_of(c: &Contract, by: SplitBy) -> Vec<(String, String, String)> {
    match by {
        SplitBy::Manager => {
            let managers = c
                .manager
                .iter()
                .chain(c.handovers.iter().flat_map(|h| [&h.from, &h.to]));
            managers
                .map(|m| {
                    let key = m.email.as_ref().map_or_else(
                        || format!("name:{}", m.name.to_lowercase()),
                        |e| e.to_lowercase(),
                    );
                    let filter = m.email.clone().unwrap_or_else(|| m.name.clone());
                    (key, m.name.clone(), filter)
                })
                .collect()
        }
        SplitBy::Team => c
            .team
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|team| {
                (
                    team.to_lowercase(),
                    team.trim().to_string(),
                    team.to_string(),
                )
            })
            .into_iter()
            .collect(),
    }
}

/// The audiences in name order. A manager is one person (the same email, else the same name);
/// a team one name ignoring case. Contracts with no manager (or no team) are in no review.
/// Their counts are filled in from their reviews.
fn audiences(contracts: &[&Contract], by: SplitBy, ext: &str) -> Vec<Audience> {
    let mut groups: BTreeMap<String, (String, String, usize)> = BTreeMap::new();
    for c in contracts {
        for (key, name, filter) in audiences_of(c, by) {
            groups.entry(key).or_insert_with(|| (name, filter, 0));
        }
    }
    let mut groups: Vec<(String, String, usize)> = groups.into_values().collect();
    groups.sort_by_key(|a| a.0.to_lowercase());
    let mut taken: HashSet<String> = HashSet::from([format!("index.{ext}")]);
    groups
        .into_iter()
        .map(|(name, filter, contracts)| {
            let base = match slug(&name) {
                s if s.is_empty() => match by {
                    SplitBy::Manager => "manager".to_string(),
                    SplitBy::Team => "team".to_string(),
                },
                s => s,
            };
            let file = (1..)
                .map(|n| match n {
                    1 => format!("{base}.{ext}"),
                    n => format!("{base}-{n}.{ext}"),
                })
                .find(|f| !taken.contains(f))
                .unwrap_or_default();
            taken.insert(file.clone());
            Audience {
                name,
                filter,
                file,
                contracts,
            }
        })
        .collect()
}

pub fn run(
    source: &Reviews,
    args: &ReportConfig,
    root: &Path,
    by: SplitBy,
    out: &Path,
) -> Result<ExitCode> {
    let format = args.format;
    let ext = extension(format);
    let reading = source.files(root)?;
    args.filter.check_matches(reading.usable())?;
    // The contracts the whole review counts: each is in the review of each of its audiences.
    let reviewed = reviewed(reading.checked.files.iter(), reading.as_of, &args.filter);
    let contracts = reviewed.contracts();
    let mut audiences = audiences(&contracts, by, ext);
    let left_out = contracts
        .iter()
        .filter(|c| audiences_of(c, by).is_empty())
        .count();
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot make the directory `{}`", repo_name(out)))?;
    let index_file = format!("index.{ext}");
    // The pages an earlier run wrote, as its index lists them: those not written again are
    // removed, so that the directory holds this run's reviews only.
    let earlier = std::fs::read_to_string(out.join(&index_file))
        .map(|text| listed_in(&text, format, ext))
        .unwrap_or_default();
    for a in &mut audiences {
        // The ordinary review, of this audience's contracts alone.
        let filter = match by {
            SplitBy::Manager => Filter {
                manager: Some(a.filter.clone()),
                ..args.filter.clone()
            },
            SplitBy::Team => Filter {
                team: Some(a.filter.clone()),
                ..args.filter.clone()
            },
        };
        let mut report = source.review(&filter)?;
        report.repo = repo_name(root);
        // The index says what the page holds.
        a.contracts = report.contracts.total;
        let text = rendered(&report, format, false)?;
        std::fs::write(out.join(&a.file), text)
            .with_context(|| format!("cannot write `{}`", a.file))?;
    }
    let index = index(&audiences, by, format, &repo_name(root), left_out)?;
    std::fs::write(out.join(&index_file), index)
        .with_context(|| format!("cannot write `{index_file}`"))?;
    let mut removed = 0;
    for file in earlier {
        if audiences.iter().any(|a| a.file == file) {
            continue;
        }
        let path = out.join(&file);
        let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
        if is_file && std::fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    let word = match by {
        SplitBy::Manager => "manager",
        SplitBy::Team => "team",
    };
    outln!(
        "wrote {} and {} by {word} into `{}`",
        index_file,
        crate::render::plural(audiences.len(), "review"),
        repo_name(out)
    );
    if removed > 0 {
        outln!(
            "removed {} of an earlier run that no longer has a review",
            crate::render::plural(removed, "page")
        );
    }
    if left_out > 0 {
        outln!(
            "{} with no {word} are in no review",
            crate::render::plural(left_out, "contract")
        );
    }
    note_skipped(reading.skipped());
    Ok(ExitCode::SUCCESS)
}

/// The pages an index of `format` lists, as `index` writes them: only file names this command
/// makes (a slug, `-N`, the format's extension; never the index, a path or anything else), so
/// that nothing but an earlier run's pages can be removed.
fn listed_in(index: &str, format: ReportFormat, ext: &str) -> Vec<String> {
    let candidates: Vec<String> = match format {
        ReportFormat::Json => serde_json::from_str::<serde_json::Value>(index)
            .ok()
            .and_then(|doc| {
                let reviews = doc.get("reviews")?.as_array()?.clone();
                Some(
                    reviews
                        .iter()
                        .filter_map(|r| r.get("file")?.as_str().map(str::to_string))
                        .collect(),
                )
            })
            .unwrap_or_default(),
        ReportFormat::Csv => index
            .lines()
            .skip(1)
            .filter_map(|line| {
                let fields: Vec<&str> = line.trim_end_matches('\r').split("\",\"").collect();
                fields.get(1).map(|f| f.trim_matches('"').to_string())
            })
            .collect(),
        ReportFormat::Markdown => index
            .lines()
            .filter_map(|line| {
                let (_, rest) = line.rsplit_once("](")?;
                Some(rest.split_once(')')?.0.to_string())
            })
            .collect(),
        ReportFormat::Html => index
            .split("<a href=\"")
            .skip(1)
            .filter_map(|part| Some(part.split_once('"')?.0.to_string()))
            .collect(),
        ReportFormat::Table => index
            .lines()
            .filter_map(|line| {
                line.split("  ")
                    .map(str::trim)
                    .find(|word| word.ends_with(&format!(".{ext}")))
                    .map(str::to_string)
            })
            .collect(),
    };
    let made_here = |file: &String| {
        file.strip_suffix(&format!(".{ext}")).is_some_and(|stem| {
            stem != "index"
                && !stem.is_empty()
                && stem
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
    };
    candidates.into_iter().filter(made_here).collect()
}

fn index(
    audiences: &[Audience],
    by: SplitBy,
    format: ReportFormat,
    repo: &str,
    left_out: usize,
) -> Result<String> {
    let who = match by {
        SplitBy::Manager => "manager",
        SplitBy::Team => "team",
    };
    let title = format!("Learning contracts: reviews by {who}");
    let mut out = String::new();
    match format {
        ReportFormat::Table => {
            let _ = writeln!(out, "{}\nrepo: {repo}\n", title.to_uppercase());
            let width = audiences
                .iter()
                .map(|a| a.name.chars().count())
                .max()
                .unwrap_or(0);
            for a in audiences {
                let name: String = a.name.chars().filter(|c| !c.is_control()).collect();
                let pad = width.saturating_sub(name.chars().count());
                let _ = writeln!(
                    out,
                    "{name}{}  {}  {}",
                    " ".repeat(pad),
                    a.file,
                    crate::render::plural(a.contracts, "contract")
                );
            }
        }
        ReportFormat::Markdown => {
            let _ = writeln!(out, "# {title}\n\n- **repo**: {}\n", md(repo));
            for a in audiences {
                let _ = writeln!(
                    out,
                    "- [{}]({}) — {}",
                    md(&a.name),
                    a.file,
                    crate::render::plural(a.contracts, "contract")
                );
            }
        }
        ReportFormat::Csv => {
            let mut w = spreadsheet::Writer::in_memory();
            w.write_record([who, "file", "contracts"])?;
            for a in audiences {
                w.write_record([&a.name, &a.file, &a.contracts.to_string()])?;
            }
            return w.into_string();
        }
        ReportFormat::Json => {
            let files: Vec<serde_json::Value> = audiences
                .iter()
                .map(|a| {
                    serde_json::json!({ who: a.name, "file": a.file, "contracts": a.contracts })
                })
                .collect();
            let doc = serde_json::json!({
                "version": 1,
                "split": who,
                "repo": repo,
                "reviews": files,
                "contracts_in_no_review": left_out,
            });
            out = serde_json::to_string_pretty(&doc)?;
            out.push('\n');
        }
        ReportFormat::Html => {
            let note = (left_out > 0).then(|| {
                format!(
                    "{} with no {who} are in no review.",
                    crate::render::plural(left_out, "contract")
                )
            });
            let audiences: Vec<minijinja::Value> = audiences
                .iter()
                .map(|a| {
                    minijinja::context! {
                        file => &a.file,
                        name => &a.name,
                        count => crate::render::plural(a.contracts, "contract"),
                    }
                })
                .collect();
            let context = minijinja::context! {
                style => crate::render::templates::STYLE,
                title => &title,
                repo => repo,
                who => who,
                audiences => audiences,
                note => note,
            };
            out = crate::render::templates::render("split-index.html", context)?;
        }
    }
    if left_out > 0 && !matches!(format, ReportFormat::Json | ReportFormat::Html) {
        let _ = writeln!(
            out,
            "\n{} with no {who} are in no review.",
            crate::render::plural(left_out, "contract")
        );
    }
    Ok(out)
}
