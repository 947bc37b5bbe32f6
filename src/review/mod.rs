//! The fifth layer: the facts of a review, computed from the contracts (format.md, "Derived
//! facts"; cli.md, `lc report`). `read` reads the contracts a review stands on and makes every
//! review through one function; `report` holds the quarterly review's sections, `quarter` what
//! happened during a quarter, `follow_through` the managers' figures, `figures` the headline
//! figures and their change, `transfer` the learning after training (the transfer curve), `trend` quarter over quarter, `aggregate` the review without names,
//! `remind` each person's digest, `list` the rows of `lc list`. Renderers turn them into text.

pub mod aggregate;
pub mod figures;
pub mod follow_through;
pub mod list;
pub mod period;
mod quarter;
pub mod read;
pub mod remind;
pub mod report;
pub mod transfer;
pub mod trend;

pub use report::*;
