use crate::diagnostic::Severity;
use crate::k8s::rbac::{
    describe_object, describe_subjects, is_bootstrap_object, role_ref, subjects,
};
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A ClusterRoleBinding or RoleBinding whose `roleRef` is the
    /// `cluster-admin` ClusterRole. The bootstrap binding the API server
    /// creates for `system:masters` is skipped.
    ///
    /// ## Why it matters
    /// `cluster-admin` is every verb on every resource. Bound cluster-wide
    /// it is full control of the cluster: every Secret, every node, and
    /// RBAC itself. Bound in a namespace with a RoleBinding it is full
    /// control of that namespace, including its Secrets and its RBAC. Helm
    /// charts and operators often ask for it out of convenience.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRoleBinding
    /// metadata: {name: ci-deployer}
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
    ///   name: cluster-admin
    /// subjects:
    /// - kind: ServiceAccount
    ///   name: deployer
    ///   namespace: ci
    /// ```
    ///
    /// Use instead — a role with what the deployer needs, per namespace:
    /// ```yaml pass
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: RoleBinding
    /// metadata: {name: ci-deployer, namespace: shop}
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
    ///   name: edit
    /// subjects:
    /// - kind: ServiceAccount
    ///   name: deployer
    ///   namespace: ci
    /// ```
    ///
    /// ## How to fix
    /// Bind a role that lists what the subject needs, in the namespaces
    /// where it needs it. The built-in `admin`, `edit` and `view`
    /// ClusterRoles are good starting points for people.
    ///
    /// ## References
    /// - [User-facing roles](https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles)
    /// - CIS Kubernetes Benchmark 5.1.1
    pub static RULE = Rule {
        id: "cluster-admin-binding",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Binding grants the cluster-admin ClusterRole",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::KubeLinter.same("cluster-admin-role-binding"),
            Tool::Polaris.inspired("clusterrolebindingClusterAdmin"),
            Tool::Polaris.inspired("rolebindingClusterAdminClusterRole"),
            Tool::Trivy.same("KSV-0111"),
            Tool::Cis.same("5.1.1"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    let Some(role) = role_ref(object) else { return };
    if role.kind != "ClusterRole" || role.name != "cluster-admin" || is_bootstrap_object(object) {
        return;
    }
    let scope = match (object.kind, object.namespace()) {
        ("RoleBinding", Some(ns)) => {
            format!("full control of namespace `{ns}`, its Secrets and RBAC included")
        }
        ("RoleBinding", None) => {
            "full control of its namespace, its Secrets and RBAC included".to_owned()
        }
        _ => "full control of the whole cluster".to_owned(),
    };
    findings
        .report_at(
            role.name_node,
            format!(
                "{} grants cluster-admin to {}: {scope}",
                describe_object(object),
                describe_subjects(&subjects(object))
            ),
        )
        .help("bind a role that lists only what the subjects need, in the namespaces where they need it");
}
