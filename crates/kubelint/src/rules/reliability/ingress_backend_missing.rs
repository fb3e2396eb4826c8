use super::common::services_in;
use crate::diagnostic::Severity;
use crate::k8s::Object;
use crate::rules::{declare_rule, Check, Practice, SetCtx, SetFindings, Tool};
use crate::yaml::NodeRef;

declare_rule! {
    /// ## What it flags
    /// A backend of an Ingress (`networking.k8s.io`, or the old
    /// `extensions/v1beta1`) — a rule path's or the default backend — whose
    /// Service is not in the namespace, or whose port that Service does not
    /// have (`port.number` not among its `port`s, `port.name` not among its
    /// port names). The Service's name or the port is reported.
    ///
    /// It judges only namespaces whose Services the run contains: an
    /// Ingress is not reported when no Service of its namespace is in the
    /// linted files, and Services that name no namespace count for every
    /// namespace (a kustomization or `kubectl -n` places them). Backends
    /// that name a `resource` instead of a Service
    /// are not judged.
    ///
    /// ## Why it matters
    /// The controller answers every request for a backend without a
    /// Service (or port) with 503: the route is dead, usually after a
    /// Service was renamed.
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
    ///         backend: {service: {name: storefront, port: {number: 80}}}
    /// ---
    /// apiVersion: v1
    /// kind: Service
    /// metadata: {name: web}
    /// spec:
    ///   selector: {app: web}
    ///   ports: [{port: 80}]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
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
    /// ---
    /// apiVersion: v1
    /// kind: Service
    /// metadata: {name: web}
    /// spec:
    ///   selector: {app: web}
    ///   ports: [{port: 80}]
    /// ```
    ///
    /// ## How to fix
    /// Name a Service of the Ingress's namespace and one of its ports.
    ///
    /// ## References
    /// - [Ingress: the Ingress resource](https://kubernetes.io/docs/concepts/services-networking/ingress/#the-ingress-resource)
    pub static RULE = Rule {
        id: "ingress-backend-missing",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Ingress routes to a Service or port that does not exist",
        practice: Practice::DisasterRecovery,
        equivalents: &[
            Tool::KubeLinter.inspired("dangling-ingress"),
            Tool::KubeScore.same("ingress-targets-service"),
        ],
        fix: None,
        check: Check::Set {
            kinds: &["Ingress", "Service"],
            check,
        },
    };
}

/// A backend's Service reference: its name node and its port node.
struct Backend<'d> {
    name: NodeRef<'d>,
    port: Option<NodeRef<'d>>,
}

/// The Service backends of an Ingress: `networking.k8s.io/v1`
/// (`backend.service.{name,port}`, `defaultBackend`) and the beta shape
/// (`backend.{serviceName,servicePort}`, `backend`).
fn backends<'d>(object: &Object<'d>) -> Vec<Backend<'d>> {
    let Some(spec) = object.root.get("spec") else {
        return Vec::new();
    };
    let mut nodes: Vec<NodeRef<'d>> = ["defaultBackend", "backend"]
        .iter()
        .filter_map(|key| spec.get(key))
        .collect();
    for rule in spec.get("rules").into_iter().flat_map(|r| r.items()) {
        let paths = rule.path(&["http", "paths"]);
        nodes.extend(
            paths
                .into_iter()
                .flat_map(|p| p.items())
                .filter_map(|p| p.get("backend")),
        );
    }
    nodes
        .into_iter()
        .filter_map(|backend| {
            if let Some(service) = backend.get("service") {
                let name = service.get("name").filter(|n| n.as_str().is_some())?;
                let port = service
                    .get("port")
                    .and_then(|p| p.get("number").or_else(|| p.get("name")));
                return Some(Backend { name, port });
            }
            let name = backend
                .get("serviceName")
                .filter(|n| n.as_str().is_some())?;
            Some(Backend {
                name,
                port: backend.get("servicePort"),
            })
        })
        .collect()
}

fn check(ctx: &SetCtx<'_>, findings: &mut SetFindings<'_>) {
    let index = ctx.index;
    for ingress in index.of_kind("Ingress") {
        let object = &ingress.object;
        if !matches!(object.group(), "networking.k8s.io" | "extensions") || object.patch {
            continue;
        }
        let namespace = index.namespace_of(object.namespace());
        let Some(services) = services_in(index, namespace) else {
            continue;
        };
        for backend in backends(object) {
            let name = backend.name.as_str().unwrap_or_default();
            let same_name: Vec<&&Object<'_>> =
                services.iter().filter(|s| s.name() == Some(name)).collect();
            if same_name.is_empty() {
                let finding = findings.report(
                    ingress.file,
                    backend.name.span(),
                    format!(
                        "Ingress `{}` routes to Service `{name}`, which namespace `{namespace}` does not have in the linted files: requests get 503",
                        object.name().unwrap_or("(unnamed)")
                    ),
                );
                finding.object = Some(object.display_name());
                finding.help("name a Service of the Ingress's namespace");
                continue;
            }
            let Some(port) = backend.port else {
                continue;
            };
            // Several overlays may define the Service: any of them will do.
            if same_name.iter().any(|service| has_port(service, port)) {
                continue;
            }
            let shown = port.text().unwrap_or_default();
            let finding = findings.report(
                ingress.file,
                port.span(),
                format!(
                    "Ingress `{}` routes to port {shown} of Service `{name}`, which has no such port: requests get 503",
                    object.name().unwrap_or("(unnamed)")
                ),
            );
            finding.object = Some(object.display_name());
            finding.help("use one of the Service's `port` numbers or port names");
        }
    }
}

/// Whether `service` has the port `port` (a number or a port name). A
/// Service without a readable `ports` list is given the benefit of the
/// doubt.
fn has_port(service: &Object<'_>, port: NodeRef<'_>) -> bool {
    let Some(ports) = service
        .root
        .path(&["spec", "ports"])
        .filter(|p| p.is_sequence())
    else {
        return true;
    };
    ports.items().any(|p| match port.as_i64() {
        Some(number) => p.get("port").and_then(|n| n.as_i64()) == Some(number),
        None => port.as_str().is_some() && p.get("name").and_then(|n| n.as_str()) == port.as_str(),
    })
}
