use super::{kubelets, Form, Setting};
use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A kubelet that accepts anonymous requests (CIS 4.2.1):
    /// `authentication.anonymous.enabled: true` in a `KubeletConfiguration`,
    /// or `--anonymous-auth=true` on a container that runs `kubelet`. A
    /// kubelet started without `--config` and without `--anonymous-auth`
    /// is flagged too: on the command line the flag defaults to `true`,
    /// whereas an omitted field of a `KubeletConfiguration` v1beta1
    /// defaults to `false`.
    ///
    /// ## Why it matters
    /// The kubelet API (port 10250) runs commands in containers, reads
    /// their logs and lists pods. Anonymous requests reach it as
    /// `system:anonymous`; with the `AlwaysAllow` authorization mode they
    /// may do all of it (node takeover through `/exec` and `/run`).
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// authentication:
    ///   anonymous:
    ///     enabled: true
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// authentication:
    ///   anonymous:
    ///     enabled: false
    ///   webhook:
    ///     enabled: true
    /// ```
    ///
    /// ## How to fix
    /// Set `authentication.anonymous.enabled: false` (or
    /// `--anonymous-auth=false`); the quick fix does it (unsafe: the
    /// kubelet must be restarted, and anything scraping it anonymously
    /// stops working).
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 4.2.1
    /// - [Kubelet authentication/authorization](https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/)
    /// - Defaults: `cmd/kubelet/app/options/options.go` (`applyLegacyDefaults`: flag default `true`) and `pkg/kubelet/apis/config/v1beta1/defaults.go` (field default `false`)
    pub static RULE = Rule {
        id: "kubelet-anonymous-auth",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Kubelet accepts anonymous requests",
        practice: Practice::HardenedNodes,
        equivalents: &[
            Tool::Checkov.inspired("CKV_K8S_138"),
            Tool::Trivy.inspired("KCV-0079"),
            Tool::Cis.same("4.2.1"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Object(check),
    };
}

const ANONYMOUS: Setting = Setting {
    flag: "anonymous-auth",
    field: &["authentication", "anonymous", "enabled"],
};

const WHY: &str = "unauthenticated requests reach the kubelet API (exec, logs, pod lists)";
const HELP: &str = "turn anonymous authentication off (CIS 4.2.1)";

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    for kubelet in kubelets(ctx) {
        match kubelet.get(&ANONYMOUS) {
            Some(value) if value.as_bool() == Some(true) => {
                kubelet.report_value(findings, &value, WHY, HELP, Some("false"));
            }
            Some(_) => {}
            None if kubelet.defaults() == Some(Form::Flags) => {
                kubelet.report_missing(findings, &ANONYMOUS, Some("true"), WHY, HELP);
            }
            None => {}
        }
    }
}
