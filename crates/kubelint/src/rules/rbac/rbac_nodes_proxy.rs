use super::{report_grants, GrantCheck};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A Role or ClusterRole rule that grants any of `get`, `create`,
    /// `update`, `patch` or `delete` on `nodes/proxy`.
    ///
    /// ## Why it matters
    /// `nodes/proxy` reaches the kubelet API of every node through the API
    /// server. The kubelet API can list pods, read logs and run commands in
    /// any container on the node, and those calls bypass admission control
    /// and are not audited as pod exec. Monitoring charts often ask for it
    /// to scrape kubelet metrics, which `nodes/metrics` also serves.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: prometheus}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["nodes", "nodes/proxy"]
    ///   verbs: ["get", "list", "watch"]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: prometheus}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["nodes", "nodes/metrics"]
    ///   verbs: ["get", "list", "watch"]
    /// ```
    ///
    /// ## How to fix
    /// Use `nodes/metrics`, `nodes/stats` or `nodes/log` for the data you
    /// need, and keep `nodes/proxy` for cluster administrators.
    ///
    /// ## References
    /// - [Kubelet authorization](https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/#kubelet-authorization)
    /// - CIS Kubernetes Benchmark 5.1.10
    pub static RULE = Rule {
        id: "rbac-nodes-proxy",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Role grants access to nodes/proxy (the kubelet API)",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::Checkov.inspired("CKV2_K8S_2"),
            Tool::Trivy.same("KSV-0047"),
            Tool::Cis.same("5.1.10"),
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
            targets: &[("", "nodes/proxy")],
            verbs: &["get", "create", "update", "patch", "delete"],
            skip_named: false,
            consequence: "call the kubelet API and run commands in any container on the nodes",
            in_role: None,
            help: "use `nodes/metrics`, `nodes/stats` or `nodes/log` for the data you need",
        },
    );
}
