use super::required_setting::{check_required, RequiredSetting};
use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A container (init and ephemeral containers included) whose
    /// `securityContext.readOnlyRootFilesystem` is not `true`: set to false,
    /// or not set (the default is a writable root filesystem). Pods with
    /// `spec.os.name: windows` are not checked; Windows does not support the
    /// setting.
    ///
    /// ## Why it matters
    /// A writable root filesystem lets an attacker who gets code execution
    /// drop tools, replace binaries and libraries of the running image, or
    /// persist until the container restarts. A read-only root makes the
    /// image immutable at run time and turns every write location into an
    /// explicit, reviewable volume.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       containers:
    ///       - name: api
    ///         image: registry.example.com/api:3.2.1
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       containers:
    ///       - name: api
    ///         image: registry.example.com/api:3.2.1
    ///         securityContext:
    ///           readOnlyRootFilesystem: true
    ///         volumeMounts:
    ///         - {name: tmp, mountPath: /tmp}
    ///       volumes:
    ///       - name: tmp
    ///         emptyDir: {}
    /// ```
    ///
    /// ## How to fix
    /// Set `readOnlyRootFilesystem: true` (the quick fix does this) and mount
    /// an `emptyDir` volume at each path the application writes to (`/tmp`,
    /// caches, pid files). Test the workload afterwards: the fix is unsafe
    /// because an application that writes elsewhere will fail.
    ///
    /// ## References
    /// - [Configure a Security Context](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
    pub static RULE = Rule {
        id: "read-only-root-filesystem",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Container's root filesystem is writable (readOnlyRootFilesystem not true)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::KubeLinter.same("no-read-only-root-fs"),
            Tool::KubeScore.same("container-security-context-readonlyrootfilesystem"),
            Tool::Polaris.same("notReadOnlyRootFilesystem"),
            Tool::Checkov.same("CKV_K8S_22"),
            Tool::Trivy.same("KSV-0014"),
            Tool::Kubesec.same("ReadOnlyRootFilesystem"),
            Tool::Cis.same("5.6.3"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    check_required(ctx, findings, &SETTING);
}

const SETTING: RequiredSetting = RequiredSetting {
    key: "readOnlyRootFilesystem",
    required: true,
    when_wrong: "has a writable root filesystem, so an attacker can modify the image's files at run time",
    when_unset: "does not set `readOnlyRootFilesystem: true`, so an attacker can modify the image's files at run time",
    help_wrong: "set `readOnlyRootFilesystem: true` and mount emptyDir volumes where the application writes",
    help_unset: "set `readOnlyRootFilesystem: true` and mount emptyDir volumes where the application writes",
};
