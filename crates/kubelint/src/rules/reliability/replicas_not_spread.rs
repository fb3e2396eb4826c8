use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A Deployment or StatefulSet with two or more `replicas` whose pod
    /// template neither has `topologySpreadConstraints` nor a
    /// `podAntiAffinity` (required or preferred). The object's `kind` is
    /// reported.
    ///
    /// Patches are not judged, and workloads without `replicas` (often
    /// scaled by an autoscaler) are not either.
    ///
    /// ## Why it matters
    /// The scheduler is free to put every replica on the same node (or in
    /// the same zone): one node failure or drain then takes them all down,
    /// and the replicas bought no availability.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   replicas: 3
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
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   replicas: 3
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       topologySpreadConstraints:
    ///       - maxSkew: 1
    ///         topologyKey: kubernetes.io/hostname
    ///         whenUnsatisfiable: ScheduleAnyway
    ///         labelSelector: {matchLabels: {app: api}}
    ///       containers:
    ///       - {name: api, image: registry.example.com/api:5.0.0}
    /// ```
    ///
    /// ## How to fix
    /// Spread the pods over nodes (and zones) with
    /// `topologySpreadConstraints` selecting the pod's own labels, or add a
    /// preferred `podAntiAffinity` on `kubernetes.io/hostname`.
    ///
    /// ## References
    /// - [Pod topology spread constraints](https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/)
    /// - [Inter-pod affinity and anti-affinity](https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity)
    pub static RULE = Rule {
        id: "replicas-not-spread",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Multi-replica workload is not spread across nodes",
        practice: Practice::DisasterRecovery,
        equivalents: &[
            Tool::KubeLinter.inspired("no-anti-affinity"),
            Tool::KubeScore.inspired("deployment-has-host-podantiaffinity"),
            Tool::KubeScore.inspired("statefulset-has-host-podantiaffinity"),
            Tool::Polaris.inspired("topologySpreadConstraint"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if !matches!(object.kind, "Deployment" | "StatefulSet")
        || object.group() != "apps"
        || object.patch
    {
        return;
    }
    let Some(replicas) = object
        .root
        .path(&["spec", "replicas"])
        .and_then(|r| r.as_i64())
        .filter(|r| *r >= 2)
    else {
        return;
    };
    let Some(pod) = ctx.pods.first().filter(|pod| !pod.is_partial()) else {
        return;
    };
    let non_empty = |node: Option<crate::yaml::NodeRef<'_>>| {
        node.is_some_and(|n| n.is_sequence() && n.items().len() > 0)
    };
    let anti_affinity = pod.spec.path(&["affinity", "podAntiAffinity"]);
    let spread = non_empty(pod.get("topologySpreadConstraints"))
        || ["requiredDuringSchedulingIgnoredDuringExecution", "preferredDuringSchedulingIgnoredDuringExecution"]
            .iter()
            .any(|key| non_empty(anti_affinity.and_then(|a| a.get(key))));
    if spread {
        return;
    }
    findings
        .report(
            object.kind_span(),
            format!(
                "{} runs {replicas} replicas with neither topologySpreadConstraints nor podAntiAffinity: the scheduler may put them all on one node",
                object.display_name()
            ),
        )
        .help("add topologySpreadConstraints on `kubernetes.io/hostname` (and a zone key) selecting the pod's labels");
}
