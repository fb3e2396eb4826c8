//! Backups (practice 8): backup schedules for stateful data, and the
//! claims a StatefulSet creates for it.

crate::rules::family_rules!(Backup:
    backup_schedule_missing,
    volume_claim_template_access_mode,
    volume_claim_template_storage_missing,
);
mod claim_templates;
