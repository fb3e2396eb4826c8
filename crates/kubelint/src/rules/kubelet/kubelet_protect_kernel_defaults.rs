use super::{kubelets, Setting};
use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A kubelet that may change the node's kernel parameters:
    /// `protectKernelDefaults` missing or `false` in a
    /// `KubeletConfiguration`, or `--protect-kernel-defaults` missing or
    /// false on a container that runs `kubelet` (without `--config`). It
    /// defaults to `false` in both forms.
    ///
    /// Older CIS benchmarks (up to 1.7) required it (4.2.6 there); later
    /// ones dropped it, so the rule is off by default. Turn it on where
    /// nodes are provisioned with the sysctls the kubelet expects.
    ///
    /// ## Why it matters
    /// With the protection on, the kubelet refuses to start when kernel
    /// tunables (`vm.overcommit_memory`, `kernel.panic`, …) differ from
    /// what it needs, instead of silently changing them, so hardening of
    /// the node's kernel is not undone.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// protectKernelDefaults: false
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// protectKernelDefaults: true
    /// ```
    ///
    /// ## How to fix
    /// Set the node's sysctls as the kubelet expects, then
    /// `protectKernelDefaults: true`; the quick fix sets it (unsafe: the
    /// kubelet refuses to start on a node whose sysctls differ).
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 1.7 and earlier, 4.2.6
    /// - [Kubelet configuration (v1beta1)](https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/)
    pub static RULE = Rule {
        id: "kubelet-protect-kernel-defaults",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Kubelet may change kernel tunables (protectKernelDefaults off)",
        practice: Practice::HardenedNodes,
        equivalents: &[
            Tool::Checkov.inspired("CKV_K8S_144"),
            Tool::Trivy.inspired("KCV-0083"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Object(check),
    };
}

const PROTECT: Setting = Setting {
    flag: "protect-kernel-defaults",
    field: &["protectKernelDefaults"],
};

const WHY: &str = "the kubelet changes kernel tunables it disagrees with instead of refusing to start";
const HELP: &str = "set it to true once the node's sysctls match what the kubelet expects";

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    for kubelet in kubelets(ctx) {
        match kubelet.get(&PROTECT) {
            Some(value) if value.as_bool() == Some(false) => {
                kubelet.report_value(findings, &value, WHY, HELP, Some("true"));
            }
            Some(_) => {}
            None if kubelet.defaults().is_some() => {
                kubelet.report_missing(findings, &PROTECT, Some("false"), WHY, HELP);
            }
            None => {}
        }
    }
}
