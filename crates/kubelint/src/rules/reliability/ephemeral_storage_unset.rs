use super::requests;
use crate::diagnostic::{Applicability, Severity};
use crate::k8s::ContainerKind;
use crate::rules::options::{OptionKind, RuleOption};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A container or init container without an `ephemeral-storage` limit,
    /// or whose `ephemeral-storage` request differs from its limit
    /// (compared by value: `1Gi` equals `1024Mi`). The finding points at
    /// the request when the limit is missing, at the limit when they
    /// differ, and at the container's `resources` key (or its name) when
    /// both are missing.
    ///
    /// A limit without a request is not reported: Kubernetes sets the
    /// request to the limit. Ephemeral containers cannot have resources.
    /// A patch is judged only for the values it sets.
    ///
    /// ## Why it matters
    /// Container logs, the writable layer and `emptyDir` volumes live on the
    /// node's disk. A container without a limit can fill it; the kubelet
    /// then reports DiskPressure and evicts pods that did nothing wrong.
    /// With a limit the kubelet evicts only the pod that exceeds it. A
    /// request below the limit lets the scheduler promise the same disk to
    /// several pods.
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
    ///           limits: {cpu: 500m, memory: 256Mi}
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
    ///           limits: {cpu: 500m, memory: 256Mi, ephemeral-storage: 1Gi}
    /// ```
    ///
    /// ## How to fix
    /// Set `resources.limits.ephemeral-storage` to what the container may
    /// write (logs, scratch space), and the request to the same value or
    /// leave it out. The quick fix copies the limit into a differing
    /// request; it is unsafe because the pod then reserves more disk and
    /// may no longer be schedulable.
    ///
    /// ## References
    /// - [Local ephemeral storage](https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage)
    /// - [Node-pressure eviction](https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/)
    pub static RULE = Rule {
        id: "ephemeral-storage-unset",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Container has no ephemeral-storage limit, or its request differs from the limit",
        practice: Practice::DisasterRecovery,
        equivalents: &[
            Tool::KubeScore.same("container-ephemeral-storage-request-and-limit"),
            Tool::KubeScore.same("container-ephemeral-storage-request-equals-limit"),
        ],
        options: &[ALLOW_UNEQUAL_REQUEST],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

/// Whether a request that differs from the limit is accepted.
const ALLOW_UNEQUAL_REQUEST: RuleOption = RuleOption {
    name: "allow-unequal-request",
    doc: "accept an ephemeral-storage request that differs from the limit (kube-score's `container-ephemeral-storage-request-equals-limit` is optional); the limit is still required",
    kind: OptionKind::Bool { default: false },
};

const RESOURCE: &str = "ephemeral-storage";

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    let allow_unequal = ctx.options.bool(&ALLOW_UNEQUAL_REQUEST);
    for container in pod.containers() {
        if container.kind == ContainerKind::Ephemeral {
            continue;
        }
        let resources = requests::resources(&container);
        let request = requests::quantity(resources, "requests", RESOURCE);
        let limit = requests::quantity(resources, "limits", RESOURCE);
        match (request, limit) {
            (Some(request), Some(limit)) => {
                if allow_unequal || !requests::differ(request, limit) {
                    continue;
                }
                findings
                    .report_at(
                        limit,
                        format!(
                            "{} requests ephemeral-storage {} but its limit is {}: the scheduler can promise the same disk to other pods",
                            container.describe(),
                            request.text().unwrap_or_default(),
                            limit.text().unwrap_or_default()
                        ),
                    )
                    .help("set `resources.requests.ephemeral-storage` to the limit, or remove it (it defaults to the limit)")
                    .fix(requests::request_the_limit(request, limit, RESOURCE));
            }
            (Some(request), None) => {
                findings
                    .report_at(
                        request,
                        format!(
                            "{} requests ephemeral-storage but sets no ephemeral-storage limit, so it can fill the node's disk",
                            container.describe()
                        ),
                    )
                    .help("set `resources.limits.ephemeral-storage` to the request");
            }
            (None, Some(_)) => {} // Kubernetes sets the request to the limit.
            (None, None) if !pod.is_partial() => {
                findings
                    .report(
                        requests::missing_span(&container),
                        format!(
                            "{} sets no ephemeral-storage limit, so its logs and scratch files can fill the node's disk",
                            container.describe()
                        ),
                    )
                    .help("set `resources.limits.ephemeral-storage` (the request defaults to it)");
            }
            (None, None) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_unequal_request_option() {
        let manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: a\n    resources: {requests: {ephemeral-storage: 1Gi}, limits: {ephemeral-storage: 2Gi}}\n";
        let lint = |config: &str| crate::rules::messages_with_config(&RULE, config, manifest);
        assert_eq!(
            lint("enable: [ephemeral-storage-unset]\n"),
            ["container \"a\" requests ephemeral-storage 1Gi but its limit is 2Gi: the scheduler can promise the same disk to other pods"]
        );
        assert!(lint("enable: [ephemeral-storage-unset]\nrules: {ephemeral-storage-unset: {options: {allow-unequal-request: true}}}\n").is_empty());
    }
}
