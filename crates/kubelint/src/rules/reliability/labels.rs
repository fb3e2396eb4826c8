//! Labels as set rules and reliability rules compare them.

use crate::k8s::Object;
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
