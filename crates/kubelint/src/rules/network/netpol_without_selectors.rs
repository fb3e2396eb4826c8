use super::is_network_policy;
use crate::diagnostic::{Applicability, Severity};
use crate::edit::IntoFix;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};
use crate::yaml::NodeRef;

declare_rule! {
    /// ## What it flags
    /// A NetworkPolicy (`networking.k8s.io`) that writes no selector at
    /// all: no `spec.podSelector` and no `podSelector` or
    /// `namespaceSelector` in any `ingress[].from[]` or `egress[].to[]`
    /// peer. The finding points at the `spec` key (the `kind` when there is
    /// no spec). A `podSelector` of any value (`{}`, or even `null`) counts
    /// as written.
    ///
    /// The API decodes a missing `podSelector` as the empty selector, so
    /// such a policy applies to every pod of its namespace, and its peers
    /// can only be IP blocks (or everything). That may be what was meant —
    /// a namespace-wide default deny — but it was never said: a policy
    /// written for one application that forgot its `podSelector` isolates,
    /// and opens to the listed CIDRs, every pod of the namespace. Off by
    /// default, because the policy is valid and often intended; the safe
    /// fix writes `podSelector: {}`, which changes nothing but makes the
    /// scope explicit.
    ///
    /// ## Why it matters
    /// Network policies are reviewed by their selectors. A policy without
    /// any hides that it applies to the whole namespace, so an allow rule
    /// meant for one workload (an external CIDR, every port) silently
    /// reaches all of them.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata: {name: partner-api, namespace: shop}
    /// spec:
    ///   ingress:
    ///   - from:
    ///     - ipBlock: {cidr: 203.0.113.0/24}
    ///     ports: [{port: 8443}]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata: {name: partner-api, namespace: shop}
    /// spec:
    ///   podSelector:
    ///     matchLabels: {app: partner-api}
    ///   ingress:
    ///   - from:
    ///     - ipBlock: {cidr: 203.0.113.0/24}
    ///     ports: [{port: 8443}]
    /// ```
    ///
    /// ## How to fix
    /// Write the `podSelector` of the pods the policy is for, or
    /// `podSelector: {}` when it is meant for every pod of the namespace.
    ///
    /// ## References
    /// - [Network Policies: the NetworkPolicy resource](https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource)
    /// - [NetworkPolicySpec: podSelector](https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/#NetworkPolicySpec)
    pub static RULE = Rule {
        id: "netpol-without-selectors",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "NetworkPolicy writes no pod or namespace selector, so it silently applies to every pod of its namespace",
        practice: Practice::NetworkPolicies,
        equivalents: &[Tool::Trivy.same("KSV-0038")],
        fix: Some(Applicability::Safe),
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if !is_network_policy(object) || object.patch {
        return;
    }
    let spec = object.root.get_entry("spec");
    if let Some((_, spec)) = spec {
        if has_field(spec, "podSelector")
            || has_field(spec, "namespaceSelector")
            || peers(spec).any(|peer| {
                has_field(peer, "podSelector") || has_field(peer, "namespaceSelector")
            })
        {
            return;
        }
    }
    let span = spec.map_or(object.kind_span(), |(key, _)| key.span());
    let fix = crate::edit::set_path(object.root, &["spec", "podSelector"], "{}");
    findings
        .report(
            span,
            format!(
                "NetworkPolicy `{}` writes no podSelector or namespaceSelector: it applies to every pod of its namespace without saying so",
                object.name().unwrap_or("(unnamed)")
            ),
        )
        .help("write the podSelector of the pods the policy is for, or `podSelector: {}` for every pod of the namespace")
        .fix(fix.into_fix("Write podSelector: {} (what the policy already means)", Applicability::Safe));
}

/// Whether `key` is written in `mapping`, with any value.
fn has_field(mapping: NodeRef<'_>, key: &str) -> bool {
    mapping.get(key).is_some()
}

/// The `ingress[].from[]` and `egress[].to[]` peers of a spec.
fn peers<'d>(spec: NodeRef<'d>) -> impl Iterator<Item = NodeRef<'d>> + 'd {
    [("ingress", "from"), ("egress", "to")]
        .into_iter()
        .filter_map(move |(direction, key)| spec.get(direction).map(|rules| (rules, key)))
        .flat_map(|(rules, key)| rules.items().filter_map(move |rule| rule.get(key)))
        .flat_map(|peers| peers.items())
}
