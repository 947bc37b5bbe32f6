//! One module per command: each takes the `Config` and returns the exit code.

pub mod check;
pub mod init;
pub mod list;
pub mod new;
pub mod report;
pub mod schema;
