use super::common::holds_placeholder;
use crate::diagnostic::Severity;
use crate::k8s::PROBES;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// The named `port` of a liveness, readiness or startup probe
    /// (`httpGet` or `tcpSocket`, e.g. `port: http`) that no entry of the
    /// container's own `ports` is named: the kubelet resolves a probe's
    /// port name in that container only.
    ///
    /// A number is not judged: `ports` is informational, and any process of
    /// the pod (a sidecar's too) may answer on a port no container declares
    /// — the usual case for health and metrics ports.
    ///
    /// The value of `port` is reported; placeholders (`${PORT}`) are not
    /// judged. Patches are not judged: their
    /// containers merge with the ports of the object they patch.
    ///
    /// ## Why it matters
    /// A probe whose named port does not resolve always fails: a liveness
    /// or startup probe then restarts the container forever, a readiness
    /// probe keeps it out of every Service. It happens when a port is
    /// renamed in one place only, or when the probe names a sidecar's port.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: api}
    /// spec:
    ///   containers:
    ///   - name: api
    ///     image: registry.example.com/api:5.0.0
    ///     ports: [{name: http, containerPort: 8080}]
    ///     livenessProbe:
    ///       httpGet: {path: /healthz, port: metrics}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: api}
    /// spec:
    ///   containers:
    ///   - name: api
    ///     image: registry.example.com/api:5.0.0
    ///     ports: [{name: http, containerPort: 8080}]
    ///     livenessProbe:
    ///       httpGet: {path: /healthz, port: http}
    /// ```
    ///
    /// ## How to fix
    /// Name a port of the container itself, or give the probe the port's
    /// number.
    ///
    /// ## References
    /// - [Configure liveness, readiness and startup probes](https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/)
    pub static RULE = Rule {
        id: "probe-port-not-exposed",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Probe names a port the container does not have",
        practice: Practice::DisasterRecovery,
        equivalents: &[
            Tool::KubeLinter.inspired("liveness-port"),
            Tool::KubeLinter.inspired("readiness-port"),
            Tool::KubeLinter.inspired("startup-port"),
        ],
        fix: None,
        check: Check::Pod(check),
    };
}

/// The probe actions whose `port` may be a name (`grpc` takes a number).
const ACTIONS: &[&str] = &["httpGet", "tcpSocket"];

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    if ctx.pod.is_partial() {
        return; // a patch: its containers merge with the patched object's ports
    }
    for container in ctx.pod.containers() {
        let ports = container.ports();
        let names: Vec<&str> = ports
            .iter()
            .filter_map(|p| p.get("name")?.as_str())
            .collect();
        for probe in PROBES {
            let Some(probe_node) = container.get(probe).filter(|p| p.is_mapping()) else {
                continue;
            };
            for action in ACTIONS {
                let Some(port) = probe_node.path(&[action, "port"]) else {
                    continue;
                };
                let Some(name) = port.as_str() else {
                    continue; // a number
                };
                // Placeholders are filled in before apply.
                if names.contains(&name) || holds_placeholder(name) {
                    continue;
                }
                findings
                    .report_at(
                        port,
                        format!(
                            "{probe} of {} checks the port named `{name}`, which no port of the container is named: the kubelet cannot resolve it and the probe always fails",
                            container.describe()
                        ),
                    )
                    .help("name a port of this container, or use the port's number");
            }
        }
    }
}
