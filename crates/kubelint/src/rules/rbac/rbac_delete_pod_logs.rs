use super::{report_grants, GrantCheck};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A Role or ClusterRole rule that grants `delete` or
    /// `deletecollection` on `pods/log` (also through `verbs: ["*"]`).
    ///
    /// Off by default, at `info`: the API server serves only `get` on
    /// `pods/log`, so the grant lets nobody delete logs today. It says the
    /// role's author meant to allow erasing evidence, and it is reported
    /// for teams migrating from Trivy, which flags it.
    ///
    /// ## Why it matters
    /// Container logs are the first record of an intrusion. A role meant to
    /// erase them should be reviewed; the real ways to lose a pod's logs
    /// are deleting the pod (`delete` on `pods`) and access to the node.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: log-janitor}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["pods/log"]
    ///   verbs: ["get", "delete"]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: log-reader}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["pods/log"]
    ///   verbs: ["get"]
    /// ```
    ///
    /// ## How to fix
    /// Remove `delete` and `deletecollection`; ship logs to a store the
    /// cluster's users cannot write.
    ///
    /// ## References
    /// - [Logging architecture](https://kubernetes.io/docs/concepts/cluster-administration/logging/)
    pub static RULE = Rule {
        id: "rbac-delete-pod-logs",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Role grants delete on pod logs",
        practice: Practice::AuditLogs,
        equivalents: &[Tool::Trivy.same("KSV-0042")],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    report_grants(
        ctx,
        findings,
        &GrantCheck {
            targets: &[("", "pods/log")],
            verbs: &["delete", "deletecollection"],
            skip_named: false,
            consequence: "erase container logs, were the API to allow it (it serves only `get` on `pods/log`)",
            in_role: Some("erase the container logs of {ns}, were the API to allow it (it serves only `get` on `pods/log`)"),
            help: "remove `delete` and `deletecollection` on `pods/log`",
        },
    );
}
