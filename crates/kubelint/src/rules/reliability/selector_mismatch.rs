use super::labels::label_map;
use crate::diagnostic::Severity;
use crate::k8s::LabelSelector;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A controller whose `spec.selector` does not select the labels of its
    /// own pod template: a Deployment, StatefulSet, DaemonSet or ReplicaSet
    /// (`apps`), a ReplicationController, or a Job with
    /// `manualSelector: true`. Also an `apps/v1` controller without a
    /// selector or with an empty one. The selector is reported at its value,
    /// a missing one at the object's `kind`.
    ///
    /// Patches are not judged: the object they patch has the rest.
    ///
    /// ## Why it matters
    /// The API server rejects such an object ("selector does not match
    /// template labels"; `apps/v1` requires a non-empty selector), so the
    /// rollout fails at apply time — or, for the older API versions that
    /// default the selector, the controller does not manage the pods it
    /// creates.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api-server}}
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
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api, version: "5"}}
    ///     spec:
    ///       containers:
    ///       - {name: api, image: registry.example.com/api:5.0.0}
    /// ```
    ///
    /// ## How to fix
    /// Give the pod template every label the selector requires (the
    /// selector of an existing Deployment cannot change: change the
    /// template's labels, not the selector).
    ///
    /// ## References
    /// - [Deployments: selector](https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector)
    /// - [Jobs: specifying your own pod selector](https://kubernetes.io/docs/concepts/workloads/controllers/job/#specifying-your-own-pod-selector)
    pub static RULE = Rule {
        id: "selector-mismatch",
        severity: Severity::Error,
        default_enabled: false,
        summary: "Controller's selector does not select its own pod template",
        practice: Practice::DisasterRecovery,
        equivalents: &[
            Tool::KubeLinter.same("mismatching-selector"),
            Tool::KubeScore.inspired("deployment-pod-selector-labels-match-template-metadata-labels"),
            Tool::KubeScore.inspired("statefulset-pod-selector-labels-match-template-metadata-labels"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    let apps = matches!(object.group(), "apps" | "extensions")
        && matches!(
            object.kind,
            "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet"
        );
    let rc = object.kind == "ReplicationController" && object.api_version == "v1";
    let job = object.kind == "Job"
        && object.group() == "batch"
        && object
            .root
            .path(&["spec", "manualSelector"])
            .and_then(|m| m.as_bool())
            == Some(true);
    if !(apps || rc || job) || object.patch {
        return;
    }
    let Some(pod) = ctx.pods.first().filter(|pod| !pod.is_partial()) else {
        return;
    };
    let labels = label_map(pod.labels());
    let selector_node = object
        .root
        .path(&["spec", "selector"])
        .filter(|s| !s.is_null());
    let Some(node) = selector_node else {
        // Only apps/v1 requires it; the others default it from the labels.
        if object.api_version == "apps/v1" || job {
            findings
                .report(
                    object.kind_span(),
                    format!(
                        "{} has no `spec.selector`: the API server rejects it",
                        object.display_name()
                    ),
                )
                .help("add `spec.selector.matchLabels` with the pod template's identifying labels");
        }
        return;
    };
    // A ReplicationController's selector is a plain label map.
    let selector = if rc {
        let wanted = label_map(Some(node));
        let matches = wanted.iter().all(|(k, v)| labels.get(k) == Some(v));
        if wanted.is_empty() || matches {
            return;
        }
        None
    } else {
        match LabelSelector::parse(node) {
            None => return, // malformed: the API server reports it
            Some(s) if s.is_empty() => {
                if object.api_version == "apps/v1" || job {
                    findings
                        .report(
                            node.span(),
                            format!(
                                "{} has an empty `spec.selector`: the API server rejects it",
                                object.display_name()
                            ),
                        )
                        .help("select the pod template's identifying labels with `matchLabels`");
                }
                return;
            }
            Some(s) => Some(s),
        }
    };
    if selector.is_some_and(|s| s.matches(&labels)) {
        return;
    }
    let shown = if labels.is_empty() {
        "no labels".to_owned()
    } else {
        labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    findings
        .report(
            node.span(),
            format!(
                "{}'s selector does not select its own pod template ({shown}): the API server rejects it",
                object.display_name()
            ),
        )
        .help("give the pod template every label the selector requires");
}
