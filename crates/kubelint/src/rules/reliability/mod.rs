//! Workload reliability (practice 10, disaster recovery): resource
//! requests and limits (which also bound denial of service), health
//! probes, and the replica counts and disruption budgets that keep
//! workloads available through node loss and maintenance.

crate::rules::family_rules!(Reliability:
    pdb_missing,
    probes_missing,
    replicas_too_low,
    resources_missing,
);
