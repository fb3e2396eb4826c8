use super::common::{may_live_in, same_tree};
use crate::k8s::label_map;
use crate::diagnostic::Severity;
use crate::k8s::{LabelSelector, Object};
use crate::rules::{declare_rule, Check, Practice, SetCtx, SetFindings, Tool};
use crate::set_index::{IndexedObject, SetIndex};
use std::collections::BTreeMap;

declare_rule! {
    /// ## What it flags
    /// A Prometheus Operator ServiceMonitor (`monitoring.coreos.com`) whose
    /// `spec.selector` matches the labels of no Service (`v1`) in the
    /// namespaces it watches: those of `spec.namespaceSelector.matchNames`,
    /// every namespace with `any: true`, or its own namespace when it has
    /// neither. The finding points at the `selector` key. An empty selector
    /// (`{}`) matches every Service and is not judged, nor is a monitor
    /// without one (the operator's schema requires it).
    ///
    /// A ServiceMonitor is judged only when the linted files hold a Service
    /// written in one of the namespaces it watches, in its folder or a
    /// folder above or below it: otherwise its Services are defined
    /// elsewhere (a monitoring repository watching applications deployed
    /// from others, a sample beside unrelated ones). A Service that names no namespace counts for
    /// every namespace, since `kubectl -n` or a kustomization places it
    /// (but does not make a monitor of a named namespace judged). The
    /// Services every cluster has without a manifest count as defined: the
    /// API server's `default/kubernetes`, `kube-system/kube-dns`, and the
    /// `kube-system/kubelet` Service the operator maintains. Off by default:
    /// the verdict depends on what the linted files hold.
    ///
    /// ## Why it matters
    /// A ServiceMonitor that selects no Service scrapes nothing: the
    /// application's metrics, and every alert built on them, silently
    /// disappear — an outage goes unnoticed. It is usually a label renamed
    /// on the Service and not in the monitor, or the wrong namespace.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: monitoring.coreos.com/v1
    /// kind: ServiceMonitor
    /// metadata: {name: api, namespace: shop}
    /// spec:
    ///   selector:
    ///     matchLabels: {app: api}
    ///   endpoints:
    ///   - port: metrics
    /// ---
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: api
    ///   namespace: shop
    ///   labels: {app.kubernetes.io/name: api}
    /// spec:
    ///   selector: {app.kubernetes.io/name: api}
    ///   ports: [{name: metrics, port: 9090}]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: monitoring.coreos.com/v1
    /// kind: ServiceMonitor
    /// metadata: {name: api, namespace: shop}
    /// spec:
    ///   selector:
    ///     matchLabels: {app.kubernetes.io/name: api}
    ///   endpoints:
    ///   - port: metrics
    /// ---
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: api
    ///   namespace: shop
    ///   labels: {app.kubernetes.io/name: api}
    /// spec:
    ///   selector: {app.kubernetes.io/name: api}
    ///   ports: [{name: metrics, port: 9090}]
    /// ```
    ///
    /// ## How to fix
    /// Make `spec.selector` match the labels (`metadata.labels`, not the
    /// `selector`) of the Service to scrape, and `spec.namespaceSelector`
    /// name its namespace.
    ///
    /// ## References
    /// - [Prometheus Operator: ServiceMonitor](https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.ServiceMonitor)
    /// - [Prometheus Operator: troubleshooting ServiceMonitor changes](https://prometheus-operator.dev/docs/platform/troubleshooting/)
    pub static RULE = Rule {
        id: "servicemonitor-selects-nothing",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "ServiceMonitor selects none of the Services of the namespaces it watches",
        practice: Practice::DisasterRecovery,
        equivalents: &[Tool::KubeLinter.same("dangling-servicemonitor")],
        fix: None,
        check: Check::Set {
            kinds: &["ServiceMonitor", "Service"],
            check,
        },
    };
}

/// The namespaces a ServiceMonitor watches (`spec.namespaceSelector`).
enum Watched<'d> {
    Any,
    /// The namespaces, and whether they are only the monitor's own, which
    /// it does not write (so it is as unplaced as a Service without one).
    Names(Vec<&'d str>, bool),
}

