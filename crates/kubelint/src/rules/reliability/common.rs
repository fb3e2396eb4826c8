//! What several reliability rules share: label maps, where the target of
//! a reference may live, and telling fragments from whole pods.

use crate::k8s::{ContainerKind, Object, PodSpec};
use crate::set_index::SetIndex;
use crate::yaml::NodeRef;
use std::collections::BTreeMap;

/// The string entries of a label map (`metadata.labels`, a Service's
/// `selector`); entries whose key or value is not a string are left out,
/// as the API server would reject them.
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

/// The labels of the pods of an object with one pod template (Deployment,
/// StatefulSet, DaemonSet, ReplicaSet, Job).
pub fn pod_labels(object: &Object<'_>) -> BTreeMap<String, String> {
    label_map(object.pod_specs().first().and_then(|pod| pod.labels()))
}

/// Whether an object written with the namespace `written` may live in
/// `namespace` when it is the target of a reference: it says so, or it
/// names no namespace and so lands wherever it is applied (`kubectl -n`, a
/// kustomization's `namespace:`). Set rules that report references to
/// nothing accept such targets, so a base without namespaces does not make
/// an overlay's references dangle.
pub fn may_live_in(index: &SetIndex<'_>, written: Option<&str>, namespace: &str) -> bool {
    written.is_none_or(str::is_empty) || index.namespace_of(written) == namespace
}

/// Whether a pod spec is a fragment rather than a whole pod: a regular
/// container without an `image` (which the API server requires), as in a
/// strategic-merge patch that a kustomization in another directory uses.
/// Rules that say "the API server rejects it" do not judge fragments.
pub fn is_fragment(pod: &PodSpec<'_>) -> bool {
    pod.containers()
        .any(|c| c.kind == ContainerKind::Container && c.get("image").is_none_or(|i| i.is_null()))
}
