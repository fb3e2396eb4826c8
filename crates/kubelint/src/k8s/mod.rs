//! Kubernetes views over the YAML tree: objects, pod specs, containers and
//! their effective security context. Rules ask these views, not raw trees.

mod container_parts;
pub mod flags;
mod object;
mod pod;
mod quantity;
pub mod rbac;
pub mod selectors;
mod version;
mod volumes;

pub use container_parts::{Handler, PROBES};
pub use object::{objects_in, Object};
pub use pod::{Container, ContainerKind, Level, Place, PodSpec, Setting};
pub use quantity::Quantity;
pub use selectors::{label_map, LabelSelector};
pub use version::KubernetesVersion;
pub use volumes::{Volume, VolumeMount};

/// Every object `kubectl apply -f` would send from a file's `text`, as
/// JSON, in file order: framing, YAML decoding and List flattening as
/// kubelint reads them (the same reading every rule sees). Objects
/// Kubernetes could not decode, and documents that do not parse, are left
/// out. For differential tests against a reference decoder and for
/// debugging a manifest's reading.
pub fn objects_as_json(text: &str, limits: &crate::yaml::Limits) -> Vec<serde_json::Value> {
    use crate::yaml::{parse_chunk, split_documents};
    let start = crate::source::bom_len(text);
    let mut out = Vec::new();
    let chunks = split_documents(text, start);
    for (index, chunk) in chunks.iter().filter(|c| c.has_content).enumerate() {
        if chunk.framing.is_some_and(|f| f.kubectl_skips_chunk()) {
            continue;
        }
        let doc = parse_chunk(text, chunk, index, limits);
        if doc.is_broken() {
            continue;
        }
        out.extend(objects_in(&doc).iter().filter_map(|o| o.to_json().ok()));
    }
    out
}
