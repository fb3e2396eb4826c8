use super::{policies, Policy};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Practice, SetCtx, SetFindings, Tool};

declare_rule! {
    /// ## What it flags
    /// A `Namespace` in the linted files without a default-deny
    /// NetworkPolicy: no policy of that namespace with `podSelector: {}`
    /// covers `Ingress`, or none covers `Egress`. The two directions may
    /// come from one policy or from two. A `podSelector: {}` policy that
    /// allows all traffic in a direction (`ingress: [{}]`) does not count
    /// for that direction. `kube-system`, `kube-public` and
    /// `kube-node-lease` are skipped.
    ///
    /// ## Why it matters
    /// Pod networking is allow-all until a policy selects a pod. A
    /// default-deny policy flips every namespace to deny-by-default, so a
    /// new workload, or one whose labels drift, is isolated instead of
    /// open. Per-pod checks (`pod-not-selected-by-netpol`) can only see the
    /// workloads in the repository; a namespace-wide policy also covers the
    /// ones created later by operators, Helm releases and people.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Namespace
    /// metadata: {name: shop}
    /// ---
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata: {name: default-deny-ingress, namespace: shop}
    /// spec:
    ///   podSelector: {}
    ///   policyTypes: [Ingress]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Namespace
    /// metadata: {name: shop}
    /// ---
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata: {name: default-deny, namespace: shop}
    /// spec:
    ///   podSelector: {}
    ///   policyTypes: [Ingress, Egress]
    /// ```
    ///
    /// ## How to fix
    /// Add a policy with `podSelector: {}` and `policyTypes: [Ingress,
    /// Egress]` to the namespace, then allow each workload's traffic —
    /// DNS egress to `kube-system` first — with further policies.
    ///
    /// ## References
    /// - [Default policies](https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies)
    /// - CIS Kubernetes Benchmark 5.3.2
    pub static RULE = Rule {
        id: "namespace-missing-default-deny",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Namespace has no default-deny NetworkPolicy for ingress and egress",
        practice: Practice::NetworkPolicies,
        equivalents: &[
            Tool::Cis.inspired("5.3.2"),
        ],
        fix: None,
        check: Check::Set {
            kinds: &["Namespace", "NetworkPolicy"],
            check,
        },
    };
}

const SYSTEM_NAMESPACES: &[&str] = &["kube-system", "kube-public", "kube-node-lease"];

/// Whether a rule list (`ingress` or `egress`) has a rule that allows all
/// traffic (`{}`).
fn allows_all(policy: &Policy<'_, '_>, field: &str) -> bool {
    let Some(rules) = policy.indexed.object.root.path(&["spec", field]) else {
        return false;
    };
    rules.items().any(|rule| {
        rule.is_null() || (rule.is_mapping() && rule.entries().iter().all(|(_, v)| v.is_null()))
    })
}

fn check(ctx: &SetCtx<'_>, findings: &mut SetFindings<'_>) {
    let policies = policies(ctx.index);
    for namespace in ctx.index.of_kind("Namespace") {
        let object = &namespace.object;
        if object.api_version != "v1" {
            continue;
        }
        let Some(name) = object.name() else { continue };
        if SYSTEM_NAMESPACES.contains(&name) {
            continue;
        }
        let defaults: Vec<&Policy<'_, '_>> = policies
            .iter()
            .filter(|p| ctx.index.namespace_of(p.namespace) == name && p.selects_all())
            .collect();
        let ingress = defaults
            .iter()
            .any(|p| p.ingress && !allows_all(p, "ingress"));
        let egress = defaults
            .iter()
            .any(|p| p.egress && !allows_all(p, "egress"));
        let missing = match (ingress, egress) {
            (true, true) => continue,
            (false, false) => "ingress or egress",
            (true, false) => "egress",
            (false, true) => "ingress",
        };
        let finding = findings.report(
            namespace.file,
            object.kind_span(),
            format!(
                "Namespace `{name}` has no default-deny NetworkPolicy for {missing}: pods no other policy selects are open in that direction"
            ),
        );
        finding.object = Some(object.display_name());
        finding.help("add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress, Egress]` to the namespace, then allow each workload's traffic explicitly");
    }
}
