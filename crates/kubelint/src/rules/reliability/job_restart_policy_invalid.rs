use super::common::is_fragment;
use crate::diagnostic::Severity;
use crate::k8s::Place;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// The pod template of a Job or of a CronJob's `jobTemplate` (`batch`)
    /// whose `restartPolicy` is not `OnFailure` or `Never` — including one
    /// without `restartPolicy`, which defaults to `Always`. The value is
    /// reported, a missing one at the object's `kind`. Patches are not
    /// judged, nor fragments (a container without `image`, as in a patch
    /// that a kustomization elsewhere applies).
    ///
    /// ## Why it matters
    /// The API server rejects the Job or CronJob
    /// (`spec.template.spec.restartPolicy: Required value: valid values:
    /// "OnFailure", "Never"`), so the task is never created — often noticed
    /// only when the nightly job did not run.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: batch/v1
    /// kind: Job
    /// metadata: {name: migrate}
    /// spec:
    ///   template:
    ///     spec:
    ///       containers:
    ///       - {name: migrate, image: registry.example.com/migrate:1.0.0}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: batch/v1
    /// kind: Job
    /// metadata: {name: migrate}
    /// spec:
    ///   template:
    ///     spec:
    ///       restartPolicy: Never
    ///       containers:
    ///       - {name: migrate, image: registry.example.com/migrate:1.0.0}
    /// ```
    ///
    /// ## How to fix
    /// Set `restartPolicy: OnFailure` (retry in place) or `Never` (a new pod
    /// per retry, up to `backoffLimit`).
    ///
    /// ## References
    /// - [Jobs: pod template](https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-template)
    pub static RULE = Rule {
        id: "job-restart-policy-invalid",
        severity: Severity::Error,
        default_enabled: false,
        summary: "Job's pod template restartPolicy is not OnFailure or Never",
        practice: Practice::DisasterRecovery,
        equivalents: &[Tool::KubeScore.same("cronjob-restartpolicy")],
        fix: None,
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    let pod = ctx.pod;
    let is_job_template = object.group() == "batch"
        && match object.kind {
            "Job" => pod.place == Place::Known(&["spec", "template", "spec"]),
            "CronJob" => matches!(pod.place, Place::Known(path) if path.contains(&"jobTemplate")),
            _ => false,
        };
    if !is_job_template || object.patch || pod.is_partial() || is_fragment(&pod) {
        return;
    }
    let node = pod.get("restartPolicy").filter(|p| !p.is_null());
    let value = node.and_then(|p| p.as_str());
    if matches!(value, Some("OnFailure" | "Never")) {
        return;
    }
    let (span, shown) = match (node, value) {
        (Some(node), Some(value)) => (node.span(), format!("`restartPolicy: {value}`")),
        (Some(_), None) => return,
        (None, _) => (pod.report_span(), "no `restartPolicy` (so `Always`)".to_owned()),
    };
    findings
        .report(
            span,
            format!(
                "{}'s pod template has {shown}: the API server accepts only OnFailure or Never for Jobs and rejects it",
                object.display_name()
            ),
        )
        .help("set `restartPolicy: OnFailure` or `Never`");
}
