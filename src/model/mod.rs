//! The second layer: what a contract is. The format declared once (`schema`), its scalars
//! (`scalar`: dates, money, people, slugs), the typed contract read from a YAML tree
//! (`contract`), quarters (`quarter`), and the JSON Schema generated from the declaration
//! (`json_schema`). Stands on `text` only.

pub mod contract;
pub mod json_schema;
pub mod quarter;
pub mod scalar;
pub mod schema;
