//! Kubernetes views over the YAML tree: objects, pod specs, containers and
//! their effective security context. Rules ask these views, not raw trees.

mod container_parts;
pub mod flags;
mod object;
mod pod;
pub mod rbac;
pub mod selectors;
mod volumes;

pub use container_parts::{Handler, PROBES};
pub use object::{objects_in, Object};
pub use pod::{Container, ContainerKind, Level, Place, PodSpec, Setting};
pub use selectors::LabelSelector;
pub use volumes::{Volume, VolumeMount};
