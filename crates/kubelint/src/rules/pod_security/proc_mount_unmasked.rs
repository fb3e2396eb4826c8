use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::rules::options::RuleOption;
use crate::edit::IntoFix as _;

declare_rule! {
    /// ## What it flags
    /// A container (init and ephemeral containers included) whose
    /// `securityContext.procMount` is not `Default` — in practice
    /// `Unmasked`.
    ///
    /// Since Kubernetes 1.35 the Baseline standard allows `Unmasked` in pods
    /// with user namespaces (`hostUsers: false`), but the Restricted
    /// standard still forbids it; such pods are reported too, and the
    /// message says which standard rejects it for the configured
    /// `kubernetes-version` (default: the newest release).
    ///
    /// ## Why it matters
    /// The runtime masks and mounts read-only parts of `/proc`
    /// (`/proc/kcore`, `/proc/sysrq-trigger`, `/proc/sys`, …) because they
    /// expose kernel memory and node-wide controls. `Unmasked` removes that
    /// protection, which is only reasonable for nested container runtimes
    /// inside user namespaces.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: builder}
    /// spec:
    ///   containers:
    ///   - name: builder
    ///     image: registry.example.com/builder:1.0.0
    ///     securityContext:
    ///       procMount: Unmasked
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: builder}
    /// spec:
    ///   containers:
    ///   - name: builder
    ///     image: registry.example.com/builder:1.0.0
    ///     securityContext:
    ///       procMount: Default
    /// ```
    ///
    /// ## How to fix
    /// Set `procMount: Default` or remove the field (the quick fix sets
    /// `Default`).
    ///
    /// ## References
    /// - [Pod Security Standards: /proc Mount Type](https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline)
    pub static RULE = Rule {
        id: "proc-mount-unmasked",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Container unmasks /proc (procMount not Default)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::KubeLinter.same("unsafe-proc-mount"),
            Tool::Polaris.same("procMount"),
            Tool::Trivy.same("KSV-0027"),
            Tool::Pss.inspired("baseline/procMount"),
            Tool::Pss.inspired("restricted/procMount_restricted"),
        ],
        options: &[KUBERNETES_VERSION],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

/// The release the verdict is for.
const KUBERNETES_VERSION: RuleOption = RuleOption::kubernetes_version(
    "the oldest release your clusters run: it decides which Pod Security standard the message says rejects `Unmasked` in pods with `hostUsers: false`",
);

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    let user_namespaces = pod.flag_is("hostUsers", false);
    let version = ctx.options.kubernetes_version();
    for container in pod.containers() {
        let Some(value) = container.own_setting("procMount") else {
            continue;
        };
        let text = value.as_str().unwrap_or_default();
        if text == "Default" {
            continue;
        }
        // Pod Security admission 1.35 relaxed Baseline for user namespaces.
        let note = match version {
            _ if !user_namespaces => String::new(),
            Some(v) if !v.at_least(35) => format!(
                "; the Baseline standard of {v} rejects it even with hostUsers: false (allowed from 1.35)"
            ),
            _ => "; with hostUsers: false the Baseline standard allows this since Kubernetes 1.35, Restricted does not".into(),
        };
        findings
            .report_at(
                value,
                format!(
                    "{} sets procMount `{text}`, exposing the parts of /proc the runtime masks, such as kernel memory and sysrq{note}",
                    container.describe()
                ),
            )
            .help("set `procMount: Default` or remove it")
            .fix(crate::edit::replace_scalar(value, "Default").into_fix("Set procMount: Default", Applicability::Unsafe));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;

    #[test]
    fn the_message_follows_the_configured_kubernetes_version() {
        let manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostUsers: false\n  containers:\n  - name: a\n    image: a\n    securityContext: {procMount: Unmasked}\n";
        let lint = |config: &str| crate::rules::messages_with_config(&RULE, config, manifest);
        assert!(lint("{}\n")[0].ends_with(
            "the Baseline standard allows this since Kubernetes 1.35, Restricted does not"
        ));
        assert!(lint("kubernetes-version: \"1.34\"\n")[0].ends_with("the Baseline standard of 1.34 rejects it even with hostUsers: false (allowed from 1.35)"));
        // A rule's own option wins over the project's.
        assert!(lint("kubernetes-version: \"1.34\"\nrules: {proc-mount-unmasked: {options: {kubernetes-version: \"1.35\"}}}\n")[0].ends_with("Restricted does not"));
    }
}
