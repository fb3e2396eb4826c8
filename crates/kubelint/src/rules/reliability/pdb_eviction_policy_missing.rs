use super::common::spec_sets;
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A PodDisruptionBudget (`policy/v1`) without
    /// `spec.unhealthyPodEvictionPolicy`. The object's `kind` is reported.
    ///
    /// ## Why it matters
    /// The default (`IfHealthyBudget`) lets a pod that is running but not
    /// ready — crash-looping, stuck on a bad config — be evicted only while
    /// the application is otherwise healthy. A broken rollout then blocks
    /// every node drain. `AlwaysAllow` lets the drain evict pods that are
    /// not ready anyway, which is what most workloads want.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// metadata: {name: api}
    /// spec:
    ///   maxUnavailable: 1
    ///   selector: {matchLabels: {app: api}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// metadata: {name: api}
    /// spec:
    ///   maxUnavailable: 1
    ///   unhealthyPodEvictionPolicy: AlwaysAllow
    ///   selector: {matchLabels: {app: api}}
    /// ```
    ///
    /// ## How to fix
    /// Set `unhealthyPodEvictionPolicy: AlwaysAllow` (or `IfHealthyBudget`
    /// on purpose, for applications that must not lose unready pods).
    ///
    /// ## References
    /// - [Unhealthy pod eviction policy](https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy)
    pub static RULE = Rule {
        id: "pdb-eviction-policy-missing",
        severity: Severity::Info,
        default_enabled: false,
        summary: "PodDisruptionBudget does not set unhealthyPodEvictionPolicy",
        practice: Practice::DisasterRecovery,
        equivalents: &[Tool::KubeLinter.same("pdb-unhealthy-pod-eviction-policy")],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if object.kind != "PodDisruptionBudget" || object.api_version != "policy/v1" || object.patch {
        return;
    }
    let set = spec_sets(object, "unhealthyPodEvictionPolicy");
    if set {
        return;
    }
    findings
        .report(
            object.kind_span(),
            format!(
                "{} does not set unhealthyPodEvictionPolicy: pods that are running but not ready can block node drains",
                object.display_name()
            ),
        )
        .help("set `unhealthyPodEvictionPolicy: AlwaysAllow`");
}
