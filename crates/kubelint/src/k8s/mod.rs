//! Kubernetes views over the YAML tree: objects, pod specs, containers and
//! their effective security context. Rules ask these views, not raw trees.

mod object;
mod pod;

pub use object::{objects_in, Object};
pub use pod::{Container, ContainerKind, Level, PodSpec, Setting};
