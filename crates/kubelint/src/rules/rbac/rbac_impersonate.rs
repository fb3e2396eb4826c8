use super::{report_grants, GrantCheck};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A Role or ClusterRole rule that grants the `impersonate` verb on
    /// `users`, `groups` or `serviceaccounts` (core group) or `uids`
    /// (`authentication.k8s.io`), also through `verbs: ["*"]`.
    ///
    /// In a namespaced Role only `serviceaccounts` counts: impersonating a
    /// user, group or UID is authorised as a cluster-scoped request, which
    /// a Role never grants, while a ServiceAccount belongs to a namespace.
    /// The finding then says that the subjects can act as that namespace's
    /// ServiceAccounts — with whatever those are granted, cluster-wide
    /// bindings included.
    ///
    /// ## Why it matters
    /// Impersonation makes every request count as another identity's. With
    /// `impersonate` on `groups`, a subject can send `Impersonate-Group:
    /// system:masters` and bypass RBAC entirely; on `users` or
    /// `serviceaccounts` it gains whatever the most privileged user or
    /// controller has. `resourceNames` narrows it, but the names are easy to
    /// get wrong.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: support}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["users", "groups"]
    ///   verbs: ["impersonate"]
    /// ```
    ///
    /// Use instead — grant the permissions themselves:
    /// ```yaml pass
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: support}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["pods", "events"]
    ///   verbs: ["get", "list"]
    /// ```
    ///
    /// ## How to fix
    /// Grant the permissions the subject needs directly. If a proxy or an
    /// admin tool must impersonate, limit it with `resourceNames` to the
    /// specific, unprivileged identities, and never to groups.
    ///
    /// ## References
    /// - [User impersonation](https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation)
    /// - CIS Kubernetes Benchmark 5.1.8
    pub static RULE = Rule {
        id: "rbac-impersonate",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Role grants the impersonate verb",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::Checkov.inspired("CKV2_K8S_3"),
            Tool::Trivy.inspired("KSV-0043"),
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
                ("", "users"),
                ("", "groups"),
                ("", "serviceaccounts"),
                ("authentication.k8s.io", "uids"),
            ],
            verbs: &["impersonate"],
            skip_named: false,
            consequence: "act as other identities, up to `system:masters`",
            in_role: Some("act as the ServiceAccounts of {ns}, with every permission they are granted (cluster-wide bindings included)"),
            help: "grant the needed permissions directly; if impersonation is required, limit it with `resourceNames` and never to groups",
        },
    );
}
