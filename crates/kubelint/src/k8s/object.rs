use super::pod::PodSpec;
use crate::source::Span;
use crate::yaml::{Document, NodeRef};

/// One Kubernetes object: a mapping with string `apiVersion` and `kind`.
#[derive(Clone, Copy, Debug)]
pub struct Object<'d> {
    pub root: NodeRef<'d>,
    pub api_version: &'d str,
    pub kind: &'d str,
    /// The `kind` value: where findings about something missing point (for
    /// a list item that inherits its kind, the item's first key).
    pub kind_node: NodeRef<'d>,
    /// Position in a `kind: List`, if it came from one.
    pub list_index: Option<usize>,
    /// A strategic-merge patch: the object comes from a file that a
    /// kustomization lists under `patches`, `patchesStrategicMerge` or
    /// `patchesJson6902`. It is partial: rules judge the fields it sets and
    /// say nothing about the ones it leaves out, which the object it
    /// patches has (or lacks) on its own.
    pub patch: bool,
}

/// The objects of a document, as `kubectl apply` flattens it: the document
/// itself, or, if it has an `items` field, the items of that list — any
/// kind with `items` is a list to Kubernetes (`kind: Pod` included), and
/// items without both `kind` and `apiVersion` take the list's apiVersion
/// and its kind without the `List` suffix (`PodList` items are Pods).
/// kubectl refuses a list inside a list; kubelint flattens it too
/// (stricter: its objects are linted).
pub fn objects_in<'d>(doc: &'d Document<'d>) -> Vec<Object<'d>> {
    let mut out = Vec::new();
    if let Some(root) = doc.root() {
        collect(root, None, None, &mut out, 0);
    }
    out
}

/// Lists nest at most this deep before their items are left alone.
const MAX_LIST_DEPTH: usize = 16;

fn collect<'d>(
    node: NodeRef<'d>,
    inherited: Option<(&'d str, &'d str)>,
    list_index: Option<usize>,
    out: &mut Vec<Object<'d>>,
    depth: usize,
) {
    let items = node
        .get("items")
        .filter(|items| items.is_sequence() || items.is_null());
    match items {
        Some(items) if depth < MAX_LIST_DEPTH => {
            let api_version = node
                .get("apiVersion")
                .and_then(|v| v.as_str())
                .unwrap_or("");
            let kind = node.get("kind").and_then(|k| k.as_str()).unwrap_or("");
            let item_kind = kind.strip_suffix("List").unwrap_or(kind);
            for (i, item) in items.items().enumerate() {
                if item.is_mapping() {
                    collect(
                        item,
                        Some((api_version, item_kind)),
                        Some(i),
                        out,
                        depth + 1,
                    );
                }
            }
        }
        _ => out.extend(Object::from_node_in_list(node, inherited, list_index)),
    }
}

impl<'d> Object<'d> {
    pub fn from_node(root: NodeRef<'d>, list_index: Option<usize>) -> Option<Object<'d>> {
        Object::from_node_in_list(root, None, list_index)
    }

    /// An object, or a list item that takes `inherited` (apiVersion, kind)
    /// when it has neither of its own.
    fn from_node_in_list(
        root: NodeRef<'d>,
        inherited: Option<(&'d str, &'d str)>,
        list_index: Option<usize>,
    ) -> Option<Object<'d>> {
        // unstructured's GetKind/GetAPIVersion: "" unless a string.
        let text = |key: &str| root.get(key).and_then(|v| v.as_str()).unwrap_or("");
        let (own_api, own_kind) = (text("apiVersion"), text("kind"));
        let (api_version, kind, kind_node) = match inherited {
            // Neither of its own: the item takes the list's, whatever the
            // fields held (kubectl sets them).
            Some((api_version, kind)) if own_api.is_empty() && own_kind.is_empty() => {
                // Findings about something missing point at the item's
                // first key: it has no `kind` of its own.
                let (first_key, _) = root.raw_entries().next()?;
                (api_version, kind, first_key)
            }
            _ => (own_api, own_kind, root.get("kind")?),
        };
        if kind.is_empty() || api_version.is_empty() {
            return None;
        }
        Some(Object {
            root,
            api_version,
            kind,
            kind_node,
            list_index,
            patch: false,
        })
    }

    /// The object as the JSON `kubectl apply` sends (see
    /// [`NodeRef::to_json`]), with the kind and apiVersion a list item
    /// inherits.
    ///
    /// # Errors
    /// When Kubernetes cannot decode the object.
    pub fn to_json(self) -> Result<serde_json::Value, crate::yaml::NotJson> {
        let mut json = self.root.to_json()?;
        if let serde_json::Value::Object(fields) = &mut json {
            fields.insert("apiVersion".into(), self.api_version.into());
            fields.insert("kind".into(), self.kind.into());
        }
        Ok(json)
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

#[cfg(test)]
mod tests {
    use super::objects_in;
    use crate::yaml::{parse_document, Limits};

    fn kinds(text: &str) -> Vec<(String, String)> {
        let doc = parse_document(
            text,
            crate::source::Span::new(0, text.len() as u32),
            0,
            &Limits::default(),
        );
        objects_in(&doc)
            .iter()
            .map(|o| (o.api_version.to_owned(), o.kind.to_owned()))
            .collect()
    }

    /// Each case checked with `kubectl annotate --local -o json` (1.32).
    #[test]
    fn lists_flatten_like_kubectl() {
        // Any object with `items` is a list; its items are the objects.
        assert_eq!(
            kinds("apiVersion: v1\nkind: Pod\nitems:\n- metadata: {name: a}\n"),
            [("v1".into(), "Pod".into())]
        );
        // Typed list items inherit only when they have neither field, and a
        // field that is not a string counts as absent (it is overwritten).
        assert_eq!(
            kinds("apiVersion: v1\nkind: PodList\nitems:\n- {kind: {x: 1}, apiVersion: [1]}\n- {apiVersion: apps/v1, kind: Deployment}\n- {kind: Secret}\n"),
            [("v1".into(), "Pod".into()), ("apps/v1".into(), "Deployment".into())]
        );
        // `items: null` is an empty list.
        assert!(kinds("apiVersion: v1\nkind: Pod\nitems:\nspec: {}\n").is_empty());
    }
}
