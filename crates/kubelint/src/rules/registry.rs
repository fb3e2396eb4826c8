use super::{
    backup, control_plane, images, input, network, pod_security, policy, rbac, reliability,
    secrets, Rule,
};

/// Every rule, sorted by id. Adding a rule means adding it here; the
/// registry test fails if the list is unsorted or an id repeats.
static RULES: &[&Rule] = &[
    &control_plane::apiserver_anonymous_auth::RULE,
    &control_plane::apiserver_audit_log::RULE,
    &control_plane::apiserver_audit_policy_missing::RULE,
    &control_plane::apiserver_encryption_config_missing::RULE,
    &control_plane::apiserver_etcd_tls::RULE,
    &control_plane::apiserver_hardening_flags::RULE,
    &control_plane::apiserver_insecure_flags::RULE,
    &pod_security::apparmor_unconfined::RULE,
    &control_plane::audit_policy_coverage::RULE,
    &pod_security::automount_service_account_token::RULE,
    &backup::backup_schedule_missing::RULE,
    &rbac::binding_grants_wildcard_role::RULE,
    &rbac::binding_to_system_group::RULE,
    &pod_security::capabilities_added::RULE,
    &pod_security::capabilities_not_dropped::RULE,
    &rbac::cluster_admin_binding::RULE,
    &secrets::configmap_contains_secret::RULE,
    &control_plane::controller_manager_flags::RULE,
    &pod_security::dangerous_capabilities::RULE,
    &rbac::default_service_account::RULE,
    &policy::deprecated_api_version::RULE,
    &rbac::deprecated_service_account_field::RULE,
    &input::duplicate_key::RULE,
    &secrets::encryption_provider_weak::RULE,
    &control_plane::etcd_tls::RULE,
    &pod_security::host_namespaces::RULE,
    &pod_security::host_path_volume::RULE,
    &pod_security::host_port::RULE,
    &pod_security::host_probes_lifecycle::RULE,
    &images::image_not_pinned_by_digest::RULE,
    &images::image_pull_policy_not_always::RULE,
    &images::image_registry_not_allowed::RULE,
    &network::ingress_tls_missing::RULE,
    &input::invalid_config::RULE,
    &input::invalid_yaml::RULE,
    &images::latest_image_tag::RULE,
    &network::mesh_mtls_not_strict::RULE,
    &network::namespace_missing_default_deny::RULE,
    &network::netpol_allow_all::RULE,
    &network::netpol_selects_nothing::RULE,
    &backup::pdb_missing::RULE,
    &secrets::plaintext_secret::RULE,
    &network::pod_not_selected_by_netpol::RULE,
    &pod_security::privilege_escalation_allowed::RULE,
    &pod_security::privileged_container::RULE,
    &pod_security::privileged_port::RULE,
    &reliability::probes_missing::RULE,
    &pod_security::proc_mount_unmasked::RULE,
    &policy::psa_namespace_label_missing::RULE,
    &rbac::bind_escalate::RULE,
    &rbac::create_workloads::RULE,
    &rbac::csr_approve::RULE,
    &rbac::impersonate::RULE,
    &rbac::nodes_proxy::RULE,
    &rbac::pods_exec_attach::RULE,
    &rbac::sa_token_create::RULE,
    &rbac::secrets_access::RULE,
    &rbac::webhook_config::RULE,
    &rbac::wildcard::RULE,
    &pod_security::read_only_root_filesystem::RULE,
    &backup::replicas_too_low::RULE,
    &reliability::resources_missing::RULE,
    &pod_security::restricted_volume_types::RULE,
    &pod_security::run_as_root::RULE,
    &control_plane::scheduler_flags::RULE,
    &pod_security::seccomp_profile_missing::RULE,
    &pod_security::seccomp_unconfined::RULE,
    &secrets::secret_as_env_var::RULE,
    &secrets::secret_in_env::RULE,
    &pod_security::selinux_custom_options::RULE,
    &pod_security::sensitive_host_path::RULE,
    &rbac::service_account_not_found::RULE,
    &network::service_external_ips::RULE,
    &network::service_type_exposed::RULE,
    &network::ssh_port_exposed::RULE,
    &input::unreadable_file::RULE,
    &pod_security::unsafe_sysctls::RULE,
    &input::unused_suppression::RULE,
    &pod_security::user_namespaces_not_used::RULE,
    &pod_security::windows_host_process::RULE,
    &pod_security::writable_host_mount::RULE,
];

/// All rules, sorted by id.
pub fn all() -> &'static [&'static Rule] {
    RULES
}

/// The rule with this id.
pub fn by_id(id: &str) -> Option<&'static Rule> {
    RULES
        .binary_search_by(|rule| rule.id.cmp(id))
        .ok()
        .map(|i| RULES[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_sorted_unique_and_kebab_case() {
        for pair in RULES.windows(2) {
            assert!(
                pair[0].id < pair[1].id,
                "{} must sort before {}",
                pair[0].id,
                pair[1].id
            );
        }
        for rule in RULES {
            assert!(
                rule.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                rule.id
            );
            assert_eq!(by_id(rule.id).map(|r| r.id), Some(rule.id));
        }
    }
}
