use super::{report_grants, GrantCheck};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A Role or ClusterRole rule that grants `get`, `list` or `watch` on
    /// `secrets` (also through `verbs: ["*"]`). Rules limited to named
    /// Secrets with `resourceNames` are not reported; `resources: ["*"]` is
    /// reported by `rbac-wildcard`.
    ///
    /// ## Why it matters
    /// Reading Secrets is reading every password, API key and service
    /// account token they hold. `list` and `watch` return the values of all
    /// Secrets in scope, not just their names, and a ClusterRole bound with
    /// a ClusterRoleBinding reaches every namespace, `kube-system` included.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: config-reader}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["configmaps", "secrets"]
    ///   verbs: ["get", "list", "watch"]
    /// ```
    ///
    /// Use instead — read only the Secret the workload needs:
    /// ```yaml pass
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata: {name: config-reader, namespace: shop}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["configmaps"]
    ///   verbs: ["get", "list", "watch"]
    /// - apiGroups: [""]
    ///   resources: ["secrets"]
    ///   resourceNames: ["shop-db"]
    ///   verbs: ["get"]
    /// ```
    ///
    /// ## How to fix
    /// Mount the Secrets a workload needs as volumes instead of reading them
    /// through the API. Where API access is needed, use a namespaced Role
    /// with `resourceNames` and only `get`.
    ///
    /// ## References
    /// - [RBAC good practices: listing Secrets](https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets)
    /// - CIS Kubernetes Benchmark 5.1.2
    pub static RULE = Rule {
        id: "rbac-secrets-access",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Role grants get, list or watch on Secrets",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::KubeLinter.same("access-to-secrets"),
            Tool::Checkov.inspired("CKV2_K8S_5"),
            Tool::Trivy.inspired("KSV-0041"),
            Tool::Trivy.inspired("KSV-0113"),
            Tool::Cis.same("5.1.2"),
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
            targets: &[("", "secrets")],
            verbs: &["get", "list", "watch"],
            skip_named: true,
            consequence: "read the values of Secrets (passwords, keys, tokens)",
            in_role: None,
            help: "mount Secrets as volumes, or limit the rule to `get` with `resourceNames` in a namespaced Role",
        },
    );
}
