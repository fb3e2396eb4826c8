//! Network isolation and exposure (practice 4) and encryption in transit
//! (practice 5): NetworkPolicy coverage, Services, Ingresses, service-mesh
//! mTLS.

crate::rules::family_rules!(Network:
    ingress_nginx_annotation_injection,
    ingress_nginx_snippet_annotation,
    ingress_tls_missing,
    mesh_mtls_not_strict,
    namespace_missing_default_deny,
    netpol_allow_all,
    netpol_peer_selects_nothing,
    netpol_selects_nothing,
    netpol_without_selectors,
    pod_not_selected_by_netpol,
    service_external_ips,
    service_type_exposed,
    ssh_port_exposed,
);

use crate::k8s::{LabelSelector, Object};
use crate::set_index::{IndexedObject, SetIndex};
use crate::yaml::NodeRef;

/// A NetworkPolicy of the run, read for selection.
pub(crate) struct Policy<'a, 'd> {
    pub indexed: &'a IndexedObject<'d>,
    pub namespace: Option<&'d str>,
    /// `None` when the selector is malformed: it is then assumed to select
    /// whatever is asked about, so no finding rests on it.
    pub selector: Option<LabelSelector>,
    /// The `podSelector` key, when written.
    pub selector_key: Option<NodeRef<'d>>,
    pub ingress: bool,
    pub egress: bool,
}

impl Policy<'_, '_> {
    /// Whether the policy selects pods with these labels.
    pub fn selects(&self, labels: &std::collections::BTreeMap<String, String>) -> bool {
        self.selector.as_ref().is_none_or(|s| s.matches(labels))
    }

    /// Whether it selects every pod of its namespace (`podSelector: {}`).
    pub fn selects_all(&self) -> bool {
        self.selector.as_ref().is_some_and(LabelSelector::is_empty)
    }
}

pub(crate) fn is_network_policy(object: &Object<'_>) -> bool {
    object.kind == "NetworkPolicy" && object.group() == "networking.k8s.io"
}

/// The NetworkPolicies of the run.
pub(crate) fn policies<'a, 'd>(index: &'a SetIndex<'d>) -> Vec<Policy<'a, 'd>> {
    index
        .of_kind("NetworkPolicy")
        .filter(|o| is_network_policy(&o.object))
        .map(|indexed| {
            let spec = indexed.object.root.get("spec");
            let entry = spec.and_then(|s| s.get_entry("podSelector"));
            // An omitted podSelector is the empty selector: it selects all.
            let selector = match entry {
                Some((_, value)) => LabelSelector::parse(value),
                None => Some(LabelSelector::everything()),
            };
            let (ingress, egress) = spec.map_or((true, false), policy_types);
            Policy {
                indexed,
                namespace: indexed.object.namespace(),
                selector,
                selector_key: entry.map(|(key, _)| key),
                ingress,
                egress,
            }
        })
        .collect()
}

/// `(Ingress, Egress)` from `policyTypes`; without it, Ingress always and
/// Egress when the policy has an `egress` section, as the API defaults it.
pub(crate) fn policy_types(spec: NodeRef<'_>) -> (bool, bool) {
    match spec.get("policyTypes").filter(|t| t.is_sequence()) {
        Some(types) => {
            let has = |t: &str| types.items().any(|i| i.as_str() == Some(t));
            (has("Ingress"), has("Egress"))
        }
        None => (true, spec.get("egress").is_some_and(|e| !e.is_null())),
    }
}
