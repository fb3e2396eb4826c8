//! Risky pod and container security settings (practice 2: no root, no
//! privileged containers), following the Pod Security Standards.

mod capabilities;
mod host_paths;
mod required_setting;

crate::rules::family_rules!(PodSecurity:
    apparmor_profile_missing,
    apparmor_unconfined,
    automount_service_account_token,
    capabilities_added,
    capabilities_not_dropped,
    dangerous_capabilities,
    host_aliases,
    host_namespaces,
    host_path_volume,
    host_port,
    host_probes_lifecycle,
    privilege_escalation_allowed,
    privileged_container,
    privileged_port,
    proc_mount_unmasked,
    read_only_root_filesystem,
    restricted_volume_types,
    run_as_low_uid,
    run_as_root,
    run_as_root_group,
    seccomp_profile_missing,
    seccomp_unconfined,
    security_context_missing,
    selinux_custom_options,
    sensitive_host_path,
    unsafe_sysctls,
    user_namespaces_not_used,
    windows_host_process,
    writable_host_mount,
);
