//! Workload reliability (practice 10, disaster recovery): resource
//! requests and limits (which also bound denial of service), health
//! probes, the replica counts and disruption budgets that keep workloads
//! available through node loss and maintenance, and references between
//! objects that point at nothing. Every rule but `resources-missing` is off
//! by default, so security findings stay the default.

crate::rules::family_rules!(Reliability:
    cronjob_deadline_missing,
    deployment_recreate_strategy,
    dns_config_options_missing,
    duplicate_env_var,
    env_ref_missing_object,
    ephemeral_storage_unset,
    hpa_does_not_scale,
    hpa_min_replicas_too_low,
    hpa_target_missing,
    hpa_target_sets_replicas,
    ingress_backend_missing,
    instance_label_mismatch,
    invalid_label_value,
    invalid_port_name,
    job_restart_policy_invalid,
    job_ttl_missing,
    limit_range_missing,
    naked_pod,
    node_affinity_missing,
    pdb_blocks_eviction,
    pdb_eviction_policy_missing,
    pdb_missing,
    pdb_policy_missing,
    priority_class_missing,
    probe_port_not_exposed,
    probes_identical,
    probes_missing,
    replicas_not_spread,
    replicas_too_low,
    requests_not_equal_limits,
    required_metadata,
    resource_quota_missing,
    resources_missing,
    restart_policy_invalid,
    selector_mismatch,
    service_selects_nothing,
    servicemonitor_selects_nothing,
    statefulset_service_missing,
    topology_spread_invalid,
);
mod common;
mod requests;
