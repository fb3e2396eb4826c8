use super::{report_grants, GrantCheck};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A Role or ClusterRole rule that grants `create`, `update`, `patch`
    /// or `delete` on `validatingwebhookconfigurations`,
    /// `mutatingwebhookconfigurations`, `validatingadmissionpolicies` or
    /// `validatingadmissionpolicybindings`.
    ///
    /// ## Why it matters
    /// Admission control is where policy is enforced. Whoever can change a
    /// webhook configuration can switch off a policy engine (Kyverno,
    /// Gatekeeper), or register a mutating webhook that sees — and rewrites
    /// — every object created in the cluster, Secrets included.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: injector}
    /// rules:
    /// - apiGroups: ["admissionregistration.k8s.io"]
    ///   resources: ["mutatingwebhookconfigurations"]
    ///   verbs: ["get", "list", "watch", "update"]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: injector}
    /// rules:
    /// - apiGroups: ["admissionregistration.k8s.io"]
    ///   resources: ["mutatingwebhookconfigurations"]
    ///   verbs: ["get", "list", "watch"]
    /// ```
    ///
    /// ## How to fix
    /// Manage admission configuration from the deployment pipeline rather
    /// than at run time. A controller that must patch its own webhook's CA
    /// bundle should get `update`/`patch` with `resourceNames` naming that
    /// one configuration.
    ///
    /// ## References
    /// - [RBAC good practices: control admission webhooks](https://kubernetes.io/docs/concepts/security/rbac-good-practices/#control-admission-webhooks)
    /// - CIS Kubernetes Benchmark 5.1.12
    pub static RULE = Rule {
        id: "rbac-webhook-config",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Role can change admission webhooks or admission policies",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::Checkov.same("CKV_K8S_155"),
            Tool::Trivy.same("KSV-0114"),
            Tool::Cis.same("5.1.12"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    const GROUP: &str = "admissionregistration.k8s.io";
    report_grants(
        ctx,
        findings,
        &GrantCheck {
            targets: &[
                (GROUP, "validatingwebhookconfigurations"),
                (GROUP, "mutatingwebhookconfigurations"),
                (GROUP, "validatingadmissionpolicies"),
                (GROUP, "validatingadmissionpolicybindings"),
            ],
            verbs: &["create", "update", "patch", "delete"],
            skip_named: true,
            consequence: "switch off admission policy or intercept every object created",
            in_role: None,
            help: "manage admission configuration from the pipeline; limit run-time updates with `resourceNames`",
        },
    );
}
