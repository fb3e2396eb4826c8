use super::common::services_in;
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Practice, SetCtx, SetFindings, Tool};

declare_rule! {
    /// ## What it flags
    /// The `serviceName` of a StatefulSet (`apps`) that names no Service
    /// of its namespace, or a Service that is not headless
    /// (`clusterIP: None`). The `serviceName` value is reported.
    ///
    /// It judges only namespaces whose Services the run contains: a
    /// StatefulSet is not reported when no Service of its namespace is in
    /// the linted files, and Services that name no namespace count for
    /// every namespace (a kustomization or `kubectl -n` places them).
    ///
    /// ## Why it matters
    /// The governing Service gives each pod its stable DNS name
    /// (`db-0.db.shop.svc`). Without it — or with a Service that has a
    /// cluster IP — those names do not resolve, and the peers of a
    /// replicated database or queue cannot find each other.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: StatefulSet
    /// metadata: {name: db}
    /// spec:
    ///   serviceName: db
    ///   selector: {matchLabels: {app: db}}
    ///   template:
    ///     metadata: {labels: {app: db}}
    ///     spec:
    ///       containers:
    ///       - {name: db, image: postgres:16.4}
    /// ---
    /// apiVersion: v1
    /// kind: Service
    /// metadata: {name: db}
    /// spec:
    ///   selector: {app: db}
    ///   ports: [{port: 5432}]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: StatefulSet
    /// metadata: {name: db}
    /// spec:
    ///   serviceName: db
    ///   selector: {matchLabels: {app: db}}
    ///   template:
    ///     metadata: {labels: {app: db}}
    ///     spec:
    ///       containers:
    ///       - {name: db, image: postgres:16.4}
    /// ---
    /// apiVersion: v1
    /// kind: Service
    /// metadata: {name: db}
    /// spec:
    ///   clusterIP: None
    ///   selector: {app: db}
    ///   ports: [{port: 5432}]
    /// ```
    ///
    /// ## How to fix
    /// Add a headless Service (`clusterIP: None`) selecting the pods, and
    /// name it in `serviceName` (a second, ordinary Service can serve
    /// clients).
    ///
    /// ## References
    /// - [StatefulSets: stable network ID](https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id)
    pub static RULE = Rule {
        id: "statefulset-service-missing",
        severity: Severity::Info,
        default_enabled: false,
        summary: "StatefulSet's serviceName is not a headless Service of its namespace",
        practice: Practice::DisasterRecovery,
        equivalents: &[Tool::KubeScore.same("statefulset-has-servicename")],
        fix: None,
        check: Check::Set {
            kinds: &["StatefulSet", "Service"],
            check,
        },
    };
}

fn check(ctx: &SetCtx<'_>, findings: &mut SetFindings<'_>) {
    let index = ctx.index;
    for indexed in index.of_kind("StatefulSet") {
        let object = &indexed.object;
        if object.group() != "apps" {
            continue;
        }
        let Some(name_node) = object.root.path(&["spec", "serviceName"]) else {
            continue;
        };
        let Some(name) = name_node.as_str().filter(|n| !n.is_empty()) else {
            continue;
        };
        let namespace = index.namespace_of(object.namespace());
        let Some(services) = services_in(index, namespace) else {
            continue;
        };
        let message = match services.iter().find(|s| s.name() == Some(name)) {
            None => format!(
                "{} names Service `{name}`, which namespace `{namespace}` does not have in the linted files: its pods get no stable DNS names",
                object.display_name()
            ),
            Some(service) => {
                let cluster_ip = service
                    .root
                    .path(&["spec", "clusterIP"])
                    .and_then(|c| c.as_str());
                if cluster_ip == Some("None") {
                    continue;
                }
                format!(
                    "{} names Service `{name}`, which is not headless (`clusterIP: None`): its pods get no stable DNS names",
                    object.display_name()
                )
            }
        };
        let finding = findings.report(indexed.file, name_node.span(), message);
        finding.object = Some(object.display_name());
        finding.help("name a headless Service (`clusterIP: None`) that selects the pods");
    }
}
