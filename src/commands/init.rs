//! `lc init [DIR]`: an HR repo that checks itself: `lc.toml`, `contracts/`, the templates, the
//! JSON Schema with the editor setting that uses it, and a CI workflow. Never touches a file
//! that exists.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::json_schema::contract_schema;
use crate::policy::KEYS;
use crate::schema::Kind;
use crate::template;

/// The version of lc that `lc init`'s workflow installs.
const VERSION: &str = env!("CARGO_PKG_VERSION");

pub fn run(dir: Option<&Path>) -> Result<ExitCode> {
    let dir = match dir {
        Some(dir) => dir.to_path_buf(),
        None => std::env::current_dir().context("cannot read the current directory")?,
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let schema = format!(
        "{}\n",
        serde_json::to_string_pretty(&contract_schema(None))?
    );
    let files: [(&str, String); 7] = [
        ("lc.toml", lc_toml()),
        ("contracts/.gitkeep", String::new()),
        (
            "contracts-template/strategic.yaml",
            template::builtin(Kind::Strategic).to_string(),
        ),
        (
            "contracts-template/experience.yaml",
            template::builtin(Kind::Experience).to_string(),
        ),
        (".lc/contract.schema.json", schema),
        (".vscode/settings.json", VSCODE_SETTINGS.to_string()),
        (".github/workflows/learning-contracts.yml", workflow()),
    ];
    let mut out = String::new();
    let mut kept = 0;
    for (rel, text) in &files {
        let path = dir.join(rel);
        if std::fs::symlink_metadata(&path).is_ok() {
            out += &format!("  kept    {rel} (it exists; left as it is)\n");
            kept += 1;
            continue;
        }
        write_new(&path, text)?;
        out += &format!("  created {rel}\n");
    }
    if kept > 0 && std::fs::symlink_metadata(dir.join(".vscode/settings.json")).is_ok() {
        out +=
            "\nTo have editors check contracts as you type, make sure .vscode/settings.json has:\n";
        out += VSCODE_SETTINGS;
    }
    out += &format!(
        "\n{} HR repo in {}.\nnext:\n  lc new strategic --learner \"Name <email>\" --manager \"Name <email>\"\n  lc check\n  git add . && git commit -m \"Learning contracts\"\n",
        if kept == files.len() {
            "Already an"
        } else {
            "An"
        },
        dir.display()
    );
    crate::render::write_out(&mut std::io::stdout().lock(), &out)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes a file whole, never over one that exists (a race with another writer is refused).
fn write_new(path: &Path, text: &str) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut temp, text.as_bytes())?;
    temp.persist_noclobber(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(())
}

/// `lc.toml` with every key commented out at its default, from the one list of keys.
pub fn lc_toml() -> String {
    let mut text = String::from(
        "# lc settings. Every key is optional: the values shown are the defaults.\n# Uncomment a line to change it.\n",
    );
    let mut section = "";
    for key in KEYS {
        let (table, name) = key.name.split_once('.').unwrap_or(("", key.name));
        if table != section {
            text += &format!("\n[{table}]\n");
            section = table;
        }
        text += &format!("# {name} = {}\n#   {}\n", key.default, key.about);
    }
    text
}

const VSCODE_SETTINGS: &str = r#"{
  "yaml.schemas": {
    "./.lc/contract.schema.json": ["contracts/**/*.yaml", "contracts/**/*.yml"]
  }
}
"#;

fn workflow() -> String {
    format!(
        r#"# Checks every learning contract on each push and pull request (lc init wrote this).
name: learning contracts
on: [push, pull_request]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # full history, for `lc report --quarter`
      - name: Install lc
        run: cargo install --locked learning-contracts --version {VERSION}
      - name: Check the contracts
        run: lc check --format github
"#
    )
}
