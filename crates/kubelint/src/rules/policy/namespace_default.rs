use super::report_namespace;
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A namespaced object whose `metadata.namespace` is `default`.
    /// Reported at the value. An object that names no namespace is not
    /// reported: it lands wherever it is applied (`kubectl -n`, Helm's
    /// release namespace, a kustomization's `namespace`), which the
    /// manifest does not decide.
    ///
    /// On by default at `info`: it marks a placement to review rather
    /// than a hole in itself.
    ///
    /// ## Why it matters
    /// The `default` namespace is where everything nobody placed ends up.
    /// It rarely has the Pod Security labels, NetworkPolicies, quotas and
    /// narrow RoleBindings a team's own namespace gets, and whoever may
    /// deploy anything usually may deploy there: workloads in it share a
    /// blast radius with strangers.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata: {name: settings, namespace: default}
    /// data: {mode: production}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata: {name: settings, namespace: shop}
    /// data: {mode: production}
    /// ```
    ///
    /// ## How to fix
    /// Create a namespace per application or team, with its Pod Security
    /// labels, NetworkPolicies and RBAC, and deploy there.
    ///
    /// ## References
    /// - [Namespaces](https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/)
    /// - CIS Kubernetes Benchmark 5.6.4
    pub static RULE = Rule {
        id: "namespace-default",
        severity: Severity::Info,
        default_enabled: true,
        summary: "Object is placed in the default namespace",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::KubeLinter.inspired("use-namespace"),
            Tool::Checkov.inspired("CKV_K8S_21"),
            Tool::Trivy.inspired("KSV-0110"),
            Tool::Cis.inspired("5.6.4"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    report_namespace(
        ctx.object,
        findings,
        "default",
        "is placed in the `default` namespace, which usually lacks the Pod Security labels, NetworkPolicies and narrow RBAC of a team's own",
        "deploy to a namespace of the application's own",
    );
}
