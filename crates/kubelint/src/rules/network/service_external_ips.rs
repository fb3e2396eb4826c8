use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A Service with a non-empty `spec.externalIPs`.
    ///
    /// ## Why it matters
    /// Nodes route traffic for an external IP to the Service, whoever owns
    /// the address. Anyone who can create or change Services can claim an
    /// IP — a DNS server, a cloud metadata address, another team's database
    /// — and intercept the cluster's traffic to it (CVE-2020-8554, which
    /// has no patch). Clusters should block the field with the
    /// `DenyServiceExternalIPs` admission plugin or a policy engine.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Service
    /// metadata: {name: legacy, namespace: shop}
    /// spec:
    ///   selector: {app: legacy}
    ///   ports: [{port: 80}]
    ///   externalIPs: [203.0.113.10]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Service
    /// metadata: {name: legacy, namespace: shop}
    /// spec:
    ///   type: LoadBalancer
    ///   selector: {app: legacy}
    ///   ports: [{port: 80}]
    /// ```
    ///
    /// ## How to fix
    /// Expose the Service with a LoadBalancer or an Ingress/Gateway. Enable
    /// the `DenyServiceExternalIPs` admission plugin on the API server
    /// (CIS 1.2.3, judged by `apiserver-admission-plugins`).
    ///
    /// ## References
    /// - [CVE-2020-8554](https://github.com/kubernetes/kubernetes/issues/97076)
    pub static RULE = Rule {
        id: "service-external-ips",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Service sets externalIPs (CVE-2020-8554)",
        practice: Practice::NetworkPolicies,
        equivalents: &[
            Tool::Trivy.same("KSV-0108"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if object.kind != "Service" || object.api_version != "v1" {
        return;
    }
    let Some((key, ips)) = object
        .root
        .get("spec")
        .and_then(|s| s.get_entry("externalIPs"))
    else {
        return;
    };
    let listed: Vec<&str> = ips.items().filter_map(|i| i.as_str()).collect();
    if listed.is_empty() {
        return;
    }
    findings
        .report_at(
            key,
            format!(
                "Service `{}` claims external IPs {}: nodes route traffic for them to this Service whoever owns the address (CVE-2020-8554)",
                object.name().unwrap_or("(unnamed)"),
                listed.join(", ")
            ),
        )
        .help("expose the Service with a LoadBalancer or Ingress, and enable the DenyServiceExternalIPs admission plugin");
}
