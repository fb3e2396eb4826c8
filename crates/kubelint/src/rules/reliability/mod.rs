//! Workload reliability: resource requests and limits, health probes
//! (practice 10; resource limits also bound denial of service).

pub mod probes_missing;
pub mod resources_missing;
