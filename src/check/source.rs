//! Where the bytes of the contract files come from: the files a listing found (`Found`), and a
//! `Source` that reads them, the working tree here and a git revision in `store::git`.

use std::fs;
use std::io::Read;
use std::path::Path;

use crate::check::diagnostic::Code;

/// Where the bytes of the contract files come from: the working tree, or a git revision.
pub trait Source: Sync {
    /// The file's bytes, or the diagnostic that says why it gives none.
    fn read(&self, found: &Found, max_bytes: u64) -> Result<Vec<u8>, (Code, String, String)>;
}

/// Why a listed file is not read at all, whatever the source: a link, a FIFO or other special
/// file, or a file over the size limit. `None` for a regular file of a readable size.
pub fn refusal(found: &Found, max_bytes: u64) -> Option<(Code, String, String)> {
    match found.kind {
        FoundKind::Symlink => Some((
            Code::SymlinkSkipped,
            format!(
                "`{}` is a symbolic link; lc does not follow links, so what it points to is not checked",
                found.path
            ),
            "replace the link by the file itself, or remove it".into(),
        )),
        FoundKind::Special(what) => Some((
            Code::UnreadableFile,
            format!(
                "`{}` is {what}, not a regular file, so lc does not read it",
                found.path
            ),
            "replace it by a regular file, or remove it".into(),
        )),
        FoundKind::Leftover => Some((
            Code::LeftoverTempFile,
            format!(
                "`{}` is a temporary copy left by a write that was interrupted (a crash, a kill); it may hold an old or half-written contract, and the personal data in it",
                found.path
            ),
            format!(
                "the contract files themselves are whole: remove it (`rm {}`) before `git add`",
                found.path
            ),
        )),
        FoundKind::Regular { size } if size > max_bytes => Some(too_large(size, max_bytes)),
        FoundKind::Regular { .. } => None,
    }
}

/// The working tree under `root`.
pub struct WorkTree<'a>(pub &'a Path);

impl Source for WorkTree<'_> {
    fn read(&self, found: &Found, max_bytes: u64) -> Result<Vec<u8>, (Code, String, String)> {
        if let Some(refused) = refusal(found, max_bytes) {
            return Err(refused);
        }
        match read_limited(&self.0.join(&found.path), max_bytes) {
            Ok(Some(bytes)) => Ok(bytes),
            // The file grew past the limit since it was listed.
            Ok(None) => Err(too_large(max_bytes.saturating_add(1), max_bytes)),
            Err(err) => Err((
                Code::UnreadableFile,
                format!("cannot read the file: {err}"),
                "check the file's permissions".into(),
            )),
        }
    }
}

fn too_large(size: u64, max: u64) -> (Code, String, String) {
    (
        Code::UnreadableFile,
        format!("the file is {}, over the limit of {}, so lc does not read it", megabytes(size), megabytes(max)),
        "a contract is a few kilobytes: split the file, or raise `limits.max_file_bytes` in lc.toml".into(),
    )
}

/// A size for people: `40.0 MB`, `120 kB`, `100 bytes`.
fn megabytes(bytes: u64) -> String {
    match bytes {
        0..10_000 => format!("{bytes} bytes"),
        10_000..1_000_000 => format!("{} kB", bytes / 1000),
        _ => format!("{:.1} MB", bytes as f64 / 1_000_000.0),
    }
}

/// A contract file found under the contracts directory.
#[derive(Clone, Debug)]
pub struct Found {
    /// Repo-relative, `/`-separated.
    pub path: String,
    pub kind: FoundKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FoundKind {
    Regular {
        size: u64,
    },
    /// A symbolic link (to a file or a directory): never followed.
    Symlink,
    /// A FIFO, socket or device named like a contract.
    Special(&'static str),
    /// A temporary copy an interrupted write left (`.lc-tmp-*`): reported, never read.
    Leftover,
}

/// Reads a regular file, refusing more than `limit` bytes (the file may have grown since listed).
pub fn read_limited(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let file = fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    if meta.len() > limit {
        return Ok(None);
    }
    // Sized from the metadata: one read for the whole file, a second to see its end.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).saturating_add(1));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(None);
    }
    Ok(Some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_for_people() {
        assert_eq!(megabytes(100), "100 bytes");
        assert_eq!(megabytes(120_000), "120 kB");
        assert_eq!(megabytes(40_000_000), "40.0 MB");
    }
}
