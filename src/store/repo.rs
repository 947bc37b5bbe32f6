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
            let _ = writeln!(
                std::io::stderr(),
                "note: no contract files (`*.yaml`, `*.yml`) under `{}/`",
                settings.contracts
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
/// skipping hidden entries. Directory links are listed too, so that they can be reported, and
/// so are the temporary copies an interrupted write left (`.lc-tmp-*`).
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
        let path = format!("{rel}/{name}");
        if is_leftover_temp(name) {
            if entry.file_type().is_ok_and(|t| t.is_file()) {
                found.push(Found {
                    path,
                    kind: FoundKind::Leftover,
                });
            }
            continue;
        }
        if name.starts_with('.') {
            continue;
        }
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

/// The repo-relative, `/`-separated path of a path given on the command line. Its folders are
/// resolved (`..`, links), its last part is not: a link is named as the link, not its target.
pub fn relative_to_root(root: &Path, arg: &Path) -> Result<String> {
    let absolute = if arg.is_absolute() {
        arg.to_path_buf()
    } else {
        std::env::current_dir()?.join(arg)
    };
    let missing = || anyhow::anyhow!("`{}` does not exist", arg.display());
    fs::symlink_metadata(&absolute).map_err(|_| missing())?;
    let resolved = match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => parent.canonicalize().map_err(|_| missing())?.join(name),
        _ => absolute.canonicalize().map_err(|_| missing())?,
    };
    let root = root
        .canonicalize()
        .context("cannot read the repo's folder")?;
    let rel = resolved.strip_prefix(&root).map_err(|_| {
        anyhow::anyhow!(
            "`{}` is not inside the HR repo (the folder with `lc.toml`, or give --repo)",
            arg.display()
        )
    })?;
    Ok(rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/"))
}

/// The start of the name of every temporary file lc writes: `lc check` reports one that an
/// interrupted write left behind (`leftover-temp-file`).
pub const TEMP_PREFIX: &str = ".lc-tmp-";

/// The folder in git's own directory where lc writes a file before renaming it into place.
const GIT_TEMP_DIR: &str = "lc-tmp";

/// Whether a file name is a temporary copy left by an interrupted write: lc's own
/// (`.lc-tmp-*`), or one of the `.tmpXXXXXX` files that lc 0.1 wrote beside the contract.
pub fn is_leftover_temp(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX)
        || name
            .strip_prefix(".tmp")
            .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The `lc-tmp` folder in git's directory (shared by every worktree) for the git work tree
/// holding `dir`, if any.
fn git_temp_area(dir: &Path) -> Option<PathBuf> {
    let repo = git2::Repository::discover(dir).ok()?;
    repo.workdir()?;
    Some(repo.commondir().join(GIT_TEMP_DIR))
}

/// Where to write the temporary copy of a file of `dir`: in git's directory when `dir` is in
/// a git work tree on the same file system (a crash then leaves nothing that `git status` or
/// `git add -A` would see), else `dir` itself, under a name starting with [`TEMP_PREFIX`].
fn temp_dir_for(dir: &Path) -> PathBuf {
    let area = git_temp_area(dir)
        .filter(|area| fs::create_dir_all(area).is_ok() && same_file_system(area, dir));
    area.unwrap_or_else(|| dir.to_path_buf())
}

#[cfg(unix)]
fn same_file_system(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file_system(_: &Path, _: &Path) -> bool {
    false
}

/// Removes the temporary copies that interrupted writes left in git's `lc-tmp` folder. Called
/// with the repo's write lock held, so that no other lc is using one.
pub fn remove_leftovers(root: &Path) {
    if let Some(area) = git_temp_area(root) {
        remove_temp_files(&area);
    }
}

/// Removes the `.lc-tmp-*` files of a folder.
fn remove_temp_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let ours = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(TEMP_PREFIX));
        if ours && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// A temporary file for `path`, with the bytes written and synced, ready to be renamed.
fn temp_with(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX);
    // A new file gets the permissions any program's new file gets (0666 less the umask), not
    // the 0600 of a temporary file; a replaced one gets the old file's afterwards.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let temp_dir = temp_dir_for(dir);
    if temp_dir == dir {
        // Beside the file (no git, or git on another disk): the copies an interrupted write
        // left here go first, as every writer of contracts holds the repo's write lock.
        remove_temp_files(dir);
    }
    let mut temp = builder
        .tempfile_in(&temp_dir)
        .with_context(|| format!("cannot write in `{}`", dir.display()))?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    Ok(temp)
}

/// Writes a file whole: a temporary copy (see [`temp_dir_for`]) with the old file's
/// permissions, renamed over it. The copy is removed if anything fails before the rename.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let permissions = std::fs::metadata(path)?.permissions();
    let temp = temp_with(path, bytes)?;
    temp.as_file().set_permissions(permissions)?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes a new file whole, never over a file that exists: `false` (and nothing written) when
/// one is there.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<bool> {
    let temp = temp_with(path, bytes)?;
    match temp.persist_noclobber(path) {
        Ok(_) => Ok(true),
        Err(err) if err.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(err) => Err(err.error).with_context(|| format!("cannot write `{}`", path.display())),
    }
}
