//! One module per command: each takes the `Config` and returns the exit code.

pub mod check;
pub mod init;
pub mod new;
pub mod schema;
