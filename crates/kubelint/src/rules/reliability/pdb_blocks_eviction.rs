use super::common::{autoscaler_of, pod_labels};
use crate::diagnostic::Severity;
use crate::k8s::{LabelSelector, Object};
use crate::rules::{declare_rule, Check, Practice, SetCtx, SetFindings, Tool};
use crate::set_index::{IndexedObject, SetIndex};
use crate::yaml::NodeRef;
use std::collections::BTreeMap;

declare_rule! {
    /// ## What it flags
    /// A PodDisruptionBudget (`policy`) that allows no voluntary
    /// disruption at all:
    /// - `maxUnavailable: 0` or `"0%"`, or `minAvailable: "100%"`, whatever
    ///   it selects;
    /// - a `minAvailable` (a number, or a percentage rounded up as the
    ///   disruption controller does) at least the `replicas` of a
    ///   Deployment, StatefulSet or ReplicaSet of its namespace whose pods
    ///   it selects — or at least the `minReplicas` (default 1) of the
    ///   HorizontalPodAutoscaler that scales that workload, since the HPA may
    ///   scale it down that far.
    ///
    /// The `maxUnavailable`/`minAvailable` value is reported. Workloads in
    /// other files of the run count (only those in the budget's folder when
    /// it selects some there); a workload that is not in the run is not
    /// guessed at.
    ///
    /// ## Why it matters
    /// The eviction API refuses every eviction the budget does not allow.
    /// `kubectl drain`, cluster upgrades and the cluster autoscaler then
    /// wait on these pods forever (or until someone deletes them by hand,
    /// which is exactly the unplanned disruption the budget was meant to
    /// prevent).
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// metadata: {name: api}
    /// spec:
    ///   maxUnavailable: 0
    ///   selector: {matchLabels: {app: api}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// metadata: {name: api}
    /// spec:
    ///   maxUnavailable: 1
    ///   selector: {matchLabels: {app: api}}
    /// ```
    ///
    /// ## How to fix
    /// Allow at least one pod to be evicted: `maxUnavailable: 1`, or a
    /// `minAvailable` below the smallest replica count (run more replicas
    /// if the service cannot lose one).
    ///
    /// ## References
    /// - [Specifying a Disruption Budget](https://kubernetes.io/docs/tasks/run-application/configure-pdb/)
    /// - [Safely drain a node](https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/)
    pub static RULE = Rule {
        id: "pdb-blocks-eviction",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "PodDisruptionBudget allows no pod to be evicted, blocking node drains",
        practice: Practice::DisasterRecovery,
        equivalents: &[
            Tool::KubeLinter.inspired("pdb-max-unavailable"),
            Tool::KubeLinter.inspired("pdb-min-available"),
            Tool::Polaris.inspired("pdbDisruptionsIsZero"),
            Tool::Polaris.inspired("pdbMinAvailableGreaterThanHPAMinReplicas"),
        ],
        fix: None,
        check: Check::Set {
            kinds: &[
                "PodDisruptionBudget",
                "Deployment",
                "StatefulSet",
                "ReplicaSet",
                "HorizontalPodAutoscaler",
            ],
            check,
        },
    };
}

/// An `IntOrString` budget value.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Amount {
    Count(i64),
    Percent(i64),
}

impl Amount {
    fn parse(node: NodeRef<'_>) -> Option<Amount> {
        if let Some(n) = node.as_i64() {
            return Some(Amount::Count(n));
        }
        let percent = node.as_str()?.strip_suffix('%')?;
        percent.parse().ok().map(Amount::Percent)
    }

    /// Pods out of `replicas`, rounded up as the disruption controller
    /// rounds both fields.
    fn of(self, replicas: i64) -> i64 {
        match self {
            Amount::Count(n) => n,
            Amount::Percent(p) => (replicas * p + 99) / 100,
        }
    }
}