impl Watched<'_> {
    /// Whether a Service written with namespace `written` may be watched:
    /// a Service without one may be placed in any namespace.
    fn may_hold(&self, index: &SetIndex<'_>, written: Option<&str>) -> bool {
        match self {
            Watched::Any => true,
            Watched::Names(names, _) => names.iter().any(|ns| may_live_in(index, written, ns)),
        }
    }

    /// Whether a Service written with namespace `written` is written in a
    /// watched namespace. A Service without a namespace is only where an
    /// unplaced monitor is: both land where they are applied.
    fn holds(&self, written: Option<&str>) -> bool {
        match (self, written.filter(|ns| !ns.is_empty())) {
            (Watched::Any, _) => true,
            (Watched::Names(names, _), Some(ns)) => names.contains(&ns),
            (Watched::Names(_, unplaced), None) => *unplaced,
        }
    }
}

fn watched<'d>(index: &'d SetIndex<'_>, monitor: &Object<'d>) -> Watched<'d> {
    let selector = monitor.root.path(&["spec", "namespaceSelector"]);
    if selector.and_then(|s| s.get("any")).and_then(|a| a.as_bool()) == Some(true) {
        return Watched::Any;
    }
    let names: Vec<&str> = selector
        .and_then(|s| s.get("matchNames"))
        .filter(|m| m.is_sequence())
        .map(|m| m.items().filter_map(|n| n.as_str()).collect())
        .unwrap_or_default();
    if names.is_empty() {
        let unplaced = monitor.namespace().is_none_or(str::is_empty);
        Watched::Names(vec![index.namespace_of(monitor.namespace())], unplaced)
    } else {
        Watched::Names(names, false)
    }
}

/// Services that every cluster has without a manifest, with their
/// labels: the API server's `default/kubernetes`, the cluster DNS
/// `kube-system/kube-dns`, and the `kube-system/kubelet` Service the
/// Prometheus Operator maintains (`--kubelet-service`).
const CLUSTER_SERVICES: &[(&str, &[(&str, &str)])] = &[
    ("default", &[("component", "apiserver"), ("provider", "kubernetes")]),
    ("kube-system", &[("k8s-app", "kube-dns")]),
    (
        "kube-system",
        &[("app.kubernetes.io/name", "kubelet"), ("k8s-app", "kubelet")],
    ),
];

fn labels_of(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn check(ctx: &SetCtx<'_>, findings: &mut SetFindings<'_>) {
    let index = ctx.index;
    let services: Vec<&IndexedObject<'_>> = index
        .of_kind("Service")
        .filter(|s| s.object.api_version == "v1" && !s.object.patch)
        .collect();
    for indexed in index.of_kind("ServiceMonitor") {
        let object = &indexed.object;
        if object.group() != "monitoring.coreos.com" || object.patch {
            continue;
        }
        let Some((key, value)) = object.root.path(&["spec"]).and_then(|s| s.get_entry("selector"))
        else {
            continue;
        };
        let Some(selector) = LabelSelector::parse(value).filter(|s| !s.is_empty()) else {
            continue;
        };
        let watched = watched(index, object);
        if !services
            .iter()
            .any(|s| watched.holds(s.object.namespace()) && same_tree(index, s.file, indexed.file))
        {
            continue;
        }
        if services.iter().any(|s| {
            watched.may_hold(index, s.object.namespace())
                && selector.matches(&label_map(s.object.labels()))
        }) || CLUSTER_SERVICES.iter().any(|(namespace, labels)| {
            watched.may_hold(index, Some(namespace)) && selector.matches(&labels_of(labels))
        }) {
            continue;
        }
        let scope = match &watched {
            Watched::Any => "any namespace".to_owned(),
            Watched::Names(names, _) => {
                let shown: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                let noun = if names.len() == 1 { "namespace" } else { "namespaces" };
                format!("{noun} {}", shown.join(", "))
            }
        };
        let finding = findings.report(
            indexed.file,
            key.span(),
            format!(
                "ServiceMonitor `{}` selects no Service of {scope} in the linted files by its labels: it scrapes nothing",
                object.name().unwrap_or("(unnamed)")
            ),
        );
        finding.object = Some(object.display_name());
        finding.help("make spec.selector match the metadata.labels of the Service to scrape, and spec.namespaceSelector name its namespace");
    }
}
