use super::{kubelets, Form, Setting};
use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A kubelet that authorizes every request (CIS 4.2.2):
    /// `authorization.mode: AlwaysAllow` in a `KubeletConfiguration`, or
    /// `--authorization-mode=AlwaysAllow` on a container that runs
    /// `kubelet`. A kubelet started without `--config` and without
    /// `--authorization-mode` is flagged too: on the command line the mode
    /// defaults to `AlwaysAllow`, whereas an omitted field of a
    /// `KubeletConfiguration` v1beta1 defaults to `Webhook`.
    ///
    /// ## Why it matters
    /// With `AlwaysAllow` any client that authenticates to the kubelet
    /// (and, with anonymous auth on, any client at all) may run commands
    /// in every container on the node. `Webhook` asks the API server
    /// (SubjectAccessReview), so RBAC decides.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// authorization:
    ///   mode: AlwaysAllow
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// authorization:
    ///   mode: Webhook
    /// ```
    ///
    /// ## How to fix
    /// Set `authorization.mode: Webhook` (or `--authorization-mode=Webhook`)
    /// and give the API server's kubelet client the
    /// `system:kubelet-api-admin` role; the quick fix sets the mode
    /// (unsafe: restart the kubelet).
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 4.2.2
    /// - [Kubelet authentication/authorization](https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/)
    /// - Defaults: `cmd/kubelet/app/options/options.go` (`applyLegacyDefaults`: flag default `AlwaysAllow`) and `pkg/kubelet/apis/config/v1beta1/defaults.go` (field default `Webhook`)
    pub static RULE = Rule {
        id: "kubelet-authorization-always-allow",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Kubelet authorizes every request (AlwaysAllow)",
        practice: Practice::HardenedNodes,
        equivalents: &[
            Tool::Checkov.inspired("CKV_K8S_139"),
            Tool::Trivy.inspired("KCV-0080"),
            Tool::Cis.same("4.2.2"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Object(check),
    };
}

const MODE: Setting = Setting {
    flag: "authorization-mode",
    field: &["authorization", "mode"],
};

const WHY: &str = "every client that reaches the kubelet API may exec into any container on the node";
const HELP: &str = "use the `Webhook` authorization mode (CIS 4.2.2)";

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    for kubelet in kubelets(ctx) {
        match kubelet.get(&MODE) {
            Some(value) => {
                if let Some((_, span)) = value.list().into_iter().find(|(m, _)| *m == "AlwaysAllow") {
                    let exact = value.span() == span;
                    let finding = findings
                        .report(span, format!("{} sets {}: {WHY}", kubelet.who, value.written()))
                        .help(HELP);
                    if exact {
                        finding.fix(value.fix("Webhook"));
                    }
                }
            }
            None if kubelet.defaults() == Some(Form::Flags) => {
                kubelet.report_missing(findings, &MODE, Some("AlwaysAllow"), WHY, HELP);
            }
            None => {}
        }
    }
}
