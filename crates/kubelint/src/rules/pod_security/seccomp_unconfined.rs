use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::yaml::NodeRef;
use crate::edit::IntoFix as _;

/// The legacy seccomp annotations (Kubernetes < 1.19): one for the pod, one
/// per container with the container's name after the `/`.
pub(super) const POD_ANNOTATION: &str = "seccomp.security.alpha.kubernetes.io/pod";
pub(super) const CONTAINER_ANNOTATION_PREFIX: &str =
    "container.seccomp.security.alpha.kubernetes.io/";

declare_rule! {
    /// ## What it flags
    /// An explicit request to run without seccomp:
    /// - `securityContext.seccompProfile.type: Unconfined` at pod level or in
    ///   any container (init and ephemeral containers included);
    /// - the legacy annotations `seccomp.security.alpha.kubernetes.io/pod`
    ///   and `container.seccomp.security.alpha.kubernetes.io/<container>` on
    ///   the pod (template) with a value other than `runtime/default`,
    ///   `docker/default` or `localhost/<profile>` — usually `unconfined`.
    ///
    /// A pod that sets no profile at all is the business of
    /// `seccomp-profile-missing` (Restricted level).
    ///
    /// ## Why it matters
    /// Seccomp filters the system calls a container may make. The runtime's
    /// default profile blocks a few dozen rarely needed, dangerous calls
    /// (`unshare`, `keyctl`, `bpf`, `mount`, …) that many kernel exploits and
    /// container escapes rely on. `Unconfined` switches that off. The
    /// Baseline Pod Security Standard forbids it.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: app}
    /// spec:
    ///   securityContext:
    ///     seccompProfile:
    ///       type: Unconfined
    ///   containers:
    ///   - name: app
    ///     image: registry.example.com/app:1.0.0
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: app}
    /// spec:
    ///   securityContext:
    ///     seccompProfile:
    ///       type: RuntimeDefault
    ///   containers:
    ///   - name: app
    ///     image: registry.example.com/app:1.0.0
    /// ```
    ///
    /// ## How to fix
    /// Use `type: RuntimeDefault` (the quick fix does this; for the legacy
    /// annotations it writes `runtime/default`), or a `Localhost` profile
    /// that allows the extra system calls the workload needs. Replace legacy
    /// annotations with the `seccompProfile` field, which is what current
    /// Kubernetes versions read.
    ///
    /// ## References
    /// - [Pod Security Standards: Seccomp](https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline)
    /// - [Restrict a Container's Syscalls with seccomp](https://kubernetes.io/docs/tutorials/security/seccomp/)
    pub static RULE = Rule {
        id: "seccomp-unconfined",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Pod or container explicitly disables seccomp (seccompProfile.type: Unconfined)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::Polaris.inspired("linuxHardening"),
            Tool::Trivy.inspired("KSV-0104"),
            Tool::Kubesec.same("SeccompUnconfined"),
            Tool::Pss.same("baseline/seccompProfile_baseline"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

/// Annotation values the Baseline standard accepts.
pub(super) fn is_allowed_annotation(value: &str) -> bool {
    matches!(value, "runtime/default" | "docker/default") || value.starts_with("localhost/")
}

fn unconfined(node: Option<NodeRef<'_>>) -> Option<NodeRef<'_>> {
    node.filter(|value| value.as_str() == Some("Unconfined"))
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    if let Some(value) = unconfined(pod.security_path(&["seccompProfile", "type"])) {
        findings
            .report_at(
                value,
                "pod disables seccomp for all its containers (seccompProfile.type: Unconfined), exposing the node's kernel to every system call",
            )
            .help("use `type: RuntimeDefault`, or a Localhost profile that allows what the workload needs")
            .fix(crate::edit::replace_scalar(value, "RuntimeDefault").into_fix("Use the RuntimeDefault seccomp profile", Applicability::Unsafe));
    }
    for container in pod.containers() {
        if let Some(value) = unconfined(container.own_path(&["seccompProfile", "type"])) {
            findings
                .report_at(
                    value,
                    format!(
                        "{} disables seccomp (seccompProfile.type: Unconfined), exposing the node's kernel to every system call",
                        container.describe()
                    ),
                )
                .help("use `type: RuntimeDefault`, or a Localhost profile that allows what the workload needs")
                .fix(crate::edit::replace_scalar(value, "RuntimeDefault").into_fix("Use the RuntimeDefault seccomp profile", Applicability::Unsafe));
        }
    }
    for (key, value) in pod.annotations() {
        let Some(name) = key.as_str() else { continue };
        let target = if name == POD_ANNOTATION {
            "pod".to_owned()
        } else if let Some(container) = name.strip_prefix(CONTAINER_ANNOTATION_PREFIX) {
            format!("container \"{container}\"")
        } else {
            continue;
        };
        let Some(text) = value.as_str() else { continue };
        if is_allowed_annotation(text) {
            continue;
        }
        findings
            .report_at(
                value,
                format!(
                    "legacy annotation `{name}` asks for the seccomp profile `{text}` for the {target}, which runs it without seccomp filtering"
                ),
            )
            .help("use the `seccompProfile` field with `type: RuntimeDefault` instead of the deprecated annotation")
            .fix(crate::edit::replace_scalar(value, "runtime/default").into_fix("Use the runtime/default seccomp profile", Applicability::Unsafe));
    }
}
