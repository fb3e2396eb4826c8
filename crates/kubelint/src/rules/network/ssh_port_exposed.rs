use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};
use crate::yaml::NodeRef;

declare_rule! {
    /// ## What it flags
    /// Port 22/TCP exposed: a container `ports[].containerPort: 22`, or a
    /// Service port with `port` or `targetPort` 22 (named target ports are
    /// not resolved).
    ///
    /// ## Why it matters
    /// An SSH server in a container is a second way in that bypasses
    /// Kubernetes authentication, RBAC and audit logs, usually with
    /// long-lived keys or passwords baked into the image. `kubectl exec`
    /// (with RBAC and audit) or ephemeral debug containers replace it.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: toolbox}
    /// spec:
    ///   containers:
    ///   - name: toolbox
    ///     image: registry.example.com/toolbox:1.0.0
    ///     ports:
    ///     - containerPort: 22
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: toolbox}
    /// spec:
    ///   containers:
    ///   - name: toolbox
    ///     image: registry.example.com/toolbox:1.0.0
    /// ```
    ///
    /// ## How to fix
    /// Remove the SSH server and the port; use `kubectl exec` or
    /// `kubectl debug`, which go through RBAC and the audit log. Git
    /// servers that must speak SSH should sit behind a dedicated, reviewed
    /// exposure.
    ///
    /// ## References
    /// - [Debugging with ephemeral containers](https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/#ephemeral-container)
    pub static RULE = Rule {
        id: "ssh-port-exposed",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Container or Service exposes port 22 (SSH)",
        practice: Practice::NetworkPolicies,
        equivalents: &[
            Tool::KubeLinter.same("ssh-port"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

fn is_tcp(port: NodeRef<'_>) -> bool {
    port.get("protocol")
        .and_then(|p| p.as_str())
        .is_none_or(|p| p == "TCP")
}

fn is_22(node: Option<NodeRef<'_>>) -> Option<NodeRef<'_>> {
    node.filter(|n| n.as_i64() == Some(22))
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    let pods = ctx.pods;
    for pod in pods {
        for container in pod.containers() {
            let Some(ports) = container.get("ports") else {
                continue;
            };
            for port in ports.items().filter(|p| is_tcp(*p)) {
                if let Some(value) = is_22(port.get("containerPort")) {
                    findings
                        .report_at(
                            value,
                            format!("{} exposes port 22 (SSH)", container.describe()),
                        )
                        .help("remove the SSH server; use `kubectl exec` or `kubectl debug`, which go through RBAC and audit");
                }
            }
        }
    }
    if !pods.is_empty() || object.kind != "Service" || object.api_version != "v1" {
        return;
    }
    let Some(ports) = object.root.path(&["spec", "ports"]) else {
        return;
    };
    for port in ports.items().filter(|p| is_tcp(*p)) {
        let Some(value) = is_22(port.get("port")).or_else(|| is_22(port.get("targetPort"))) else {
            continue;
        };
        findings
            .report_at(
                value,
                format!(
                    "Service `{}` exposes port 22 (SSH)",
                    object.name().unwrap_or("(unnamed)")
                ),
            )
            .help("remove the SSH server; use `kubectl exec` or `kubectl debug`, which go through RBAC and audit");
    }
}
