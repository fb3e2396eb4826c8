use super::{kubelets, Setting};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A kubelet with no client CA (CIS 4.2.3): a `KubeletConfiguration`
    /// without `authentication.x509.clientCAFile`, or a container that runs
    /// `kubelet` without `--client-ca-file` (and without `--config`, whose
    /// file may set it). An empty value is flagged where it is written.
    ///
    /// ## Why it matters
    /// Without a client CA the kubelet cannot verify client certificates,
    /// so the API server cannot authenticate to it with its
    /// `--kubelet-client-certificate` and requests fall back to tokens or
    /// to anonymous access.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// authentication:
    ///   webhook:
    ///     enabled: true
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// authentication:
    ///   x509:
    ///     clientCAFile: /etc/kubernetes/pki/ca.crt
    /// ```
    ///
    /// ## How to fix
    /// Point `authentication.x509.clientCAFile` (or `--client-ca-file`) at
    /// the cluster CA bundle.
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 4.2.3
    /// - [Kubelet authentication](https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/#kubelet-authentication)
    pub static RULE = Rule {
        id: "kubelet-client-ca-missing",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Kubelet does not verify client certificates (no client CA file)",
        practice: Practice::HardenedNodes,
        equivalents: &[
            Tool::Checkov.inspired("CKV_K8S_140"),
            Tool::Trivy.inspired("KCV-0081"),
            Tool::Cis.same("4.2.3"),
        ],
        check: Check::Object(check),
    };
}

const CLIENT_CA: Setting = Setting {
    flag: "client-ca-file",
    field: &["authentication", "x509", "clientCAFile"],
};

const WHY: &str = "the kubelet cannot verify client certificates, so the API server cannot authenticate to it with one";
const HELP: &str = "set it to the cluster CA bundle, e.g. `/etc/kubernetes/pki/ca.crt` (CIS 4.2.3)";

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    for kubelet in kubelets(ctx) {
        match kubelet.get(&CLIENT_CA) {
            Some(value) if value.as_str().is_some_and(|s| s.trim().is_empty()) => {
                kubelet.report_value(findings, &value, WHY, HELP, None);
            }
            Some(_) => {}
            None if kubelet.defaults().is_some() => {
                kubelet.report_missing(findings, &CLIENT_CA, None, WHY, HELP);
            }
            None => {}
        }
    }
}
