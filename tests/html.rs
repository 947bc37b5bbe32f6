//! `lc report --format html` on the demo repo: every section, four charts, nothing loaded from
//! anywhere, and the same bytes every time.

use std::path::Path;

use chrono::NaiveDate;
use lc::check::policy::Context;
use lc::check::{Keep, WorkTree, check_repo};
use lc::model::quarter::Quarter;
use lc::review::{Report, build, during};

/// The demo repo's report as of 2026-09-30, with the 2026Q3 section.
fn acme() -> Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme");
    let settings = lc::store::repo::load_settings(&root).expect("lc.toml");
    let found =
        lc::store::repo::find_contract_files(&root, &settings.contracts).expect("contracts");
    let as_of = NaiveDate::from_ymd_opt(2026, 9, 30).expect("date");
    let ctx = Context {
        as_of,
        policy: &settings.policy,
    };
    let checked = check_repo(&found, &WorkTree(&root), &settings, ctx, Keep::Models);
    let contracts: Vec<_> = checked
        .files
        .iter()
        .filter(|f| f.reportable)
        .filter_map(|f| f.contract.as_deref())
        .collect();
    let mut report = build(&contracts, &settings, as_of);
    report.repo = "examples/acme".into();
    let quarter = Quarter::parse("2026Q3").expect("quarter");
    report.during_the_quarter = Some(during(quarter, &contracts, &Default::default()));
    report
}

#[test]
fn demo_repo_page() {
    let report = acme();
    let html = lc::render::html::report(&report);
    assert!(html.starts_with("<!DOCTYPE html>"));
    for title in [
        "Summary",
        "Overdue follow-ups",
        "Learning not yet applied",
        "Unmet workplace supports",
        "Due soon",
        "Follow-through by manager",
        "Line of sight",
        "Method mix",
        "Spend",
        "Transfer matrix",
        "Learning after training",
        "During the quarter",
    ] {
        assert!(html.contains(&format!(">{title}")), "{title}");
    }
    // The overdue items by team, follow-through, the method mix and the transfer curve.
    assert_eq!(html.matches("<svg").count(), 4);
    // The summary's counts, with a header a screen reader reads.
    assert!(html.contains(&format!(
        "<td class=\"num\"><strong>{}</strong></td>",
        report.contracts.total
    )));
    assert!(html.contains("<span class=\"sr-only\">Contracts</span>"));
    assert!(!html.to_lowercase().contains("<script"));
    assert!(!html.contains("http://") && !html.contains("https://"));
    // The demo's people and texts, escaped where needed.
    assert!(html.contains("Zoë Ångström"));
    assert!(html.contains("Aisling O&#x27;Brien"));
    assert!(html.contains("L&amp;D"));
    // Every overdue row is there, with its days highlighted.
    let overdue = report.overdue_follow_ups.len()
        + report.overdue_applications.len()
        + report.unmet_supports.len();
    assert!(html.matches("<span class=\"days d").count() >= overdue);
    assert_eq!(html, lc::render::html::report(&acme()));
}
