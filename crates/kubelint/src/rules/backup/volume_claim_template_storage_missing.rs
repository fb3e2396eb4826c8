use super::claim_templates::claim_templates;
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// An entry of a StatefulSet's `volumeClaimTemplates` without
    /// `spec.resources.requests.storage`. The finding points at the
    /// template's `resources` key, or its `spec` key when it has no
    /// `resources`. Patches are not judged.
    ///
    /// ## Why it matters
    /// The StatefulSet controller creates one PersistentVolumeClaim per
    /// replica from the template, and the API server refuses a claim
    /// without a storage request: the replicas never get their volumes and
    /// never start.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: StatefulSet
    /// metadata: {name: db}
    /// spec:
    ///   serviceName: db
    ///   selector: {matchLabels: {app: db}}
    ///   template:
    ///     metadata: {labels: {app: db}}
    ///     spec:
    ///       containers:
    ///       - {name: db, image: registry.example.com/db:16.2}
    ///   volumeClaimTemplates:
    ///   - metadata: {name: data}
    ///     spec:
    ///       accessModes: [ReadWriteOnce]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: StatefulSet
    /// metadata: {name: db}
    /// spec:
    ///   serviceName: db
    ///   selector: {matchLabels: {app: db}}
    ///   template:
    ///     metadata: {labels: {app: db}}
    ///     spec:
    ///       containers:
    ///       - {name: db, image: registry.example.com/db:16.2}
    ///   volumeClaimTemplates:
    ///   - metadata: {name: data}
    ///     spec:
    ///       accessModes: [ReadWriteOnce]
    ///       resources:
    ///         requests: {storage: 10Gi}
    /// ```
    ///
    /// ## How to fix
    /// Set `spec.resources.requests.storage` of each template to the size
    /// each replica needs (`10Gi`).
    ///
    /// ## References
    /// - [StatefulSet stable storage](https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-storage)
    /// - [PersistentVolumeClaims](https://kubernetes.io/docs/concepts/storage/persistent-volumes/#persistentvolumeclaims)
    pub static RULE = Rule {
        id: "volume-claim-template-storage-missing",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "StatefulSet volume claim template requests no storage",
        practice: Practice::Backups,
        equivalents: &[Tool::Kubesec.same("VolumeClaimRequestsStorage")],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    for template in claim_templates(ctx.object) {
        let storage = template
            .spec
            .and_then(|spec| spec.path(&["resources", "requests", "storage"]))
            .filter(|s| !s.is_null());
        if storage.is_some() {
            continue;
        }
        findings
            .report(
                template.missing_span("resources"),
                format!(
                    "{} requests no storage: the claims of its replicas cannot be created, so the pods never start",
                    template.describe()
                ),
            )
            .help("set `spec.resources.requests.storage` (e.g. `10Gi`)");
    }
}
