use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};
use crate::rules::options::{OptionKind, RuleOption};

declare_rule! {
    /// ## What it flags
    /// A Deployment or StatefulSet with fewer `replicas` than the
    /// `min-replicas` option (default 2), including one without `replicas`,
    /// which runs one. Off by default: singletons are often deliberate, and
    /// workloads scaled by a HorizontalPodAutoscaler omit `replicas` on
    /// purpose (suppress the rule for them).
    ///
    /// ## Why it matters
    /// A single replica is down whenever its node is: during every node
    /// upgrade, drain, crash or spot-instance reclaim, and during each of
    /// its own rollouts that cannot surge.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   replicas: 1
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       containers:
    ///       - {name: api, image: registry.example.com/api:5.0.0}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   replicas: 3
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       containers:
    ///       - {name: api, image: registry.example.com/api:5.0.0}
    /// ```
    ///
    /// ## How to fix
    /// Run at least two replicas, spread across nodes and zones with
    /// topology spread constraints, and add a PodDisruptionBudget.
    ///
    /// ## References
    /// - [Deployments: replicas](https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#replicas)
    pub static RULE = Rule {
        id: "replicas-too-low",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Deployment or StatefulSet runs fewer replicas than min-replicas",
        practice: Practice::DisasterRecovery,
        equivalents: &[
            Tool::KubeLinter.inspired("minimum-three-replicas"),
            Tool::KubeScore.same("deployment-replicas"),
            Tool::Polaris.same("deploymentMissingReplicas"),
        ],
        options: &[MIN_REPLICAS],
        fix: None,
        check: Check::Object(check),
    };
}

/// The fewest replicas accepted.
const MIN_REPLICAS: RuleOption = RuleOption {
    name: "min-replicas",
    doc: "the fewest replicas a Deployment or StatefulSet may run",
    kind: OptionKind::Integer { default: 2, min: 1 },
};

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if !matches!(object.kind, "Deployment" | "StatefulSet") || object.group() != "apps" {
        return;
    }
    let minimum = ctx.options.integer(&MIN_REPLICAS);
    let node = object.root.path(&["spec", "replicas"]);
    let (replicas, span) = match node {
        Some(n) => match n.as_i64() {
            Some(value) => (value, n.span()),
            None => return,
        },
        // A patch without `replicas` leaves the patched object's.
        None if object.patch => return,
        None => (1, object.kind_span()),
    };
    if replicas >= minimum {
        return;
    }
    let how = if node.is_some() {
        ""
    } else {
        " (no `replicas`, so 1)"
    };
    findings
        .report(
            span,
            format!(
                "{} runs {replicas} replica{}{how}, fewer than {minimum}: it is down whenever its node is",
                object.display_name(),
                if replicas == 1 { "" } else { "s" }
            ),
        )
        .help(format!("run at least {minimum} replicas spread across nodes, with a PodDisruptionBudget"));
}
