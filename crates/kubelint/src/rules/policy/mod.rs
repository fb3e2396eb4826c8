//! Policy enforcement, API versions and placement (practices 9 and 12):
//! Pod Security Admission labels, deprecated or removed APIs, policy
//! objects that admit too much (Gatekeeper, OpenShift SCCs), known-bad
//! deployments (Tiller, an open Dashboard, git-sync's `--git`) and objects
//! placed in `default` or `kube-system`.

crate::rules::family_rules!(Policy:
    deprecated_api_version,
    gatekeeper_repo_prefix_open,
    git_sync_code_injection,
    helm_tiller_deployed,
    kubernetes_dashboard_exposed,
    namespace_default,
    namespace_kube_system,
    openshift_scc_privileged,
    psa_namespace_label_missing,
);

use crate::k8s::Object;
use crate::rules::Findings;

/// Kinds that are not namespaced: a `metadata.namespace` on them is
/// ignored by the API server, so it places nothing.
const CLUSTER_SCOPED_KINDS: &[&str] = &[
    "APIService",
    "CSIDriver",
    "CSINode",
    "CertificateSigningRequest",
    "ClusterIssuer",
    "ClusterPolicy",
    "ClusterRole",
    "ClusterRoleBinding",
    "ConstraintTemplate",
    "CustomResourceDefinition",
    "FlowSchema",
    "IngressClass",
    "MutatingWebhookConfiguration",
    "Namespace",
    "Node",
    "PersistentVolume",
    "PodSecurityPolicy",
    "PriorityClass",
    "PriorityLevelConfiguration",
    "RuntimeClass",
    "SecurityContextConstraints",
    "StorageClass",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "ValidatingWebhookConfiguration",
    "VolumeAttachment",
];

/// Reports `object` at its `metadata.namespace` when that names
/// `namespace`, for the placement rules.
pub(crate) fn report_namespace(
    object: &Object<'_>,
    findings: &mut Findings<'_>,
    namespace: &str,
    consequence: &str,
    help: &str,
) {
    if CLUSTER_SCOPED_KINDS.contains(&object.kind) || object.group() == "constraints.gatekeeper.sh"
    {
        return;
    }
    let Some(value) = object.metadata().and_then(|m| m.get("namespace")) else {
        return;
    };
    if value.as_str() != Some(namespace) {
        return;
    }
    findings
        .report_at(value, format!("{} {consequence}", object.kind))
        .help(help);
}
