use super::common::is_fragment;
use crate::k8s::label_map;
use crate::diagnostic::Severity;
use crate::k8s::LabelSelector;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A controller whose `spec.selector` does not select the labels of its
    /// own pod template: a Deployment, StatefulSet, DaemonSet or ReplicaSet
    /// (`apps`), a ReplicationController, or a Job with
    /// `manualSelector: true`. The selector is reported.
    ///
    /// Not judged: patches and fragments (a container without `image`: the
    /// object they patch has the rest), and a
    /// controller whose template has no labels or that has no (or an empty)
    /// selector — usually a kustomize base whose `labels`/`commonLabels`
    /// fill both in.
    ///
    /// ## Why it matters
    /// The API server rejects such an object ("selector does not match
    /// template labels"), so the rollout fails at apply time.
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
    let Some(pod) = ctx
        .pods
        .first()
        .filter(|pod| !pod.is_partial() && !is_fragment(pod))
    else {
        return;
    };
    let labels = label_map(pod.labels());
    // Without template labels or a selector the file is usually a
    // kustomize base whose `labels`/`commonLabels` fill in both.
    if labels.is_empty() {
        return;
    }
    let Some(node) = object
        .root
        .path(&["spec", "selector"])
        .filter(|s| !s.is_null())
    else {
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
            // Malformed (the API server reports it) or empty (filled in by
            // kustomize, or rejected by the API server on its own).
            None => return,
            Some(s) if s.is_empty() => return,
            Some(s) => Some(s),
        }
    };
    if selector.is_some_and(|s| s.matches(&labels)) {
        return;
    }
    let shown = labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ");
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
