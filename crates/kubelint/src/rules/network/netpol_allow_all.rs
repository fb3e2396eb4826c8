use super::is_network_policy;
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice};
use crate::source::Span;
use crate::yaml::NodeRef;

declare_rule! {
    /// ## What it flags
    /// In a NetworkPolicy:
    /// - an `ingress` or `egress` rule that allows everything — `{}`, or a
    ///   rule with neither peers (`from`/`to`) nor `ports`;
    /// - a peer `ipBlock` with `cidr: 0.0.0.0/0` or `::/0` and no `except`.
    ///
    /// ## Why it matters
    /// An allow-all rule undoes the isolation the policy creates: every pod
    /// selected by it is open in that direction, however strict the other
    /// rules are. `0.0.0.0/0` is every address, the internet included —
    /// egress to it is the path data leaves by, ingress from it is exposure
    /// to the world (behind whatever load balancer routes there).
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata: {name: api, namespace: shop}
    /// spec:
    ///   podSelector:
    ///     matchLabels: {app: api}
    ///   policyTypes: [Ingress, Egress]
    ///   ingress:
    ///   - {}
    ///   egress:
    ///   - to:
    ///     - ipBlock: {cidr: 0.0.0.0/0}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata: {name: api, namespace: shop}
    /// spec:
    ///   podSelector:
    ///     matchLabels: {app: api}
    ///   policyTypes: [Ingress, Egress]
    ///   ingress:
    ///   - from:
    ///     - podSelector:
    ///         matchLabels: {app: web}
    ///     ports: [{port: 8080}]
    ///   egress:
    ///   - to:
    ///     - ipBlock:
    ///         cidr: 0.0.0.0/0
    ///         except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]
    ///     ports: [{port: 443}]
    /// ```
    ///
    /// ## How to fix
    /// Name the peers (pod and namespace selectors, or the CIDRs of the
    /// external services) and the ports the workload uses. For internet
    /// egress, exclude the cluster's private ranges with `except` or route
    /// it through an egress gateway.
    ///
    /// ## References
    /// - [Network Policies](https://kubernetes.io/docs/concepts/services-networking/network-policies/)
    pub static RULE = Rule {
        id: "netpol-allow-all",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "NetworkPolicy rule allows all traffic or any address (0.0.0.0/0)",
        practice: Practice::NetworkPolicies,
        fix: None,
        check: Check::Object(check),
    };
}

fn is_empty(node: Option<NodeRef<'_>>) -> bool {
    node.is_none_or(|n| n.is_null() || (n.is_sequence() && n.items().len() == 0))
}

/// A rule's span; for an empty item (`-` alone) the dash, so the span is
/// visible.
fn item_span(rule: NodeRef<'_>) -> Span {
    let span = rule.span();
    let text = rule.document().text();
    if span.is_empty()
        && span.start > 0
        && text.as_bytes().get(span.start as usize - 1) == Some(&b'-')
    {
        return Span::new(span.start - 1, span.start);
    }
    span
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if !is_network_policy(object) {
        return;
    }
    let name = object.name().unwrap_or("(unnamed)");
    for (field, peers, direction) in [("ingress", "from", "from"), ("egress", "to", "to")] {
        let Some(rules) = object.root.path(&["spec", field]) else {
            continue;
        };
        for rule in rules.items() {
            if !rule.is_null() && !rule.is_mapping() {
                continue;
            }
            let peer_list = rule.get(peers);
            if is_empty(peer_list) && is_empty(rule.get("ports")) {
                findings
                    .report(
                        item_span(rule),
                        format!(
                            "NetworkPolicy `{name}` has an {field} rule that allows all traffic {direction} anywhere on any port, undoing its isolation"
                        ),
                    )
                    .help(format!("name the peers (`{peers}`) and `ports` this rule is for"));
                continue;
            }
            for peer in peer_list.into_iter().flat_map(|p| p.items()) {
                let Some(block) = peer.get("ipBlock") else {
                    continue;
                };
                let Some(cidr) = block.get("cidr") else {
                    continue;
                };
                let Some(text) = cidr.as_str() else { continue };
                if !matches!(text.trim(), "0.0.0.0/0" | "::/0") || !is_empty(block.get("except")) {
                    continue;
                }
                findings
                    .report_at(
                        cidr,
                        format!(
                            "NetworkPolicy `{name}` allows {field} {direction} `{text}`, which is every address, the internet included"
                        ),
                    )
                    .help("list the CIDRs of the external services, or exclude private ranges with `except`");
            }
        }
    }
}
