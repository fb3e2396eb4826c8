use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A `containerPort` below 1024 (a privileged port), reported at the
    /// port. Off by default: it is a hardening hint, not a vulnerability.
    ///
    /// Not reported when the pod sets the safe sysctl
    /// `net.ipv4.ip_unprivileged_port_start` at or below the port.
    ///
    /// ## Why it matters
    /// Whether binding such a port needs root depends on the runtime. The
    /// kernel's default keeps ports below 1024 for root or the
    /// `NET_BIND_SERVICE` capability, and CRI-O and containerd before 2.0
    /// keep that default in pods; Docker since 20.10 and containerd's CRI
    /// plugin since 2.0 set `net.ipv4.ip_unprivileged_port_start=0` in each
    /// pod's network namespace, so any user can bind them. A pod with
    /// `hostNetwork: true` uses the node's setting. Images that listen on
    /// 80 or 443 therefore tend to run as root or keep `NET_BIND_SERVICE`
    /// to work everywhere; a pod that sets the sysctl itself, or listens on
    /// 8080 and maps the well-known port in the Service, needs neither.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: web}
    /// spec:
    ///   containers:
    ///   - name: web
    ///     image: registry.example.com/web:2.1.0
    ///     ports:
    ///     - containerPort: 80
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: web}
    /// spec:
    ///   containers:
    ///   - name: web
    ///     image: registry.example.com/web:2.1.0
    ///     ports:
    ///     - containerPort: 8080
    /// ```
    ///
    /// ## How to fix
    /// Set `net.ipv4.ip_unprivileged_port_start: "0"` in the pod's
    /// `securityContext.sysctls` (a safe sysctl since Kubernetes 1.22), or
    /// configure the application to listen on a port of 1024 or above and
    /// map the well-known port in the Service (`port: 80`,
    /// `targetPort: 8080`).
    ///
    /// ## References
    /// - [Safe sysctls](https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/#safe-and-unsafe-sysctls)
    /// - containerd 2.0 CRI: `enable_unprivileged_ports` defaults to true
    pub static RULE = Rule {
        id: "privileged-port",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Container listens on a privileged port (containerPort below 1024)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::KubeLinter.same("privileged-ports"),
            Tool::Trivy.same("KSV-0117"),
        ],
        fix: None,
        check: Check::Pod(check),
    };
}

/// The pod's `net.ipv4.ip_unprivileged_port_start` sysctl, if it sets one
/// (names may use `/` as the separator, as the kubelet accepts).
fn unprivileged_port_start(ctx: &PodCtx<'_>) -> Option<i64> {
    let sysctls = ctx.pod.security_setting("sysctls")?;
    sysctls.items().find_map(|entry| {
        let name = entry.get("name")?.as_str()?.replace('/', ".");
        if name != "net.ipv4.ip_unprivileged_port_start" {
            return None;
        }
        entry.get("value")?.as_str()?.trim().parse().ok()
    })
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    if pod.is_windows() {
        return;
    }
    let host_network = pod.get("hostNetwork").and_then(|v| v.as_bool()) == Some(true);
    let start = if host_network {
        None
    } else {
        unprivileged_port_start(ctx)
    };
    for container in pod.containers() {
        for port in container.ports() {
            let Some(value) = port.get("containerPort") else {
                continue;
            };
            let Some(number) = value.as_i64().filter(|n| (1..1024).contains(n)) else {
                continue;
            };
            if start.is_some_and(|start| number >= start) {
                continue;
            }
            let message = if host_network {
                format!(
                    "{} listens on port {number} in the node's network namespace (hostNetwork), which needs root or NET_BIND_SERVICE unless the node lowered net.ipv4.ip_unprivileged_port_start",
                    container.describe()
                )
            } else if let Some(start) = start {
                format!(
                    "{} listens on port {number}, below the pod's net.ipv4.ip_unprivileged_port_start ({start}), which needs root or NET_BIND_SERVICE",
                    container.describe()
                )
            } else {
                format!(
                    "{} listens on port {number}, below 1024: on runtimes that keep the kernel's default (CRI-O, containerd before 2.0) that needs root or NET_BIND_SERVICE",
                    container.describe()
                )
            };
            findings
                .report_at(value, message)
                .help("set the safe sysctl `net.ipv4.ip_unprivileged_port_start: \"0\"` in the pod's securityContext, or listen on 1024 or above and map the well-known port in the Service");
        }
    }
}
