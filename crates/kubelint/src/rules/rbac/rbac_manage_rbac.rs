use super::{only_deletes, report_grants_by, GrantCheck};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A Role or ClusterRole rule that grants `create`, `update`, `patch`,
    /// `delete` or `deletecollection` on `roles`, `clusterroles`,
    /// `rolebindings` or `clusterrolebindings` (also through
    /// `verbs: ["*"]`). Rules limited with `resourceNames` are not reported;
    /// `bind` and `escalate` are `rbac-bind-escalate`'s business.
    ///
    /// A namespaced Role only manages the Roles and RoleBindings of its
    /// own namespace; the message says which.
    ///
    /// ## Why it matters
    /// Whoever writes roles and bindings decides who may do what. The API
    /// server still refuses a role or binding that grants more than its
    /// author holds (unless the author also has `bind` or `escalate`), but
    /// within that limit the subjects can hand every permission they have
    /// to any user, group or service account — outside accounts included,
    /// which survive the removal of their own access — and can delete or
    /// rewrite the roles and bindings other workloads and people rely on.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: team-onboarding}
    /// rules:
    /// - apiGroups: ["rbac.authorization.k8s.io"]
    ///   resources: ["rolebindings", "clusterrolebindings"]
    ///   verbs: ["create", "update", "delete"]
    /// ```
    ///
    /// Use instead — manage named bindings in one namespace:
    /// ```yaml pass
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata: {name: team-onboarding, namespace: shop}
    /// rules:
    /// - apiGroups: ["rbac.authorization.k8s.io"]
    ///   resources: ["rolebindings"]
    ///   resourceNames: ["shop-developers"]
    ///   verbs: ["get", "update"]
    /// ```
    ///
    /// ## How to fix
    /// Leave roles and bindings to cluster administrators and GitOps
    /// pipelines. Where a team must manage its own bindings, use a
    /// namespaced Role limited with `resourceNames` to the bindings it owns.
    ///
    /// ## References
    /// - [RBAC good practices: escalation paths](https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalate-verb)
    /// - [Privilege escalation prevention](https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping)
    pub static RULE = Rule {
        id: "rbac-manage-rbac",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Role can create, change or delete roles and bindings",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::Trivy.inspired("KSV-0050"),
            Tool::Trivy.inspired("KSV-0051"),
            Tool::Trivy.inspired("KSV-0052"),
            Tool::Trivy.inspired("KSV-0055"),
            Tool::Checkov.inspired("CKV2_K8S_1"),
            Tool::Cis.inspired("5.1.8"),
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
            targets: &[
                ("rbac.authorization.k8s.io", "roles"),
                ("rbac.authorization.k8s.io", "rolebindings"),
                ("rbac.authorization.k8s.io", "clusterroles"),
                ("rbac.authorization.k8s.io", "clusterrolebindings"),
            ],
            verbs: &["create", "update", "patch", "delete", "deletecollection"],
            skip_named: true,
            consequence: "hand every permission they hold to any subject, in every namespace (the API server refuses only grants beyond their own)",
            in_role: Some("hand every permission they hold in {ns} to any subject there (the API server refuses only grants beyond their own)"),
            help: "leave roles and bindings to administrators, or limit the rule with `resourceNames` in a namespaced Role",
        },
        |verbs| {
            only_deletes(verbs).then_some((
                "delete the roles and bindings others rely on, in every namespace",
                "delete the Roles and RoleBindings of {ns}",
            ))
        },
    );
}
