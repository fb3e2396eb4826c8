use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A Deployment (`apps`) with `spec.strategy.type: Recreate`. The
    /// value is reported.
    ///
    /// ## Why it matters
    /// `Recreate` stops every old pod before the first new one starts:
    /// each rollout — and each rollback of a bad one — is an outage as
    /// long as the new pods take to become ready. `RollingUpdate` (the
    /// default) replaces pods a few at a time. Recreate is only needed when
    /// two versions must never run at once (a single-writer volume, an
    /// incompatible schema migration): suppress it there.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   replicas: 3
    ///   strategy: {type: Recreate}
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
    ///   strategy:
    ///     type: RollingUpdate
    ///     rollingUpdate: {maxUnavailable: 0, maxSurge: 1}
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       containers:
    ///       - {name: api, image: registry.example.com/api:5.0.0}
    /// ```
    ///
    /// ## How to fix
    /// Use the default `RollingUpdate` strategy.
    ///
    /// ## References
    /// - [Deployments: strategy](https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy)
    pub static RULE = Rule {
        id: "deployment-recreate-strategy",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Deployment uses the Recreate strategy, an outage on every rollout",
        practice: Practice::DisasterRecovery,
        equivalents: &[
            Tool::KubeLinter.same("no-rolling-update-strategy"),
            Tool::KubeScore.inspired("deployment-strategy"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if object.kind != "Deployment" || object.group() != "apps" {
        return;
    }
    let Some(strategy) = object
        .root
        .path(&["spec", "strategy", "type"])
        .filter(|t| t.as_str() == Some("Recreate"))
    else {
        return;
    };
    findings
        .report(
            strategy.span(),
            format!(
                "{} uses the Recreate strategy: every rollout stops all pods before starting new ones",
                object.display_name()
            ),
        )
        .help("use the default `RollingUpdate` strategy");
}
