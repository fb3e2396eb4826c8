use crate::diagnostic::{Applicability, Severity};
use crate::k8s::Level;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::edit::IntoFix as _;

declare_rule! {
    /// ## What it flags
    /// A container that may run as root:
    /// - its effective `runAsUser` is `0`, or
    /// - its effective `runAsNonRoot` is `false`, or
    /// - neither `runAsNonRoot: true` nor a non-zero `runAsUser` is set, at
    ///   container or pod level — the image's `USER` then decides, and most
    ///   images run as root.
    ///
    /// The container's own `securityContext` wins over the pod's, as in
    /// Kubernetes. Windows pods (`spec.os.name: windows`) are not checked, and
    /// pods with `hostUsers: false` (user namespaces) are only flagged for an
    /// explicit UID 0.
    ///
    /// ## Why it matters
    /// Root in a container is root on the node as soon as there is a kernel or
    /// runtime escape, a writable host mount or an added capability. The
    /// Restricted Pod Security Standard requires `runAsNonRoot: true` and
    /// forbids UID 0.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: app}
    /// spec:
    ///   containers:
    ///   - name: app
    ///     image: registry.example.com/app:1.4.2
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: app}
    /// spec:
    ///   securityContext:
    ///     runAsNonRoot: true
    ///     runAsUser: 10001
    ///   containers:
    ///   - name: app
    ///     image: registry.example.com/app:1.4.2
    /// ```
    ///
    /// ## How to fix
    /// Set `runAsNonRoot: true` in the pod's `securityContext` (the quick fix
    /// does this) and build the image with a numeric non-root `USER`, or set
    /// `runAsUser` to a non-zero UID.
    ///
    /// ## References
    /// - [Pod Security Standards: Running as Non-root](https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted)
    pub static RULE = Rule {
        id: "run-as-root",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Container may run as root (runAsNonRoot not true, or runAsUser 0)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::KubeLinter.same("run-as-non-root"),
            Tool::Polaris.same("runAsRootAllowed"),
            Tool::Checkov.same("CKV_K8S_23"),
            Tool::Trivy.inspired("KSV-0012"),
            Tool::Trivy.inspired("KSV-0105"),
            Tool::Kubesec.inspired("RunAsNonRoot"),
            Tool::Pss.inspired("restricted/runAsNonRoot"),
            Tool::Pss.inspired("restricted/runAsUser"),
            Tool::Cis.same("5.2.7"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    if pod.is_windows() {
        return;
    }
    let user_namespaces = pod.get("hostUsers").and_then(|v| v.as_bool()) == Some(false);
    for container in pod.containers() {
        let user = container.effective("runAsUser");
        let uid = user.and_then(|s| s.value.as_i64());
        if let (Some(user), Some(0)) = (user, uid) {
            let at = if user.level == Level::Pod {
                "pod"
            } else {
                "container"
            };
            findings
                .report_at(
                    user.value,
                    format!(
                        "{} runs as root (runAsUser: 0 at {at} level)",
                        container.describe()
                    ),
                )
                .help("use a non-zero UID, e.g. `runAsUser: 10001`");
            continue;
        }
        if user_namespaces {
            continue;
        }
        let non_root = container.effective("runAsNonRoot");
        match non_root.map(|s| (s, s.value.as_bool())) {
            Some((_, Some(true))) => {}
            Some((setting, _)) if uid.is_none_or(|u| u <= 0) => {
                findings
                    .report_at(
                        setting.value,
                        format!(
                            "{} may run as root: runAsNonRoot is not true",
                            container.describe()
                        ),
                    )
                    .help("set `runAsNonRoot: true`")
                    .fix(crate::edit::replace_scalar(setting.value, "true").into_fix("Set runAsNonRoot: true", Applicability::Unsafe));
            }
            Some(_) => {}
            None if uid.is_some_and(|u| u > 0) => {}
            // A patch: the object it patches decides.
            None if pod.is_partial() => {}
            None => {
                findings
                    .report(
                        container.report_span(),
                        format!(
                            "{} may run as root: neither runAsNonRoot: true nor a non-zero runAsUser is set",
                            container.describe()
                        ),
                    )
                    .help("set `runAsNonRoot: true` in the pod's securityContext and use an image with a non-root USER")
                    .fix(crate::edit::set_path(pod.spec, &["securityContext", "runAsNonRoot"], "true").into_fix("Set runAsNonRoot: true", Applicability::Unsafe));
            }
        }
    }
}