fn check(ctx: &SetCtx<'_>, findings: &mut SetFindings<'_>) {
    let index = ctx.index;
    for budget in index.of_kind("PodDisruptionBudget") {
        let object = &budget.object;
        if object.group() != "policy" {
            continue;
        }
        let spec = object.root.get("spec");
        let field = |key| spec.and_then(|s| s.get(key)).filter(|v| !v.is_null());
        if let Some(node) = field("maxUnavailable") {
            if matches!(Amount::parse(node), Some(Amount::Count(0) | Amount::Percent(0))) {
                let finding = findings.report(
                    budget.file,
                    node.span(),
                    format!(
                        "PodDisruptionBudget `{}` allows no pod to be unavailable: every eviction of its pods is refused, so node drains never finish",
                        object.name().unwrap_or("(unnamed)")
                    ),
                );
                finding.object = Some(object.display_name());
                finding.help("allow at least one: `maxUnavailable: 1`");
            }
            continue;
        }
        let Some(node) = field("minAvailable") else {
            continue;
        };
        let Some(amount) = Amount::parse(node) else {
            continue;
        };
        if amount == Amount::Percent(100) {
            let finding = findings.report(
                budget.file,
                node.span(),
                format!(
                    "PodDisruptionBudget `{}` requires 100% of its pods available: every eviction is refused, so node drains never finish",
                    object.name().unwrap_or("(unnamed)")
                ),
            );
            finding.object = Some(object.display_name());
            finding.help("use `maxUnavailable: 1` instead");
            continue;
        }
        let Some(selector) = spec
            .and_then(|s| s.get("selector"))
            .and_then(LabelSelector::parse)
            .filter(|s| !s.is_empty())
        else {
            continue;
        };
        let namespace = index.namespace_of(object.namespace());
        // The workloads the budget blocks, once each even when several
        // files define the same one: display name → (required, replicas, why).
        let mut blocked: BTreeMap<String, (i64, i64, &str)> = BTreeMap::new();
        let selected: Vec<&IndexedObject<'_>> = index
            .objects
            .iter()
            .filter(|o| {
                let workload = &o.object;
                matches!(workload.kind, "Deployment" | "StatefulSet" | "ReplicaSet")
                    && workload.group() == "apps"
                    && index.namespace_of(workload.namespace()) == namespace
                    && selector.matches(&pod_labels(workload))
            })
            .collect();
        // The workloads beside the budget, when it has some, are the ones
        // it was written for: a repository of samples shares `default`.
        let here = index.folder(budget.file);
        let beside = selected.iter().any(|o| index.folder(o.file) == here);
        for indexed in selected {
            if beside && index.folder(indexed.file) != here {
                continue;
            }
            let workload = &indexed.object;
            let Some((replicas, source)) = fewest_replicas(index, workload) else {
                continue;
            };
            let required = amount.of(replicas);
            if required >= replicas {
                blocked.insert(workload.display_name(), (required, replicas, source));
            }
        }
        if blocked.is_empty() {
            continue;
        }
        let listed: Vec<String> = blocked
            .iter()
            .map(|(name, (_, replicas, source))| format!("{name} runs {replicas}{source}"))
            .collect();
        let fewest = blocked.values().map(|(_, r, _)| *r).min().unwrap_or(1);
        let required = blocked.values().map(|(q, _, _)| *q).max().unwrap_or(1);
        let finding = findings.report(
            budget.file,
            node.span(),
            format!(
                "PodDisruptionBudget `{}` requires {required} pods available, and {}: no pod can be evicted, so node drains never finish",
                object.name().unwrap_or("(unnamed)"),
                listed.join("; ")
            ),
        );
        finding.object = Some(object.display_name());
        finding.help(format!(
            "require fewer than {fewest} available (or use `maxUnavailable: 1`), or run more replicas"
        ));
    }
}

/// The fewest replicas `workload` runs: the `minReplicas` (default 1) of
/// a HorizontalPodAutoscaler of its namespace that scales it, else its
/// `replicas`, with a note for the message. `None` when neither says.
fn fewest_replicas(index: &SetIndex<'_>, workload: &Object<'_>) -> Option<(i64, &'static str)> {
    let scaled_by = autoscaler_of(index, workload);
    if let Some(hpa) = scaled_by {
        let min = hpa
            .object
            .root
            .path(&["spec", "minReplicas"])
            .map_or(Some(1), |m| m.as_i64())?;
        return Some((min, " at the HorizontalPodAutoscaler's minReplicas"));
    }
    let replicas = workload.root.path(&["spec", "replicas"])?.as_i64()?;
    Some((replicas, ""))
}
