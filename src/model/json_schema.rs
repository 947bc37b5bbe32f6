//! The JSON Schema (draft 2020-12) of contracts, generated from the schema declaration.
//!
//! YAML read as JSON turns plain scalars into numbers, booleans or null (YAML 1.2 core schema),
//! while `lc` takes every text-like scalar as written: so text-like fields accept those JSON
//! types too, and optional fields accept null (`notes:` with nothing after it). Requirements
//! that depend on the status ("once not draft") are `lc check`'s to enforce.

use serde_json::{Map, Value, json};

use crate::model::scalar::PARTNER_ROLES;
use crate::model::schema::{self, Field, Kind, Need, Shape, Ty};

/// The schema of one kind, or with `None` one for both, chosen by `kind`.
pub fn contract_schema(kind: Option<Kind>) -> Value {
    let mut schema = match kind {
        Some(kind) => shape_schema(kind.shape(), kind),
        None => json!({
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"enum": schema::KINDS}},
            "if": {"properties": {"kind": {"const": "strategic"}}},
            "then": shape_schema(Kind::Strategic.shape(), Kind::Strategic),
            "else": shape_schema(Kind::Experience.shape(), Kind::Experience),
        }),
    };
    let title = match kind {
        Some(kind) => format!("lc {} learning contract, format version 1", kind.as_str()),
        None => "lc learning contract, format version 1".to_string(),
    };
    let object = schema.as_object_mut().expect("an object");
    let mut head = Map::new();
    head.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    head.insert("title".into(), json!(title));
    head.extend(std::mem::take(object));
    Value::Object(head)
}

fn shape_schema(shape: &Shape, kind: Kind) -> Value {
    let fields: Vec<&Field> = shape
        .fields()
        .filter(|f| f.only.is_none_or(|only| only == kind))
        .collect();
    let mut properties = Map::new();
    for field in &fields {
        properties.insert(field.name.into(), field_schema(field, kind));
    }
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.need == Need::Always)
        .map(|f| f.name)
        .collect();
    let mut schema =
        json!({"type": "object", "properties": properties, "additionalProperties": false});
    if !required.is_empty() {
        schema["required"] = json!(required);
    }
    schema
}

fn field_schema(field: &Field, kind: Kind) -> Value {
    let mut schema = ty_schema(&field.ty, kind);
    if field.need != Need::Always {
        schema = json!({"anyOf": [schema, {"type": "null"}]});
    }
    if !field.about.is_empty() {
        schema["description"] = json!(field.about);
    }
    if let Some(default) = field.default {
        schema["default"] = json!(default);
    }
    schema
}

/// Scalars that YAML may read as another JSON type, and that `lc` takes as written.
const SCALAR: [&str; 3] = ["string", "number", "boolean"];
const DATE: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
const ID: &str = r"^[a-z0-9][a-z0-9-]*$";
const PERSON: &str = r"^[^<>\n]*[^<>\s][^<>\n]*( <[^<>\s@]+@[^<>\s]+>)?$";
const PERSON_WITH_EMAIL: &str = r"^[^<>\n]*[^<>\s][^<>\n]* <[^<>\s@]+@[^<>\s]+>$";
const MONEY: &str = r"^[0-9]+(\.[0-9]{1,2})?( [A-Z]{3})?$";

fn ty_schema(ty: &Ty, kind: Kind) -> Value {
    match ty {
        Ty::Version => json!({"const": 1}),
        Ty::Text => json!({"type": SCALAR, "minLength": 1}),
        Ty::Id => json!({"anyOf": [
            {"type": "string", "pattern": ID, "maxLength": crate::model::scalar::MAX_ID_LEN},
            {"type": "integer", "minimum": 0}
        ]}),
        Ty::Date => json!({"type": "string", "pattern": DATE, "format": "date"}),
        Ty::Person => json!({"type": "string", "pattern": PERSON}),
        Ty::Owner => {
            let roles: Vec<&str> = ["learner", "manager"]
                .into_iter()
                .chain(PARTNER_ROLES.iter().copied())
                .collect();
            json!({"anyOf": [{"enum": roles}, {"type": "string", "pattern": PERSON_WITH_EMAIL}]})
        }
        Ty::Money => {
            json!({"anyOf": [{"type": "string", "pattern": MONEY}, {"type": "number", "minimum": 0}]})
        }
        Ty::Number => json!({"type": "number", "minimum": 0}),
        Ty::Word(words) => json!({"enum": words}),
        Ty::MethodType => json!({"enum": schema::method_types().collect::<Vec<_>>()}),
        Ty::List(inner) => json!({"type": "array", "items": ty_schema(inner, kind)}),
        Ty::Map(shape) => shape_schema(shape, kind),
    }
}
