use super::{only_deletes, report_grants, report_grants_by, GrantCheck};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A Role or ClusterRole rule that grants `create`, `update`, `patch`,
    /// `delete` or `deletecollection` on the objects that route and isolate
    /// traffic: `networkpolicies`, `services`, `endpoints`,
    /// `endpointslices`, `ingresses`, and `update`/`patch` on
    /// `services/status`. Rules limited with `resourceNames` are not
    /// reported.
    ///
    /// Off by default: deployment pipelines and operators legitimately
    /// manage Services and Ingresses, so the rule suits clusters where
    /// networking is owned by a platform team.
    ///
    /// ## Why it matters
    /// Deleting or loosening a NetworkPolicy removes the isolation the
    /// namespace relies on. Writing Endpoints or EndpointSlices sends a
    /// Service's traffic to any address; a Service's `externalIPs`, or the
    /// `status.loadBalancer.ingress` IPs that `services/status` sets,
    /// capture traffic the cluster sends to those addresses
    /// (CVE-2020-8554).
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: net-admin}
    /// rules:
    /// - apiGroups: ["networking.k8s.io"]
    ///   resources: ["networkpolicies"]
    ///   verbs: ["create", "delete"]
    /// - apiGroups: [""]
    ///   resources: ["services/status"]
    ///   verbs: ["patch"]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: net-viewer}
    /// rules:
    /// - apiGroups: ["networking.k8s.io"]
    ///   resources: ["networkpolicies"]
    ///   verbs: ["get", "list", "watch"]
    /// ```
    ///
    /// ## How to fix
    /// Keep NetworkPolicies, Endpoints and Service status to the platform
    /// team and the controllers that own them; give application pipelines
    /// namespaced Roles.
    ///
    /// ## References
    /// - [CVE-2020-8554: man in the middle using LoadBalancer or ExternalIPs](https://github.com/kubernetes/kubernetes/issues/97076)
    /// - [Network Policies](https://kubernetes.io/docs/concepts/services-networking/network-policies/)
    pub static RULE = Rule {
        id: "rbac-manage-networking",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Role can change NetworkPolicies, Services, Endpoints or Ingresses",
        practice: Practice::NetworkPolicies,
        equivalents: &[
            Tool::Trivy.inspired("KSV-0056"),
            Tool::Checkov.inspired("CKV2_K8S_4"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    const WRITE: &[&str] = &["create", "update", "patch", "delete", "deletecollection"];
    const HELP: &str = "leave networking objects to the platform team and their controllers, or limit the rule with `resourceNames`";
    report_grants(
        ctx,
        findings,
        &GrantCheck {
            targets: &[("networking.k8s.io", "networkpolicies")],
            verbs: WRITE,
            skip_named: true,
            consequence: "remove or loosen the NetworkPolicies that isolate pods, in every namespace",
            in_role: Some("remove or loosen the NetworkPolicies that isolate the pods of {ns}"),
            help: HELP,
        },
    );
    report_grants_by(
        ctx,
        findings,
        &GrantCheck {
            targets: &[
                ("", "services"),
                ("", "endpoints"),
                ("discovery.k8s.io", "endpointslices"),
                ("networking.k8s.io", "ingresses"),
            ],
            verbs: WRITE,
            skip_named: true,
            consequence: "send traffic meant for Services to addresses of their choice, in every namespace (external IPs: CVE-2020-8554)",
            in_role: Some("send traffic meant for the Services of {ns} to addresses of their choice (external IPs: CVE-2020-8554)"),
            help: HELP,
        },
        |verbs| {
            only_deletes(verbs).then_some((
                "take Services and Ingresses down, in every namespace",
                "take the Services and Ingresses of {ns} down",
            ))
        },
    );
    report_grants(
        ctx,
        findings,
        &GrantCheck {
            targets: &[("", "services/status")],
            verbs: &["update", "patch"],
            skip_named: true,
            consequence: "set a Service's load-balancer IPs and capture the traffic the cluster sends to those addresses (CVE-2020-8554)",
            in_role: Some("set the load-balancer IPs of Services in {ns} and capture the traffic the cluster sends to those addresses (CVE-2020-8554)"),
            help: "leave `services/status` to the cloud or load-balancer controller",
        },
    );
}
