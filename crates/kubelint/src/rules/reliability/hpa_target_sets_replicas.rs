use super::common::autoscaler_of;
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Practice, SetCtx, SetFindings, Tool};

declare_rule! {
    /// ## What it flags
    /// The `spec.replicas` of a Deployment, StatefulSet or ReplicaSet
    /// (`apps`) that a HorizontalPodAutoscaler of its namespace scales
    /// (`scaleTargetRef` names its kind and name). The HPA may be in
    /// another file of the run.
    ///
    /// ## Why it matters
    /// Every `kubectl apply` (or GitOps sync) of the manifest resets the
    /// replica count to the written value, undoing what the autoscaler
    /// decided: a workload scaled to 12 under load drops back to 2 on the
    /// next deploy, until the HPA catches up.
    ///
    /// ## Example
    /// ```yaml fail
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
    /// ---
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata: {name: api}
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
    ///   minReplicas: 2
    ///   maxReplicas: 10
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
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       containers:
    ///       - {name: api, image: registry.example.com/api:5.0.0}
    /// ---
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata: {name: api}
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
    ///   minReplicas: 2
    ///   maxReplicas: 10
    /// ```
    ///
    /// ## How to fix
    /// Remove `replicas` from the manifest and let the autoscaler own it
    /// (when migrating a live object, see the Kubernetes docs on moving a
    /// Deployment to an HPA).
    ///
    /// ## References
    /// - [HPA: migrating Deployments and StatefulSets to horizontal autoscaling](https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling)
    pub static RULE = Rule {
        id: "hpa-target-sets-replicas",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Workload scaled by a HorizontalPodAutoscaler also sets replicas",
        practice: Practice::DisasterRecovery,
        equivalents: &[Tool::KubeScore.inspired(
            "deployment-targeted-by-hpa-does-not-have-replicas-configured"
        )],
        fix: None,
        check: Check::Set {
            kinds: &[
                "HorizontalPodAutoscaler",
                "Deployment",
                "StatefulSet",
                "ReplicaSet",
            ],
            check,
        },
    };
}

fn check(ctx: &SetCtx<'_>, findings: &mut SetFindings<'_>) {
    let index = ctx.index;
    for indexed in &index.objects {
        let workload = &indexed.object;
        if !matches!(workload.kind, "Deployment" | "StatefulSet" | "ReplicaSet")
            || workload.group() != "apps"
        {
            continue;
        }
        let Some(replicas) = workload
            .root
            .path(&["spec", "replicas"])
            .filter(|r| !r.is_null())
        else {
            continue;
        };
        let hpa = autoscaler_of(index, workload);
        let Some(hpa) = hpa else {
            continue;
        };
        let finding = findings.report(
            indexed.file,
            replicas.span(),
            format!(
                "{} sets replicas, and HorizontalPodAutoscaler `{}` scales it: every apply resets the count the autoscaler chose",
                workload.display_name(),
                hpa.object.name().unwrap_or("(unnamed)")
            ),
        );
        finding.object = Some(workload.display_name());
        finding.help("remove `replicas` and let the autoscaler own it");
    }
}
