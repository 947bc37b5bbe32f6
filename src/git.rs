//! What git knows about the HR repo: which files it tracks and which changed since a base.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use git2::{DiffOptions, Repository};

/// The root of the git work tree holding `dir`, if any.
pub fn work_tree_root(dir: &Path) -> Option<PathBuf> {
    let repo = Repository::discover(dir).ok()?;
    repo.workdir().map(Path::to_path_buf)
}

/// The git work tree around an HR repo, and where the HR repo sits inside it.
pub struct Git {
    repo: Repository,
    /// The HR repo root relative to the work tree, `/`-separated, empty or ending in `/`.
    prefix: String,
}

impl Git {
    /// Opens the work tree holding `root`; `None` outside git (a plain directory works too).
    pub fn open(root: &Path) -> Option<Git> {
        let repo = Repository::discover(root).ok()?;
        let workdir = repo.workdir()?.canonicalize().ok()?;
        let root = root.canonicalize().ok()?;
        let rel = root.strip_prefix(&workdir).ok()?;
        let mut prefix: String = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if !prefix.is_empty() {
            prefix.push('/');
        }
        Some(Git { repo, prefix })
    }

    /// Where the HR repo sits in the work tree: empty, or a path ending in `/`.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The files (repo-relative) that git's index does not hold, among `paths`.
    pub fn untracked<'a>(&self, paths: impl Iterator<Item = &'a str>) -> Result<Vec<&'a str>> {
        let index = self.repo.index().context("cannot read git's index")?;
        Ok(paths
            .filter(|path| {
                index
                    .get_path(Path::new(&format!("{}{path}", self.prefix)), 0)
                    .is_none()
            })
            .collect())
    }

    /// Adds a file (repo-relative) to git's index, as `git add` does.
    pub fn add(&self, path: &str) -> Result<()> {
        let mut index = self.repo.index().context("cannot read git's index")?;
        index
            .add_path(Path::new(&format!("{}{path}", self.prefix)))
            .with_context(|| format!("cannot `git add {path}`"))?;
        index.write().context("cannot write git's index")
    }

    /// The files (repo-relative) changed against `base` (default: the merge base with
    /// `origin/HEAD`, else `HEAD`): committed since, staged, modified or untracked.
    pub fn changed_files(&self, base: Option<&str>) -> Result<HashSet<String>> {
        let tree = match base {
            Some(rev) => self
                .repo
                .revparse_single(rev)
                .and_then(|o| o.peel_to_tree())
                .map_err(|_| {
                    anyhow!("the revision `{rev}` does not exist in this git repository")
                })?,
            None => self.default_base()?,
        };
        let mut options = DiffOptions::new();
        options.include_untracked(true).recurse_untracked_dirs(true);
        let diff = self
            .repo
            .diff_tree_to_workdir_with_index(Some(&tree), Some(&mut options))
            .context("cannot compare the work tree with git")?;
        let mut changed = HashSet::new();
        for delta in diff.deltas() {
            for file in [delta.old_file(), delta.new_file()] {
                let Some(path) = file.path().and_then(Path::to_str) else {
                    continue;
                };
                if let Some(rel) = path.strip_prefix(&self.prefix) {
                    changed.insert(rel.to_string());
                }
            }
        }
        Ok(changed)
    }

    fn default_base(&self) -> Result<git2::Tree<'_>> {
        let head = match self.repo.head().and_then(|h| h.peel_to_commit()) {
            Ok(head) => head,
            Err(_) => bail!(
                "--changed needs a commit to compare with, and this git repository has none yet"
            ),
        };
        let upstream = self
            .repo
            .revparse_single("origin/HEAD")
            .and_then(|o| o.peel_to_commit());
        let base = match upstream {
            Ok(upstream) => {
                let oid = self
                    .repo
                    .merge_base(head.id(), upstream.id())
                    .unwrap_or(head.id());
                self.repo.find_commit(oid)?
            }
            Err(_) => head,
        };
        Ok(base.tree()?)
    }
}
