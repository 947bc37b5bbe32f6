//! One module per command: each takes the `Config` and returns the exit code.

pub mod calendar;
pub mod check;
pub mod completions;
pub mod init;
pub mod list;
pub mod man;
pub mod new;
pub mod offboard;
pub mod record;
pub mod remind;
pub mod report;
pub mod schema;
pub mod split;
pub mod trend;
