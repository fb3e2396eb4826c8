use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A container whose `livenessProbe` and `readinessProbe` are the same
    /// (same handler and the same settings). The `livenessProbe` key is
    /// reported.
    ///
    /// ## Why it matters
    /// A readiness probe answers "can this pod take traffic now?", a
    /// liveness probe "is it hung beyond repair?". When both ask the same
    /// question with the same thresholds, a pod that is merely overloaded
    /// (or waiting on a slow dependency) is not only taken out of the
    /// Service but restarted at the same moment — and the restarts of one
    /// replica after another turn a load peak into an outage.
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
    ///     livenessProbe:
    ///       httpGet: {path: /health, port: 8080}
    ///     readinessProbe:
    ///       httpGet: {path: /health, port: 8080}
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
    ///     livenessProbe:
    ///       httpGet: {path: /livez, port: 8080}
    ///       failureThreshold: 6
    ///     readinessProbe:
    ///       httpGet: {path: /readyz, port: 8080}
    /// ```
    ///
    /// ## How to fix
    /// Give the liveness probe its own, cheaper endpoint (one that does not
    /// check dependencies), or at least a higher `failureThreshold`.
    ///
    /// ## References
    /// - [Configure liveness, readiness and startup probes](https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/)
    pub static RULE = Rule {
        id: "probes-identical",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Liveness and readiness probes are identical",
        practice: Practice::DisasterRecovery,
        equivalents: &[Tool::KubeScore.same("pod-probes-identical")],
        fix: None,
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    for container in ctx.pod.containers() {
        let Some((key, liveness)) = container
            .node
            .get_entry("livenessProbe")
            .filter(|(_, v)| v.is_mapping())
        else {
            continue;
        };
        let Some(readiness) = container.get("readinessProbe").filter(|v| v.is_mapping()) else {
            continue;
        };
        let (Ok(liveness), Ok(readiness)) = (liveness.to_json(), readiness.to_json()) else {
            continue;
        };
        if liveness != readiness {
            continue;
        }
        findings
            .report(
                key.span(),
                format!(
                    "{} has the same livenessProbe as readinessProbe: a pod too busy to be ready is restarted at the same time",
                    container.describe()
                ),
            )
            .help("give the liveness probe its own endpoint, or a higher failureThreshold");
    }
}
