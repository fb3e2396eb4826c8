//! Role-based access control (practice 3): what Roles and ClusterRoles
//! grant, and whom bindings grant it to.
//!
//! Each rule reports one distinct risk. Rules that name a resource
//! explicitly are reported by the specific rules (`rbac-secrets-access`,
//! ...); `resources: ["*"]` is reported once, by `rbac-wildcard`.
//! Roles and bindings the API server bootstraps (labelled
//! `kubernetes.io/bootstrapping: rbac-defaults`) are skipped; a `system:`
//! name without the label is not enough.
//!
//! A namespaced Role's rules apply to requests in its namespace only, so
//! its grants on cluster-scoped resources (nodes, users, webhook
//! configurations, certificate signing requests) do nothing and are not
//! reported, and its other findings say which namespace they reach.

crate::rules::family_rules!(Rbac:
    binding_grants_wildcard_role,
    binding_to_system_group,
    cluster_admin_binding,
    default_service_account,
    default_service_account_automount,
    default_service_account_binding,
    deprecated_service_account_field,
    rbac_bind_escalate,
    rbac_create_pv,
    rbac_create_workloads,
    rbac_csr_approve,
    rbac_delete_pod_logs,
    rbac_eks_aws_auth,
    rbac_impersonate,
    rbac_manage_configmaps,
    rbac_manage_networking,
    rbac_manage_rbac,
    rbac_nodes_proxy,
    rbac_pods_exec_attach,
    rbac_sa_token_create,
    rbac_secrets_access,
    rbac_secrets_write,
    rbac_webhook_config,
    rbac_wildcard,
    service_account_not_found,
);

use crate::k8s::rbac::{describe_object, is_bootstrap_object, is_role, join_verbs, policy_rules};
use crate::rules::{Findings, ObjectCtx};

/// What a grant rule looks for.
pub(crate) struct GrantCheck<'a> {
    /// `(API group, resource)` pairs; `""` is the core group.
    pub targets: &'a [(&'a str, &'a str)],
    pub verbs: &'a [&'static str],
    /// Whether rules limited with `resourceNames` are left alone.
    pub skip_named: bool,
    /// The consequence, after "so its subjects can".
    pub consequence: &'a str,
    /// The consequence for a namespaced Role, whose grants hold in its
    /// namespace only (`{ns}` is replaced by it); `None` adds "in namespace
    /// `…`" to `consequence`.
    pub in_role: Option<&'a str>,
    pub help: &'a str,
}

/// Resources that are not namespaced: a namespaced Role's grant on them
/// has no effect, because RBAC applies a Role's rules to requests in its
/// namespace only, and requests about these have none (impersonating a
/// user or group is authorised as a cluster-scoped request).
const CLUSTER_SCOPED: &[&str] = &[
    "users",
    "groups",
    "uids",
    "nodes",
    "nodes/proxy",
    "persistentvolumes",
    "certificatesigningrequests",
    "certificatesigningrequests/approval",
    "signers",
    "validatingwebhookconfigurations",
    "mutatingwebhookconfigurations",
];

/// Reports each resource item of a user Role/ClusterRole that grants one
/// of `check.verbs` on one of `check.targets`. A namespaced Role's grants
/// on cluster-scoped resources do nothing and are not reported; its other
/// findings say that they hold in its namespace.
pub(crate) fn report_grants(
    ctx: &ObjectCtx<'_>,
    findings: &mut Findings<'_>,
    check: &GrantCheck<'_>,
) {
    report_grants_by(ctx, findings, check, |_| None);
}

/// [`report_grants`], with the consequence chosen by the verbs granted:
/// `by_verbs` returns `(consequence, consequence in a Role)` for the verbs
/// of one grant, or `None` for `check`'s.
pub(crate) fn report_grants_by(
    ctx: &ObjectCtx<'_>,
    findings: &mut Findings<'_>,
    check: &GrantCheck<'_>,
    by_verbs: impl Fn(&[&str]) -> Option<(&'static str, &'static str)>,
) {
    let object = ctx.object;
    // Most objects are not roles: check the kind before anything else.
    if !is_role(object) || is_bootstrap_object(object) {
        return;
    }
    let namespaced = object.kind == "Role";
    let namespace = object
        .namespace()
        .map_or("its namespace".to_owned(), |ns| format!("namespace `{ns}`"));
    let consequence = |verbs: &[&str]| {
        let (cluster, in_role) = match by_verbs(verbs) {
            Some((cluster, in_role)) => (cluster, Some(in_role)),
            None => (check.consequence, check.in_role),
        };
        match (namespaced, in_role) {
            (false, _) => cluster.to_owned(),
            (true, Some(text)) => text.replace("{ns}", &namespace),
            (true, None) => format!("{cluster} in {namespace}"),
        }
    };
    for rule in policy_rules(object) {
        if check.skip_named && rule.is_limited_to_names() {
            continue;
        }
        let mut reported = Vec::new();
        for (group, resource) in check.targets {
            if namespaced && CLUSTER_SCOPED.contains(resource) {
                continue;
            }
            let Some(grant) = rule.grant(group, resource, check.verbs) else {
                continue;
            };
            // `apiGroups: ["*"]` can match one item through several targets.
            if reported.contains(&grant.resource.span()) {
                continue;
            }
            reported.push(grant.resource.span());
            findings
                .report(
                    grant.resource.span(),
                    format!(
                        "{} grants {} on `{resource}`, so its subjects can {}",
                        describe_object(object),
                        join_verbs(&grant.verbs),
                        consequence(&grant.verbs)
                    ),
                )
                .help(check.help);
        }
    }
}

/// Whether `verbs` only delete (`delete`, `deletecollection`).
pub(crate) fn only_deletes(verbs: &[&str]) -> bool {
    verbs
        .iter()
        .all(|v| matches!(*v, "delete" | "deletecollection"))
}
