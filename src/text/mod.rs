//! The first layer: text. The YAML tree with spans (`yaml`), the lines and positions of a
//! text (`lines`), the advice on a YAML layout mistake (`layout`), and the nearest name to a
//! misspelt one (`closest`). Nothing here knows what a contract is.

pub mod closest;
pub mod layout;
pub mod lines;
pub mod yaml;
