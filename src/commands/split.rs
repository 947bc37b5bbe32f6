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
use crate::review::read::{Reviews, repo_name};

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

/// The audiences in name order. A manager is one person (the same email, else the same name);
/// a team one name ignoring case. Contracts with no manager (or no team) are in no review.
fn audiences(contracts: &[&Contract], by: SplitBy, ext: &str) -> Vec<Audience> {
    let mut groups: BTreeMap<String, (String, String, usize)> = BTreeMap::new();
    for c in contracts {
        let (key, name, filter) = match by {
            SplitBy::Manager => {
                let Some(m) = &c.manager else { continue };
                let key = m.email.as_ref().map_or_else(
                    || format!("name:{}", m.name.to_lowercase()),
                    |e| e.to_lowercase(),
                );
                let filter = m.email.clone().unwrap_or_else(|| m.name.clone());
                (key, m.name.clone(), filter)
            }
            SplitBy::Team => {
                let Some(team) = c.team.as_deref().filter(|t| !t.trim().is_empty()) else {
                    continue;
                };
                (
                    team.to_lowercase(),
                    team.trim().to_string(),
                    team.to_string(),
                )
            }
        };
        groups.entry(key).or_insert_with(|| (name, filter, 0)).2 += 1;
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
    let contracts: Vec<&Contract> = reading.usable().filter(|c| args.filter.keeps(c)).collect();
    let audiences = audiences(&contracts, by, ext);
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot make the directory `{}`", repo_name(out)))?;
    for a in &audiences {
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
        let text = rendered(&report, format, false)?;
        std::fs::write(out.join(&a.file), text)
            .with_context(|| format!("cannot write `{}`", a.file))?;
    }
    let left_out = contracts.len() - audiences.iter().map(|a| a.contracts).sum::<usize>();
    let index = index(&audiences, by, format, &repo_name(root), left_out)?;
    let index_file = format!("index.{ext}");
    std::fs::write(out.join(&index_file), index)
        .with_context(|| format!("cannot write `{index_file}`"))?;
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
    if left_out > 0 {
        outln!(
            "{} with no {word} are in no review",
            crate::render::plural(left_out, "contract")
        );
    }
    note_skipped(reading.skipped());
    Ok(ExitCode::SUCCESS)
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
