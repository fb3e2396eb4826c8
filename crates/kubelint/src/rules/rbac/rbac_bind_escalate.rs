use super::{report_grants, GrantCheck};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A Role or ClusterRole rule that grants `bind` or `escalate` on
    /// `roles` or `clusterroles` (also through `verbs: ["*"]`). Rules limited
    /// with `resourceNames` to specific roles are the recommended way to
    /// delegate binding and are not reported.
    ///
    /// In a namespaced Role the reach is the Role's namespace: its
    /// subjects can bind any role, `cluster-admin` included, with a
    /// RoleBinding there, which makes them admins of the namespace, not of
    /// the cluster; the message says so.
    ///
    /// ## Why it matters
    /// RBAC stops subjects from granting permissions they do not hold —
    /// except for these two verbs. `escalate` lets a subject edit a role to
    /// add any permission; `bind` lets it bind any role, `cluster-admin`
    /// included, to itself. Either is a path to cluster-admin.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: team-admin}
    /// rules:
    /// - apiGroups: ["rbac.authorization.k8s.io"]
    ///   resources: ["clusterroles"]
    ///   verbs: ["bind", "escalate"]
    /// ```
    ///
    /// Use instead — bind only named roles:
    /// ```yaml pass
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: team-admin}
    /// rules:
    /// - apiGroups: ["rbac.authorization.k8s.io"]
    ///   resources: ["clusterroles"]
    ///   resourceNames: ["view", "edit"]
    ///   verbs: ["bind"]
    /// ```
    ///
    /// ## How to fix
    /// Remove `escalate`. Limit `bind` with `resourceNames` to the roles the
    /// subject may hand out.
    ///
    /// ## References
    /// - [Privilege escalation prevention and bootstrapping](https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping)
    /// - CIS Kubernetes Benchmark 5.1.8
    pub static RULE = Rule {
        id: "rbac-bind-escalate",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Role grants bind or escalate on roles",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::Checkov.inspired("CKV_K8S_157"),
            Tool::Checkov.inspired("CKV_K8S_158"),
            Tool::Cis.inspired("5.1.8"),
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
            targets: &[
                ("rbac.authorization.k8s.io", "roles"),
                ("rbac.authorization.k8s.io", "clusterroles"),
            ],
            verbs: &["bind", "escalate"],
            skip_named: true,
            consequence: "grant themselves permissions they do not hold, up to cluster-admin",
            in_role: Some("grant themselves any permission within {ns} (a RoleBinding to `cluster-admin` there is admin of the namespace, not of the cluster)"),
            help: "remove `escalate`, and limit `bind` with `resourceNames` to the roles that may be handed out",
        },
    );
}
