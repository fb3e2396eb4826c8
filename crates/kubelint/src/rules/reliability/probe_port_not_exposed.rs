use crate::diagnostic::Severity;
use crate::k8s::PROBES;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// The `port` of a liveness, readiness or startup probe (`httpGet`,
    /// `tcpSocket` or `grpc`) that the container's `ports` do not declare:
    /// - a named port (`port: http`) that no entry of the container's own
    ///   `ports` is named, which the kubelet cannot resolve;
    /// - a number that is not the `containerPort` of any entry, when the
    ///   container declares ports at all (one that declares none is not
    ///   judged: `ports` is informational, and the process may listen
    ///   anyway).
    ///
    /// The value of `port` is reported; placeholders (`${PORT}`) are not
    /// judged. Patches are not judged: their
    /// containers merge with the ports of the object they patch.
    ///
    /// ## Why it matters
    /// A probe whose named port does not resolve always fails: a liveness
    /// or startup probe then restarts the container forever, a readiness
    /// probe keeps it out of every Service. A number that differs from the
    /// declared ports is usually a port changed in one place only, with the
    /// same result once the old port stops answering.
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
    /// Point the probe at a port the container declares (by its name, so
    /// the two cannot drift apart), or declare the port it checks.
    ///
    /// ## References
    /// - [Configure liveness, readiness and startup probes](https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/)
    pub static RULE = Rule {
        id: "probe-port-not-exposed",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Probe checks a port the container does not declare",
        practice: Practice::DisasterRecovery,
        equivalents: &[
            Tool::KubeLinter.inspired("liveness-port"),
            Tool::KubeLinter.inspired("readiness-port"),
            Tool::KubeLinter.inspired("startup-port"),
            Tool::KubeScore.inspired("container-ports-check"),
        ],
        fix: None,
        check: Check::Pod(check),
    };
}

/// The probe actions that take a `port`.
const ACTIONS: &[&str] = &["httpGet", "tcpSocket", "grpc"];

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
        let numbers: Vec<i64> = ports
            .iter()
            .filter_map(|p| p.get("containerPort")?.as_i64())
            .collect();
        for probe in PROBES {
            let Some(probe_node) = container.get(probe).filter(|p| p.is_mapping()) else {
                continue;
            };
            for action in ACTIONS {
                let Some(port) = probe_node.path(&[action, "port"]) else {
                    continue;
                };
                let message = if let Some(number) = port.as_i64() {
                    if numbers.is_empty() || numbers.contains(&number) {
                        continue;
                    }
                    let declared: Vec<String> = numbers.iter().map(i64::to_string).collect();
                    format!(
                        "{probe} of {} checks port {number}, which the container does not declare (it declares {}): the probe fails unless the process also listens there",
                        container.describe(),
                        declared.join(", ")
                    )
                } else if let Some(name) = port.as_str() {
                    // Placeholders are filled in before apply.
                    if names.contains(&name) || name.contains("${") || name.contains("{{") {
                        continue;
                    }
                    format!(
                        "{probe} of {} checks the port named `{name}`, which no port of the container is named: the kubelet cannot resolve it and the probe always fails",
                        container.describe()
                    )
                } else {
                    continue;
                };
                findings
                    .report_at(port, message)
                    .help("point the probe at a declared port, by its name");
            }
        }
    }
}
