use crate::diagnostic::Severity;
use crate::k8s::LabelSelector;
use crate::rules::{declare_rule, Check, Practice, SetCtx, SetFindings, Tool};
use super::common::pod_labels;

declare_rule! {
    /// ## What it flags
    /// A Deployment or StatefulSet with two or more `replicas` that no
    /// PodDisruptionBudget of its namespace selects. Off by default: it is
    /// a reliability check, and PDBs are often added by the platform.
    ///
    /// ## Why it matters
    /// Node drains — upgrades, autoscaler scale-downs, maintenance — evict
    /// pods without regard for the application. Without a budget, a drain
    /// of two nodes can take every replica down at once; the replicas were
    /// there to prevent exactly that.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api, namespace: shop}
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
    /// metadata: {name: api, namespace: shop}
    /// spec:
    ///   replicas: 3
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       containers:
    ///       - {name: api, image: registry.example.com/api:5.0.0}
    /// ---
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// metadata: {name: api, namespace: shop}
    /// spec:
    ///   maxUnavailable: 1
    ///   selector: {matchLabels: {app: api}}
    /// ```
    ///
    /// ## How to fix
    /// Add a PodDisruptionBudget with `maxUnavailable: 1` (or a
    /// `minAvailable` below the replica count) selecting the pods.
    ///
    /// ## References
    /// - [Specifying a disruption budget](https://kubernetes.io/docs/tasks/run-application/configure-pdb/)
    pub static RULE = Rule {
        id: "pdb-missing",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Multi-replica workload has no PodDisruptionBudget",
        practice: Practice::DisasterRecovery,
        equivalents: &[
            Tool::KubeScore.inspired("deployment-has-poddisruptionbudget"),
            Tool::KubeScore.inspired("statefulset-has-poddisruptionbudget"),
            Tool::Polaris.same("missingPodDisruptionBudget"),
        ],
        fix: None,
        check: Check::Set {
            kinds: &["Deployment", "StatefulSet", "PodDisruptionBudget"],
            check,
        },
    };
}

fn check(ctx: &SetCtx<'_>, findings: &mut SetFindings<'_>) {
    // policy/v1: a missing selector selects no pod (`Some(None)`); a
    // malformed one is given the benefit of the doubt (`None`).
    let index = ctx.index;
    let budgets: Vec<(&str, Option<Option<LabelSelector>>)> = index
        .of_kind("PodDisruptionBudget")
        .filter(|o| o.object.group() == "policy")
        .map(|o| {
            let selector = match o.object.root.path(&["spec", "selector"]) {
                Some(node) => LabelSelector::parse(node).map(Some),
                None => Some(None),
            };
            (index.namespace_of(o.object.namespace()), selector)
        })
        .collect();
    for indexed in &index.objects {
        let object = &indexed.object;
        if !matches!(object.kind, "Deployment" | "StatefulSet") || object.group() != "apps" {
            continue;
        }
        let Some(replicas) = object
            .root
            .path(&["spec", "replicas"])
            .and_then(|r| r.as_i64())
        else {
            continue;
        };
        if replicas < 2 {
            continue;
        }
        let labels = pod_labels(object);
        let covered = budgets.iter().any(|(namespace, selector)| {
            *namespace == index.namespace_of(object.namespace())
                && match selector {
                    None => true,
                    Some(None) => false,
                    Some(Some(s)) => s.matches(&labels),
                }
        });
        if covered {
            continue;
        }
        let finding = findings.report(
            indexed.file,
            object.kind_span(),
            format!(
                "{} runs {replicas} replicas but no PodDisruptionBudget selects them: a node drain can evict them all at once",
                object.display_name()
            ),
        );
        finding.object = Some(object.display_name());
        finding.help("add a PodDisruptionBudget with `maxUnavailable: 1` that selects the pod template labels");
    }
}
