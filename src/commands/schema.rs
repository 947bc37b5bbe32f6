//! `lc schema [KIND]`: the JSON Schema of contracts, generated from the schema declaration.

use std::process::ExitCode;

use anyhow::Result;

use crate::model::json_schema::contract_schema;
use crate::model::schema::Kind;

pub fn run(kind: Option<Kind>) -> Result<ExitCode> {
    let mut text = serde_json::to_string_pretty(&contract_schema(kind))?;
    text.push('\n');
    crate::render::write_out(&mut std::io::stdout().lock(), &text)?;
    Ok(ExitCode::SUCCESS)
}
