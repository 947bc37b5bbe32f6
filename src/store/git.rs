//! What git knows about the HR repo: which files it tracks and which changed since a base.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, NaiveDateTime};
use git2::{DiffOptions, ObjectType, Oid, Repository, TreeWalkMode, TreeWalkResult};

use crate::check::diagnostic::{Code, Diagnostic, Sink};
use crate::check::policy;
use crate::check::policy::Settings;
use crate::check::source::{Found, FoundKind};
use crate::check::{Source, refusal};
use crate::text::yaml::Pos;

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
        // Blobs are read by the thousand: git itself does not re-hash objects it reads either.
        git2::opts::strict_hash_verification(false);
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

    /// Whether this is a shallow clone (its history is cut short).
    pub fn is_shallow(&self) -> bool {
        self.repo.is_shallow()
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

    /// Adds a file (repo-relative) to git's index, as `git add` does. The `git` program does it
    /// when it is installed: on a large repo it reads and writes the index several times faster
    /// than libgit2 (docs/performance.md); libgit2 otherwise.
    pub fn add(&self, path: &str) -> Result<()> {
        let full = format!("{}{path}", self.prefix);
        if let Some(done) = self.git_program(&["add", "--", &full]) {
            return done;
        }
        let mut index = self.repo.index().context("cannot read git's index")?;
        index
            .add_path(Path::new(&full))
            .with_context(|| format!("cannot `git add {path}`"))?;
        index.write().context("cannot write git's index")
    }

    /// Takes `path` out of the index when it is there (its file is gone from the work tree):
    /// with `add` of the new path, a `git mv`.
    pub fn remove(&self, path: &str) -> Result<()> {
        let full = format!("{}{path}", self.prefix);
        if let Some(done) =
            self.git_program(&["rm", "--cached", "-q", "--ignore-unmatch", "--", &full])
        {
            return done;
        }
        let mut index = self.repo.index().context("cannot read git's index")?;
        if index.get_path(Path::new(&full), 0).is_some() {
            index
                .remove_path(Path::new(&full))
                .with_context(|| format!("cannot `git rm --cached {path}`"))?;
            index.write().context("cannot write git's index")?;
        }
        Ok(())
    }

    /// Runs the `git` program in the work tree; `None` when it is not installed.
    fn git_program(&self, args: &[&str]) -> Option<Result<()>> {
        self.git_program_with(args, None)
    }

    /// Runs the `git` program in the work tree, with another index file when given (as
    /// `git commit --only` does inside); `None` when it is not installed. A failure carries
    /// git's own words, without the machine's paths.
    fn git_program_with(&self, args: &[&str], index: Option<&Path>) -> Option<Result<()>> {
        let workdir = self.repo.workdir()?;
        let mut command = std::process::Command::new("git");
        command
            .arg("-C")
            .arg(workdir)
            .args(args)
            .stdin(std::process::Stdio::null());
        if let Some(index) = index {
            command.env("GIT_INDEX_FILE", index);
        }
        let output = command.output().ok()?;
        Some(if output.status.success() {
            Ok(())
        } else {
            Err(anyhow!(
                "{}",
                self.words(&String::from_utf8_lossy(&output.stderr))
            ))
        })
    }

    /// The line of git's message that says what failed (`fatal: …`, `error: …`), with the
    /// machine's paths to the work tree and the git directory made relative to the work tree.
    fn words(&self, stderr: &str) -> String {
        let line = stderr
            .lines()
            .find(|l| l.starts_with("fatal:") || l.starts_with("error:"))
            .or_else(|| stderr.lines().find(|l| !l.trim().is_empty()))
            .unwrap_or("git gave no reason")
            .trim();
        // The longest places first: the git directory usually lies inside the work tree.
        let mut places: Vec<(String, &str)> = Vec::new();
        for (dir, shown) in [
            (self.repo.path(), ".git/"),
            (self.repo.workdir().unwrap_or(Path::new("")), ""),
        ] {
            let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
            for dir in [dir.to_path_buf(), canonical] {
                let dir = dir.to_string_lossy().trim_end_matches('/').to_string();
                if !dir.is_empty() {
                    places.push((format!("{dir}/"), shown));
                }
            }
        }
        places.sort_by_key(|(place, _)| std::cmp::Reverse(place.len()));
        let mut line = line.to_string();
        for (place, shown) in places {
            line = line.replace(&place, shown);
        }
        line
    }

    /// Whether `HEAD` is detached (on a commit, not on a branch).
    pub fn is_detached(&self) -> bool {
        self.repo.head_detached().unwrap_or(false)
    }

    /// Where the git directory's `name` is (`.git/index.lock`), as a path from the HR repo.
    pub fn in_git_dir(&self, name: &str) -> String {
        let up = "../".repeat(self.prefix.matches('/').count());
        match self.repo.workdir() {
            Some(workdir) if self.repo.path().starts_with(workdir) => {
                let rel = self
                    .repo
                    .path()
                    .strip_prefix(workdir)
                    .unwrap_or(Path::new(".git"));
                format!("{up}{}/{name}", rel.to_string_lossy().trim_end_matches('/'))
            }
            _ => format!("{up}.git/{name}"),
        }
    }

    /// How a file (repo-relative) stands in git before lc changes it, `work` being its bytes
    /// in the working tree. Cheap in the common case, where it asks the `git` program for the
    /// index's entry alone (libgit2 reads a large index several times slower) and compares
    /// blob ids; only when they differ does git compare the file itself (with its filters,
    /// such as line-end conversion).
    pub fn standing(&self, path: &str, work: &[u8]) -> Result<Standing> {
        let full = format!("{}{path}", self.prefix);
        let Some((index, mode)) = self.index_entry(&full)? else {
            return Ok(Standing {
                index: None,
                head: None,
                unstaged: false,
            });
        };
        let head = self
            .repo
            .head()
            .ok()
            .and_then(|h| h.peel_to_tree().ok())
            .and_then(|tree| tree.get_path(Path::new(&full)).ok())
            .map(|e| e.id());
        let same = Oid::hash_object(ObjectType::Blob, work).is_ok_and(|id| id == index);
        let unstaged = !same && self.differs_from_index(&full)?;
        Ok(Standing {
            index: Some((index, mode)),
            head,
            unstaged,
        })
    }

    /// The index's blob and mode for a path of the work tree, at stage 0.
    fn index_entry(&self, full: &str) -> Result<Option<(Oid, u32)>> {
        if let Some(listed) = self.git_output(&["ls-files", "-s", "--", full]) {
            // `100644 <blob> 0\t<path>`, one line per stage.
            for line in listed?.lines() {
                let mut fields = line.split_whitespace();
                let (Some(mode), Some(blob), Some("0")) =
                    (fields.next(), fields.next(), fields.next())
                else {
                    continue;
                };
                let mode = u32::from_str_radix(mode, 8).context("git's index holds a bad mode")?;
                return Ok(Some((Oid::from_str(blob)?, mode)));
            }
            return Ok(None);
        }
        let index = self.repo.index().context("cannot read git's index")?;
        Ok(index.get_path(Path::new(full), 0).map(|e| (e.id, e.mode)))
    }

    /// Whether the working tree's file differs from the index's (`git diff --quiet`).
    fn differs_from_index(&self, full: &str) -> Result<bool> {
        if let Some(workdir) = self.repo.workdir() {
            let ran = std::process::Command::new("git")
                .arg("-C")
                .arg(workdir)
                .args(["diff", "--quiet", "--", full])
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status();
            if let Ok(status) = ran {
                return match status.code() {
                    Some(0) => Ok(false),
                    Some(1) => Ok(true),
                    _ => Err(anyhow!("`git diff --quiet -- {full}` failed")),
                };
            }
        }
        let status = self
            .repo
            .status_file(Path::new(full))
            .with_context(|| format!("cannot ask git about `{full}`"))?;
        Ok(status.intersects(
            git2::Status::WT_MODIFIED | git2::Status::WT_TYPECHANGE | git2::Status::WT_DELETED,
        ))
    }

    /// The `git` program's output in the work tree; `None` when it is not installed.
    fn git_output(&self, args: &[&str]) -> Option<Result<String>> {
        let workdir = self.repo.workdir()?;
        let output = std::process::Command::new("git")
            .arg("-C")
            .arg(workdir)
            .args(args)
            .stdin(std::process::Stdio::null())
            .output()
            .ok()?;
        Some(if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            Err(anyhow!(
                "{}",
                self.words(&String::from_utf8_lossy(&output.stderr))
            ))
        })
    }

    /// A blob's bytes.
    pub fn blob_bytes(&self, oid: Oid) -> Result<Vec<u8>> {
        Ok(self.repo.find_blob(oid)?.content().to_vec())
    }

    /// Puts `bytes` in git's index as the file (repo-relative), whatever the working tree
    /// holds (`git update-index --cacheinfo`): only lc's lines are staged.
    pub fn stage_content(&self, path: &str, bytes: &[u8], mode: u32) -> Result<()> {
        let full = format!("{}{path}", self.prefix);
        let oid = self
            .repo
            .blob(bytes)
            .context("cannot write the file into git's object store")?;
        let info = format!("{mode:o},{oid},{full}");
        if let Some(done) = self.git_program(&["update-index", "--add", "--cacheinfo", &info]) {
            return done;
        }
        let mut index = self.repo.index().context("cannot read git's index")?;
        index
            .add(&entry(&full, oid, mode, bytes.len()))
            .with_context(|| format!("cannot stage `{path}`"))?;
        index.write().context("cannot write git's index")
    }

    /// Commits these contents of files (repo-relative) on top of `HEAD`, each file as given and
    /// everything else as `HEAD` has it: whatever the working tree or the index hold besides.
    /// The `git` program does it with an index of its own (running the commit hooks, as
    /// `git commit --only` does); libgit2 otherwise. Returns the short commit id.
    pub fn commit_contents(&self, files: &[(&str, &[u8], u32)], message: &str) -> Result<String> {
        let mut blobs = Vec::new();
        for (path, bytes, mode) in files {
            let oid = self
                .repo
                .blob(bytes)
                .context("cannot write the file into git's object store")?;
            blobs.push((format!("{}{path}", self.prefix), oid, *mode, bytes.len()));
        }
        let index = self
            .repo
            .path()
            .join(format!("lc-commit-index-{}", std::process::id()));
        let done = self.commit_with_index(&blobs, message, &index);
        let _ = std::fs::remove_file(&index);
        match done {
            Some(done) => done?,
            None => {
                let entries: Vec<git2::IndexEntry> = blobs
                    .iter()
                    .map(|(full, oid, mode, len)| entry(full, *oid, *mode, *len))
                    .collect();
                self.commit_entries_libgit2(&entries, message)?;
            }
        }
        let head = self.repo.head()?.peel_to_commit()?;
        Ok(short_id(head.id()))
    }

    /// `git read-tree HEAD`, `git update-index` and `git commit` on an index file of lc's own.
    fn commit_with_index(
        &self,
        blobs: &[(String, Oid, u32, usize)],
        message: &str,
        index: &Path,
    ) -> Option<Result<()>> {
        let has_head = self.repo.head().and_then(|h| h.peel_to_commit()).is_ok();
        let steps = || -> Option<Result<()>> {
            if has_head
                && let Err(e) = self.git_program_with(&["read-tree", "HEAD"], Some(index))?
            {
                return Some(Err(e));
            }
            for (full, oid, mode, _) in blobs {
                let info = format!("{mode:o},{oid},{full}");
                let args = ["update-index", "--add", "--cacheinfo", &info];
                if let Err(e) = self.git_program_with(&args, Some(index))? {
                    return Some(Err(e));
                }
            }
            self.git_program_with(&["commit", "-q", "-m", message], Some(index))
        };
        steps()
    }
    /// Commits one file (repo-relative) as it stands in the work tree, on top of `HEAD`, whatever
    /// else is staged: the commit holds that change alone (`git commit --only`). The `git`
    /// program does it when installed (running the repo's commit hooks, as a commit by hand
    /// would); libgit2 otherwise. Returns the short commit id.
    pub fn commit_file(&self, path: &str, message: &str) -> Result<String> {
        self.commit_files(&[path], message)
    }

    /// Commits several files alone, in one commit, as [`Git::commit_file`] commits one
    /// (`lc cancel --with-linked`, `lc handover --manager`).
    pub fn commit_files(&self, paths: &[&str], message: &str) -> Result<String> {
        let full: Vec<String> = paths
            .iter()
            .map(|path| format!("{}{path}", self.prefix))
            .collect();
        let mut args = vec!["commit", "-q", "--only", "-m", message, "--"];
        args.extend(full.iter().map(String::as_str));
        match self.git_program(&args) {
            Some(done) => done?,
            None => self.commit_files_libgit2(&full, message)?,
        }
        let head = self.repo.head()?.peel_to_commit()?;
        Ok(short_id(head.id()))
    }

    fn commit_files_libgit2(&self, full: &[String], message: &str) -> Result<()> {
        let staged = self.repo.index().context("cannot read git's index")?;
        let mut entries = Vec::new();
        for full in full {
            entries.push(
                staged
                    .get_path(Path::new(full), 0)
                    .with_context(|| format!("`{full}` is not staged"))?,
            );
        }
        self.commit_entries_libgit2(&entries, message)
    }

    /// Commits `HEAD`'s tree with these entries in it, on top of `HEAD`, through libgit2.
    fn commit_entries_libgit2(&self, entries: &[git2::IndexEntry], message: &str) -> Result<()> {
        let repo = &self.repo;
        let signature = repo.signature().context(
            "git does not know who commits: set `git config user.name` and `git config user.email`",
        )?;
        let head = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let mut index = git2::Index::new()?;
        if let Some(head) = &head {
            index.read_tree(&head.tree()?)?;
        }
        for entry in entries {
            index.add(entry)?;
        }
        let tree = repo.find_tree(index.write_tree_to(repo)?)?;
        let parents: Vec<&git2::Commit<'_>> = head.iter().collect();
        repo.commit(
            Some("HEAD"),
            &signature,
            &signature,
            message,
            &tree,
            &parents,
        )
        .context("cannot commit")?;
        Ok(())
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

/// How a file stands in git before lc changes it.
#[derive(Debug)]
pub struct Standing {
    /// The index's blob of the file and its mode; `None` when git does not track it.
    pub index: Option<(Oid, u32)>,
    /// `HEAD`'s blob of the file; `None` when `HEAD` does not hold it (or there is no commit).
    pub head: Option<Oid>,
    /// The working tree's file differs from the index's: changes someone has not staged.
    pub unstaged: bool,
}

/// An index entry for a blob, with no file-system data, so that git compares the working
/// tree's file by its content, not by a time and size that belong to another text.
fn entry(full: &str, id: Oid, mode: u32, len: usize) -> git2::IndexEntry {
    let zero = git2::IndexTime::new(0, 0);
    git2::IndexEntry {
        ctime: zero,
        mtime: zero,
        dev: 0,
        ino: 0,
        mode,
        uid: 0,
        gid: 0,
        file_size: u32::try_from(len).unwrap_or(u32::MAX),
        id,
        flags: u16::try_from(full.len().min(0xfff)).unwrap_or(0xfff),
        flags_extended: 0,
        path: full.as_bytes().to_vec(),
    }
}

/// The three-way merge of two changes of one text (as `git merge-file` does): `ours` and
/// `theirs` both made from `base`. `None` when they touch the same or neighbouring lines.
pub fn merge_texts(base: &[u8], ours: &[u8], theirs: &[u8]) -> Option<Vec<u8>> {
    let input = |bytes| {
        let mut input = git2::MergeFileInput::new();
        input.content(bytes);
        input
    };
    let merged = git2::merge_file(&input(base), &input(ours), &input(theirs), None).ok()?;
    merged.is_automergeable().then(|| merged.content().to_vec())
}

/// The contract files of a commit, read from git's object database without a checkout.
pub struct Snapshot {
    /// The commit's id, in full.
    pub commit: String,
    pub settings: Settings,
    pub found: Vec<Found>,
    blobs: HashMap<String, Oid>,
    git_dir: PathBuf,
}

impl Git {
    /// The commit a revision names (`main`, `v1.2`, a commit id, `HEAD~3`).
    pub fn resolve(&self, rev: &str) -> Result<Oid> {
        let object = self.repo.revparse_single(rev).map_err(|_| {
            anyhow!(
                "the revision `{rev}` does not exist in this git repository{}",
                self.shallow_hint()
            )
        })?;
        let commit = object
            .peel_to_commit()
            .map_err(|_| anyhow!("the revision `{rev}` is not a commit"))?;
        Ok(commit.id())
    }

    fn shallow_hint(&self) -> &'static str {
        if self.repo.is_shallow() {
            " (this is a shallow clone: fetch the full history with `git fetch --unshallow`)"
        } else {
            ""
        }
    }

    /// For each limit, the newest commit on the current branch's first-parent line whose commit
    /// time (as its committer's clock read it) is not later: one walk for all of them.
    pub fn first_parent_at(&self, limits: &[NaiveDateTime]) -> Result<Vec<Option<Oid>>> {
        let line = self.first_parent_line()?;
        let found: Vec<Option<Oid>> = limits.iter().map(|limit| line.at(*limit)).collect();
        if found.iter().any(Option::is_none) && self.repo.is_shallow() {
            bail!(
                "this is a shallow clone, so the history before {} is not here: fetch it with \
                 `git fetch --unshallow` (in GitHub Actions: `fetch-depth: 0` on actions/checkout)",
                limits
                    .iter()
                    .min()
                    .map(|l| l.date().to_string())
                    .unwrap_or_default()
            );
        }
        Ok(found)
    }

    /// The current branch's first-parent line, newest first, each commit with its time as its
    /// committer's clock read it: one walk, however many dates are then looked up in it.
    pub fn first_parent_line(&self) -> Result<FirstParentLine> {
        let head = self
            .repo
            .head()
            .and_then(|h| h.peel_to_commit())
            .map_err(|_| anyhow!("this git repository has no commit yet"))?;
        let mut commits = Vec::new();
        let mut commit = Some(head);
        while let Some(c) = commit {
            let when = c.committer().when();
            let local =
                DateTime::from_timestamp(when.seconds() + i64::from(when.offset_minutes()) * 60, 0)
                    .map(|t| t.naive_utc())
                    .unwrap_or_default();
            commits.push((c.id(), local));
            commit = c.parent(0).ok();
        }
        Ok(FirstParentLine { commits })
    }

    /// The contract files (and `lc.toml`) of the HR repo as committed at `commit`.
    pub fn snapshot(&self, commit: Oid) -> Result<Snapshot> {
        let tree = self.repo.find_commit(commit)?.tree()?;
        let settings = match tree.get_path(Path::new(&format!("{}lc.toml", self.prefix))) {
            Ok(entry) => {
                let blob = self.repo.find_blob(entry.id())?;
                let text =
                    std::str::from_utf8(blob.content()).context("lc.toml is not UTF-8 text")?;
                Settings::from_toml(text)
                    .with_context(|| format!("in lc.toml at {}", short_id(commit)))?
            }
            Err(_) => Settings::default(),
        };
        let mut found = Vec::new();
        let mut blobs = HashMap::new();
        let dir = format!("{}{}", self.prefix, settings.contracts);
        if let Ok(entry) = tree.get_path(Path::new(&dir)) {
            let subtree = self
                .repo
                .find_tree(entry.id())
                .map_err(|_| anyhow!("`{dir}` is not a directory at {}", short_id(commit)))?;
            let odb = self.repo.odb()?;
            subtree.walk(TreeWalkMode::PreOrder, |parent, entry| {
                let Ok(name) = entry.name() else {
                    return TreeWalkResult::Skip;
                };
                if name.starts_with('.') {
                    return TreeWalkResult::Skip;
                }
                let path = format!("{}/{parent}{name}", settings.contracts);
                let is_contract = name.ends_with(".yaml") || name.ends_with(".yml");
                match entry.filemode() {
                    0o120000 if is_contract || entry.kind() == Some(ObjectType::Tree) => {
                        found.push(Found {
                            path,
                            kind: FoundKind::Symlink,
                        });
                    }
                    0o100644 | 0o100755 if is_contract => {
                        let size = odb
                            .read_header(entry.id())
                            .map_or(0, |(size, _)| size as u64);
                        blobs.insert(path.clone(), entry.id());
                        found.push(Found {
                            path,
                            kind: FoundKind::Regular { size },
                        });
                    }
                    _ => {}
                }
                TreeWalkResult::Ok
            })?;
        }
        found.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Snapshot {
            commit: commit.to_string(),
            settings,
            found,
            blobs,
            git_dir: self.repo.path().to_path_buf(),
        })
    }

    /// The files (repo-relative) that differ between two commits.
    pub fn changed_between(&self, old: Oid, new: Oid) -> Result<HashSet<String>> {
        let old_tree = self.repo.find_commit(old)?.tree()?;
        let new_tree = self.repo.find_commit(new)?.tree()?;
        let diff = self
            .repo
            .diff_tree_to_tree(Some(&old_tree), Some(&new_tree), None)?;
        let mut changed = HashSet::new();
        for delta in diff.deltas() {
            for file in [delta.old_file(), delta.new_file()] {
                if let Some(rel) = file
                    .path()
                    .and_then(Path::to_str)
                    .and_then(|p| p.strip_prefix(&self.prefix))
                {
                    changed.insert(rel.to_string());
                }
            }
        }
        Ok(changed)
    }
}

