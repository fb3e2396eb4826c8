//! Volumes of a pod spec and the mounts of its containers.

use super::{Container, PodSpec};
use crate::source::Span;
use crate::yaml::NodeRef;

/// One entry of `spec.volumes`.
#[derive(Clone, Copy, Debug)]
pub struct Volume<'d> {
    pub node: NodeRef<'d>,
    /// Position in `spec.volumes`.
    pub index: usize,
}

impl<'d> Volume<'d> {
    pub fn name(&self) -> Option<&'d str> {
        self.node.get("name")?.as_str()
    }

    /// `volume "data"` (or `volume #2` without a name), for messages.
    pub fn describe(&self) -> String {
        match self.name() {
            Some(name) => format!("volume \"{name}\""),
            None => format!("volume #{}", self.index + 1),
        }
    }

    /// The volume sources: every key but `name`, with its value
    /// (`hostPath: {path: /var/log}`). A valid volume has exactly one.
    pub fn sources(&self) -> Vec<(NodeRef<'d>, NodeRef<'d>)> {
        self.node
            .entries()
            .into_iter()
            .filter(|(key, value)| key.as_str() != Some("name") && !value.is_null())
            .collect()
    }

    /// The `hostPath` key and its value, if this is a hostPath volume.
    pub fn host_path(&self) -> Option<(NodeRef<'d>, NodeRef<'d>)> {
        self.node
            .get_entry("hostPath")
            .filter(|(_, value)| !value.is_null())
    }

    /// The `path` value of a hostPath volume.
    pub fn host_path_value(&self) -> Option<NodeRef<'d>> {
        self.host_path()?.1.get("path")
    }

    /// Where to point for the volume as a whole: its `name` value.
    pub fn report_span(&self) -> Span {
        self.node.get("name").map_or(self.node.span(), |n| n.span())
    }
}

/// One entry of a container's `volumeMounts`.
#[derive(Clone, Copy, Debug)]
pub struct VolumeMount<'d> {
    pub node: NodeRef<'d>,
    pub index: usize,
}

impl<'d> VolumeMount<'d> {
    /// The volume it mounts (`name`).
    pub fn volume_name(&self) -> Option<&'d str> {
        self.node.get("name")?.as_str()
    }

    pub fn mount_path(&self) -> Option<&'d str> {
        self.node.get("mountPath")?.as_str()
    }

    /// Whether `readOnly` is true (any YAML 1.1 spelling).
    pub fn is_read_only(&self) -> bool {
        self.node.get("readOnly").and_then(|v| v.as_bool()) == Some(true)
    }

    /// Where to point for the mount: its `name` value.
    pub fn report_span(&self) -> Span {
        self.node.get("name").map_or(self.node.span(), |n| n.span())
    }
}

impl<'d> PodSpec<'d> {
    /// The pod's volumes (mapping entries of `spec.volumes`).
    pub fn volumes(&self) -> Vec<Volume<'d>> {
        self.spec
            .get("volumes")
            .into_iter()
            .flat_map(|list| list.items())
            .enumerate()
            .filter(|(_, node)| node.is_mapping())
            .map(|(index, node)| Volume { node, index })
            .collect()
    }

    /// The volume called `name`.
    pub fn volume(&self, name: &str) -> Option<Volume<'d>> {
        self.volumes()
            .into_iter()
            .find(|volume| volume.name() == Some(name))
    }
}

impl<'d> Container<'d> {
    /// The container's volume mounts.
    pub fn volume_mounts(&self) -> Vec<VolumeMount<'d>> {
        self.node
            .get("volumeMounts")
            .into_iter()
            .flat_map(|list| list.items())
            .enumerate()
            .filter(|(_, node)| node.is_mapping())
            .map(|(index, node)| VolumeMount { node, index })
            .collect()
    }
}
