use super::{kubelets, Form, Setting};
use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A kubelet that serves its read-only port (CIS 4.2.4): `readOnlyPort`
    /// other than `0` in a `KubeletConfiguration`, or `--read-only-port`
    /// other than `0` on a container that runs `kubelet`. A kubelet
    /// started without `--config` and without `--read-only-port` is
    /// flagged too: on the command line the port defaults to `10255`,
    /// whereas an omitted field of a `KubeletConfiguration` v1beta1
    /// defaults to `0` (off).
    ///
    /// ## Why it matters
    /// The read-only port has neither authentication nor authorization:
    /// anyone who reaches the node reads its pod specs (environment
    /// variables included) and metrics.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// readOnlyPort: 10255
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// readOnlyPort: 0
    /// ```
    ///
    /// ## How to fix
    /// Set `readOnlyPort: 0` (or `--read-only-port=0`); the quick fix does
    /// it (unsafe: monitoring that scrapes port 10255 must move to the
    /// authenticated port 10250).
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 4.2.4
    /// - [kubelet command-line reference](https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/)
    /// - Defaults: `cmd/kubelet/app/options/options.go` (`applyLegacyDefaults`: flag default `10255`) and `pkg/kubelet/apis/config/v1beta1/defaults.go` (field default `0`)
    pub static RULE = Rule {
        id: "kubelet-read-only-port",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Kubelet serves the unauthenticated read-only port",
        practice: Practice::HardenedNodes,
        equivalents: &[
            Tool::Checkov.inspired("CKV_K8S_141"),
            Tool::Trivy.inspired("KCV-0082"),
            Tool::Cis.same("4.2.4"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Object(check),
    };
}

const PORT: Setting = Setting {
    flag: "read-only-port",
    field: &["readOnlyPort"],
};

const WHY: &str = "the read-only port serves pod specs and metrics without authentication";
const HELP: &str = "set the read-only port to 0 (CIS 4.2.4)";

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    for kubelet in kubelets(ctx) {
        match kubelet.get(&PORT) {
            Some(value) if value.as_i64().is_some_and(|port| port != 0) => {
                kubelet.report_value(findings, &value, WHY, HELP, Some("0"));
            }
            Some(_) => {}
            None if kubelet.defaults() == Some(Form::Flags) => {
                kubelet.report_missing(findings, &PORT, Some("10255"), WHY, HELP);
            }
            None => {}
        }
    }
}
