use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::yaml::NodeRef;
use crate::edit::IntoFix as _;

declare_rule! {
    /// ## What it flags
    /// `securityContext.windowsOptions.hostProcess: true` (any YAML 1.1
    /// spelling of true) at pod level or in any container, init and
    /// ephemeral containers included.
    ///
    /// ## Why it matters
    /// A Windows HostProcess container runs directly on the Windows node as
    /// a host process, with the node's network and file system and, by
    /// default, as `NT AUTHORITY\SYSTEM`. It is the Windows equivalent of a
    /// privileged container. The Baseline Pod Security Standard forbids it.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: win-agent}
    /// spec:
    ///   os: {name: windows}
    ///   hostNetwork: true
    ///   securityContext:
    ///     windowsOptions:
    ///       hostProcess: true
    ///       runAsUserName: "NT AUTHORITY\\SYSTEM"
    ///   containers:
    ///   - name: agent
    ///     image: registry.example.com/win-agent:1.0.0
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: win-app}
    /// spec:
    ///   os: {name: windows}
    ///   containers:
    ///   - name: app
    ///     image: registry.example.com/win-app:1.0.0
    /// ```
    ///
    /// ## How to fix
    /// Set `hostProcess: false` or remove it (the quick fix sets false). Node
    /// agents that need host access belong in a dedicated namespace at the
    /// Privileged level, with a suppression that says why.
    ///
    /// ## References
    /// - [Pod Security Standards: HostProcess](https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline)
    /// - [Create a Windows HostProcess Pod](https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/)
    pub static RULE = Rule {
        id: "windows-host-process",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Pod or container runs as a Windows HostProcess (windowsOptions.hostProcess: true)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::Polaris.same("hostProcess"),
            Tool::Trivy.same("KSV-0103"),
            Tool::Pss.same("baseline/windowsHostProcess"),
            Tool::Cis.same("5.2.10"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

const HOST_PROCESS: &[&str] = &["windowsOptions", "hostProcess"];

fn report(findings: &mut Findings<'_>, value: NodeRef<'_>, owner: &str) {
    if value.as_bool() != Some(true) {
        return;
    }
    findings
        .report_at(
            value,
            format!("{owner} runs as a Windows HostProcess, a process on the node with the node's network and files"),
        )
        .help("set `hostProcess: false` or remove it")
        .fix(crate::edit::replace_scalar(value, "false").into_fix("Set hostProcess: false", Applicability::Unsafe));
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    if let Some(value) = pod.security_path(HOST_PROCESS) {
        report(findings, value, "pod");
    }
    for container in pod.containers() {
        if let Some(value) = container.own_path(HOST_PROCESS) {
            report(findings, value, &container.describe());
        }
    }
}