/// The commits of the first-parent line, newest first, with their committers' local times.
pub struct FirstParentLine {
    commits: Vec<(Oid, NaiveDateTime)>,
}

impl FirstParentLine {
    /// The newest commit (in walk order) whose time is not later than `limit`.
    pub fn at(&self, limit: NaiveDateTime) -> Option<Oid> {
        self.commits
            .iter()
            .find(|(_, when)| *when <= limit)
            .map(|(oid, _)| *oid)
    }

    /// The days of the oldest and the newest commit.
    pub fn span(&self) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
        let newest = self.commits.first()?.1.date();
        let oldest = self.commits.last()?.1.date();
        Some((oldest, newest))
    }
}

/// The first twelve hex digits of a commit id, for messages.
pub fn short_id(oid: Oid) -> String {
    oid.to_string().chars().take(12).collect()
}

thread_local! {
    /// Each worker thread opens the repository once: `git2::Repository` is not `Sync`.
    static REPOSITORY: RefCell<Option<(PathBuf, Repository)>> = const { RefCell::new(None) };
}

impl Snapshot {
    /// A blob's bytes, read through this thread's own handle on the repository.
    fn blob(&self, oid: Oid) -> Result<Vec<u8>, String> {
        REPOSITORY.with(|cell| {
            let mut cell = cell.borrow_mut();
            if cell.as_ref().is_none_or(|(dir, _)| dir != &self.git_dir) {
                let repo = Repository::open(&self.git_dir).map_err(|e| e.message().to_string())?;
                *cell = Some((self.git_dir.clone(), repo));
            }
            let (_, repo) = cell.as_ref().ok_or("no repository")?;
            let blob = repo.find_blob(oid).map_err(|e| e.message().to_string())?;
            Ok(blob.content().to_vec())
        })
    }

