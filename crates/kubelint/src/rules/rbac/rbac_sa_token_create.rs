use super::{report_grants, GrantCheck};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A Role or ClusterRole rule that grants `create` on
    /// `serviceaccounts/token`. Rules limited with `resourceNames` to
    /// specific service accounts are not reported.
    ///
    /// ## Why it matters
    /// The TokenRequest API issues a fresh token for any service account in
    /// scope — including controllers' accounts with far more permissions
    /// than the caller — with a lifetime the caller chooses. It is a direct
    /// path from this role to every service account it can name.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata: {name: token-issuer, namespace: ci}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["serviceaccounts/token"]
    ///   verbs: ["create"]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata: {name: token-issuer, namespace: ci}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["serviceaccounts"]
    ///   verbs: ["get", "list"]
    /// ```
    ///
    /// ## How to fix
    /// Let pods get their own tokens through projected service account
    /// volumes. Where a component must request tokens for others (a Vault
    /// or CI integration), limit it with `resourceNames` to those accounts.
    ///
    /// ## References
    /// - [TokenRequest API](https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-request-v1/)
    /// - CIS Kubernetes Benchmark 5.1.13
    pub static RULE = Rule {
        id: "rbac-sa-token-create",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Role can create service account tokens",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::Cis.same("5.1.13"),
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
            targets: &[("", "serviceaccounts/token")],
            verbs: &["create"],
            skip_named: true,
            consequence: "obtain tokens of other service accounts",
            in_role: None,
            help: "use projected service account tokens; limit token requests with `resourceNames` to specific accounts",
        },
    );
}
