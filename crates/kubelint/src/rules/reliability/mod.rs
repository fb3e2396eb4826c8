//! Workload reliability (practice 10, disaster recovery): resource
//! requests and limits (which also bound denial of service), health
//! probes, the replica counts and disruption budgets that keep workloads
//! available through node loss and maintenance, and references between
//! objects that point at nothing. Every rule but `resources-missing` is off
//! by default, so security findings stay the default.

crate::rules::family_rules!(Reliability:
    cronjob_deadline_missing,
    deployment_recreate_strategy,
    duplicate_env_var,
    env_ref_missing_object,
    hpa_does_not_scale,
    hpa_min_replicas_too_low,
    hpa_target_missing,
    hpa_target_sets_replicas,
    ingress_backend_missing,
    invalid_label_value,
    invalid_port_name,
    job_restart_policy_invalid,
    job_ttl_missing,
    limit_range_missing,
    naked_pod,
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
    resource_quota_missing,
    resources_missing,
    selector_mismatch,
    service_selects_nothing,
    servicemonitor_selects_nothing,
    statefulset_service_missing,
);
mod common;
