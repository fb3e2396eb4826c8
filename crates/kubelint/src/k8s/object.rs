use super::pod::PodSpec;
use crate::source::Span;
use crate::yaml::{Document, NodeRef};

/// One Kubernetes object: a mapping with string `apiVersion` and `kind`.
#[derive(Clone, Copy, Debug)]
pub struct Object<'d> {
    pub root: NodeRef<'d>,
    pub api_version: &'d str,
    pub kind: &'d str,
    /// The `kind` value: where findings about something missing point.
    pub kind_node: NodeRef<'d>,
    /// Position in a `kind: List`, if it came from one.
    pub list_index: Option<usize>,
}

/// The objects of a document: the document itself, or the items of a
/// `kind: List` (and typed lists such as `DeploymentList`).
pub fn objects_in<'d>(doc: &'d Document<'d>) -> Vec<Object<'d>> {
    let Some(root) = doc.root() else {
        return Vec::new();
    };
    let Some(object) = Object::from_node(root, None) else {
        return Vec::new();
    };
    if object.is_list() {
        return root
            .get("items")
            .into_iter()
            .flat_map(|items| items.items())
            .enumerate()
            .filter_map(|(i, item)| Object::from_node(item, Some(i)))
            .collect();
    }
    vec![object]
}

impl<'d> Object<'d> {
    pub fn from_node(root: NodeRef<'d>, list_index: Option<usize>) -> Option<Object<'d>> {
        let api_version = root.get("apiVersion")?.as_str()?;
        let kind_node = root.get("kind")?;
        let kind = kind_node.as_str()?;
        if kind.is_empty() {
            return None;
        }
        Some(Object {
            root,
            api_version,
            kind,
            kind_node,
            list_index,
        })
    }

    fn is_list(&self) -> bool {
        self.kind.ends_with("List") && self.root.get("items").is_some_and(|i| i.is_sequence())
    }

    /// The API group: `apps` for `apps/v1`, empty for the core group `v1`.
    pub fn group(&self) -> &'d str {
        self.api_version
            .rsplit_once('/')
            .map_or("", |(group, _)| group)
    }

    pub fn metadata(&self) -> Option<NodeRef<'d>> {
        self.root.get("metadata")
    }

    pub fn name(&self) -> Option<&'d str> {
        self.metadata()?.get("name")?.as_str()
    }

    pub fn namespace(&self) -> Option<&'d str> {
        self.metadata()?.get("namespace")?.as_str()
    }

    pub fn labels(&self) -> Option<NodeRef<'d>> {
        self.metadata()?.get("labels")
    }

    pub fn annotation(&self, key: &str) -> Option<NodeRef<'d>> {
        self.metadata()?.get("annotations")?.get(key)
    }

    /// Where to point when something the object should have is missing.
    pub fn kind_span(&self) -> Span {
        self.kind_node.span()
    }

    /// The object's pod specs (none if it runs no pods; several for a
    /// custom resource with several pod templates). Searched on each call:
    /// callers that need them more than once keep the result.
    pub fn pod_specs(&self) -> Vec<PodSpec<'d>> {
        PodSpec::all_of(self)
    }

    /// `Kind/namespace/name` (or `Kind/name`), for messages and JSON output.
    pub fn display_name(&self) -> String {
        match (self.namespace(), self.name()) {
            (Some(ns), Some(name)) => format!("{}/{ns}/{name}", self.kind),
            (None, Some(name)) => format!("{}/{name}", self.kind),
            _ => self.kind.to_owned(),
        }
    }
}
