use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice};

declare_rule! {
    /// ## What it flags
    /// A `Pod` object (`v1`) that no controller manages: it has no
    /// `metadata.ownerReferences`. The object's `kind` is reported.
    ///
    /// Not reported: static pods of the control plane (namespace
    /// `kube-system`), Helm hooks and tests (annotation `helm.sh/hook`),
    /// and patches.
    ///
    /// ## Why it matters
    /// Nothing recreates a bare pod: when its node fails, is drained or is
    /// replaced, the pod is gone for good, and a node drain refuses to
    /// evict it without `--force`. Rolling out a new image means deleting
    /// and recreating it by hand, with downtime.
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
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   replicas: 2
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       containers:
    ///       - {name: api, image: registry.example.com/api:5.0.0}
    /// ```
    ///
    /// ## How to fix
    /// Run the pod from a controller: a Deployment (or StatefulSet,
    /// DaemonSet) for a service, a Job for a task that runs to completion.
    ///
    /// ## References
    /// - [Configuration best practices: naked pods](https://kubernetes.io/docs/concepts/configuration/overview/#naked-pods-vs-replicasets-deployments-and-jobs)
    pub static RULE = Rule {
        id: "naked-pod",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Pod is not managed by a controller",
        practice: Practice::DisasterRecovery,
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if object.kind != "Pod" || object.api_version != "v1" || object.patch {
        return;
    }
    let owned = object
        .metadata()
        .and_then(|m| m.get("ownerReferences"))
        .is_some_and(|o| o.is_sequence() && o.items().len() > 0);
    if owned
        || object.namespace() == Some("kube-system")
        || object.annotation("helm.sh/hook").is_some()
    {
        return;
    }
    findings
        .report(
            object.kind_span(),
            format!(
                "{} is a bare Pod: nothing recreates it when its node fails or is drained",
                object.display_name()
            ),
        )
        .help("run it from a Deployment (a service) or a Job (a task that completes)");
}
