use super::{check_bind_address, check_profiling, components, report_missing, report_unset, report_value, who};
use crate::diagnostic::{Applicability, Severity};
use crate::k8s::flags::Component;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A kube-controller-manager container that misses a CIS setting:
    /// - `--terminated-pod-gc-threshold` (1.3.1): without it up to 12500
    ///   terminated pods are kept before any is garbage-collected;
    /// - `--profiling=false` (1.3.2; profiling is on by default);
    /// - `--use-service-account-credentials=true` (1.3.3);
    /// - `--service-account-private-key-file` (1.3.4) and `--root-ca-file`
    ///   (1.3.5);
    /// - `RotateKubeletServerCertificate=false` in `--feature-gates` (1.3.6);
    /// - `--bind-address` other than `127.0.0.1` (1.3.7; unset passes, as in
    ///   the benchmark).
    ///
    /// ## Why it matters
    /// Without `--use-service-account-credentials` every controller acts
    /// with the controller manager's own, all-powerful identity, so RBAC
    /// and the audit log cannot tell the controllers apart. Without the
    /// signing key and root CA, service account tokens cannot be issued or
    /// pods cannot verify the API server. Profiling and a public bind
    /// address expose internals.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: kube-controller-manager, namespace: kube-system}
    /// spec:
    ///   containers:
    ///   - name: kube-controller-manager
    ///     image: registry.k8s.io/kube-controller-manager:v1.31.2
    ///     command:
    ///     - kube-controller-manager
    ///     - --bind-address=0.0.0.0
    ///     - --root-ca-file=/etc/kubernetes/pki/ca.crt
    ///     - --service-account-private-key-file=/etc/kubernetes/pki/sa.key
    ///     - --use-service-account-credentials=true
    ///     - --profiling=false
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: kube-controller-manager, namespace: kube-system}
    /// spec:
    ///   containers:
    ///   - name: kube-controller-manager
    ///     image: registry.k8s.io/kube-controller-manager:v1.31.2
    ///     command:
    ///     - kube-controller-manager
    ///     - --bind-address=127.0.0.1
    ///     - --root-ca-file=/etc/kubernetes/pki/ca.crt
    ///     - --service-account-private-key-file=/etc/kubernetes/pki/sa.key
    ///     - --use-service-account-credentials=true
    ///     - --profiling=false
    ///     - --terminated-pod-gc-threshold=1000
    /// ```
    ///
    /// ## How to fix
    /// Add or correct the flags; the quick fixes set `--profiling=false`,
    /// `--use-service-account-credentials=true` and
    /// `--bind-address=127.0.0.1` (unsafe: restart one control-plane node
    /// at a time).
    ///
    /// ## References
    /// - [kube-controller-manager flags](https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/)
    /// - CIS Kubernetes Benchmark 1.3.1–1.3.7
    pub static RULE = Rule {
        id: "controller-manager-flags",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "kube-controller-manager lacks a CIS hardening flag",
        practice: Practice::VersionsAndBenchmarks,
        equivalents: &[
            Tool::Checkov.inspired("CKV_K8S_106"),
            Tool::Checkov.inspired("CKV_K8S_107"),
            Tool::Checkov.inspired("CKV_K8S_108"),
            Tool::Checkov.inspired("CKV_K8S_110"),
            Tool::Checkov.inspired("CKV_K8S_111"),
            Tool::Checkov.inspired("CKV_K8S_112"),
            Tool::Checkov.inspired("CKV_K8S_113"),
            Tool::Trivy.inspired("KCV-0033"),
            Tool::Trivy.inspired("KCV-0034"),
            Tool::Trivy.inspired("KCV-0035"),
            Tool::Trivy.inspired("KCV-0036"),
            Tool::Trivy.inspired("KCV-0037"),
            Tool::Trivy.inspired("KCV-0038"),
            Tool::Trivy.inspired("KCV-0039"),
            Tool::Cis.inspired("1.3.1"),
            Tool::Cis.inspired("1.3.2"),
            Tool::Cis.inspired("1.3.3"),
            Tool::Cis.inspired("1.3.4"),
            Tool::Cis.inspired("1.3.5"),
            Tool::Cis.inspired("1.3.6"),
            Tool::Cis.inspired("1.3.7"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    for c in components(&ctx.pod, Component::ControllerManager) {
        check_profiling(findings, object, &c, "1.3.2");
        const SA_WHY: &str = "every controller acts with the controller manager's own identity, so RBAC and audit cannot tell them apart";
        const SA_HELP: &str = "set `--use-service-account-credentials=true`";
        match c.flag("use-service-account-credentials") {
            Some(flag) if flag.as_bool() == Some(true) => {}
            Some(flag) => report_value(findings, object, &c, flag, SA_WHY, SA_HELP, Some("true")),
            None => report_missing(
                findings,
                object,
                &c,
                "use-service-account-credentials",
                SA_WHY,
                SA_HELP,
                Some("--use-service-account-credentials=true"),
            ),
        }
        report_unset(findings, object, &c, &[
            (
                "service-account-private-key-file",
                "service account tokens cannot be signed",
            ),
            (
                "root-ca-file",
                "pods get no CA bundle to verify the API server with",
            ),
            (
                "terminated-pod-gc-threshold",
                "up to 12500 terminated pods pile up before any is garbage-collected (CIS 1.3.1)",
            ),
        ]);
        let gate = c
            .flag("feature-gates")
            .and_then(|f| f.feature_gate("RotateKubeletServerCertificate"));
        if let Some((false, span)) = gate {
            findings
                .report(
                    span,
                    format!(
                        "{} turns off kubelet serving certificate rotation (`RotateKubeletServerCertificate=false`)",
                        who(object, &c)
                    ),
                )
                .help("remove `RotateKubeletServerCertificate=false` from `--feature-gates`");
        }
        check_bind_address(findings, object, &c, "1.3.7");
    }
}
