use super::common::may_live_in;
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Practice, SetCtx, SetFindings, Tool};

declare_rule! {
    /// ## What it flags
    /// A HorizontalPodAutoscaler (`autoscaling`) whose `scaleTargetRef`
    /// names a Deployment, StatefulSet, ReplicaSet or ReplicationController
    /// that its namespace does not have. The target's `name` is reported.
    ///
    /// It judges only namespaces whose workloads the run contains: an HPA
    /// is not reported when no workload of its namespace is in the linted
    /// files, and workloads that name no namespace count for every namespace
    /// (a kustomization or `kubectl -n` places them). Targets of other kinds (custom resources with a `scale`
    /// subresource) are not judged.
    ///
    /// ## Why it matters
    /// An autoscaler without its target scales nothing: the workload it was
    /// meant for — usually renamed — runs at a fixed size through every
    /// load peak, and the HPA reports `FailedGetScale` where nobody looks.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata: {name: api}
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api-server}
    ///   minReplicas: 2
    ///   maxReplicas: 10
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       containers:
    ///       - {name: api, image: registry.example.com/api:5.0.0}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata: {name: api}
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
    ///   minReplicas: 2
    ///   maxReplicas: 10
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       containers:
    ///       - {name: api, image: registry.example.com/api:5.0.0}
    /// ```
    ///
    /// ## How to fix
    /// Name the workload (kind and name) the autoscaler is meant for.
    ///
    /// ## References
    /// - [Horizontal Pod Autoscaling](https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/)
    pub static RULE = Rule {
        id: "hpa-target-missing",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "HorizontalPodAutoscaler targets a workload that does not exist",
        practice: Practice::DisasterRecovery,
        equivalents: &[
            Tool::KubeLinter.same("dangling-horizontalpodautoscaler"),
            Tool::KubeScore.same("horizontalpodautoscaler-has-target"),
        ],
        fix: None,
        check: Check::Set {
            kinds: &["HorizontalPodAutoscaler"],
            check,
        },
    };
}

/// The kinds a target is looked for; others may be custom resources that
/// run no pod template kubelint knows.
const TARGET_KINDS: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "ReplicaSet",
    "ReplicationController",
];

fn check(ctx: &SetCtx<'_>, findings: &mut SetFindings<'_>) {
    let index = ctx.index;
    for hpa in index.of_kind("HorizontalPodAutoscaler") {
        let object = &hpa.object;
        if object.group() != "autoscaling" || object.patch {
            continue;
        }
        let target = object.root.path(&["spec", "scaleTargetRef"]);
        let Some(kind) = target
            .and_then(|t| t.get("kind"))
            .and_then(|k| k.as_str())
            .filter(|k| TARGET_KINDS.contains(k))
        else {
            continue;
        };
        let Some(name_node) = target.and_then(|t| t.get("name")) else {
            continue;
        };
        let Some(name) = name_node.as_str() else {
            continue;
        };
        let namespace = index.namespace_of(object.namespace());
        let workloads = &index.workloads;
        if !workloads
            .iter()
            .any(|w| index.namespace_of(w.namespace.as_deref()) == namespace)
        {
            continue;
        }
        if workloads.iter().any(|w| {
            w.kind == kind
                && w.name.as_deref() == Some(name)
                && may_live_in(index, w.namespace.as_deref(), namespace)
        }) {
            continue;
        }
        let finding = findings.report(
            hpa.file,
            name_node.span(),
            format!(
                "HorizontalPodAutoscaler `{}` scales {kind} `{name}`, which namespace `{namespace}` does not have in the linted files: it scales nothing",
                object.name().unwrap_or("(unnamed)")
            ),
        );
        finding.object = Some(object.display_name());
        finding.help("name the workload the autoscaler is meant for");
    }
}
