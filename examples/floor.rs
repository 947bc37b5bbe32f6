//! The floor of `lc check`'s cost: list the contract files, read each one and run it through
//! the same YAML parser (`saphyr-parser`), on every core, and nothing else.
//!
//! ```sh
//! cargo run --release --example floor -- /tmp/hr/contracts
//! ```

use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// The same allocator as `lc`, so that the floor measures the parser, not the allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "contracts".into());
    let mut paths = Vec::new();
    files(Path::new(&dir), &mut paths);
    paths.sort();
    let events: usize = paths
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            saphyr_parser::Parser::new_from_str(&text)
                .map_while(Result::ok)
                .count()
        })
        .sum();
    println!("{} files, {events} YAML events", paths.len());
}
