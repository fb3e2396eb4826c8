use super::{report_grants, GrantCheck};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A Role or ClusterRole rule that grants `update` or `patch` on
    /// `certificatesigningrequests/approval` (`certificates.k8s.io`).
    ///
    /// ## Why it matters
    /// Approving a CertificateSigningRequest issues a client certificate
    /// the API server trusts. A subject that can create and approve CSRs
    /// can mint a certificate for any user or group the signer allows —
    /// with the `kubernetes.io/kube-apiserver-client` signer, for example
    /// `O=system:masters` — and such certificates cannot be revoked.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: csr-approver}
    /// rules:
    /// - apiGroups: ["certificates.k8s.io"]
    ///   resources: ["certificatesigningrequests/approval"]
    ///   verbs: ["update"]
    /// - apiGroups: ["certificates.k8s.io"]
    ///   resources: ["signers"]
    ///   verbs: ["approve"]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: csr-viewer}
    /// rules:
    /// - apiGroups: ["certificates.k8s.io"]
    ///   resources: ["certificatesigningrequests"]
    ///   verbs: ["get", "list", "watch"]
    /// ```
    ///
    /// ## How to fix
    /// Leave approval to the controller manager's built-in approvers. If a
    /// custom approver is needed, limit its `approve` permission on
    /// `signers` with `resourceNames` to a signer that cannot issue
    /// API-server client certificates.
    ///
    /// ## References
    /// - [Certificate signing requests: authorization](https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization)
    /// - CIS Kubernetes Benchmark 5.1.11
    pub static RULE = Rule {
        id: "rbac-csr-approve",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Role can approve certificate signing requests",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::Checkov.same("CKV_K8S_156"),
            Tool::Cis.same("5.1.11"),
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
            targets: &[("certificates.k8s.io", "certificatesigningrequests/approval")],
            verbs: &["update", "patch"],
            skip_named: false,
            consequence: "issue client certificates the API server trusts",
            in_role: None,
            help: "leave CSR approval to the built-in approvers, or limit `approve` on `signers` with `resourceNames`",
        },
    );
}
