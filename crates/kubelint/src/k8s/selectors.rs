//! Label selectors (`matchLabels` and `matchExpressions`), matched the way
//! `k8s.io/apimachinery/pkg/labels` matches them.

use crate::yaml::NodeRef;
use std::collections::BTreeMap;

/// The string entries of a label map (`metadata.labels`, a Service's
/// `selector`); entries whose key or value is not a string are left out,
/// as the API server would reject them. Empty for anything not a mapping.
pub fn label_map(node: Option<NodeRef<'_>>) -> BTreeMap<String, String> {
    node.filter(|n| n.is_mapping())
        .map(|labels| {
            labels
                .entries()
                .into_iter()
                .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), v.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default()
}

/// One requirement of a selector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Requirement {
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    DoesNotExist(String),
}

impl Requirement {
    fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        match self {
            Requirement::In(key, values) => labels.get(key).is_some_and(|v| values.contains(v)),
            // `NotIn` matches objects without the label, as in Kubernetes.
            Requirement::NotIn(key, values) => labels.get(key).is_none_or(|v| !values.contains(v)),
            Requirement::Exists(key) => labels.contains_key(key),
            Requirement::DoesNotExist(key) => !labels.contains_key(key),
        }
    }
}

/// A parsed label selector. All requirements must hold; none selects
/// everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelSelector {
    pub requirements: Vec<Requirement>,
}

impl LabelSelector {
    /// The selector that selects everything (`{}`).
    pub fn everything() -> LabelSelector {
        LabelSelector::default()
    }

    /// Parses a `LabelSelector` node. A null node is the empty selector.
    /// `None` when the selector is malformed (the API server would reject
    /// it): an unknown operator, `In`/`NotIn` without values, values on
    /// `Exists`, or non-string keys and values.
    pub fn parse(node: NodeRef<'_>) -> Option<LabelSelector> {
        if node.is_null() {
            return Some(LabelSelector::everything());
        }
        if !node.is_mapping() {
            return None;
        }
        let mut requirements = Vec::new();
        if let Some(labels) = node.get("matchLabels").filter(|n| !n.is_null()) {
            if !labels.is_mapping() {
                return None;
            }
            for (key, value) in labels.entries() {
                requirements.push(Requirement::In(
                    key.as_str()?.to_owned(),
                    vec![value.as_str()?.to_owned()],
                ));
            }
        }
        if let Some(expressions) = node.get("matchExpressions").filter(|n| !n.is_null()) {
            if !expressions.is_sequence() {
                return None;
            }
            for expression in expressions.items() {
                requirements.push(parse_expression(expression)?);
            }
        }
        Some(LabelSelector { requirements })
    }

    /// Whether the selector selects everything.
    pub fn is_empty(&self) -> bool {
        self.requirements.is_empty()
    }

    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.requirements.iter().all(|r| r.matches(labels))
    }
}

fn parse_expression(node: NodeRef<'_>) -> Option<Requirement> {
    let key = node.get("key")?.as_str()?.to_owned();
    let values: Vec<String> = match node.get("values").filter(|v| !v.is_null()) {
        Some(list) if list.is_sequence() => list
            .items()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<_>>()?,
        Some(_) => return None,
        None => Vec::new(),
    };
    match node.get("operator")?.as_str()? {
        "In" if !values.is_empty() => Some(Requirement::In(key, values)),
        "NotIn" if !values.is_empty() => Some(Requirement::NotIn(key, values)),
        "Exists" if values.is_empty() => Some(Requirement::Exists(key)),
        "DoesNotExist" if values.is_empty() => Some(Requirement::DoesNotExist(key)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{parse_document, split_documents, Limits};

    fn selector(text: &str) -> Option<LabelSelector> {
        let chunks = split_documents(text, 0);
        let doc = parse_document(text, chunks[0].span, 0, &Limits::default());
        LabelSelector::parse(doc.root()?)
    }

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn empty_and_null_select_everything() {
        for text in ["{}", "~", "matchLabels: {}", "matchExpressions: []"] {
            let s = selector(text).unwrap();
            assert!(s.is_empty(), "{text}");
            assert!(s.matches(&labels(&[])));
            assert!(s.matches(&labels(&[("app", "x")])));
        }
    }

    #[test]
    fn match_labels_need_every_pair() {
        let s = selector("matchLabels: {app: web, tier: front}").unwrap();
        assert!(s.matches(&labels(&[("app", "web"), ("tier", "front"), ("x", "y")])));
        assert!(!s.matches(&labels(&[("app", "web")])));
        assert!(!s.matches(&labels(&[("app", "web"), ("tier", "back")])));
    }

    #[test]
    fn expressions() {
        let s = selector(
            "matchExpressions:
- {key: app, operator: In, values: [web, api]}
- {key: env, operator: NotIn, values: [dev]}
- {key: team, operator: Exists}
- {key: legacy, operator: DoesNotExist}",
        )
        .unwrap();
        assert!(s.matches(&labels(&[("app", "api"), ("team", "a")])));
        assert!(s.matches(&labels(&[("app", "web"), ("team", "a"), ("env", "prod")])));
        assert!(!s.matches(&labels(&[("app", "db"), ("team", "a")])));
        assert!(!s.matches(&labels(&[("app", "web"), ("team", "a"), ("env", "dev")])));
        assert!(!s.matches(&labels(&[("app", "web")])));
        assert!(!s.matches(&labels(&[("app", "web"), ("team", "a"), ("legacy", "")])));
    }

    #[test]
    fn labels_and_expressions_combine() {
        let s = selector(
            "matchLabels: {app: web}\nmatchExpressions: [{key: app, operator: In, values: [api]}]",
        )
        .unwrap();
        assert!(!s.matches(&labels(&[("app", "web")])));
        assert!(!s.matches(&labels(&[("app", "api")])));
    }

    #[test]
    fn malformed_selectors_are_rejected() {
        for text in [
            "matchExpressions: [{key: a, operator: In}]",
            "matchExpressions: [{key: a, operator: In, values: []}]",
            "matchExpressions: [{key: a, operator: Exists, values: [x]}]",
            "matchExpressions: [{key: a, operator: Equals, values: [x]}]",
            "matchExpressions: [{operator: Exists}]",
            "matchExpressions: {key: a}",
            "matchLabels: [a]",
            "matchLabels: {a: {b: c}}",
            "[1, 2]",
        ] {
            assert_eq!(selector(text), None, "{text}");
        }
    }
}
