use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::edit::IntoFix as _;

declare_rule! {
    /// ## What it flags
    /// A container port with a `hostPort` other than 0 (init and ephemeral
    /// containers included), reported at the `hostPort` value.
    ///
    /// ## Why it matters
    /// A host port opens the port on the node's own IP address and forwards
    /// it to the pod. Traffic then reaches the pod without going through a
    /// Service, from anywhere that can reach the node, and node-level
    /// firewalls rarely expect it. It also limits the workload to one pod per
    /// node and port. The Baseline Pod Security Standard forbids host ports.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: web}
    /// spec:
    ///   selector: {matchLabels: {app: web}}
    ///   template:
    ///     metadata: {labels: {app: web}}
    ///     spec:
    ///       containers:
    ///       - name: web
    ///         image: registry.example.com/web:2.1.0
    ///         ports:
    ///         - containerPort: 8080
    ///           hostPort: 80
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: web}
    /// spec:
    ///   selector: {matchLabels: {app: web}}
    ///   template:
    ///     metadata: {labels: {app: web}}
    ///     spec:
    ///       containers:
    ///       - name: web
    ///         image: registry.example.com/web:2.1.0
    ///         ports:
    ///         - containerPort: 8080
    /// ```
    ///
    /// ## How to fix
    /// Remove `hostPort` (the quick fix deletes the line and keeps the rest of
    /// the port) and expose the pod through a Service — `ClusterIP` inside
    /// the cluster, a `LoadBalancer` or an Ingress from outside.
    ///
    /// ## References
    /// - [Pod Security Standards: Host Ports](https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline)
    /// - [Configuration best practices: Services](https://kubernetes.io/docs/concepts/configuration/overview/#services)
    pub static RULE = Rule {
        id: "host-port",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Container binds a port on the node (ports[].hostPort)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::Polaris.same("hostPortSet"),
            Tool::Checkov.same("CKV_K8S_26"),
            Tool::Trivy.same("KSV-0024"),
            Tool::Pss.same("baseline/hostPorts"),
            Tool::Cis.same("5.2.12"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    for container in pod.containers() {
        for port in container.ports() {
            let Some(value) = port
                .get("hostPort")
                .filter(|v| v.scalar().is_some() && !v.is_null())
            else {
                continue;
            };
            if value.as_i64() == Some(0) {
                continue;
            }
            let number = value.text().unwrap_or_default();
            findings
                .report_at(
                    value,
                    format!(
                        "{} binds port {number} on every node it runs on, reachable without a Service from anywhere that can reach the node",
                        container.describe()
                    ),
                )
                .help("remove `hostPort` and expose the pod through a Service")
                .fix(crate::edit::remove_entry(port, "hostPort").into_fix("Remove hostPort", Applicability::Unsafe));
        }
    }
}
