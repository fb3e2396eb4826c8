use super::common::written;
use crate::diagnostic::Severity;
use crate::rules::options::{OptionKind, RuleOption};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::yaml::NodeRef;

declare_rule! {
    /// ## What it flags
    /// A pod — of a workload or a bare Pod — that says nothing about which
    /// nodes it may run on: no `affinity.nodeAffinity` and no `nodeSelector`.
    /// The finding points at the object's `kind` (for a pod nested in a
    /// custom resource, at its template's key). A `nodeAffinity` or
    /// `nodeSelector` written but empty (`{}`) constrains nothing and is
    /// reported at its value. Patches are not judged for what they leave
    /// out.
    ///
    /// A `nodeSelector` counts as placement by default: it is the simpler
    /// form of a required node affinity (every label must match), and a
    /// pod with one is scheduled only on the nodes it names, which is what
    /// the check is for. kube-linter's `no-node-affinity` accepts only
    /// `affinity.nodeAffinity`; set `accept-node-selector: false` to decide
    /// as it does.
    ///
    /// ## Why it matters
    /// Without a node constraint the scheduler may place the pod on any
    /// node: a production workload on spot or GPU nodes, a sensitive one
    /// beside untrusted tenants, or a workload on nodes of the wrong
    /// architecture or zone. Keeping workloads to the node pools meant for
    /// them is how a cluster separates tiers and failure domains.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: web}
    /// spec:
    ///   selector: {matchLabels: {app: web}}
    ///   template:
    ///     metadata: {labels: {app: web}}
    ///     spec:
    ///       containers:
    ///       - {name: web, image: registry.example.com/web:1.0.0}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: web}
    /// spec:
    ///   selector: {matchLabels: {app: web}}
    ///   template:
    ///     metadata: {labels: {app: web}}
    ///     spec:
    ///       affinity:
    ///         nodeAffinity:
    ///           requiredDuringSchedulingIgnoredDuringExecution:
    ///             nodeSelectorTerms:
    ///             - matchExpressions:
    ///               - {key: node-pool, operator: In, values: [web]}
    ///       containers:
    ///       - {name: web, image: registry.example.com/web:1.0.0}
    /// ```
    ///
    /// ## How to fix
    /// Add `affinity.nodeAffinity` (required or preferred terms) or a
    /// `nodeSelector` naming the node pool the workload belongs to.
    ///
    /// ## References
    /// - [Assigning pods to nodes: node affinity](https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity)
    pub static RULE = Rule {
        id: "node-affinity-missing",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Pod has no node affinity or nodeSelector",
        practice: Practice::DisasterRecovery,
        equivalents: &[Tool::KubeLinter.inspired("no-node-affinity")],
        options: &[ACCEPT_NODE_SELECTOR],
        fix: None,
        check: Check::Pod(check),
    };
}

const ACCEPT_NODE_SELECTOR: RuleOption = RuleOption {
    name: "accept-node-selector",
    doc: "whether a non-empty `nodeSelector` counts as placement; `false` requires `affinity.nodeAffinity`, as kube-linter's `no-node-affinity` does",
    kind: OptionKind::Bool { default: true },
};

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    if pod.is_partial() {
        return;
    }
    let affinity = written(pod.spec.path(&["affinity", "nodeAffinity"]));
    let selector = written(pod.get("nodeSelector"))
        .filter(|_| ctx.options.bool(&ACCEPT_NODE_SELECTOR));
    let name = ctx.object.display_name();
    let placed = [affinity, selector].into_iter().flatten().any(|n| !is_empty(n));
    if placed {
        return;
    }
    // An empty one is written by hand: point at it.
    if let Some(empty) = affinity.or(selector) {
        findings
            .report_at(
                empty,
                format!("{name}'s node constraint is empty, so its pods may run on any node"),
            )
            .help("add node selector terms or labels naming the nodes the workload belongs on");
        return;
    }
    let what = if ctx.options.bool(&ACCEPT_NODE_SELECTOR) {
        "no node affinity or nodeSelector"
    } else {
        "no node affinity"
    };
    findings
        .report(
            pod.report_span(),
            format!("{name} has {what}: the scheduler may place its pods on any node"),
        )
        .help("add `affinity.nodeAffinity` or a `nodeSelector` naming the workload's node pool");
}

/// An empty mapping (`{}`) or one whose entries are all null.
fn is_empty(node: NodeRef<'_>) -> bool {
    node.is_mapping() && node.entries().into_iter().all(|(_, v)| v.is_null())
}

#[cfg(test)]
mod tests {
    use super::super::common::lint_with_options;

    const SELECTED: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: tool}\nspec:\n  nodeSelector: {pool: tools}\n  containers:\n  - {name: tool, image: registry.example.com/tool:1.0.0}\n";

    #[test]
    fn a_node_selector_counts_unless_the_option_says_otherwise() {
        let messages = |options: &str| -> Vec<String> {
            lint_with_options("node-affinity-missing", options, SELECTED)
                .unwrap_or_else(|problems| panic!("{problems:?}"))
                .into_iter()
                .map(|d| d.message)
                .collect()
        };
        assert_eq!(messages("      accept-node-selector: true\n"), Vec::<String>::new());
        assert_eq!(
            messages("      accept-node-selector: false\n"),
            vec!["Pod/tool has no node affinity: the scheduler may place its pods on any node"]
        );
    }
}
