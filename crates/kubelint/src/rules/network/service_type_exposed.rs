use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A Service of `type: NodePort` or `type: LoadBalancer`. LoadBalancers
    /// marked internal with the AWS, Azure or GKE annotation are skipped.
    /// Off by default: exposing services is often the point, and this is a
    /// review aid for repositories where it should not happen.
    ///
    /// ## Why it matters
    /// A NodePort opens the port on every node, bypassing the Ingress and
    /// whatever authentication and TLS it enforces; a LoadBalancer puts the
    /// Service on the network the cloud gives it, often the internet.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Service
    /// metadata: {name: admin}
    /// spec:
    ///   type: NodePort
    ///   selector: {app: admin}
    ///   ports: [{port: 8080, nodePort: 30080}]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Service
    /// metadata: {name: admin}
    /// spec:
    ///   selector: {app: admin}
    ///   ports: [{port: 8080}]
    /// ```
    ///
    /// ## How to fix
    /// Use a ClusterIP Service behind an Ingress or Gateway that terminates
    /// TLS and authenticates, or mark the load balancer internal.
    ///
    /// ## References
    /// - [Service types](https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types)
    pub static RULE = Rule {
        id: "service-type-exposed",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Service is of type NodePort or LoadBalancer",
        practice: Practice::NetworkPolicies,
        equivalents: &[
            Tool::KubeLinter.same("exposed-services"),
            Tool::KubeScore.inspired("service-type"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

/// Annotations that keep a LoadBalancer on the private network.
const INTERNAL_LB: &[(&str, &str)] = &[
    (
        "service.beta.kubernetes.io/aws-load-balancer-internal",
        "true",
    ),
    (
        "service.beta.kubernetes.io/aws-load-balancer-scheme",
        "internal",
    ),
    (
        "service.beta.kubernetes.io/azure-load-balancer-internal",
        "true",
    ),
    ("networking.gke.io/load-balancer-type", "Internal"),
    ("cloud.google.com/load-balancer-type", "Internal"),
];

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if object.kind != "Service" || object.api_version != "v1" {
        return;
    }
    let Some(kind) = object.root.path(&["spec", "type"]) else {
        return;
    };
    let why = match kind.as_str() {
        Some("NodePort") => "opens its port on every node, bypassing the Ingress",
        Some("LoadBalancer") => {
            let internal = INTERNAL_LB.iter().any(|(key, value)| {
                object
                    .annotation(key)
                    .and_then(|v| v.as_str())
                    .is_some_and(|v| v.eq_ignore_ascii_case(value))
            });
            if internal {
                return;
            }
            "gets an address outside the cluster, often on the internet"
        }
        _ => return,
    };
    findings
        .report_at(
            kind,
            format!(
                "Service `{}` {why}",
                object.name().unwrap_or("(unnamed)")
            ),
        )
        .help("use a ClusterIP Service behind an Ingress or Gateway, or mark the load balancer internal");
}
