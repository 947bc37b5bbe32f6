//! One writer at a time per HR repo. Every command that writes contracts holds this advisory
//! lock from before it reads the file it changes until its change is written, staged and
//! committed, so that two writers never edit the same old text (docs/design.md, "Writing is
//! serialised").
//!
//! The lock is `flock`-style (`File::try_lock`) on a file in git's own directory (`.git/`,
//! shared by every worktree of the repository, never part of a commit) or, outside git, in the
//! system's temporary directory under a name made from the repo's path, so that nothing is
//! added to a repo that has no git to ignore it. The operating system releases the lock when
//! the process ends, however it ends, so a crash never leaves a stale lock behind.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::store::record::Refusal;

/// The name of the lock file in git's directory.
const IN_GIT: &str = "lc-write.lock";

/// Held while a command writes; dropping it lets the next writer in.
#[derive(Debug)]
pub struct WriteLock {
    _file: File,
}

/// Where the lock of the HR repo at `root` lives.
fn lock_path(root: &Path) -> PathBuf {
    match git2::Repository::discover(root) {
        Ok(repo) => repo.commondir().join(IN_GIT),
        Err(_) => {
            let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
            std::env::temp_dir().join(format!("lc-write-{:016x}.lock", fnv1a(&root)))
        }
    }
}

/// A stable 64-bit hash of a path (FNV-1a), the same in every process and every build.
fn fnv1a(path: &Path) -> u64 {
    path.as_os_str()
        .as_encoded_bytes()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
            (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
        })
}

/// Opens the lock file for locking: read-write, or read-only when another user made it.
fn open(path: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .or_else(|_| File::open(path))
}

/// Takes the repo's write lock, waiting up to `wait` for another writer to finish.
pub fn acquire(root: &Path, wait: Duration) -> Result<WriteLock, Refusal> {
    let path = lock_path(root);
    let file = open(&path).map_err(|e| Refusal {
        exit: 1,
        message: format!("cannot open lc's write lock in the repo: {e}"),
        help: Some("check that the repo (and its `.git` directory) is writable".into()),
    })?;
    let deadline = Instant::now() + wait;
    let mut pause = Duration::from_millis(5);
    loop {
        match file.try_lock() {
            Ok(()) => {
                // No other lc writes now: what an interrupted one left can go.
                crate::store::repo::remove_leftovers(root);
                return Ok(WriteLock { _file: file });
            }
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(pause.min(deadline.saturating_duration_since(Instant::now())));
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            Err(TryLockError::WouldBlock) => {
                return Err(Refusal {
                    exit: 1,
                    message: format!(
                        "another lc is writing in this repo; waited {} s for it to finish, so nothing was written",
                        wait.as_secs()
                    ),
                    help: Some(
                        "run the same command again when it has finished (`[limits] write_wait_seconds` in lc.toml sets the wait)"
                            .into(),
                    ),
                });
            }
            Err(TryLockError::Error(e)) => {
                return Err(Refusal {
                    exit: 1,
                    message: format!("cannot take lc's write lock: {e}"),
                    help: None,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_waits_then_is_refused_and_gets_in_once_the_first_is_done() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(dir.path(), Duration::ZERO).unwrap();
        let refused = acquire(dir.path(), Duration::from_millis(30)).unwrap_err();
        assert_eq!(refused.exit, 1);
        assert!(
            refused.message.contains("another lc is writing"),
            "{}",
            refused.message
        );
        drop(first);
        assert!(acquire(dir.path(), Duration::ZERO).is_ok());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "the repo holds no lock file"
        );
    }
}
