//! Rule options: what a rule may be told in `rules.<id>.options`.
//!
//! Each rule declares its options (`options: &[MIN_REPLICAS]`): name, type,
//! default and documentation. From the declarations come the validation of
//! `.kubelint.yaml` (an unknown or mistyped option is an `invalid-config`
//! finding at its span), the "Options" section of the rule's docs, and the
//! JSON Schema of the configuration file. A rule reads its options through
//! `RuleOptions`, typed, with the declared default.

use crate::k8s::KubernetesVersion;
use crate::yaml::NodeRef;
use serde_json::{json, Value};
use std::fmt::Write as _;

/// One option a rule reads.
#[derive(Clone, Copy, Debug)]
pub struct RuleOption {
    /// The key under `rules.<id>.options`, kebab case.
    pub name: &'static str,
    /// What it does, in one or two sentences of Markdown.
    pub doc: &'static str,
    /// Its type and default.
    pub kind: OptionKind,
}

/// The type of an option, with its default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OptionKind {
    /// `true` or `false`.
    Bool {
        /// The value when the option is not set.
        default: bool,
    },
    /// A whole number of at least `min`.
    Integer {
        /// The value when the option is not set.
        default: i64,
        /// The smallest value accepted.
        min: i64,
    },
    /// A list of strings (a single string counts as a list of one).
    Strings {
        /// The list when the option is not set; empty when the rule's
        /// description says what not setting it means.
        default: &'static [&'static str],
    },
    /// A Kubernetes release such as `"1.30"` (`v1.30.2` and `1.30.2-eks-1`
    /// too: only the minor release counts). Without it the rule uses the
    /// project's top-level `kubernetes-version`, and without that the newest
    /// release.
    KubernetesVersion,
    /// A map from a key to a regular expression its value must match
    /// ([`regex`] syntax; unanchored, as Go's `MatchString`: write `^…$`
    /// to match the whole value).
    Patterns,
}

/// A compiled regular expression of a [`OptionKind::Patterns`] option;
/// two are equal when their sources are.
#[derive(Clone, Debug)]
pub struct Pattern(regex::Regex);

impl Pattern {
    /// Compiles `source`, or says why it is not a regular expression.
    pub fn new(source: &str) -> Result<Pattern, String> {
        regex::Regex::new(source)
            .map(Pattern)
            .map_err(|error| error.to_string())
    }

    /// Whether `text` contains a match.
    pub fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }

    /// The expression as written.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Pattern) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Pattern {}

/// A configured option value, checked against the rule's declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OptionValue {
    /// For [`OptionKind::Bool`].
    Bool(bool),
    /// For [`OptionKind::Integer`].
    Integer(i64),
    /// For [`OptionKind::Strings`].
    Strings(Vec<String>),
    /// For [`OptionKind::KubernetesVersion`].
    KubernetesVersion(KubernetesVersion),
    /// For [`OptionKind::Patterns`]: each key with its expression, in the
    /// order written.
    Patterns(Vec<(String, Pattern)>),
}

impl RuleOption {
    /// The `kubernetes-version` option of a rule whose verdict depends on
    /// the Kubernetes release; `doc` says how.
    pub const fn kubernetes_version(doc: &'static str) -> RuleOption {
        RuleOption {
            name: "kubernetes-version",
            doc,
            kind: OptionKind::KubernetesVersion,
        }
    }

