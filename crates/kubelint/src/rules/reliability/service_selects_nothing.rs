use super::common::may_live_in;
use crate::k8s::label_map;
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Practice, SetCtx, SetFindings, Tool};

declare_rule! {
    /// ## What it flags
    /// A Service (`v1`) whose `spec.selector` selects none of the pod
    /// templates of its namespace. The selector is reported.
    ///
    /// It judges a Service only when a workload of its namespace is in the
    /// same folder (otherwise its pods are usually defined elsewhere), and
    /// workloads
    /// that name no namespace count for every namespace (a kustomization or
    /// `kubectl -n` places them). Services without
    /// a selector (endpoints managed by hand or by a controller) and
    /// `ExternalName` Services are not judged, nor selectors on labels that
    /// controllers add at run time (`job-name`,
    /// `statefulset.kubernetes.io/pod-name`, `pod-template-hash`…), nor a
    /// selector with a value that names a custom resource of a popular
    /// operator that creates pods (a `Prometheus`, a CloudNativePG
    /// `Cluster`, an `Elasticsearch`…). Pods that other operators create are
    /// invisible to kubelint: suppress the finding for such Services.
    ///
    /// ## Why it matters
    /// A Service that selects no pod has no endpoints: every connection to
    /// it is refused, usually because a label was renamed on one side only.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Service
    /// metadata: {name: api}
    /// spec:
    ///   selector: {app: api}
    ///   ports: [{port: 80, targetPort: 8080}]
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   selector: {matchLabels: {app.kubernetes.io/name: api}}
    ///   template:
    ///     metadata: {labels: {app.kubernetes.io/name: api}}
    ///     spec:
    ///       containers:
    ///       - {name: api, image: registry.example.com/api:5.0.0}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Service
    /// metadata: {name: api}
    /// spec:
    ///   selector: {app.kubernetes.io/name: api}
    ///   ports: [{port: 80, targetPort: 8080}]
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   selector: {matchLabels: {app.kubernetes.io/name: api}}
    ///   template:
    ///     metadata: {labels: {app.kubernetes.io/name: api}}
    ///     spec:
    ///       containers:
    ///       - {name: api, image: registry.example.com/api:5.0.0}
    /// ```
    ///
    /// ## How to fix
    /// Make the selector match the pod template labels of the workload the
    /// Service is for, or delete the Service.
    ///
    /// ## References
    /// - [Service: defining a Service](https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service)
    pub static RULE = Rule {
        id: "service-selects-nothing",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Service selects none of the workloads of its namespace",
        practice: Practice::DisasterRecovery,
        equivalents: &[
            Tool::KubeLinter.same("dangling-service"),
            Tool::KubeScore.same("service-targets-pod"),
        ],
        fix: None,
        check: Check::Set {
            kinds: OPERATOR_KINDS_AND_SERVICE,
            check,
        },
    };
}

/// Services, and the custom resources of popular operators that create
/// pods at run time (Prometheus Operator, CloudNativePG, Zalando Postgres,
/// Elastic, Spotahome and Redis Enterprise, LeaderWorkerSet, Strimzi,
/// RabbitMQ, MongoDB): a Service selecting such an object's name selects
/// its pods.
const OPERATOR_KINDS_AND_SERVICE: &[&str] = &[
    "Service",
    "Prometheus",
    "Alertmanager",
    "ThanosRuler",
    "Cluster",
    "postgresql",
    "Elasticsearch",
    "Kibana",
    "RedisFailover",
    "RedisEnterpriseCluster",
    "LeaderWorkerSet",
    "Kafka",
    "RabbitmqCluster",
    "MongoDBCommunity",
];

/// Labels controllers add to the pods they create, which no template
/// carries: a selector on them is judged at run time only.
const CONTROLLER_LABELS: &[&str] = &[
    "job-name",
    "batch.kubernetes.io/job-name",
    "controller-uid",
    "batch.kubernetes.io/controller-uid",
    "statefulset.kubernetes.io/pod-name",
    "apps.kubernetes.io/pod-index",
    "pod-template-hash",
    "controller-revision-hash",
];

fn check(ctx: &SetCtx<'_>, findings: &mut SetFindings<'_>) {
    let index = ctx.index;
    for service in index.of_kind("Service") {
        let object = &service.object;
        if object.api_version != "v1" || object.patch {
            continue;
        }
        let spec = object.root.get("spec");
        if spec.and_then(|s| s.get("type")).and_then(|t| t.as_str()) == Some("ExternalName") {
            continue;
        }
        let Some(selector) = spec.and_then(|s| s.get("selector")) else {
            continue;
        };
        let wanted = label_map(Some(selector));
        if wanted.is_empty() || wanted.keys().any(|k| CONTROLLER_LABELS.contains(&k.as_str())) {
            continue;
        }
        let namespace = index.namespace_of(object.namespace());
        let workloads = &index.workloads;
        // Judged only beside workloads of its namespace: a Service alone
        // in its folder usually serves pods defined elsewhere.
        let here = index.folder(service.file);
        if !workloads.iter().any(|w| {
            index.namespace_of(w.namespace.as_deref()) == namespace && index.folder(w.file) == here
        }) {
            continue;
        }
        let operator_made = index.objects.iter().any(|o| {
            o.object.kind != "Service"
                && may_live_in(index, o.object.namespace(), namespace)
                && o.object
                    .name()
                    .is_some_and(|name| wanted.values().any(|v| v == name))
        });
        if operator_made {
            continue;
        }
        let selects = |w: &&crate::set_index::Workload| {
            may_live_in(index, w.namespace.as_deref(), namespace)
                && wanted.iter().all(|(k, v)| w.pod_labels.get(k) == Some(v))
        };
        if workloads.iter().any(|w| selects(&w)) {
            continue;
        }
        let shown: Vec<String> = wanted.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let finding = findings.report(
            service.file,
            selector.span(),
            format!(
                "Service `{}` selects pods labelled {}, and no workload of namespace `{namespace}` in the linted files has such pods: it has no endpoints",
                object.name().unwrap_or("(unnamed)"),
                shown.join(", ")
            ),
        );
        finding.object = Some(object.display_name());
        finding.help("make the selector match the pod template labels of the workload the Service is for");
    }
}
