use super::claim_templates::claim_templates;
use crate::diagnostic::{Applicability, Severity};
use crate::edit::IntoFix as _;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// An entry of a StatefulSet's `volumeClaimTemplates` whose
    /// `spec.accessModes` has neither `ReadWriteOnce` nor
    /// `ReadWriteOncePod` (at its first other mode, such as
    /// `ReadWriteMany`), or has no access mode at all (at its `spec` key).
    /// Patches are not judged.
    ///
    /// ## Why it matters
    /// Every replica of a StatefulSet gets its own claim, so no replica
    /// needs to share its volume: `ReadWriteOnce` (one node) or
    /// `ReadWriteOncePod` (one pod) is enough. A `ReadWriteMany` volume can
    /// be mounted by any pod on any node that can name the claim, which
    /// widens who can read or corrupt a replica's data, and needs a shared
    /// file system that many storage classes do not provide. A template
    /// without access modes cannot become a claim: the API server requires
    /// at least one.
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
    ///       accessModes: [ReadWriteMany]
    ///       resources:
    ///         requests: {storage: 10Gi}
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
    /// Use `accessModes: [ReadWriteOnce]` (or `ReadWriteOncePod`). The quick
    /// fix rewrites a single other mode to `ReadWriteOnce`; it is unsafe:
    /// the access mode of an existing StatefulSet's templates cannot be
    /// changed in place.
    ///
    /// ## References
    /// - [Access modes](https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes)
    /// - [StatefulSet stable storage](https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-storage)
    pub static RULE = Rule {
        id: "volume-claim-template-access-mode",
        severity: Severity::Info,
        default_enabled: false,
        summary: "StatefulSet volume claim template is not ReadWriteOnce",
        practice: Practice::Backups,
        // kubesec rewards ReadWriteOnce only; ReadWriteOncePod, stricter,
        // passes here.
        equivalents: &[Tool::Kubesec.inspired("VolumeClaimAccessModeReadWriteOnce")],
        fix: Some(Applicability::Unsafe),
        check: Check::Object(check),
    };
}

const SINGLE_WRITER: [&str; 2] = ["ReadWriteOnce", "ReadWriteOncePod"];

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    for template in claim_templates(ctx.object) {
        let modes = template
            .spec
            .and_then(|spec| spec.get("accessModes"))
            .filter(|m| m.is_sequence() && m.items().len() > 0);
        let Some(modes) = modes else {
            findings
                .report(
                    template.missing_span("accessModes"),
                    format!(
                        "{} has no accessModes: the claims of its replicas cannot be created",
                        template.describe()
                    ),
                )
                .help("set `spec.accessModes: [ReadWriteOnce]`");
            continue;
        };
        if modes
            .items()
            .any(|m| m.as_str().is_some_and(|m| SINGLE_WRITER.contains(&m)))
        {
            continue;
        }
        let Some(first) = modes.items().next() else { continue };
        let fix = (modes.items().len() == 1)
            .then(|| crate::edit::replace_scalar(first, "ReadWriteOnce"))
            .flatten();
        findings
            .report_at(
                first,
                format!(
                    "{} asks for {} but not ReadWriteOnce: each replica has its own claim, so sharing the volume across nodes only widens who can mount it",
                    template.describe(),
                    first.text().unwrap_or("another access mode")
                ),
            )
            .help("use `accessModes: [ReadWriteOnce]` (or ReadWriteOncePod)")
            .fix(fix.into_fix("Use ReadWriteOnce", Applicability::Unsafe));
    }
}
