//! `lc init [DIR]`: an HR repo that checks itself: `lc.toml`, `contracts/`, the templates, the
//! JSON Schema with the editor setting that uses it, and a CI workflow. Never touches a file
//! that exists.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::check::policy::KEYS;
use crate::cli::InitConfig;
use crate::model::json_schema::contract_schema;
use crate::model::schema::Kind;
use crate::render::workflow::{self, InstallFrom, PathKind};
use crate::store::template;

pub fn run(init: &InitConfig) -> Result<ExitCode> {
    let dir = match &init.dir {
        Some(dir) => dir.to_path_buf(),
        None => std::env::current_dir().context("cannot read the current directory")?,
    };
    if let Some((above, up)) = crate::store::repo::enclosing_repo(&dir)? {
        let name = crate::review::read::repo_name(&above);
        bail!(
            "{} is inside the HR repo `{name}` (its lc.toml is {}): a second HR repo inside it \
             would have its templates read as broken contracts\n  = help: run lc from anywhere \
             inside `{name}` (it finds that lc.toml), or give `lc init` a directory outside it",
            shown(init),
            "../".repeat(up) + "lc.toml"
        );
    }
    let schema = format!(
        "{}\n",
        serde_json::to_string_pretty(&contract_schema(None))?
    );
    let existing_workflow = read_existing(&dir.join(workflow::PATH))?;
    let install = match &init.install_from {
        Some(install) => install.clone(),
        // An update keeps the source the workflow was written for.
        None => existing_workflow
            .as_deref()
            .and_then(InstallFrom::recorded_in)
            .unwrap_or_default(),
    };
    let install = match (init.no_verify, install) {
        (false, install) => install,
        (true, install) => install.clone().unverified().ok_or_else(|| {
            anyhow::anyhow!(
                "--no-verify is for a download (`--install-from https://…`); lc is installed \
                 from `{}`, which has no checksum to skip",
                install.source()
            )
        })?,
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", shown(init)))?;
    let new_workflow = workflow::workflow(&install, path_kind(&dir, &install)?);
    let files: [(&str, String); 6] = [
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
        write_new(&dir, rel, text)?;
        out += &format!("  created {rel}\n");
    }
    let (line, workflow_kept, diff) =
        write_workflow(&dir, init, existing_workflow.as_deref(), &new_workflow)?;
    out += &line;
    kept += usize::from(workflow_kept);
    if kept > 0 && std::fs::symlink_metadata(dir.join(".vscode/settings.json")).is_ok() {
        out +=
            "\nTo have editors check contracts as you type, make sure .vscode/settings.json has:\n";
        out += VSCODE_SETTINGS;
    }
    if let Some(diff) = diff {
        out += &workflow_note(init, &install, &diff);
    }
    out += &format!(
        "\n{} HR repo in {}.\nnext:\n  lc new strategic --learner \"Name <email>\" --manager \"Name <email>\"\n  lc check\n  git add . && git commit -m \"Learning contracts\"\n",
        if kept == files.len() + 1 {
            "Already an"
        } else {
            "An"
        },
        shown(init)
    );
    if !workflow_kept {
        out += &workflow_next(&install);
    }
    crate::render::write_out(&mut std::io::stdout().lock(), &out)?;
    Ok(ExitCode::SUCCESS)
}

/// What a team does after the workflow is written: make sure its install works, and give the
/// reminders their secrets.
fn workflow_next(install: &InstallFrom) -> String {
    let mut out = format!("\nThe CI workflow installs lc {}.\n", install.describe());
    if *install == InstallFrom::CratesIo {
        out += "If that version is not on crates.io, or your CI cannot reach it, install it from \
                elsewhere:\n  \
                lc init --update-workflow --install-from git+URL@TAG | https://URL | PATH\n";
    }
    out += "For the weekly reminders, create the repository secrets LC_SMTP_URL, LC_SMTP_FROM \
            and LC_SMTP_PASSWORD\n(until then the job only lists who would be reminded).\n";
    out
}

/// Creates, keeps or (with `--update-workflow`) replaces the workflow: the line that says
/// which, whether it was kept, and the diff when it differs.
fn write_workflow(
    dir: &Path,
    init: &InitConfig,
    existing: Option<&str>,
    new: &str,
) -> Result<(String, bool, Option<String>)> {
    let path = workflow::PATH;
    Ok(match existing {
        None => {
            write_new(dir, path, new)?;
            (format!("  created {path}\n"), false, None)
        }
        Some(old) if old == new => (format!("  kept    {path} (it is up to date)\n"), true, None),
        Some(old) if init.update_workflow => {
            replace(&dir.join(path), new)?;
            let diff = unified_diff(old, new);
            (format!("  updated {path}\n"), false, Some(diff))
        }
        Some(old) => (
            format!("  kept    {path} (it differs from the one this lc writes; see below)\n"),
            true,
            Some(unified_diff(old, new)),
        ),
    })
}

/// The directory as the user named it: never the absolute path of the current one.
fn shown(init: &InitConfig) -> String {
    init.dir.as_ref().map_or_else(
        || "the current directory".into(),
        // Its name, not its path: no output says where on the machine it was made.
        |d| format!("`{}`", crate::review::read::repo_name(d)),
    )
}

/// The workflow that exists, if any. Anything but a regular file is refused, not replaced.
fn read_existing(path: &Path) -> Result<Option<String>> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(None);
    };
    if !meta.is_file() {
        bail!(
            "`{}` is not a regular file; lc leaves it as it is",
            workflow::PATH
        );
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read `{}`", workflow::PATH))?;
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

/// What a path to install from holds; it must exist in the HR repo.
fn path_kind(dir: &Path, install: &InstallFrom) -> Result<PathKind> {
    let InstallFrom::Path(rel) = install else {
        return Ok(PathKind::Source);
    };
    let path = dir.join(rel);
    if path.join("Cargo.toml").is_file() {
        Ok(PathKind::Source)
    } else if path.is_file() {
        Ok(PathKind::Binary)
    } else {
        bail!(
            "`{rel}` is neither lc's source (a directory with Cargo.toml) nor a file in the repo: \
             add it first, or install from `crates.io`, `git+URL@TAG` or an `https://` URL"
        )
    }
}

/// What `lc init` says after the list when the workflow differs: the diff, and what to do.
fn workflow_note(init: &InitConfig, install: &InstallFrom, diff: &str) -> String {
    let path = workflow::PATH;
    if init.update_workflow {
        return format!("\n{path} now reads as this lc writes it:\n{diff}");
    }
    let from = match &init.install_from {
        Some(_) => format!(" --install-from {}", install.source()),
        None => String::new(),
    };
    let from = if init.no_verify {
        from + " --no-verify"
    } else {
        from
    };
    format!(
        "\n{path} differs from the one this lc writes:\n{diff}\nTo write it (your own changes \
         to it are lost), run:\n  lc init{dir} --update-workflow{from}\n",
        dir = init
            .dir
            .as_ref()
            .map_or_else(String::new, |d| format!(" {}", d.display())),
    )
}

/// `diff -u` of the old workflow and the new one, paths relative to the HR repo.
fn unified_diff(old: &str, new: &str) -> String {
    let a = format!("a/{}", workflow::PATH);
    let b = format!("b/{}", workflow::PATH);
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&a, &b)
        .missing_newline_hint(true)
        .to_string()
}

/// Replaces a file whole: written beside it, then moved over it, so it is never half written.
fn replace(path: &Path, text: &str) -> Result<()> {
    crate::store::repo::write_whole(path, text.as_bytes())
        .with_context(|| format!("cannot write `{}`", workflow::PATH))
}

/// Writes `rel` whole, never over a file that exists (a race with another writer is refused).
fn write_new(root: &Path, rel: &str, text: &str) -> Result<()> {
    let path = root.join(rel);
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create the folder of `{rel}`"))?;
    if !crate::store::repo::write_new(&path, text.as_bytes())
        .with_context(|| format!("cannot write `{rel}`"))?
    {
        bail!("cannot write `{rel}`: it appeared while lc was writing it");
    }
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
