use super::{images, input, pod_security, reliability, secrets, Rule};

/// Every rule, sorted by id. Adding a rule means adding it here; the
/// registry test fails if the list is unsorted or an id repeats.
static RULES: &[&Rule] = &[
    &pod_security::apparmor_unconfined::RULE,
    &pod_security::automount_service_account_token::RULE,
    &pod_security::capabilities_added::RULE,
    &pod_security::capabilities_not_dropped::RULE,
    &pod_security::dangerous_capabilities::RULE,
    &input::duplicate_key::RULE,
    &pod_security::host_namespaces::RULE,
    &pod_security::host_path_volume::RULE,
    &pod_security::host_port::RULE,
    &pod_security::host_probes_lifecycle::RULE,
    &images::image_pull_policy_not_always::RULE,
    &input::invalid_config::RULE,
    &input::invalid_yaml::RULE,
    &images::latest_image_tag::RULE,
    &secrets::plaintext_secret::RULE,
    &pod_security::privilege_escalation_allowed::RULE,
    &pod_security::privileged_container::RULE,
    &pod_security::privileged_port::RULE,
    &reliability::probes_missing::RULE,
    &pod_security::proc_mount_unmasked::RULE,
    &pod_security::read_only_root_filesystem::RULE,
    &reliability::resources_missing::RULE,
    &pod_security::restricted_volume_types::RULE,
    &pod_security::run_as_root::RULE,
    &pod_security::seccomp_profile_missing::RULE,
    &pod_security::seccomp_unconfined::RULE,
    &secrets::secret_in_env::RULE,
    &pod_security::selinux_custom_options::RULE,
    &pod_security::sensitive_host_path::RULE,
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
