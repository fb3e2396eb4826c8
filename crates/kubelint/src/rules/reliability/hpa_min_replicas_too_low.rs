use crate::diagnostic::Severity;
use crate::rules::options::{OptionKind, RuleOption};
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A HorizontalPodAutoscaler (`autoscaling`) whose `minReplicas` is
    /// below the `min-replicas` option (default 2), including one without
    /// `minReplicas`, which defaults to 1. The value is reported, a missing
    /// one at the object's `kind`.
    ///
    /// ## Why it matters
    /// At night or after a quiet hour the autoscaler scales the workload
    /// down to `minReplicas`. At one replica it is down whenever that pod's
    /// node is drained or fails, and a PodDisruptionBudget cannot protect it
    /// without blocking the drain.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata: {name: api}
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
    ///   minReplicas: 1
    ///   maxReplicas: 10
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata: {name: api}
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
    ///   minReplicas: 2
    ///   maxReplicas: 10
    /// ```
    ///
    /// ## How to fix
    /// Set `minReplicas` to at least 2.
    ///
    /// ## References
    /// - [Horizontal Pod Autoscaling](https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/)
    pub static RULE = Rule {
        id: "hpa-min-replicas-too-low",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "HorizontalPodAutoscaler may scale down to fewer than min-replicas",
        practice: Practice::DisasterRecovery,
        equivalents: &[
            Tool::KubeLinter.inspired("hpa-minimum-three-replicas"),
            Tool::KubeScore.same("horizontalpodautoscaler-replicas"),
            Tool::Polaris.same("hpaMinAvailability"),
        ],
        options: &[MIN_REPLICAS],
        fix: None,
        check: Check::Object(check),
    };
}

/// The fewest replicas an autoscaler may scale down to.
const MIN_REPLICAS: RuleOption = RuleOption {
    name: "min-replicas",
    doc: "the fewest replicas a HorizontalPodAutoscaler may scale down to",
    kind: OptionKind::Integer { default: 2, min: 1 },
};

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if object.kind != "HorizontalPodAutoscaler" || object.group() != "autoscaling" {
        return;
    }
    let minimum = ctx.options.integer(&MIN_REPLICAS);
    let node = object
        .root
        .path(&["spec", "minReplicas"])
        .filter(|n| !n.is_null());
    let (replicas, span) = match node {
        Some(n) => match n.as_i64() {
            Some(value) => (value, n.span()),
            None => return,
        },
        None if object.patch => return,
        None => (1, object.kind_span()),
    };
    if replicas >= minimum {
        return;
    }
    let how = if node.is_some() {
        ""
    } else {
        " (no `minReplicas`, so 1)"
    };
    findings
        .report(
            span,
            format!(
                "{} may scale down to {replicas} replica{}{how}, fewer than {minimum}: the workload is then down whenever its node is",
                object.display_name(),
                if replicas == 1 { "" } else { "s" }
            ),
        )
        .help(format!("set `minReplicas: {minimum}` or more"));
}
