use super::{only_deletes, report_grants_by, GrantCheck};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A Role or ClusterRole rule that grants `create`, `update`, `patch`,
    /// `delete` or `deletecollection` on `configmaps`. Rules limited with
    /// `resourceNames` are not reported (the EKS `aws-auth` ConfigMap is
    /// `rbac-eks-aws-auth`'s business).
    ///
    /// Off by default: controllers and pipelines write ConfigMaps all the
    /// time (leader election used them until Kubernetes 1.20).
    ///
    /// ## Why it matters
    /// ConfigMaps configure workloads and cluster components: an entry
    /// point script, a proxy's routing table, the CoreDNS `Corefile`, and on
    /// EKS the `aws-auth` map of IAM identities to Kubernetes groups. A
    /// ClusterRole that writes ConfigMaps, bound cluster-wide, can rewrite
    /// all of them; in `kube-system` that reaches the cluster's own
    /// configuration.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: config-writer}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["configmaps"]
    ///   verbs: ["get", "update", "patch"]
    /// ```
    ///
    /// Use instead — write the one ConfigMap the workload owns:
    /// ```yaml pass
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata: {name: config-writer, namespace: shop}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["configmaps"]
    ///   resourceNames: ["shop-feature-flags"]
    ///   verbs: ["get", "update", "patch"]
    /// ```
    ///
    /// ## How to fix
    /// Use a namespaced Role limited with `resourceNames`; use Leases
    /// (`coordination.k8s.io`) for leader election.
    ///
    /// ## References
    /// - [ConfigMaps](https://kubernetes.io/docs/concepts/configuration/configmap/)
    pub static RULE = Rule {
        id: "rbac-manage-configmaps",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Role can create, change or delete ConfigMaps",
        practice: Practice::Rbac,
        equivalents: &[Tool::Trivy.inspired("KSV-0049")],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    report_grants_by(
        ctx,
        findings,
        &GrantCheck {
            targets: &[("", "configmaps")],
            verbs: &["create", "update", "patch", "delete", "deletecollection"],
            skip_named: true,
            consequence: "rewrite the configuration of workloads and cluster components in every namespace, `kube-system` (CoreDNS, EKS `aws-auth`) included",
            in_role: Some("rewrite the configuration of the workloads of {ns}"),
            help: "limit the rule with `resourceNames` in a namespaced Role, and use Leases for leader election",
        },
        |verbs| {
            only_deletes(verbs).then_some((
                "delete the configuration of workloads and cluster components in every namespace",
                "delete the configuration of the workloads of {ns}",
            ))
        },
    );
}
