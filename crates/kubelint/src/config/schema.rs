//! The JSON Schema of `.kubelint.yaml` (draft 2020-12), made from the same
//! tables the loader reads with and from each rule's declared options, so
//! editors complete and check what kubelint accepts. It is written to
//! `schemas/kubelint.schema.json`; a test fails when that file is stale.

use super::read::{KEYS, LIMIT_KEYS};
use crate::rules::profiles::Profile;
use crate::rules::{all, names};
use serde_json::{json, Map, Value};

/// Where the schema is published (`$id`), for the YAML language server's
/// `# yaml-language-server: $schema=` comment and schema associations.
pub const SCHEMA_URL: &str =
    "https://raw.githubusercontent.com/kubelint/kubelint/main/schemas/kubelint.schema.json";

/// The schema, as pretty-printed JSON with a final line break.
pub fn json_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&json_schema()).unwrap_or_default();
    text.push('\n');
    text
}

/// The schema of `.kubelint.yaml`.
pub fn json_schema() -> Value {
    let mut properties = Map::new();
    for (key, doc) in KEYS {
        let mut schema = key_schema(key);
        schema["description"] = Value::String((*doc).to_owned());
        properties.insert((*key).to_owned(), schema);
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_URL,
        "title": "kubelint configuration (.kubelint.yaml)",
        "type": "object",
        "additionalProperties": false,
        "properties": properties,
        "$defs": {
            "ruleNames": {
                "description": "Rule ids (`kubelint rules` lists them), or `all`.",
                "anyOf": [
                    {"type": "array", "items": {"$ref": "#/$defs/ruleName"}},
                    {"$ref": "#/$defs/ruleName"}
                ]
            },
            "ruleName": {"enum": rule_names()},
            "severity": {
                "description": "A severity, or `off`.",
                "enum": ["error", "warning", "info", "off", "note", "warn", true, false, "on"]
            },
            "strings": {
                "anyOf": [
                    {"type": "array", "items": {"type": "string"}},
                    {"type": "string"}
                ]
            }
        }
    })
}

/// Every name a rule list accepts.
fn rule_names() -> Vec<&'static str> {
    let mut out = vec!["all"];
    out.extend(names::accepted().map(|(name, _)| name));
    out
}

fn key_schema(key: &str) -> Value {
    match key {
        "enable" | "disable" => json!({"$ref": "#/$defs/ruleNames"}),
        "rules" => rules_schema(),
        "exclude" => json!({"$ref": "#/$defs/strings"}),
        "limits" => {
            let limits: Map<String, Value> = LIMIT_KEYS
                .iter()
                .map(|name| {
                    let schema = if *name == "max-file-size" {
                        json!({"anyOf": [
                            {"type": "integer", "minimum": 1},
                            {"type": "string", "pattern": "^[0-9]+ *([kKmMgG]?[iI]?[bB]?)$"}
                        ]})
                    } else {
                        json!({"type": "integer", "minimum": 1})
                    };
                    ((*name).to_owned(), schema)
                })
                .collect();
            json!({"type": "object", "additionalProperties": false, "properties": limits})
        }
        "threads" => json!({"type": "integer", "minimum": 1}),
        "profile" => json!({
            "type": "string",
            "enum": Profile::ALL.iter().map(|p| p.name()).collect::<Vec<_>>()
        }),
        "respect-gitignore" | "require-reason" | "inline-ignores" => json!({"type": "boolean"}),
        "kubernetes-version" => json!({"type": ["string", "number"], "examples": ["1.32"]}),
        "default-namespace" => json!({
            "type": "string",
            "pattern": "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
        }),
        _ => json!({}),
    }
}

/// `rules:`: each rule id with a severity or `{severity, options}`, the
/// options being the ones the rule declares.
fn rules_schema() -> Value {
    let mut rules = Map::new();
    for rule in all() {
        let mut settings = json!({
            "type": "object",
            "additionalProperties": false,
            "properties": {
                "severity": {"$ref": "#/$defs/severity"},
                "level": {"$ref": "#/$defs/severity"}
            }
        });
        let options: Map<String, Value> = rule
            .options
            .iter()
            .map(|option| (option.name.to_owned(), option.schema()))
            .collect();
        settings["properties"]["options"] =
            json!({"type": "object", "additionalProperties": false, "properties": options});
        rules.insert(
            rule.id.to_owned(),
            json!({
                "description": rule.summary,
                "anyOf": [{"$ref": "#/$defs/severity"}, settings]
            }),
        );
    }
    json!({"type": "object", "additionalProperties": false, "properties": rules})
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn every_key_the_loader_reads_has_a_schema() {
        for (key, _) in KEYS {
            assert_ne!(key_schema(key), json!({}), "{key}");
            // The loader accepts each key (a wrong value is a type error,
            // never "unknown key").
            let (_, problems) = super::super::Config::from_yaml("c.yaml", &format!("{key}: ~\n"));
            assert!(
                problems.iter().all(|p| !p.message.contains("unknown key")),
                "{key}: {problems:?}"
            );
        }
    }

    #[test]
    fn the_published_schema_is_up_to_date() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/kubelint.schema.json");
        let expected = json_schema_text();
        if std::env::var_os("KUBELINT_UPDATE_DOCS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &expected).unwrap();
        }
        assert!(
            std::fs::read_to_string(&path).ok().as_deref() == Some(expected.as_str()),
            "schemas/kubelint.schema.json is stale: run `KUBELINT_UPDATE_DOCS=1 cargo test -p kubelint schema`"
        );
    }
}
