use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// An OpenShift `SecurityContextConstraints` (`security.openshift.io`)
    /// that lets the pods it admits reach the node: `allowPrivilegedContainer`,
    /// `allowHostNetwork`, `allowHostPID`, `allowHostIPC`, `allowHostPorts`
    /// or `allowHostDirVolumePlugin` set to `true`, or `allowedCapabilities`
    /// containing `*` (errors); and `runAsUser.type: RunAsAny`, which lets
    /// pods run as root (a warning). Reported at each value.
    ///
    /// ## Why it matters
    /// On OpenShift an SCC, not the pod, decides what a pod may do: every
    /// pod whose service account or user may `use` the SCC gets these
    /// powers. A privileged container, the host's namespaces, or a
    /// `hostPath` volume each let a compromised pod take over its node.
    /// OpenShift's own `privileged`, `hostaccess` and `hostnetwork` SCCs
    /// exist for cluster components; a custom SCC with the same powers
    /// widens that circle.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: security.openshift.io/v1
    /// kind: SecurityContextConstraints
    /// metadata: {name: monitoring}
    /// allowPrivilegedContainer: true
    /// allowHostNetwork: true
    /// runAsUser: {type: RunAsAny}
    /// seLinuxContext: {type: MustRunAs}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: security.openshift.io/v1
    /// kind: SecurityContextConstraints
    /// metadata: {name: monitoring}
    /// allowPrivilegedContainer: false
    /// allowHostNetwork: false
    /// runAsUser: {type: MustRunAsRange}
    /// seLinuxContext: {type: MustRunAs}
    /// ```
    ///
    /// ## How to fix
    /// Start from `restricted-v2` and add only what the workload needs;
    /// grant `use` of the SCC to that workload's service account alone.
    ///
    /// ## References
    /// - [OpenShift: managing security context constraints](https://docs.openshift.com/container-platform/latest/authentication/managing-security-context-constraints.html)
    pub static RULE = Rule {
        id: "openshift-scc-privileged",
        severity: Severity::Error,
        default_enabled: true,
        summary: "OpenShift SecurityContextConstraints allow privileged or host access",
        practice: Practice::SecurityPolicies,
        equivalents: &[Tool::KubeLinter.inspired("scc-deny-privileged-container")],
        fix: None,
        check: Check::Object(check),
    };
}

const HOST_ACCESS: &[(&str, &str)] = &[
    ("allowPrivilegedContainer", "run privileged containers, with every device and capability of the node"),
    ("allowHostNetwork", "use the node's network namespace"),
    ("allowHostPID", "see and signal every process of the node"),
    ("allowHostIPC", "use the node's IPC namespace"),
    ("allowHostPorts", "bind ports on the node's addresses"),
    ("allowHostDirVolumePlugin", "mount any directory of the node (hostPath)"),
];

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if object.kind != "SecurityContextConstraints" || object.group() != "security.openshift.io" {
        return;
    }
    let name = object.name().unwrap_or("(unnamed)");
    for (key, power) in HOST_ACCESS {
        if let Some(value) = object.root.get(key).filter(|v| v.as_bool() == Some(true)) {
            findings
                .report_at(value, format!("SCC `{name}` lets the pods it admits {power} ({key})"))
                .help(format!("set `{key}: false`, or keep this SCC to the cluster components that need it"));
        }
    }
    if let Some(caps) = object.root.get("allowedCapabilities") {
        for cap in caps.items().filter(|c| c.as_str() == Some("*")) {
            findings
                .report_at(cap, format!("SCC `{name}` lets the pods it admits add every capability (allowedCapabilities: *)"))
                .help("list only the capabilities the workload needs");
        }
    }
    if let Some(kind) = object.root.path(&["runAsUser", "type"]).filter(|t| t.as_str() == Some("RunAsAny")) {
        findings
            .report_at(kind, format!("SCC `{name}` lets the pods it admits run as any user, root included (runAsUser: RunAsAny)"))
            .help("use `MustRunAsRange` or `MustRunAsNonRoot`")
            .at_most(Severity::Warning);
    }
}
