use super::report_namespace;
use crate::k8s::rbac::role_ref;
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A namespaced object whose `metadata.namespace` is `kube-system`.
    /// Reported at the value.
    ///
    /// A RoleBinding to the `extension-apiserver-authentication-reader`
    /// Role is not reported: that Role exists only in `kube-system`, and
    /// every aggregated API server must be bound to it there.
    ///
    /// Off by default: control-plane static pods, CNI and CSI drivers,
    /// CoreDNS and other cluster add-ons belong there, and their manifests
    /// say so. Enable it on repositories of applications, where nothing
    /// should.
    ///
    /// ## Why it matters
    /// `kube-system` holds the cluster's own components and their service
    /// accounts, many of them highly privileged, and is usually exempt from
    /// Pod Security admission and NetworkPolicies. An application placed
    /// there shares all of that: a compromise of it is a step away from the
    /// control plane, and whoever may deploy it may read the service
    /// account tokens of the system components beside it.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: shop-api, namespace: kube-system}
    /// spec:
    ///   selector: {matchLabels: {app: shop-api}}
    ///   template:
    ///     metadata: {labels: {app: shop-api}}
    ///     spec:
    ///       containers:
    ///       - name: api
    ///         image: registry.example.com/shop-api:5.0.0
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: shop-api, namespace: shop}
    /// spec:
    ///   selector: {matchLabels: {app: shop-api}}
    ///   template:
    ///     metadata: {labels: {app: shop-api}}
    ///     spec:
    ///       containers:
    ///       - name: api
    ///         image: registry.example.com/shop-api:5.0.0
    /// ```
    ///
    /// ## How to fix
    /// Deploy applications to namespaces of their own; keep `kube-system`
    /// for the cluster's components.
    ///
    /// ## References
    /// - [Namespaces: initial namespaces](https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces)
    pub static RULE = Rule {
        id: "namespace-kube-system",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Object is placed in the kube-system namespace",
        practice: Practice::Rbac,
        equivalents: &[Tool::Trivy.inspired("KSV-0037")],
        fix: None,
        check: Check::Object(check),
    };
}

/// The Role, in `kube-system` only, that lets aggregated API servers read
/// the client CA of the API server.
const AUTHENTICATION_READER: &str = "extension-apiserver-authentication-reader";

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    if role_ref(ctx.object).is_some_and(|r| r.name == AUTHENTICATION_READER) {
        return;
    }
    report_namespace(
        ctx.object,
        findings,
        "kube-system",
        "is placed in `kube-system`, beside the cluster's privileged components and usually exempt from Pod Security admission",
        "deploy applications to a namespace of their own",
    );
}
