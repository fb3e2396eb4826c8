use crate::diagnostic::Severity;
use crate::k8s::rbac::{describe_object, is_bootstrap_object, role_ref, subjects};
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A RoleBinding or ClusterRoleBinding whose subjects include a
    /// namespace's `default` ServiceAccount. Reported at the subject's
    /// `name`.
    ///
    /// ## Why it matters
    /// Every pod that names no service account runs as its namespace's
    /// `default` account. A role bound to `default` for one workload is
    /// granted to all of them — and to any pod anyone with `create pods`
    /// starts there later — and the audit log cannot tell them apart.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: RoleBinding
    /// metadata: {name: api-reads-config, namespace: shop}
    /// roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: config-reader}
    /// subjects:
    /// - kind: ServiceAccount
    ///   name: default
    ///   namespace: shop
    /// ```
    ///
    /// Use instead — a service account of the workload's own:
    /// ```yaml pass
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: RoleBinding
    /// metadata: {name: api-reads-config, namespace: shop}
    /// roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: config-reader}
    /// subjects:
    /// - kind: ServiceAccount
    ///   name: api
    ///   namespace: shop
    /// ```
    ///
    /// ## How to fix
    /// Create a ServiceAccount for the workload that needs the role, set
    /// its `serviceAccountName`, and bind the role to that account.
    ///
    /// ## References
    /// - [RBAC: service account permissions](https://kubernetes.io/docs/reference/access-authn-authz/rbac/#service-account-permissions)
    /// - CIS Kubernetes Benchmark 5.1.5
    pub static RULE = Rule {
        id: "default-service-account-binding",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Binding grants a role to a namespace's default service account",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::Checkov.same("CKV_K8S_42"),
            Tool::Cis.inspired("5.1.5"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if is_bootstrap_object(object) {
        return;
    }
    let Some(role) = role_ref(object) else {
        return;
    };
    for subject in subjects(object) {
        if subject.kind != "ServiceAccount" || subject.name != "default" {
            continue;
        }
        let namespace = subject.namespace.or(object.namespace());
        let whose = namespace.map_or("its namespace".to_owned(), |ns| format!("namespace `{ns}`"));
        let scope = match (object.kind, object.namespace()) {
            ("ClusterRoleBinding", _) => " in every namespace".to_owned(),
            (_, Some(ns)) => format!(" in namespace `{ns}`"),
            (_, None) => String::new(),
        };
        findings
            .report(
                subject.name_node.span(),
                format!(
                    "{} grants {} `{}`{scope} to the `default` ServiceAccount of {whose}, which every pod there that names no service account runs as",
                    describe_object(object),
                    role.kind,
                    role.name
                ),
            )
            .help("bind the role to a ServiceAccount of the workload that needs it, and set that workload's `serviceAccountName`");
    }
}