    /// Reads a configured value, or says what is wrong with it.
    pub(crate) fn read(&self, node: NodeRef<'_>) -> Result<OptionValue, String> {
        let name = self.name;
        match self.kind {
            OptionKind::Bool { .. } => node
                .as_bool()
                .map(OptionValue::Bool)
                .ok_or_else(|| format!("`{name}` must be true or false")),
            OptionKind::Integer { min, .. } => node
                .as_i64()
                .filter(|n| *n >= min)
                .map(OptionValue::Integer)
                .ok_or_else(|| format!("`{name}` must be a whole number of at least {min}")),
            OptionKind::Strings { .. } => {
                let single = node
                    .text()
                    .filter(|_| !node.is_null() && !node.is_sequence());
                let items: Option<Vec<String>> = match single {
                    Some(text) => Some(vec![text.to_owned()]),
                    None if node.is_sequence() => node
                        .items()
                        .map(|item| item.text().filter(|_| !item.is_null()).map(str::to_owned))
                        .collect(),
                    None => None,
                };
                items
                    .map(OptionValue::Strings)
                    .ok_or_else(|| format!("`{name}` must be a list of strings"))
            }
            OptionKind::KubernetesVersion => node
                .text()
                .and_then(KubernetesVersion::parse)
                .map(OptionValue::KubernetesVersion)
                .ok_or_else(|| format!("`{name}` must be a Kubernetes release such as \"1.32\"")),
            OptionKind::Patterns => {
                if !node.is_mapping() {
                    return Err(format!("`{name}` must map keys to regular expressions"));
                }
                node.entries()
                    .into_iter()
                    .map(|(key, value)| {
                        let key = key
                            .as_str()
                            .ok_or_else(|| format!("`{name}`: keys must be strings"))?;
                        let source = value.as_str().ok_or_else(|| {
                            format!("`{name}.{key}` must be a regular expression (a string)")
                        })?;
                        let pattern = Pattern::new(source).map_err(|why| {
                            format!("`{name}.{key}` is not a regular expression: {why}")
                        })?;
                        Ok((key.to_owned(), pattern))
                    })
                    .collect::<Result<_, String>>()
                    .map(OptionValue::Patterns)
            }
        }
    }

    /// The default as the docs show it.
    pub fn default_text(&self) -> String {
        match self.kind {
            OptionKind::Bool { default } => default.to_string(),
            OptionKind::Integer { default, .. } => default.to_string(),
            OptionKind::Strings { default: [] } => "not set".into(),
            OptionKind::Strings { default } => format!("`[{}]`", default.join(", ")),
            OptionKind::KubernetesVersion => {
                "the top-level `kubernetes-version`, else the newest release".into()
            }
            OptionKind::Patterns => "see the description".into(),
        }
    }

    /// The type as the docs show it.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            OptionKind::Bool { .. } => "boolean",
            OptionKind::Integer { .. } => "integer",
            OptionKind::Strings { .. } => "list of strings",
            OptionKind::KubernetesVersion => "Kubernetes release",
            OptionKind::Patterns => "map of key to regular expression",
        }
    }

    /// The JSON Schema of the option's value.
    pub(crate) fn schema(&self) -> Value {
        let mut schema = match self.kind {
            OptionKind::Bool { default } => json!({"type": "boolean", "default": default}),
            OptionKind::Integer { default, min } => {
                json!({"type": "integer", "minimum": min, "default": default})
            }
            OptionKind::Strings { default } => {
                let mut schema = json!({
                    "anyOf": [
                        {"type": "array", "items": {"type": "string"}},
                        {"type": "string"}
                    ]
                });
                if !default.is_empty() {
                    schema["default"] = json!(default);
                }
                schema
            }
            OptionKind::KubernetesVersion => json!({
                "type": ["string", "number"],
                "examples": ["1.32"]
            }),
            OptionKind::Patterns => json!({
                "type": "object",
                "additionalProperties": {"type": "string", "format": "regex"}
            }),
        };
        schema["description"] = Value::String(self.doc.to_owned());
        schema
    }
}

/// The "Options" section of a rule's documentation; empty without options.
pub(crate) fn options_section(options: &[RuleOption]) -> String {
    if options.is_empty() {
        return String::new();
    }
    let mut out = String::from("## Options\n");
    for option in options {
        let _ = writeln!(
            out,
            "- `{}` ({}, default: {}): {}.",
            option.name,
            option.type_name(),
            option.default_text(),
            option.doc
        );
    }
    out
}
