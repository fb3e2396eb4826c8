use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// An Ingress without `spec.tls` (or with an empty list). Ingresses
    /// whose TLS is terminated by the cloud load balancer — the AWS
    /// `alb.ingress.kubernetes.io/certificate-arn` annotation, GKE
    /// pre-shared or managed certificates — or that disable plain HTTP with
    /// `kubernetes.io/ingress.allow-http: "false"` are skipped.
    ///
    /// ## Why it matters
    /// Without TLS the Ingress serves plain HTTP: credentials, session
    /// cookies and API tokens cross the network readable and modifiable by
    /// anyone on the path.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: networking.k8s.io/v1
    /// kind: Ingress
    /// metadata: {name: shop}
    /// spec:
    ///   rules:
    ///   - host: shop.example.com
    ///     http:
    ///       paths:
    ///       - path: /
    ///         pathType: Prefix
    ///         backend: {service: {name: web, port: {number: 80}}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: networking.k8s.io/v1
    /// kind: Ingress
    /// metadata: {name: shop}
    /// spec:
    ///   tls:
    ///   - hosts: [shop.example.com]
    ///     secretName: shop-tls
    ///   rules:
    ///   - host: shop.example.com
    ///     http:
    ///       paths:
    ///       - path: /
    ///         pathType: Prefix
    ///         backend: {service: {name: web, port: {number: 80}}}
    /// ```
    ///
    /// ## How to fix
    /// Add a `tls` section with the hosts and a certificate Secret —
    /// cert-manager can issue and renew it — and redirect HTTP to HTTPS in
    /// the ingress controller.
    ///
    /// ## References
    /// - [Ingress: TLS](https://kubernetes.io/docs/concepts/services-networking/ingress/#tls)
    pub static RULE = Rule {
        id: "ingress-tls-missing",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Ingress serves plain HTTP (no spec.tls)",
        practice: Practice::EncryptedCommunication,
        equivalents: &[
            Tool::Polaris.same("tlsSettingsMissing"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

/// Annotations that mean TLS is handled outside `spec.tls`.
const TLS_ELSEWHERE: &[&str] = &[
    "alb.ingress.kubernetes.io/certificate-arn",
    "networking.gke.io/pre-shared-cert",
    "ingress.gcp.kubernetes.io/pre-shared-cert",
    "networking.gke.io/managed-certificates",
];

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if object.kind != "Ingress" || !matches!(object.group(), "networking.k8s.io" | "extensions") {
        return;
    }
    let has_tls = object
        .root
        .path(&["spec", "tls"])
        .is_some_and(|tls| tls.items().len() > 0);
    let elsewhere = TLS_ELSEWHERE.iter().any(|a| object.annotation(a).is_some())
        || object
            .annotation("kubernetes.io/ingress.allow-http")
            .and_then(|v| v.as_str())
            == Some("false");
    // A patch without `tls` leaves the patched Ingress's.
    if has_tls || elsewhere || object.patch {
        return;
    }
    findings
        .report(
            object.kind_span(),
            format!(
                "Ingress `{}` has no `tls` section, so it serves plain HTTP",
                object.name().unwrap_or("(unnamed)")
            ),
        )
        .help("add `spec.tls` with the hosts and a certificate Secret (cert-manager can issue it), and redirect HTTP to HTTPS");
}
