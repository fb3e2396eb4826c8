use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A container that tells git-sync which program to run as `git`: the
    /// environment variable `GITSYNC_GIT` (git-sync v4) or `GIT_SYNC_GIT`
    /// (v3), or a `--git` argument of a git-sync container. Reported at the
    /// variable's name or the argument.
    ///
    /// ## Why it matters
    /// git-sync executes whatever `--git` names, with the pod's
    /// credentials and mounted tokens. Whoever can change the variable —
    /// in the workload, or in the ConfigMap or Secret it is read from —
    /// runs any command in the pod, which in GitOps and Airflow setups
    /// holds repository keys and often broad API access (Akamai, DEF CON
    /// 32, 2024). The default, `git` on the `PATH`, needs no setting.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: docs}
    /// spec:
    ///   containers:
    ///   - name: git-sync
    ///     image: registry.k8s.io/git-sync/git-sync:v4.2.4
    ///     env:
    ///     - {name: GITSYNC_REPO, value: "https://github.com/example/docs"}
    ///     - {name: GITSYNC_GIT, value: /tmp/git}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: docs}
    /// spec:
    ///   containers:
    ///   - name: git-sync
    ///     image: registry.k8s.io/git-sync/git-sync:v4.2.4
    ///     env:
    ///     - {name: GITSYNC_REPO, value: "https://github.com/example/docs"}
    /// ```
    ///
    /// ## How to fix
    /// Remove the setting and use the image's own `git`.
    ///
    /// ## References
    /// - [Akamai: Kubernetes git-sync command injection](https://www.akamai.com/blog/security-research/2024-august-kubernetes-gitsync-command-injection-defcon)
    /// - [git-sync: --git](https://github.com/kubernetes/git-sync#manual)
    pub static RULE = Rule {
        id: "git-sync-code-injection",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "git-sync is told which program to run as git",
        practice: Practice::ImageScanning,
        equivalents: &[Tool::Checkov.inspired("CKV_K8S_159")],
        fix: None,
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    for container in ctx.pod.containers() {
        if let Some(env) = container.get("env") {
            for var in env.items() {
                let Some(name) = var.get("name") else {
                    continue;
                };
                if matches!(name.as_str(), Some("GITSYNC_GIT" | "GIT_SYNC_GIT")) {
                    findings
                        .report_at(
                            name,
                            format!(
                                "{} sets the program git-sync runs as `git`: whoever can change it runs any command in the pod, with its credentials",
                                container.describe()
                            ),
                        )
                        .help("remove the variable and use the image's own `git`");
                }
            }
        }
        let runs_git_sync = container
            .get("image")
            .and_then(|i| i.as_str())
            .is_some_and(|i| i.contains("git-sync"));
        if !runs_git_sync {
            continue;
        }
        for key in ["command", "args"] {
            for arg in container.get(key).into_iter().flat_map(|l| l.items()) {
                let Some(text) = arg.as_str() else {
                    continue;
                };
                if text == "--git" || text.starts_with("--git=") {
                    findings
                        .report_at(
                            arg,
                            format!(
                                "{} sets the program git-sync runs as `git` (`--git`): whoever can change it runs any command in the pod, with its credentials",
                                container.describe()
                            ),
                        )
                        .help("remove `--git` and use the image's own `git`");
                }
            }
        }
    }
}
