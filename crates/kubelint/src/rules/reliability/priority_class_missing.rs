use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A pod or pod template without a `priorityClassName`. Reported at
    /// the object's `kind` (or at the key of a pod template nested in a
    /// custom resource). Patches are not judged.
    ///
    /// ## Why it matters
    /// Without a priority class, every pod gets the cluster's default
    /// priority (0 unless a global default class exists). When nodes run
    /// out of room the scheduler cannot tell which pods to keep: a batch job
    /// can hold the place of a payment service, and preemption and
    /// node-pressure eviction treat both alike.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: api}
    /// spec:
    ///   containers:
    ///   - {name: api, image: registry.example.com/api:5.0.0}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: api}
    /// spec:
    ///   priorityClassName: business-critical
    ///   containers:
    ///   - {name: api, image: registry.example.com/api:5.0.0}
    /// ```
    ///
    /// ## How to fix
    /// Define PriorityClasses for the tiers of your workloads and set
    /// `priorityClassName` on each pod template.
    ///
    /// ## References
    /// - [Pod priority and preemption](https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/)
    pub static RULE = Rule {
        id: "priority-class-missing",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Pod has no priorityClassName",
        practice: Practice::DisasterRecovery,
        equivalents: &[
            Tool::KubeLinter.inspired("priority-class-name"),
            Tool::Polaris.same("priorityClassNotSet"),
        ],
        fix: None,
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    if pod.is_partial() {
        return;
    }
    let set = pod
        .get("priorityClassName")
        .and_then(|p| p.as_str())
        .is_some_and(|p| !p.is_empty());
    if set {
        return;
    }
    findings
        .report(
            pod.report_span(),
            format!(
                "{} sets no priorityClassName: under resource pressure its pods are preempted or evicted like any other",
                ctx.object.display_name()
            ),
        )
        .help("set `priorityClassName` to the PriorityClass of the workload's tier");
}
