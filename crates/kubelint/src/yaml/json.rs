//! A node as the JSON Kubernetes decodes from it.

use super::resolve::{integral_float, Resolved};
use super::NodeRef;
use serde_json::{Map, Number, Value};

/// Why a node has no JSON form; Kubernetes rejects such a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotJson(pub String);

impl std::fmt::Display for NotJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NotJson {}

impl<'d> NodeRef<'d> {
    /// The JSON value `kubectl apply` decodes from this node:
    /// `sigs.k8s.io/yaml` (go-yaml v2 resolution, merges applied where they
    /// stand, aliases expanded, keys turned into strings), then kubectl's
    /// number conversion (integral numbers that fit `int64` are integers,
    /// others floats). Nesting is bounded by the parser's `max-depth` and
    /// expansion by its alias budget.
    ///
    /// # Errors
    /// What Kubernetes cannot decode: a scalar go-yaml refuses (`!!int x`),
    /// infinity or NaN, a null or collection key.
    pub fn to_json(self) -> Result<Value, NotJson> {
        if let Some(scalar) = self.scalar() {
            let resolved = super::resolve_scalar(&scalar.value, scalar.style, self.tag())
                .map_err(|e| NotJson(e.0))?;
            return Ok(match resolved {
                Resolved::Null => Value::Null,
                Resolved::Bool(b) => Value::Bool(b),
                Resolved::Int(i) => Value::from(i),
                // kubectl reads integers beyond int64 as floats.
                Resolved::Uint(u) => float(u as f64)?,
                Resolved::Float(f) => match integral_float(f) {
                    Some(i) => Value::from(i),
                    None => float(f)?,
                },
                Resolved::Str => Value::String(scalar.value.to_string()),
            });
        }
        if self.is_sequence() {
            return self.items().map(NodeRef::to_json).collect();
        }
        let mut object = Map::new();
        for (key, value) in self.entries() {
            // The parser wrote every key as its JSON string; what is left
            // unresolved has none (null, beyond int64, a collection).
            let (Some(text), Some(resolved)) = (key.text(), key.resolved_scalar()) else {
                return Err(NotJson("a mapping or sequence as a key".into()));
            };
            if matches!(resolved, Resolved::Null | Resolved::Uint(_)) {
                return Err(NotJson(format!("`{text}` cannot be a JSON key")));
            }
            object.insert(text.to_owned(), value.to_json()?);
        }
        Ok(Value::Object(object))
    }
}

fn float(f: f64) -> Result<Value, NotJson> {
    Number::from_f64(f)
        .map(Value::Number)
        .ok_or_else(|| NotJson(format!("JSON has no {f}")))
}
