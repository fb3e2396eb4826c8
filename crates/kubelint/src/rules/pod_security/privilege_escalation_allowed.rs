use super::required_setting::{check_required, RequiredSetting};
use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A container whose `securityContext.allowPrivilegeEscalation` is not
    /// `false`: set to true, or not set at all (the default is true).
    /// Pods that declare `spec.os.name: windows` are exempt, as in the Pod
    /// Security Standards.
    ///
    /// ## Why it matters
    /// Unless `allowPrivilegeEscalation: false` sets the kernel's
    /// `no_new_privs` flag, a setuid binary or file capability inside the
    /// image lets a process gain more privileges than its parent — the usual
    /// second step after an application is compromised. The Restricted Pod
    /// Security Standard requires it.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: web}
    /// spec:
    ///   selector: {matchLabels: {app: web}}
    ///   template:
    ///     metadata: {labels: {app: web}}
    ///     spec:
    ///       containers:
    ///       - name: web
    ///         image: registry.example.com/web:2.1.0
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: web}
    /// spec:
    ///   selector: {matchLabels: {app: web}}
    ///   template:
    ///     metadata: {labels: {app: web}}
    ///     spec:
    ///       containers:
    ///       - name: web
    ///         image: registry.example.com/web:2.1.0
    ///         securityContext:
    ///           allowPrivilegeEscalation: false
    /// ```
    ///
    /// ## How to fix
    /// Add `allowPrivilegeEscalation: false` to each container's
    /// `securityContext` (the quick fix does this). It cannot be combined
    /// with `privileged: true` or the `CAP_SYS_ADMIN` capability.
    ///
    /// ## References
    /// - [Pod Security Standards: Privilege Escalation](https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted)
    pub static RULE = Rule {
        id: "privilege-escalation-allowed",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Container allows privilege escalation (allowPrivilegeEscalation not false)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::KubeLinter.same("privilege-escalation-container"),
            Tool::Polaris.same("privilegeEscalationAllowed"),
            Tool::Checkov.same("CKV_K8S_20"),
            Tool::Trivy.same("KSV-0001"),
            Tool::Kubesec.same("AllowPrivilegeEscalation"),
            Tool::Pss.same("restricted/allowPrivilegeEscalation"),
            Tool::Cis.same("5.2.6"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    check_required(ctx, findings, &SETTING);
}

const SETTING: RequiredSetting = RequiredSetting {
    key: "allowPrivilegeEscalation",
    required: false,
    when_wrong: "allows privilege escalation",
    when_unset: "does not set `allowPrivilegeEscalation: false`, so setuid binaries can gain privileges",
    help_wrong: "set `allowPrivilegeEscalation: false`",
    help_unset: "add `allowPrivilegeEscalation: false` to the container's securityContext",
};
