use crate::diagnostic::{Applicability, Severity};
use crate::edit::IntoFix as _;
use crate::k8s::Place;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// The pod template of a controller that keeps its pods running — a
    /// Deployment, DaemonSet, StatefulSet or ReplicaSet (`apps`, or the old
    /// `extensions`) or a ReplicationController — whose `restartPolicy` is
    /// not `Always`. The value is reported. A template without
    /// `restartPolicy` is fine: the API server defaults it to `Always`.
    /// Jobs and CronJobs, which need `OnFailure` or `Never`, are
    /// `job-restart-policy-invalid`'s; a bare Pod may use any of the three.
    ///
    /// kube-linter's `restart-policy` asks the same question differently: it
    /// flags every deployment-like object whose `restartPolicy` is not
    /// written as `Always` or `OnFailure` — also a template without one
    /// (which Kubernetes runs as `Always`) and a Job with `Never` (which is
    /// valid) — and accepts `OnFailure` on a Deployment, which the API
    /// server rejects. This rule reports what Kubernetes refuses.
    ///
    /// ## Why it matters
    /// The API server rejects the object
    /// (`spec.template.spec.restartPolicy: Unsupported value: "OnFailure":
    /// supported values: "Always"`): these controllers replace pods that
    /// exit, so their pods must restart in place. The workload is never
    /// created, or an update of it never applies.
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
    ///       restartPolicy: OnFailure
    ///       containers:
    ///       - {name: web, image: registry.example.com/web:1.0.0}
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
    ///       restartPolicy: Always
    ///       containers:
    ///       - {name: web, image: registry.example.com/web:1.0.0}
    /// ```
    ///
    /// ## How to fix
    /// Write `restartPolicy: Always` or leave it out (the safe fix writes
    /// `Always`). A task that should run to completion belongs in a Job.
    ///
    /// ## References
    /// - [Pod lifecycle: container restart policy](https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy)
    /// - [Deployments: pod template](https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#pod-template) ("Only a `.spec.template.spec.restartPolicy` equal to `Always` is allowed")
    pub static RULE = Rule {
        id: "restart-policy-invalid",
        severity: Severity::Error,
        default_enabled: false,
        summary: "Deployment, DaemonSet, StatefulSet or ReplicaSet template restartPolicy is not Always",
        practice: Practice::DisasterRecovery,
        equivalents: &[Tool::KubeLinter.inspired("restart-policy")],
        fix: Some(Applicability::Safe),
        check: Check::Pod(check),
    };
}

/// The controllers whose pod template the API server accepts only with
/// `restartPolicy: Always` (apps validation, `ValidatePodTemplateSpecForRC`).
fn keeps_pods_running(group: &str, kind: &str) -> bool {
    match kind {
        "Deployment" | "DaemonSet" | "ReplicaSet" => matches!(group, "apps" | "extensions"),
        "StatefulSet" => group == "apps",
        "ReplicationController" => group.is_empty(),
        _ => false,
    }
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    let pod = ctx.pod;
    if !keeps_pods_running(object.group(), object.kind)
        || pod.place != Place::Known(&["spec", "template", "spec"])
    {
        return;
    }
    // Unset or null defaults to Always; a non-string does not decode (other
    // rules and kubectl say so).
    let Some(node) = pod.get("restartPolicy").filter(|p| !p.is_null()) else {
        return;
    };
    let Some(value) = node.as_str().filter(|v| *v != "Always") else {
        return;
    };
    findings
        .report_at(
            node,
            format!(
                "{}'s pod template has `restartPolicy: {value}`: the API server accepts only Always for a {} and rejects it",
                object.display_name(),
                object.kind
            ),
        )
        .help("write `restartPolicy: Always` or leave it out; run tasks that finish as a Job")
        .fix(crate::edit::replace_scalar(node, "Always").into_fix("Set restartPolicy: Always", Applicability::Safe));
}
