use crate::diagnostic::Severity;
use crate::k8s::{ContainerKind, Place};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A long-running container without a `readinessProbe` or a
    /// `livenessProbe`, reported at its name with what is missing. Checked
    /// are the containers and sidecars (init containers with
    /// `restartPolicy: Always`) of workloads that run continuously:
    /// Deployments, StatefulSets, DaemonSets, ReplicaSets, pod templates of
    /// custom resources, and Pods whose `restartPolicy` is `Always`. Jobs,
    /// CronJobs, run-to-completion Pods, ordinary init containers and
    /// ephemeral containers are not. Off by default.
    ///
    /// ## Why it matters
    /// Without a readiness probe, a Service sends traffic to a pod as soon as
    /// its process starts, and a rolling update proceeds even when the new
    /// version never becomes able to serve. Without a liveness probe, a
    /// deadlocked process keeps its slot forever. Both make outages longer
    /// and recovery manual.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       containers:
    ///       - name: api
    ///         image: registry.example.com/api:3.2.1
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       containers:
    ///       - name: api
    ///         image: registry.example.com/api:3.2.1
    ///         readinessProbe:
    ///           httpGet: {path: /ready, port: 8080}
    ///         livenessProbe:
    ///           httpGet: {path: /healthz, port: 8080}
    ///           periodSeconds: 20
    /// ```
    ///
    /// ## How to fix
    /// Add a readiness probe that succeeds when the container can serve, and
    /// a liveness probe that fails only when restarting would help — not
    /// when a dependency is down. Use a `startupProbe` for slow starters
    /// instead of a long liveness delay.
    ///
    /// ## References
    /// - [Configure Liveness, Readiness and Startup Probes](https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/)
    pub static RULE = Rule {
        id: "probes-missing",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Long-running container has no readiness or liveness probe",
        practice: Practice::DisasterRecovery,
        equivalents: &[
            Tool::KubeLinter.inspired("no-readiness-probe"),
            Tool::KubeLinter.inspired("no-liveness-probe"),
            Tool::KubeScore.same("pod-probes"),
            Tool::Polaris.inspired("readinessProbeMissing"),
            Tool::Polaris.inspired("livenessProbeMissing"),
            Tool::Checkov.inspired("CKV_K8S_9"),
            Tool::Checkov.inspired("CKV_K8S_8"),
        ],
        fix: None,
        check: Check::Pod(check),
    };
}

/// Kinds whose pods run to completion.
const BATCH_KINDS: &[&str] = &["Job", "CronJob", "ScaledJob"];

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    if BATCH_KINDS.contains(&ctx.object.kind)
        || matches!(pod.place, Place::Known(path) if path.contains(&"jobTemplate"))
    {
        return;
    }
    if pod.is_partial() {
        return; // a patch: the object it patches has or lacks the probes
    }
    let restart = pod.get("restartPolicy").and_then(|v| v.as_str());
    if matches!(restart, Some("Never" | "OnFailure")) {
        return;
    }
    for container in pod.containers() {
        let long_running = match container.kind {
            ContainerKind::Container => true,
            ContainerKind::Init => container.is_sidecar(),
            ContainerKind::Ephemeral => false,
        };
        if !long_running {
            continue;
        }
        let has = |probe: &str| container.get(probe).is_some_and(|p| p.is_mapping());
        let missing: Vec<&str> = ["readinessProbe", "livenessProbe"]
            .into_iter()
            .filter(|probe| !has(probe))
            .collect();
        let message = match missing.as_slice() {
            [] => continue,
            ["readinessProbe"] => format!(
                "{} has no readinessProbe, so it receives traffic and counts as available before it can serve",
                container.describe()
            ),
            ["livenessProbe"] => format!(
                "{} has no livenessProbe, so a hung process is never restarted",
                container.describe()
            ),
            _ => format!(
                "{} has neither a readinessProbe nor a livenessProbe, so Kubernetes cannot tell whether it is ready or hung",
                container.describe()
            ),
        };
        findings
            .report(container.report_span(), message)
            .help(format!("add a {}", missing.join(" and a ")));
    }
}
