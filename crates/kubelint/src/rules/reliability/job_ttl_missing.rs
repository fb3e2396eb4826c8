use super::common::{is_fragment, spec_sets};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A Job (`batch`) without `spec.ttlSecondsAfterFinished`. Jobs of a
    /// CronJob are not flagged: the CronJob's history limits clean them up.
    /// The object's `kind` is reported. Patches and fragments (a container
    /// without `image`) are not judged.
    ///
    /// ## Why it matters
    /// A finished Job and its pods stay in the cluster until someone
    /// deletes them: they fill etcd and the namespace's object quota, and a
    /// re-apply of the same manifest fails because the Job's pod template
    /// is immutable.
    ///
    /// ## Example
    /// ```yaml fail
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
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: batch/v1
    /// kind: Job
    /// metadata: {name: migrate}
    /// spec:
    ///   ttlSecondsAfterFinished: 86400
    ///   template:
    ///     spec:
    ///       restartPolicy: Never
    ///       containers:
    ///       - {name: migrate, image: registry.example.com/migrate:1.0.0}
    /// ```
    ///
    /// ## How to fix
    /// Set `ttlSecondsAfterFinished` long enough to read the logs (a day).
    ///
    /// ## References
    /// - [Automatic cleanup for finished Jobs](https://kubernetes.io/docs/concepts/workloads/controllers/ttlafterfinished/)
    pub static RULE = Rule {
        id: "job-ttl-missing",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Job is never cleaned up after it finishes",
        practice: Practice::DisasterRecovery,
        equivalents: &[Tool::KubeLinter.inspired("job-ttl-seconds-after-finished")],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if object.kind != "Job" || object.group() != "batch" || object.patch {
        return;
    }
    let set = spec_sets(object, "ttlSecondsAfterFinished");
    // Helm hooks are deleted by their hook-delete-policy.
    if set
        || object.annotation("helm.sh/hook-delete-policy").is_some()
        || ctx.pods.first().is_some_and(is_fragment)
    {
        return;
    }
    findings
        .report(
            object.kind_span(),
            format!(
                "{} sets no ttlSecondsAfterFinished: it and its pods stay after it finishes",
                object.display_name()
            ),
        )
        .help("set `ttlSecondsAfterFinished` (for example 86400)");
}
