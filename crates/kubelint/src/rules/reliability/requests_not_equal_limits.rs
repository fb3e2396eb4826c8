use super::requests;
use crate::diagnostic::{Applicability, Severity};
use crate::k8s::{Container, ContainerKind};
use crate::rules::options::{OptionKind, RuleOption};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::yaml::NodeRef;

declare_rule! {
    /// ## What it flags
    /// A container or init container whose request for a resource (by
    /// default `cpu` and `memory`) differs from its limit. Quantities are
    /// compared by value: `500m` equals `0.5` and `1Gi` equals `1024Mi`.
    /// One finding per resource:
    /// - request and limit differ: at the limit's value;
    /// - a request without a limit: at the request's value;
    /// - neither: at the container's `resources` key, or its name.
    ///
    /// A limit without a request is not reported: Kubernetes sets the
    /// request to the limit. Nor is a container without either when the
    /// pod-level `spec.resources` (Kubernetes 1.32 and later) sets the
    /// resource. Ephemeral containers cannot have resources. A patch is
    /// judged only for the values it sets.
    /// (kube-score's requests-equal-limits checks also fail a limit
    /// without a request, which runs with equal values.)
    ///
    /// ## Why it matters
    /// A pod whose containers all request exactly their limits for CPU and
    /// memory gets the `Guaranteed` QoS class: it is the last to be evicted
    /// when a node runs short, and its memory is never overcommitted. A
    /// memory request below the limit lets the scheduler place more than
    /// the node can hold; when the containers grow into their limits, the
    /// kernel OOM-kills or the kubelet evicts them. kube-score reports this
    /// as an optional check.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       containers:
    ///       - name: api
    ///         image: registry.example.com/api:3.2.1
    ///         resources:
    ///           requests: {cpu: 250m, memory: 256Mi}
    ///           limits: {cpu: "1", memory: 512Mi}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       containers:
    ///       - name: api
    ///         image: registry.example.com/api:3.2.1
    ///         resources:
    ///           requests: {cpu: "0.5", memory: 0.5Gi}
    ///           limits: {cpu: 500m, memory: 512Mi}
    /// ```
    ///
    /// ## How to fix
    /// Set each request to its limit, or set only the limit (Kubernetes
    /// copies it into the request). The quick fix copies the limit into a
    /// differing request; it is unsafe because the pod then reserves more
    /// of the node and may no longer be schedulable.
    ///
    /// ## References
    /// - [Pod Quality of Service classes](https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/)
    /// - [Resource management for pods and containers](https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/)
    /// - [Quantity format](https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/)
    pub static RULE = Rule {
        id: "requests-not-equal-limits",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Container's resource request differs from its limit (not Guaranteed QoS)",
        practice: Practice::DisasterRecovery,
        equivalents: &[
            Tool::KubeScore.inspired("container-resource-requests-equal-limits"),
            Tool::KubeScore.inspired("container-cpu-requests-equal-limits"),
            Tool::KubeScore.inspired("container-memory-requests-equal-limits"),
        ],
        options: &[RESOURCES],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

/// Which resources must have equal requests and limits.
const RESOURCES: RuleOption = RuleOption {
    name: "resources",
    doc: "the resources whose request must equal their limit; unset or empty means `[cpu, memory]` (the resources of the Guaranteed QoS class). Other names such as `ephemeral-storage` or `nvidia.com/gpu` are compared the same way",
    kind: OptionKind::Strings {
        default: DEFAULT_RESOURCES,
    },
};

const DEFAULT_RESOURCES: &[&str] = &["cpu", "memory"];

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    let mut names = ctx.options.strings(&RESOURCES);
    if names.is_empty() {
        names = DEFAULT_RESOURCES.to_vec();
    }
    let pod_resources = pod.get("resources").filter(|r| r.is_mapping());
    for container in pod.containers() {
        if container.kind == ContainerKind::Ephemeral {
            continue;
        }
        let resources = requests::resources(&container);
        for resource in &names {
            let request = requests::quantity(resources, "requests", resource);
            let limit = requests::quantity(resources, "limits", resource);
            match (request, limit) {
                (Some(request), Some(limit)) => report_unequal(findings, &container, resource, request, limit),
                (Some(request), None) => {
                    findings
                        .report_at(
                            request,
                            format!(
                                "{} requests {resource} {} but sets no {resource} limit, so it can use more than it reserved",
                                container.describe(),
                                request.text().unwrap_or_default()
                            ),
                        )
                        .help(format!("set `resources.limits.{resource}` to the request"));
                }
                (None, Some(_)) => {} // Kubernetes sets the request to the limit.
                (None, None) => {
                    let pod_level = ["requests", "limits"]
                        .iter()
                        .any(|kind| requests::quantity(pod_resources, kind, resource).is_some());
                    if pod.is_partial() || pod_level {
                        continue;
                    }
                    let span = requests::missing_span(&container);
                    findings
                        .report(
                            span,
                            format!(
                                "{} sets neither a {resource} request nor a {resource} limit",
                                container.describe()
                            ),
                        )
                        .help(format!("set `resources.limits.{resource}` (the request defaults to it)"));
                }
            }
        }
    }
}

fn report_unequal(
    findings: &mut Findings<'_>,
    container: &Container<'_>,
    resource: &str,
    request: NodeRef<'_>,
    limit: NodeRef<'_>,
) {
    if !requests::differ(request, limit) {
        return;
    }
    let text = |node: NodeRef<'_>| node.text().unwrap_or_default().to_owned();
    findings
        .report_at(
            limit,
            format!(
                "{} requests {resource} {} but its {resource} limit is {}: only equal requests and limits give the Guaranteed QoS class",
                container.describe(),
                text(request),
                text(limit)
            ),
        )
        .help(format!("set `resources.requests.{resource}` to the limit, or remove it (it defaults to the limit)"))
        .fix(requests::request_the_limit(request, limit, resource));
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: a\n    resources:\n      requests: {cpu: 500m, memory: 1Gi, ephemeral-storage: 1Gi}\n      limits: {cpu: 0.5, memory: 1024Mi, ephemeral-storage: 2Gi}\n";

    #[test]
    fn equal_by_value_passes_and_resources_option_selects() {
        let lint = |config: &str| crate::rules::messages_with_config(&RULE, config, MANIFEST);
        let enabled = "enable: [requests-not-equal-limits]\n";
        assert!(lint(enabled).is_empty());
        assert_eq!(
            lint("enable: [requests-not-equal-limits]\nrules: {requests-not-equal-limits: {options: {resources: [ephemeral-storage]}}}\n"),
            ["container \"a\" requests ephemeral-storage 1Gi but its ephemeral-storage limit is 2Gi: only equal requests and limits give the Guaranteed QoS class"]
        );
    }
}
