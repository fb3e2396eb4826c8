use super::common::spec_sets;
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A PodDisruptionBudget (`policy/v1`) that sets neither
    /// `minAvailable` nor `maxUnavailable`. The object's `kind` is
    /// reported.
    ///
    /// ## Why it matters
    /// In `policy/v1` such a budget requires no pod to stay available: it
    /// allows every eviction and protects nothing (the old `v1beta1`
    /// defaulted it to `minAvailable: 1`, so the same manifest changed
    /// meaning when it moved to `v1`).
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// metadata: {name: api}
    /// spec:
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
    ///   selector: {matchLabels: {app: api}}
    /// ```
    ///
    /// ## How to fix
    /// Set `maxUnavailable` (usually 1) or a `minAvailable` below the
    /// replica count.
    ///
    /// ## References
    /// - [Specifying a Disruption Budget](https://kubernetes.io/docs/tasks/run-application/configure-pdb/#specifying-a-poddisruptionbudget)
    pub static RULE = Rule {
        id: "pdb-policy-missing",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "PodDisruptionBudget sets neither minAvailable nor maxUnavailable",
        practice: Practice::DisasterRecovery,
        equivalents: &[Tool::KubeScore.same("poddisruptionbudget-has-policy")],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if object.kind != "PodDisruptionBudget" || object.api_version != "policy/v1" || object.patch {
        return;
    }
    if spec_sets(object, "minAvailable") || spec_sets(object, "maxUnavailable") {
        return;
    }
    findings
        .report(
            object.kind_span(),
            format!(
                "{} sets neither minAvailable nor maxUnavailable: it allows every eviction and protects nothing",
                object.display_name()
            ),
        )
        .help("set `maxUnavailable: 1`");
}
