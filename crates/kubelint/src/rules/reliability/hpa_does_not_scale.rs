use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A HorizontalPodAutoscaler (`autoscaling`) whose `maxReplicas` is not
    /// above its `minReplicas` (1 when unset). `maxReplicas` is reported.
    ///
    /// ## Why it matters
    /// Such an autoscaler never scales: the workload runs at a fixed size
    /// through every load peak while the HPA suggests otherwise (a
    /// `maxReplicas` below `minReplicas` is rejected by the API server).
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata: {name: api}
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
    ///   minReplicas: 3
    ///   maxReplicas: 3
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata: {name: api}
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
    ///   minReplicas: 3
    ///   maxReplicas: 10
    /// ```
    ///
    /// ## How to fix
    /// Raise `maxReplicas` above `minReplicas`, or drop the autoscaler and
    /// set the workload's `replicas`.
    ///
    /// ## References
    /// - [Horizontal Pod Autoscaling](https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/)
    pub static RULE = Rule {
        id: "hpa-does-not-scale",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "HorizontalPodAutoscaler's maxReplicas is not above its minReplicas",
        practice: Practice::DisasterRecovery,
        equivalents: &[Tool::Polaris.same("hpaMaxAvailability")],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if object.kind != "HorizontalPodAutoscaler" || object.group() != "autoscaling" || object.patch
    {
        return;
    }
    let spec = object.root.get("spec");
    let Some(max_node) = spec.and_then(|s| s.get("maxReplicas")) else {
        return;
    };
    let Some(max) = max_node.as_i64() else {
        return;
    };
    let min = match spec
        .and_then(|s| s.get("minReplicas"))
        .filter(|n| !n.is_null())
    {
        Some(node) => match node.as_i64() {
            Some(value) => value,
            None => return,
        },
        None => 1,
    };
    if max > min {
        return;
    }
    findings
        .report(
            max_node.span(),
            format!(
                "{} has maxReplicas {max} and minReplicas {min}: it never scales",
                object.display_name()
            ),
        )
        .help("raise `maxReplicas` above `minReplicas`");
}
