//! Workload reliability (practice 10, disaster recovery): resource
//! requests and limits (which also bound denial of service), health
//! probes, the replica counts and disruption budgets that keep workloads
//! available through node loss and maintenance, and references between
//! objects that point at nothing. Every rule but `resources-missing` is off
//! by default, so security findings stay the default.

crate::rules::family_rules!(Reliability:
    duplicate_env_var,
    hpa_target_missing,
    ingress_backend_missing,
    pdb_blocks_eviction,
    pdb_missing,
    probe_port_not_exposed,
    probes_missing,
    replicas_too_low,
    resources_missing,
    selector_mismatch,
    service_selects_nothing,
);
mod labels;
