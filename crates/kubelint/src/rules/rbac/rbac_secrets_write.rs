use super::{only_deletes, report_grants_by, GrantCheck};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A Role or ClusterRole rule that grants `create`, `update`, `patch`,
    /// `delete` or `deletecollection` on `secrets` (also through
    /// `verbs: ["*"]`). Rules limited with `resourceNames` are not
    /// reported; reading Secrets is `rbac-secrets-access`'s business, and
    /// `resources: ["*"]` is `rbac-wildcard`'s.
    ///
    /// ## Why it matters
    /// Creating a Secret of type `kubernetes.io/service-account-token` that
    /// names a ServiceAccount makes the control plane fill it with a
    /// long-lived token of that account: a subject that may create Secrets
    /// can act as any service account in reach, the most privileged
    /// included, without being able to read a single existing Secret.
    /// Updating Secrets replaces the certificates, passwords and keys that
    /// workloads load; deleting them takes workloads down.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata: {name: deployer, namespace: shop}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["secrets"]
    ///   verbs: ["create", "update"]
    /// ```
    ///
    /// Use instead — update only the Secret the job rotates:
    /// ```yaml pass
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata: {name: deployer, namespace: shop}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["secrets"]
    ///   resourceNames: ["shop-tls"]
    ///   verbs: ["update"]
    /// ```
    ///
    /// ## How to fix
    /// Let an external secret operator or the GitOps pipeline write
    /// Secrets. Where a workload must rotate one, limit the rule with
    /// `resourceNames` to `update` of that Secret.
    ///
    /// ## References
    /// - [Manually create a long-lived API token for a ServiceAccount](https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#manually-create-an-api-token-for-a-serviceaccount)
    /// - [RBAC good practices: workload creation](https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation)
    pub static RULE = Rule {
        id: "rbac-secrets-write",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Role can create, change or delete Secrets",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::Trivy.inspired("KSV-0041"),
            Tool::Trivy.inspired("KSV-0113"),
            Tool::Cis.inspired("5.1.2"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    report_grants_by(
        ctx,
        findings,
        &GrantCheck {
            targets: &[("", "secrets")],
            verbs: &["create", "update", "patch", "delete", "deletecollection"],
            skip_named: true,
            consequence: "mint a token for any service account by creating a service-account-token Secret, or change the keys and passwords workloads load",
            in_role: Some("mint a token for any service account of {ns} by creating a service-account-token Secret, or change the Secrets of {ns}"),
            help: "leave Secrets to an external secret operator or the deployment pipeline, or limit the rule to `update` with `resourceNames`",
        },
        |verbs| {
            if only_deletes(verbs) {
                Some((
                    "delete the Secrets workloads need to start, in every namespace",
                    "delete the Secrets of {ns} that workloads need to start",
                ))
            } else if !verbs.contains(&"create") {
                Some((
                    "replace the keys, certificates and passwords workloads load, in every namespace",
                    "replace the keys, certificates and passwords workloads of {ns} load",
                ))
            } else {
                None
            }
        },
    );
}
