use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::edit::IntoFix as _;

declare_rule! {
    /// ## What it flags
    /// A pod that shares a namespace with its node: `hostPID: true`,
    /// `hostIPC: true` or `hostNetwork: true` (any YAML 1.1 spelling of true).
    /// Each one is reported at its value.
    ///
    /// ## Why it matters
    /// - `hostPID` shows the pod every process on the node; with enough
    ///   privileges it can read their environment and memory or kill them.
    /// - `hostIPC` shares System V IPC and POSIX shared memory with the host.
    /// - `hostNetwork` binds the pod to the node's interfaces: it can sniff
    ///   traffic, reach services bound to localhost (the kubelet, cloud
    ///   metadata) and bypasses NetworkPolicies.
    ///
    /// The Baseline Pod Security Standard forbids all three.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: DaemonSet
    /// metadata: {name: agent}
    /// spec:
    ///   selector: {matchLabels: {app: agent}}
    ///   template:
    ///     metadata: {labels: {app: agent}}
    ///     spec:
    ///       hostPID: true
    ///       hostNetwork: true
    ///       containers:
    ///       - name: agent
    ///         image: registry.example.com/agent:3.0.1
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: DaemonSet
    /// metadata: {name: agent}
    /// spec:
    ///   selector: {matchLabels: {app: agent}}
    ///   template:
    ///     metadata: {labels: {app: agent}}
    ///     spec:
    ///       containers:
    ///       - name: agent
    ///         image: registry.example.com/agent:3.0.1
    /// ```
    ///
    /// ## How to fix
    /// Remove the field or set it to `false` (the quick fix does this). Node
    /// agents that truly need a host namespace should run in a dedicated,
    /// locked-down namespace with a suppression that says why.
    ///
    /// ## References
    /// - [Pod Security Standards: Host Namespaces](https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline)
    pub static RULE = Rule {
        id: "host-namespaces",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Pod shares the host's PID, IPC or network namespace",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::KubeLinter.inspired("host-pid"),
            Tool::KubeLinter.inspired("host-ipc"),
            Tool::KubeLinter.inspired("host-network"),
            Tool::Polaris.inspired("hostPIDSet"),
            Tool::Polaris.inspired("hostIPCSet"),
            Tool::Polaris.inspired("hostNetworkSet"),
            Tool::Checkov.inspired("CKV_K8S_17"),
            Tool::Checkov.inspired("CKV_K8S_18"),
            Tool::Checkov.inspired("CKV_K8S_19"),
            Tool::Trivy.inspired("KSV-0010"),
            Tool::Trivy.inspired("KSV-0008"),
            Tool::Trivy.inspired("KSV-0009"),
            Tool::Kubesec.inspired("HostPID"),
            Tool::Kubesec.inspired("HostIPC"),
            Tool::Kubesec.inspired("HostNetwork"),
            Tool::Pss.same("baseline/hostNamespaces"),
            Tool::Cis.inspired("5.2.3"),
            Tool::Cis.inspired("5.2.4"),
            Tool::Cis.inspired("5.2.5"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

const NAMESPACES: &[(&str, &str)] = &[
    ("hostPID", "the host's process namespace: it can see and signal every process on the node"),
    ("hostIPC", "the host's IPC namespace: it can read shared memory of host processes"),
    ("hostNetwork", "the host's network namespace: it can reach node-local services and bypasses NetworkPolicies"),
];

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    for (field, why) in NAMESPACES {
        let Some(value) = pod.get(field) else {
            continue;
        };
        if value.as_bool() == Some(true) {
            findings
                .report_at(value, format!("pod shares {why} ({field}: true)"))
                .help(format!("remove `{field}` or set it to false"))
                .fix(crate::edit::replace_scalar(value, "false").into_fix(&format!("Set {field}: false"), Applicability::Unsafe));
        }
    }
}
