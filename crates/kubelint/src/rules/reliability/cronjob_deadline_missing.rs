use super::common::spec_sets;
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A CronJob (`batch`) without `spec.startingDeadlineSeconds`. The
    /// object's `kind` is reported.
    ///
    /// ## Why it matters
    /// Without a deadline, a run the controller missed (control-plane
    /// downtime, a suspended CronJob resumed, a `Forbid` policy behind a
    /// long run) is started whenever the controller catches up, however
    /// late: a nightly maintenance job can start at midday. The original
    /// CronJob controller (before Kubernetes 1.21) even stopped scheduling
    /// a CronJob with more than 100 missed start times; the current one
    /// keeps warning `TooManyMissedTimes`.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: batch/v1
    /// kind: CronJob
    /// metadata: {name: backup}
    /// spec:
    ///   schedule: "*/5 * * * *"
    ///   jobTemplate:
    ///     spec:
    ///       template:
    ///         spec:
    ///           restartPolicy: OnFailure
    ///           containers:
    ///           - {name: backup, image: registry.example.com/backup:1.0.0}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: batch/v1
    /// kind: CronJob
    /// metadata: {name: backup}
    /// spec:
    ///   schedule: "*/5 * * * *"
    ///   startingDeadlineSeconds: 200
    ///   jobTemplate:
    ///     spec:
    ///       template:
    ///         spec:
    ///           restartPolicy: OnFailure
    ///           containers:
    ///           - {name: backup, image: registry.example.com/backup:1.0.0}
    /// ```
    ///
    /// ## How to fix
    /// Set `startingDeadlineSeconds` to how late a run may still start
    /// (shorter than the schedule's interval for frequent jobs).
    ///
    /// ## References
    /// - [CronJob limitations](https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#cron-job-limitations)
    pub static RULE = Rule {
        id: "cronjob-deadline-missing",
        severity: Severity::Info,
        default_enabled: false,
        summary: "CronJob has no startingDeadlineSeconds",
        practice: Practice::DisasterRecovery,
        equivalents: &[Tool::KubeScore.same("cronjob-has-deadline")],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if object.kind != "CronJob" || object.group() != "batch" || object.patch {
        return;
    }
    let set = spec_sets(object, "startingDeadlineSeconds");
    if set {
        return;
    }
    findings
        .report(
            object.kind_span(),
            format!(
                "{} sets no startingDeadlineSeconds: a missed run starts whenever the controller catches up, however late",
                object.display_name()
            ),
        )
        .help("set `startingDeadlineSeconds`");
}
