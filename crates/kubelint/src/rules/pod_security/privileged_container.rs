use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::edit::IntoFix as _;

declare_rule! {
    /// ## What it flags
    /// A container (including init and ephemeral containers) with
    /// `securityContext.privileged: true` — or any YAML 1.1 spelling of true,
    /// such as `privileged: yes` or `privileged: on`, which Kubernetes also
    /// reads as true.
    ///
    /// ## Why it matters
    /// A privileged container runs with every Linux capability, sees all host
    /// devices and is not confined by seccomp or AppArmor. A process that
    /// escapes it is root on the node. The Pod Security Standards forbid it at
    /// the Baseline level.
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
    ///     securityContext:
    ///       privileged: yes
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: app}
    /// spec:
    ///   containers:
    ///   - name: app
    ///     image: registry.example.com/app:1.4.2
    ///     securityContext:
    ///       privileged: false
    /// ```
    ///
    /// ## How to fix
    /// Set `privileged: false` (the quick fix does this) and grant only the
    /// capabilities the workload needs with `capabilities.add`. Device access
    /// is better served by a device plugin.
    ///
    /// ## References
    /// - [Pod Security Standards: Privileged Containers](https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline)
    pub static RULE = Rule {
        id: "privileged-container",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Container runs privileged (securityContext.privileged: true)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::KubeLinter.same("privileged-container"),
            Tool::KubeScore.same("container-security-context-privileged"),
            Tool::Polaris.same("runAsPrivileged"),
            Tool::Checkov.same("CKV_K8S_16"),
            Tool::Trivy.same("KSV-0017"),
            Tool::Kubesec.same("Privileged"),
            Tool::Pss.same("baseline/privileged"),
            Tool::Cis.same("5.2.2"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    for container in pod.containers() {
        let Some(value) = container.own_setting("privileged") else {
            continue;
        };
        if value.as_bool() == Some(true) {
            findings
                .report_at(
                    value,
                    format!(
                        "{} runs privileged: it gets every capability and the host's devices",
                        container.describe()
                    ),
                )
                .help("set `privileged: false` and add only the capabilities the workload needs")
                .fix(crate::edit::replace_scalar(value, "false").into_fix("Set privileged: false", Applicability::Unsafe));
        }
    }
}
