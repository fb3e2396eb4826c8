use super::policies;
use crate::diagnostic::Severity;
use crate::k8s::label_map;
use crate::rules::{declare_rule, Check, Practice, SetCtx, SetFindings, Tool};
use crate::set_index::SetIndex;
use std::collections::BTreeMap;

declare_rule! {
    /// ## What it flags
    /// A NetworkPolicy whose non-empty `podSelector` selects none of the
    /// workloads of its namespace in the linted files. The rule only judges
    /// namespaces that have at least one workload in the run, and never
    /// `podSelector: {}` (which selects every pod, even pods created later).
    ///
    /// Controllers create pods at run time from objects the rule cannot
    /// read as workloads (an operator's custom resource, a Helm release
    /// installed elsewhere). A Service of the namespace whose `selector`
    /// the policy matches is evidence that such pods will exist: the policy
    /// is then not reported. Off by default, because pods created by
    /// operators are often visible in neither form.
    ///
    /// ## Why it matters
    /// A policy that selects nothing protects nothing. It is usually a
    /// label typo or a label renamed on the workload but not on the policy,
    /// and it looks like isolation in review while the pods it was written
    /// for stay open.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata: {name: db, namespace: shop}
    /// spec:
    ///   podSelector:
    ///     matchLabels: {app: postgress}
    ///   policyTypes: [Ingress]
    /// ---
    /// apiVersion: apps/v1
    /// kind: StatefulSet
    /// metadata: {name: db, namespace: shop}
    /// spec:
    ///   serviceName: db
    ///   selector:
    ///     matchLabels: {app: postgres}
    ///   template:
    ///     metadata:
    ///       labels: {app: postgres}
    ///     spec:
    ///       containers:
    ///       - name: postgres
    ///         image: postgres:16.4
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
    ///   policyTypes: [Ingress]
    /// ---
    /// apiVersion: apps/v1
    /// kind: StatefulSet
    /// metadata: {name: db, namespace: shop}
    /// spec:
    ///   serviceName: db
    ///   selector:
    ///     matchLabels: {app: postgres}
    ///   template:
    ///     metadata:
    ///       labels: {app: postgres}
    ///     spec:
    ///       containers:
    ///       - name: postgres
    ///         image: postgres:16.4
    /// ```
    ///
    /// ## How to fix
    /// Correct the selector to match the pod template labels of the
    /// workload it is meant for, or delete the policy.
    ///
    /// ## References
    /// - [Network Policies](https://kubernetes.io/docs/concepts/services-networking/network-policies/)
    pub static RULE = Rule {
        id: "netpol-selects-nothing",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "NetworkPolicy selects none of the workloads of its namespace",
        practice: Practice::NetworkPolicies,
        equivalents: &[
            Tool::KubeLinter.same("dangling-networkpolicy"),
            Tool::KubeScore.same("networkpolicy-targets-pod"),
        ],
        fix: None,
        check: Check::Set {
            kinds: &["NetworkPolicy", "Service"],
            check,
        },
    };
}

fn check(ctx: &SetCtx<'_>, findings: &mut SetFindings<'_>) {
    let index = ctx.index;
    let workloads = &index.workloads;
    for policy in policies(index) {
        let Some(selector) = &policy.selector else {
            continue;
        };
        if selector.is_empty() {
            continue;
        }
        let mut in_namespace = workloads
            .iter()
            .filter(|w| {
                index.namespace_of(w.namespace.as_deref()) == index.namespace_of(policy.namespace)
            })
            .peekable();
        if in_namespace.peek().is_none() {
            continue;
        }
        if in_namespace.any(|w| selector.matches(&w.pod_labels)) {
            continue;
        }
        let namespace = index.namespace_of(policy.namespace);
        if services_pod_labels(index, namespace).any(|labels| selector.matches(&labels)) {
            continue;
        }
        let object = &policy.indexed.object;
        let span = policy
            .selector_key
            .map_or(object.kind_span(), |key| key.span());
        let namespace = policy
            .namespace
            .map_or(String::new(), |ns| format!(" of namespace `{ns}`"));
        let finding = findings.report(
            policy.indexed.file,
            span,
            format!(
                "NetworkPolicy `{}` selects none of the workloads{namespace} in the linted files, and no Service there selects such pods: it protects nothing",
                object.name().unwrap_or("(unnamed)")
            ),
        );
        finding.object = Some(object.display_name());
        finding.help("make the podSelector match the pod template labels of the workload it is meant for, or delete the policy");
    }
}

/// The labels the pods behind each Service of `namespace` carry at least:
/// its `selector`. Services without one select no pods.
pub(super) fn services_pod_labels<'a>(
    index: &'a SetIndex<'_>,
    namespace: &'a str,
) -> impl Iterator<Item = BTreeMap<String, String>> + 'a {
    index
        .of_kind("Service")
        .filter(move |s| {
            s.object.api_version == "v1" && index.namespace_of(s.object.namespace()) == namespace
        })
        .filter_map(|s| {
            let labels = label_map(s.object.root.path(&["spec", "selector"]));
            (!labels.is_empty()).then_some(labels)
        })
}
