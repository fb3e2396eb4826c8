use crate::diagnostic::Severity;
use crate::k8s::rbac::{describe_object, is_bootstrap_object, role_ref, subjects};
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A RoleBinding or ClusterRoleBinding with a subject that stands for
    /// everyone or for superusers: the user `system:anonymous`, or the
    /// groups `system:unauthenticated`, `system:authenticated` or
    /// `system:masters`. Bootstrap bindings (labelled
    /// `kubernetes.io/bootstrapping: rbac-defaults`) and bindings to the
    /// discovery roles the API server grants to everyone
    /// (`system:basic-user`, `system:discovery`,
    /// `system:public-info-viewer`) are skipped.
    ///
    /// ## Why it matters
    /// `system:anonymous` and `system:unauthenticated` are anyone who can
    /// reach the API server, with no credentials. `system:authenticated` is
    /// every user *and every service account of every pod* — one
    /// compromised pod is enough. `system:masters` bypasses RBAC and
    /// cannot be revoked short of rotating the cluster CA; binding roles to
    /// it only hides who really holds that power.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRoleBinding
    /// metadata: {name: dashboard-viewers}
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
    ///   name: view
    /// subjects:
    /// - apiGroup: rbac.authorization.k8s.io
    ///   kind: Group
    ///   name: system:authenticated
    /// ```
    ///
    /// Use instead — a group from your identity provider:
    /// ```yaml pass
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRoleBinding
    /// metadata: {name: dashboard-viewers}
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
    ///   name: view
    /// subjects:
    /// - apiGroup: rbac.authorization.k8s.io
    ///   kind: Group
    ///   name: oidc:platform-viewers
    /// ```
    ///
    /// ## How to fix
    /// Bind roles to named users, groups from your identity provider, or
    /// specific service accounts.
    ///
    /// ## References
    /// - [Default roles and role bindings](https://kubernetes.io/docs/reference/access-authn-authz/rbac/#default-roles-and-role-bindings)
    /// - CIS Kubernetes Benchmark 5.1.7
    pub static RULE = Rule {
        id: "binding-to-system-group",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Binding grants a role to anonymous, all authenticated users, or system:masters",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::Trivy.inspired("KSV-0122"),
            Tool::Trivy.inspired("KSV-0123"),
            Tool::Trivy.inspired("KSV-01011"),
            Tool::Kubesec.inspired("BindingsToSystemAnonymous"),
            Tool::Cis.same("5.1.7"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

/// The discovery roles the API server itself binds to everyone.
const PUBLIC_ROLES: &[&str] = &[
    "system:basic-user",
    "system:discovery",
    "system:public-info-viewer",
];

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    let Some(role) = role_ref(object) else { return };
    if is_bootstrap_object(object) || PUBLIC_ROLES.contains(&role.name) {
        return;
    }
    for subject in subjects(object) {
        let who = match (subject.kind, subject.name) {
            ("User" | "Group", "system:anonymous") => "anyone, without credentials",
            ("Group", "system:unauthenticated") => "anyone, without credentials",
            ("Group", "system:authenticated") => {
                "every user and every service account of every pod"
            }
            ("Group", "system:masters") => {
                "a group that already bypasses RBAC and cannot be revoked"
            }
            _ => continue,
        };
        findings
            .report_at(
                subject.name_node,
                format!(
                    "{} grants {} `{}` to `{}`: that is {who}",
                    describe_object(object),
                    role.kind,
                    role.name,
                    subject.name
                ),
            )
            .help("bind the role to named users, identity-provider groups or specific service accounts");
    }
}
