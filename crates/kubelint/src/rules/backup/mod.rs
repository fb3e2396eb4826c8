//! Backups (practice 8): backup schedules for stateful data.

crate::rules::family_rules!(Backup:
    backup_schedule_missing,
);
