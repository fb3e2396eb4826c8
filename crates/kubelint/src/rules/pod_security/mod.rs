//! Risky pod and container security settings (practice 2: no root, no
//! privileged containers), following the Pod Security Standards.

pub mod host_namespaces;
pub mod privilege_escalation_allowed;
pub mod privileged_container;
pub mod run_as_root;
