//! An HR repo on disk: its root, its settings, and its contract files.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::check::policy::Settings;
use crate::check::source::{Found, FoundKind};

/// The repo root, found as cli.md says: `--repo`, else the nearest directory at or above the
/// current one with `lc.toml`, else the root of the git work tree, else the current directory.
pub fn find_root(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        if !dir.is_dir() {
            bail!("--repo `{}` is not a directory", dir.display());
        }
        return Ok(dir.to_path_buf());
    }
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    if let Some(dir) = cwd.ancestors().find(|d| d.join("lc.toml").is_file()) {
        return Ok(dir.to_path_buf());
    }
    if let Some(top) = crate::store::git::work_tree_root(&cwd) {
        return Ok(top);
    }
    Ok(cwd)
}

/// The HR repo `dir` lies inside: the nearest directory strictly above it that holds
/// `lc.toml`, with how many levels up it is (`lc init` makes no second repo inside one).
/// `dir` need not exist yet.
pub fn enclosing_repo(dir: &Path) -> Result<Option<(PathBuf, usize)>> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let wanted = cwd.join(dir);
    // Resolve the part that exists (links, `..`), then add what is still to be made.
    let existing = wanted
        .ancestors()
        .find(|d| d.exists())
        .unwrap_or(Path::new("/"));
    let rest = wanted.strip_prefix(existing).unwrap_or(Path::new(""));
    let real = existing
        .canonicalize()
        .with_context(|| format!("cannot read {}", dir.display()))?
        .join(rest);
    Ok(real
        .ancestors()
        .enumerate()
        .skip(1)
        .find(|(_, d)| d.join("lc.toml").is_file())
        .map(|(up, d)| (d.to_path_buf(), up)))
}

/// Reads `lc.toml` at the root; absent means every default.
pub fn load_settings(root: &Path) -> Result<Settings> {
    let path = root.join("lc.toml");
    match fs::read_to_string(&path) {
        Ok(text) => Settings::from_toml(&text),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
        Err(err) => Err(err).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// An HR repo's root, settings and contract files, for the commands that read contracts.
pub struct HrRepo {
    pub root: PathBuf,
    pub settings: Settings,
    pub found: Vec<Found>,
}

impl HrRepo {
    /// Finds the repo, reads `lc.toml` and lists the contract files. A contracts directory that
    /// does not exist is an error (exit 2), so that a check run in the wrong place cannot pass.
    pub fn open(explicit: Option<&Path>) -> Result<HrRepo> {
        let root = find_root(explicit)?;
        let settings = load_settings(&root)?;
        if !root.join(&settings.contracts).is_dir() {
            bail!(
                "there is no contracts directory `{}/` in {}: run `lc init` there to start an HR repo, \
                 or set `contracts` in lc.toml (or pass --repo)",
                settings.contracts,
                root.display()
            );
        }
        let found = find_contract_files(&root, &settings.contracts)?;
        if found.is_empty() {
            eprintln!(
                "note: no contract files (`*.yaml`, `*.yml`) under `{}`",
                root.join(&settings.contracts).display()
            );
        }
        Ok(HrRepo {
            root,
            settings,
            found,
        })
    }
}

/// Lists the `*.yaml` / `*.yml` files under `dir`, in path order, without following links and
/// skipping hidden entries. Directory links are listed too, so that they can be reported.
pub fn find_contract_files(root: &Path, dir: &str) -> Result<Vec<Found>> {
    let top = root.join(dir);
    let mut found = Vec::new();
    match fs::symlink_metadata(&top) {
        Ok(meta) if meta.is_dir() => walk(&top, dir, &mut found)?,
        Ok(_) => bail!("the contracts directory `{dir}` is not a directory"),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => {
            return Err(err)
                .with_context(|| format!("cannot read the contracts directory `{dir}`"));
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(found)
}

fn walk(dir: &Path, rel: &str, found: &mut Vec<Found>) -> Result<()> {
    let entries = fs::read_dir(dir).with_context(|| format!("cannot list `{rel}`"))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list `{rel}`"))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.starts_with('.') {
            continue;
        }
        let path = format!("{rel}/{name}");
        let file_type = entry
            .file_type()
            .with_context(|| format!("cannot read `{path}`"))?;
        let is_contract = name.ends_with(".yaml") || name.ends_with(".yml");
        if file_type.is_symlink() {
            found.push(Found {
                path,
                kind: FoundKind::Symlink,
            });
        } else if file_type.is_dir() {
            walk(&entry.path(), &path, found)?;
        } else if is_contract && file_type.is_file() {
            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
            found.push(Found {
                path,
                kind: FoundKind::Regular { size },
            });
        } else if is_contract {
            found.push(Found {
                path,
                kind: FoundKind::Special(special_name(&file_type)),
            });
        }
    }
    Ok(())
}

#[cfg(unix)]
fn special_name(file_type: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "a FIFO"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_name(_: &fs::FileType) -> &'static str {
    "not a regular file"
}

/// Whether a path given on the command line names a contract file or directory.
pub fn relative_to_root(root: &Path, arg: &Path) -> Result<String> {
    let absolute = if arg.is_absolute() {
        arg.to_path_buf()
    } else {
        std::env::current_dir()?.join(arg)
    };
    let absolute = absolute
        .canonicalize()
        .with_context(|| format!("`{}` does not exist", arg.display()))?;
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot read `{}`", root.display()))?;
    let rel = absolute.strip_prefix(&root).with_context(|| {
        format!(
            "`{}` is not inside the repo `{}`",
            arg.display(),
            root.display()
        )
    })?;
    Ok(rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/"))
}

/// Writes a file whole: a temporary file in the same directory, with the old file's
/// permissions, renamed over it.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(path)?.permissions();
    let mut temp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in `{}`", dir.display()))?;
    temp.write_all(bytes)?;
    temp.as_file().set_permissions(permissions)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
