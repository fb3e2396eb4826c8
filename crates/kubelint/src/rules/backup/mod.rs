//! Backups and disaster recovery (practices 8 and 10): backup schedules
//! for stateful data, and the replica counts and disruption budgets that
//! keep workloads available through node loss and maintenance.

pub mod backup_schedule_missing;
pub mod pdb_missing;
pub mod replicas_too_low;
