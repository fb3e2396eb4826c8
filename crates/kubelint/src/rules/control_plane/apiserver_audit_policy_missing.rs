use super::{components, report_missing};
use crate::diagnostic::Severity;
use crate::k8s::flags::Component;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A kube-apiserver container without `--audit-policy-file`.
    ///
    /// ## Why it matters
    /// The audit policy decides which requests are recorded and how much of
    /// them. Without one the API server audits nothing at all, whatever the
    /// `--audit-log-*` flags say — the log file stays empty. Checkov and
    /// Trivy check the log flags but not the policy.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: kube-apiserver, namespace: kube-system}
    /// spec:
    ///   containers:
    ///   - name: kube-apiserver
    ///     image: registry.k8s.io/kube-apiserver:v1.31.2
    ///     command:
    ///     - kube-apiserver
    ///     - --audit-log-path=/var/log/kubernetes/audit.log
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: kube-apiserver, namespace: kube-system}
    /// spec:
    ///   containers:
    ///   - name: kube-apiserver
    ///     image: registry.k8s.io/kube-apiserver:v1.31.2
    ///     command:
    ///     - kube-apiserver
    ///     - --audit-log-path=/var/log/kubernetes/audit.log
    ///     - --audit-policy-file=/etc/kubernetes/audit/policy.yaml
    /// ```
    ///
    /// ## How to fix
    /// Write an audit policy (`audit.k8s.io/v1` `Policy`) that records at
    /// least metadata for Secrets, ConfigMaps and TokenReviews (see
    /// `audit-policy-coverage`), mount it into the static pod and point
    /// `--audit-policy-file` at it.
    ///
    /// ## References
    /// - [Auditing: audit policy](https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#audit-policy)
    /// - CIS Kubernetes Benchmark 3.2.1
    pub static RULE = Rule {
        id: "apiserver-audit-policy-missing",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "kube-apiserver has no audit policy, so it audits nothing",
        practice: Practice::AuditLogs,
        equivalents: &[
            Tool::Cis.same("3.2.1"),
        ],
        fix: None,
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    for c in components(&ctx.pod, Component::ApiServer) {
        if !c.is_set("audit-policy-file") {
            report_missing(
                findings,
                object,
                &c,
                "audit-policy-file",
                "without an audit policy the API server audits nothing, whatever the log flags say",
                "write an audit.k8s.io/v1 Policy and point `--audit-policy-file` at it",
                None,
            );
        }
    }
}
