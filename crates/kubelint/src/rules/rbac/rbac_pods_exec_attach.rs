use super::{report_grants, GrantCheck};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A Role or ClusterRole rule that grants `create` or `get` on
    /// `pods/exec` or `pods/attach` (or `*/exec`, `*/attach`). `get` counts
    /// because exec over WebSockets is authorized as `get`.
    ///
    /// ## Why it matters
    /// Exec and attach run commands inside a running container, with its
    /// service account token, its mounted Secrets and its network access.
    /// Whoever holds this permission holds everything every pod in scope
    /// holds.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata: {name: debugger, namespace: shop}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["pods", "pods/exec"]
    ///   verbs: ["get", "create"]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata: {name: debugger, namespace: shop}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["pods", "pods/log"]
    ///   verbs: ["get", "list"]
    /// ```
    ///
    /// ## How to fix
    /// Give exec only to break-glass roles bound for a limited time. For
    /// day-to-day debugging, logs (`pods/log`) and ephemeral debug
    /// containers under an audited process are safer.
    ///
    /// ## References
    /// - [RBAC good practices](https://kubernetes.io/docs/concepts/security/rbac-good-practices/)
    pub static RULE = Rule {
        id: "rbac-pods-exec-attach",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Role allows exec or attach into pods",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::Polaris.inspired("clusterrolePodExecAttach"),
            Tool::Polaris.inspired("rolePodExecAttach"),
            Tool::Polaris.inspired("clusterrolebindingPodExecAttach"),
            Tool::Polaris.inspired("rolebindingClusterRolePodExecAttach"),
            Tool::Polaris.inspired("rolebindingRolePodExecAttach"),
            Tool::Checkov.inspired("CKV2_K8S_2"),
            Tool::Trivy.inspired("KSV-0053"),
            Tool::Trivy.inspired("KSV-0054"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    report_grants(
        ctx,
        findings,
        &GrantCheck {
            targets: &[("", "pods/exec"), ("", "pods/attach")],
            verbs: &["create", "get"],
            skip_named: false,
            consequence: "run commands in containers and use their tokens and Secrets",
            in_role: None,
            help: "keep exec and attach for time-limited break-glass roles; use `pods/log` for debugging",
        },
    );
}