    /// The bytes of a file of this snapshot, if it has it.
    pub fn file(&self, path: &str) -> Option<Vec<u8>> {
        self.blob(*self.blobs.get(path)?).ok()
    }
}

impl Source for Snapshot {
    fn read(&self, found: &Found, max_bytes: u64) -> Result<Vec<u8>, (Code, String, String)> {
        if let Some(refused) = refusal(found, max_bytes) {
            return Err(refused);
        }
        let blob = self
            .blobs
            .get(&found.path)
            .ok_or_else(|| "not in the commit".to_string());
        blob.and_then(|oid| self.blob(*oid)).map_err(|e| {
            (
                Code::UnreadableFile,
                format!("cannot read the file from git: {e}"),
                "run `git fsck`".into(),
            )
        })
    }
}

impl Git {
    /// `untracked-file` for each regular contract file that git's index does not hold.
    pub fn untracked_findings(
        &self,
        found: &[Found],
        ctx: policy::Context<'_>,
    ) -> Result<Vec<Diagnostic>> {
        let regular = found
            .iter()
            .filter(|f| matches!(f.kind, FoundKind::Regular { .. }));
        let mut out = Vec::new();
        for path in self.untracked(regular.map(|f| f.path.as_str()))? {
            let mut sink = Sink::new(path, ctx.policy.overdue);
            let message = format!("`{path}` is not tracked by git");
            let help =
                format!("run `git add {path}` so the contract is kept in the repo's history");
            sink.add(Code::UntrackedFile, Pos::START, 1, message, Some(help));
            out.extend(sink.found);
        }
        Ok(out)
    }
}
