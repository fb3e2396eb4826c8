//! Risky pod and container security settings (practice 2: no root, no
//! privileged containers), following the Pod Security Standards.

mod capabilities;
mod host_paths;

pub mod apparmor_unconfined;
pub mod automount_service_account_token;
pub mod capabilities_added;
pub mod capabilities_not_dropped;
pub mod dangerous_capabilities;
pub mod host_namespaces;
pub mod host_path_volume;
pub mod host_port;
pub mod host_probes_lifecycle;
pub mod privilege_escalation_allowed;
pub mod privileged_container;
pub mod privileged_port;
pub mod proc_mount_unmasked;
pub mod read_only_root_filesystem;
pub mod restricted_volume_types;
pub mod run_as_root;
pub mod seccomp_profile_missing;
pub mod seccomp_unconfined;
pub mod selinux_custom_options;
pub mod sensitive_host_path;
pub mod unsafe_sysctls;
pub mod user_namespaces_not_used;
pub mod windows_host_process;
pub mod writable_host_mount;
