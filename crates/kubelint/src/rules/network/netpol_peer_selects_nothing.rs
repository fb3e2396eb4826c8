use super::netpol_selects_nothing::services_pod_labels;
use super::is_network_policy;
use crate::diagnostic::Severity;
use crate::k8s::LabelSelector;
use crate::rules::{declare_rule, Check, Practice, SetCtx, SetFindings, Tool};
use crate::yaml::NodeRef;

declare_rule! {
    /// ## What it flags
    /// A peer of a NetworkPolicy rule (an `ingress[].from[]` or
    /// `egress[].to[]` entry) with a `podSelector` and no
    /// `namespaceSelector` — so it means pods of the policy's own namespace
    /// — that selects none of the workloads of that namespace in the linted
    /// files. The finding points at the peer's `podSelector` key.
    ///
    /// Selectors are matched as the API server matches them (`matchLabels`
    /// and `matchExpressions`); an object without a namespace is in the
    /// namespace it will be created in (`default`, or the configured
    /// `default-namespace`). A policy is judged only when a workload of its
    /// namespace is in the same folder (otherwise the pods it allows are
    /// usually defined, or started by hand, elsewhere); the peer is then
    /// matched against every workload of the namespace. `podSelector: {}`
    /// (every pod of the namespace) is never reported. A peer with a `namespaceSelector` selects pods of
    /// other namespaces, which the linted files rarely hold, and is not
    /// judged. As for `netpol-selects-nothing`, a Service of the namespace
    /// whose `selector` the peer matches is evidence that a controller will
    /// create such pods, and the peer is then not reported. Off by default:
    /// the verdict depends on what the linted files hold.
    ///
    /// ## Why it matters
    /// A peer that matches no pod allows nothing: the traffic it was written
    /// to allow is dropped once the policy isolates its pods, usually
    /// because a label was renamed on the workload and not in the policy.
    /// The outage it causes is often "fixed" by widening the policy to
    /// allow everything.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata: {name: db, namespace: shop}
    /// spec:
    ///   podSelector:
    ///     matchLabels: {app: postgres}
    ///   ingress:
    ///   - from:
    ///     - podSelector:
    ///         matchLabels: {app: checkout}
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: checkout, namespace: shop}
    /// spec:
    ///   selector:
    ///     matchLabels: {app.kubernetes.io/name: checkout}
    ///   template:
    ///     metadata:
    ///       labels: {app.kubernetes.io/name: checkout}
    ///     spec:
    ///       containers:
    ///       - name: checkout
    ///         image: registry.example.com/checkout:3.2.0
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata: {name: db, namespace: shop}
    /// spec:
    ///   podSelector:
    ///     matchLabels: {app: postgres}
    ///   ingress:
    ///   - from:
    ///     - podSelector:
    ///         matchLabels: {app.kubernetes.io/name: checkout}
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: checkout, namespace: shop}
    /// spec:
    ///   selector:
    ///     matchLabels: {app.kubernetes.io/name: checkout}
    ///   template:
    ///     metadata:
    ///       labels: {app.kubernetes.io/name: checkout}
    ///     spec:
    ///       containers:
    ///       - name: checkout
    ///         image: registry.example.com/checkout:3.2.0
    /// ```
    ///
    /// ## How to fix
    /// Make the peer's `podSelector` match the pod template labels of the
    /// workload it is meant to allow, add the `namespaceSelector` of the
    /// namespace those pods run in, or delete the peer.
    ///
    /// ## References
    /// - [Network Policies: behavior of to and from selectors](https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors)
    pub static RULE = Rule {
        id: "netpol-peer-selects-nothing",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "NetworkPolicy peer podSelector selects none of the workloads of the policy's namespace",
        practice: Practice::NetworkPolicies,
        equivalents: &[Tool::KubeLinter.same("dangling-networkpolicypeer-podselector")],
        fix: None,
        check: Check::Set {
            kinds: &["NetworkPolicy", "Service"],
            check,
        },
    };
}

fn check(ctx: &SetCtx<'_>, findings: &mut SetFindings<'_>) {
    let index = ctx.index;
    for indexed in index.of_kind("NetworkPolicy") {
        let object = &indexed.object;
        if !is_network_policy(object) || object.patch {
            continue;
        }
        let namespace = index.namespace_of(object.namespace());
        let in_namespace: Vec<_> = index
            .workloads
            .iter()
            .filter(|w| index.namespace_of(w.namespace.as_deref()) == namespace)
            .collect();
        // Judged only beside workloads of its namespace: a policy alone in
        // its folder usually guards pods defined (or run) elsewhere.
        if !in_namespace.iter().any(|w| index.folder(w.file) == index.folder(indexed.file)) {
            continue;
        }
        let pod_labels: Vec<_> = in_namespace.iter().map(|w| &w.pod_labels).collect();
        let service_labels: Vec<_> = services_pod_labels(index, namespace).collect();
        for (direction, key) in [("ingress", "from"), ("egress", "to")] {
            for (selector_key, selector) in same_namespace_peers(object.root, direction, key) {
                if pod_labels.iter().any(|labels| selector.matches(labels))
                    || service_labels.iter().any(|labels| selector.matches(labels))
                {
                    continue;
                }
                let finding = findings.report(
                    indexed.file,
                    selector_key.span(),
                    format!(
                        "an `{direction}.{key}` peer of NetworkPolicy `{}` selects pods of namespace `{namespace}` that none of its workloads in the linted files has, and no Service there selects such pods: it allows nothing",
                        object.name().unwrap_or("(unnamed)")
                    ),
                );
                finding.object = Some(object.display_name());
                finding.help("make the podSelector match the pod template labels of the workload to allow, or add the namespaceSelector of the namespace its pods run in");
            }
        }
    }
}

/// `(podSelector key, selector)` of each peer under `spec.<direction>[].<key>[]`
/// that selects pods of the policy's own namespace: a non-null,
/// well-formed, non-empty `podSelector` and no (or a null)
/// `namespaceSelector`, which the API decodes as absent.
fn same_namespace_peers<'d>(
    root: NodeRef<'d>,
    direction: &str,
    key: &str,
) -> Vec<(NodeRef<'d>, LabelSelector)> {
    let rules = root
        .path(&["spec", direction])
        .filter(|r| r.is_sequence())
        .into_iter()
        .flat_map(|r| r.items());
    let peers = rules
        .filter_map(|rule| rule.get(key).filter(|p| p.is_sequence()))
        .flat_map(|p| p.items());
    peers
        .filter(|peer| peer.get("namespaceSelector").is_none_or(|n| n.is_null()))
        .filter_map(|peer| {
            let (key, value) = peer.get_entry("podSelector")?;
            if value.is_null() {
                return None;
            }
            let selector = LabelSelector::parse(value)?;
            (!selector.is_empty()).then_some((key, selector))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_in_run;

    const POLICY: &str = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: foo}}\n";
    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: shop, labels: {app: db}}\nspec:\n  containers: [{name: db, image: postgres:16.4}]\n";

    #[test]
    fn a_policy_is_judged_beside_workloads_of_its_namespace() {
        let rule = "netpol-peer-selects-nothing";
        let apart = [("policies/db.yaml", POLICY), ("apps/db.yaml", POD)];
        assert_eq!(findings_in_run(rule, &apart), vec![]);
        let beside = [("app/policy.yaml", POLICY), ("app/db.yaml", POD)];
        let found = findings_in_run(rule, &beside);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].0.ends_with("app/policy.yaml"), "{found:?}");
        assert!(
            found[0].1.starts_with("an `ingress.from` peer of NetworkPolicy `db`"),
            "{found:?}"
        );
    }
}
