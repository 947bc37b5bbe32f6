use std::io::Write as _;
use std::process::ExitCode;

/// `lc` allocates and frees millions of small strings and nodes across threads; mimalloc does
/// that faster than the system allocator (docs/performance.md has the figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match lc::run(std::env::args_os()) {
        Ok(code) => code,
        Err(err) => {
            // Whatever became of stderr (a closed pipe), the exit code still says it failed.
            let _ = writeln!(std::io::stderr(), "error: {err:#}");
            ExitCode::from(2)
        }
    }
}
