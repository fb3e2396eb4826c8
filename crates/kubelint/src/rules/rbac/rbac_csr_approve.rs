use super::{report_grants, GrantCheck};
use crate::diagnostic::Severity;
use crate::k8s::rbac::{is_role, policy_rules};
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A ClusterRole rule that grants `update` or `patch` on
    /// `certificatesigningrequests/approval` (`certificates.k8s.io`); the
    /// resource item is reported. Approving a request takes that *and*
    /// `approve` on the request's signer (resource `signers`, named
    /// `<domain>/<path>` or `<domain>/*` in `resourceNames`), so the
    /// message says which signers the same role may approve for — any, the
    /// ones it names, or none (then the subject needs `approve` from
    /// another role, and CIS 5.1.11 still asks to minimise the grant). A
    /// namespaced Role's grant does nothing (CertificateSigningRequests
    /// are cluster-scoped) and is not reported.
    ///
    /// Checkov's `CKV_K8S_156` fails a ClusterRole only when it grants both
    /// halves.
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
            Tool::Checkov.inspired("CKV_K8S_156"),
            Tool::Cis.same("5.1.11"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

/// The signer whose certificates authenticate clients to the API server.
const API_CLIENT_SIGNER: &str = "kubernetes.io/kube-apiserver-client";

/// The signers a role may `approve` for: `None` for none, `Some([])` for
/// every signer (a rule without `resourceNames`), else their names.
fn approvable_signers<'d>(ctx: &ObjectCtx<'d>) -> Option<Vec<&'d str>> {
    let mut names = Vec::new();
    let mut any = false;
    for rule in policy_rules(ctx.object) {
        // `resources: ["*"]` covers signers too (rbac-wildcard reports it).
        let names_signers = rule.names_resource("signers").is_some()
            || rule.resources.iter().any(|r| r.is_wildcard());
        let grants = rule.covers_group("certificates.k8s.io")
            && names_signers
            && !rule.granted_verbs(&["approve"]).is_empty();
        if !grants {
            continue;
        }
        any = true;
        if !rule.is_limited_to_names() {
            return Some(Vec::new());
        }
        names.extend(rule.resource_names.iter().map(|n| n.text));
    }
    any.then_some(names)
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    // Most objects are not roles: check the kind before the signers.
    if !is_role(ctx.object) {
        return;
    }
    let consequence = match approvable_signers(ctx) {
        None => "approve certificate signing requests once another role grants them `approve` on a signer (this one grants none)".to_owned(),
        Some(names) if names.is_empty() => format!("approve certificate signing requests for every signer (`approve` on all `signers`), including `{API_CLIENT_SIGNER}`: client certificates for any user or group, such as `system:masters`"),
        Some(names) => {
            let listed = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
            let api_client = names
                .iter()
                .any(|n| *n == API_CLIENT_SIGNER || *n == "kubernetes.io/*");
            if api_client {
                format!("approve certificate signing requests for the signers {listed}: client certificates for any user or group the API server trusts, such as `system:masters`")
            } else {
                format!("approve certificate signing requests for the signers {listed}")
            }
        }
    };
    report_grants(
        ctx,
        findings,
        &GrantCheck {
            targets: &[("certificates.k8s.io", "certificatesigningrequests/approval")],
            verbs: &["update", "patch"],
            skip_named: false,
            consequence: &consequence,
            in_role: None,
            help: "leave CSR approval to the built-in approvers, or limit `approve` on `signers` with `resourceNames` to signers that do not issue API-server client certificates",
        },
    );
}
