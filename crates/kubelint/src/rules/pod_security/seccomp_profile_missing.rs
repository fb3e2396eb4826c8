use super::seccomp_unconfined::{CONTAINER_ANNOTATION_PREFIX, POD_ANNOTATION};
use crate::diagnostic::{Applicability, Severity};
use crate::k8s::Level;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::edit::IntoFix as _;

declare_rule! {
    /// ## What it flags
    /// A container (init and ephemeral containers included) without an
    /// effective seccomp profile: neither the container nor the pod sets
    /// `securityContext.seccompProfile.type` to `RuntimeDefault` or
    /// `Localhost`. The container's own setting wins over the pod's. A type
    /// that is not a seccomp profile type at all is reported at its value.
    ///
    /// An explicit `Unconfined` is reported by `seccomp-unconfined`
    /// (Baseline level) instead. The legacy
    /// `seccomp.security.alpha.kubernetes.io` annotations do not count:
    /// current Kubernetes versions read only the field. Pods with
    /// `spec.os.name: windows` are exempt, as in the standard.
    ///
    /// ## Why it matters
    /// Without a profile, the container runs `Unconfined` unless every node's
    /// kubelet was started with `--seccomp-default`. The runtime's default
    /// profile blocks system calls that kernel exploits and container
    /// escapes rely on, at almost no cost. The Restricted Pod Security
    /// Standard requires a profile.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: StatefulSet
    /// metadata: {name: db}
    /// spec:
    ///   serviceName: db
    ///   selector: {matchLabels: {app: db}}
    ///   template:
    ///     metadata: {labels: {app: db}}
    ///     spec:
    ///       containers:
    ///       - name: db
    ///         image: registry.example.com/db:15.4
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: StatefulSet
    /// metadata: {name: db}
    /// spec:
    ///   serviceName: db
    ///   selector: {matchLabels: {app: db}}
    ///   template:
    ///     metadata: {labels: {app: db}}
    ///     spec:
    ///       securityContext:
    ///         seccompProfile:
    ///           type: RuntimeDefault
    ///       containers:
    ///       - name: db
    ///         image: registry.example.com/db:15.4
    /// ```
    ///
    /// ## How to fix
    /// Set `seccompProfile: {type: RuntimeDefault}` in the pod's
    /// `securityContext` (the quick fix does this), so every container
    /// inherits it. Workloads that need system calls the default blocks can
    /// use a `Localhost` profile.
    ///
    /// ## References
    /// - [Pod Security Standards: Seccomp](https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted)
    /// - [Restrict a Container's Syscalls with seccomp](https://kubernetes.io/docs/tutorials/security/seccomp/)
    pub static RULE = Rule {
        id: "seccomp-profile-missing",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Container has no seccomp profile (RuntimeDefault or Localhost)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::KubeScore.same("container-seccomp-profile"),
            Tool::Polaris.inspired("linuxHardening"),
            Tool::Checkov.same("CKV_K8S_31"),
            Tool::Trivy.same("KSV-0030"),
            Tool::Kubesec.same("SeccompAny"),
            Tool::Pss.same("restricted/seccompProfile_restricted"),
            Tool::Cis.same("5.6.2"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

const TYPE: &[&str] = &["seccompProfile", "type"];

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    if pod.is_windows() {
        return;
    }
    let mut reported_pod_value = false;
    for container in pod.containers() {
        let Some(setting) = container.effective_path(TYPE) else {
            if pod.is_partial() {
                continue; // a patch: the object it patches decides
            }
            let legacy = pod
                .annotation(POD_ANNOTATION)
                .map(|_| POD_ANNOTATION.to_owned())
                .or_else(|| {
                    let name = container.name()?;
                    let key = format!("{CONTAINER_ANNOTATION_PREFIX}{name}");
                    pod.annotation(&key).map(|_| key)
                });
            let note = legacy.map_or(String::new(), |key| {
                format!(" (the legacy annotation `{key}` is ignored since Kubernetes 1.25)")
            });
            findings
                .report(
                    container.report_span(),
                    format!(
                        "{} has no seccomp profile, so it runs without system call filtering unless the kubelet defaults to one{note}",
                        container.describe()
                    ),
                )
                .help("set `seccompProfile: {type: RuntimeDefault}` in the pod's securityContext")
                .fix(crate::edit::set_path(pod.spec, &["securityContext", "seccompProfile", "type"], "RuntimeDefault").into_fix("Use the RuntimeDefault seccomp profile for the pod", Applicability::Unsafe));
            continue;
        };
        let value = setting.value;
        let text = value.as_str().unwrap_or_default();
        if matches!(text, "RuntimeDefault" | "Localhost" | "Unconfined") {
            continue;
        }
        let owner = match setting.level {
            Level::Pod if reported_pod_value => continue,
            Level::Pod => {
                reported_pod_value = true;
                "pod".to_owned()
            }
            Level::Container => container.describe(),
        };
        findings
            .report_at(
                value,
                format!(
                    "`{text}` is not a seccomp profile type, so the {owner} has no valid seccomp profile (use RuntimeDefault or Localhost)"
                ),
            )
            .help("set `type: RuntimeDefault`")
            .fix(crate::edit::replace_scalar(value, "RuntimeDefault").into_fix("Use the RuntimeDefault seccomp profile", Applicability::Unsafe));
    }
}
