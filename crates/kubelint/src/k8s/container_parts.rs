//! Parts of a container rules look into: ports, probes and lifecycle
//! handlers, resources, and security settings nested below the
//! `securityContext` (`seccompProfile.type`, `capabilities.add`).

use super::{Container, ContainerKind, Level, PodSpec, Setting};
use crate::yaml::NodeRef;

/// The probes of a container, by field name.
pub const PROBES: &[&str] = &["livenessProbe", "readinessProbe", "startupProbe"];

/// A probe or lifecycle hook: `livenessProbe` or `lifecycle.preStop`.
#[derive(Clone, Copy, Debug)]
pub struct Handler<'d> {
    /// Where it sits in the container, e.g. `lifecycle.postStart`.
    pub field: &'static str,
    pub node: NodeRef<'d>,
}

impl<'d> Container<'d> {
    /// The port mappings of `ports`.
    pub fn ports(&self) -> Vec<NodeRef<'d>> {
        self.node
            .get("ports")
            .into_iter()
            .flat_map(|list| list.items())
            .filter(|port| port.is_mapping())
            .collect()
    }

    /// The probes and lifecycle hooks that are set, in field order.
    pub fn handlers(&self) -> Vec<Handler<'d>> {
        let mut out = Vec::new();
        for field in PROBES {
            if let Some(node) = self.node.get(field).filter(|n| n.is_mapping()) {
                out.push(Handler { field, node });
            }
        }
        if let Some(lifecycle) = self.node.get("lifecycle") {
            for (hook, field) in [
                ("postStart", "lifecycle.postStart"),
                ("preStop", "lifecycle.preStop"),
            ] {
                if let Some(node) = lifecycle.get(hook).filter(|n| n.is_mapping()) {
                    out.push(Handler { field, node });
                }
            }
        }
        out
    }

    /// An init container with `restartPolicy: Always`: a sidecar that runs
    /// for the pod's whole life.
    pub fn is_sidecar(&self) -> bool {
        self.kind == ContainerKind::Init
            && self.node.get("restartPolicy").and_then(|v| v.as_str()) == Some("Always")
    }

    /// A setting below the container's `securityContext`
    /// (`["seccompProfile", "type"]`), ignoring explicit nulls.
    pub fn own_path(&self, path: &[&str]) -> Option<NodeRef<'d>> {
        self.security_context()?.path(path).filter(|v| !v.is_null())
    }

    /// The effective value of a nested setting that exists at pod and
    /// container level: the container's wins over the pod's.
    pub fn effective_path(&self, path: &[&str]) -> Option<Setting<'d>> {
        if let Some(value) = self.own_path(path) {
            return Some(Setting {
                value,
                level: Level::Container,
            });
        }
        self.pod.security_path(path).map(|value| Setting {
            value,
            level: Level::Pod,
        })
    }

    /// The container's `securityContext.capabilities` mapping.
    pub fn capabilities(&self) -> Option<NodeRef<'d>> {
        self.own_setting("capabilities").filter(|c| c.is_mapping())
    }
}

impl<'d> PodSpec<'d> {
    /// A setting below the pod's `securityContext`, ignoring explicit nulls.
    pub fn security_path(&self, path: &[&str]) -> Option<NodeRef<'d>> {
        self.security_context()?.path(path).filter(|v| !v.is_null())
    }

    /// Whether `key` (`hostNetwork`, `hostUsers`, …) is set to `value`.
    pub fn flag_is(&self, key: &str, value: bool) -> bool {
        self.get(key).and_then(|v| v.as_bool()) == Some(value)
    }

    /// An annotation of the pod template (or the pod).
    pub fn annotation(&self, key: &str) -> Option<NodeRef<'d>> {
        self.metadata?.get("annotations")?.get(key)
    }

    /// The annotations of the pod template (or the pod), as written.
    pub fn annotations(&self) -> Vec<(NodeRef<'d>, NodeRef<'d>)> {
        self.metadata
            .and_then(|m| m.get("annotations"))
            .map(|a| a.entries())
            .unwrap_or_default()
    }
}
