use crate::diagnostic::Severity;
use crate::k8s::ContainerKind;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::yaml::NodeRef;
use crate::rules::options::{OptionKind, RuleOption};

declare_rule! {
    /// ## What it flags
    /// A container or init container without CPU and memory requests and
    /// limits. One finding per container lists what is missing; it points
    /// at `resources` when the container has one, otherwise at its name.
    ///
    /// A limit without a request counts as both, because Kubernetes then
    /// sets the request to the limit. Pod-level `spec.resources` (Kubernetes
    /// 1.32 and later) covers every container. A LimitRange in the namespace
    /// can also fill in defaults, which this rule cannot see. Ephemeral
    /// containers cannot have resources and are not checked.
    ///
    /// ## Why it matters
    /// Without requests the scheduler packs pods blindly and they are the
    /// first evicted under pressure; without a memory limit one leaking or
    /// compromised container can exhaust the node's memory and take its
    /// neighbours down; without a CPU limit it can starve them. Limits
    /// bound the damage of a denial-of-service or a cryptominer.
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
    ///           requests: {cpu: 100m}
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
    ///           requests: {cpu: 100m, memory: 128Mi}
    ///           limits: {cpu: "1", memory: 256Mi}
    /// ```
    ///
    /// ## How to fix
    /// Measure the workload and set `resources.requests` for `cpu` and
    /// `memory` to its normal use and `resources.limits` to its ceiling.
    /// Setting the memory request equal to the limit avoids surprise OOM
    /// kills.
    ///
    /// A strategic-merge patch (a pod spec without `containers`, or a file
    /// a kustomization lists as a patch) is not judged: its `resources`
    /// merge into the object it patches.
    pub static RULE = Rule {
        id: "resources-missing",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Container lacks CPU or memory requests or limits",
        practice: Practice::DisasterRecovery,
        equivalents: &[
            Tool::KubeLinter.inspired("unset-cpu-requirements"),
            Tool::KubeLinter.inspired("unset-memory-requirements"),
            Tool::KubeScore.same("container-resources"),
            Tool::Polaris.inspired("cpuRequestsMissing"),
            Tool::Polaris.inspired("cpuLimitsMissing"),
            Tool::Polaris.inspired("memoryRequestsMissing"),
            Tool::Polaris.inspired("memoryLimitsMissing"),
            Tool::Checkov.inspired("CKV_K8S_10"),
            Tool::Checkov.inspired("CKV_K8S_11"),
            Tool::Checkov.inspired("CKV_K8S_12"),
            Tool::Checkov.inspired("CKV_K8S_13"),
            Tool::Trivy.inspired("KSV-0011"),
            Tool::Trivy.inspired("KSV-0015"),
            Tool::Trivy.inspired("KSV-0016"),
            Tool::Trivy.inspired("KSV-0018"),
            Tool::Kubesec.inspired("RequestsCPU"),
            Tool::Kubesec.inspired("LimitsCPU"),
            Tool::Kubesec.inspired("RequestsMemory"),
            Tool::Kubesec.inspired("LimitsMemory"),
        ],
        options: &[IGNORE_CPU_LIMIT],
        fix: None,
        check: Check::Pod(check),
    };
}

/// Whether CPU limits may be left out.
const IGNORE_CPU_LIMIT: RuleOption = RuleOption {
    name: "ignore-cpu-limit",
    doc: "do not require a CPU limit (kube-score's --ignore-container-cpu-limit): a CPU limit throttles the container (CFS quota) even when the node is idle, while the CPU request already guarantees its share; requests and the memory limit are still required",
    kind: OptionKind::Bool { default: false },
};

/// Whether `resources` has a non-empty `kind.resource` (`limits.memory`).
fn has(resources: Option<NodeRef<'_>>, kind: &str, resource: &str) -> bool {
    resources
        .and_then(|r| r.path(&[kind, resource]))
        .is_some_and(|v| !v.is_null() && v.as_str() != Some(""))
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    if pod.is_partial() {
        return; // a patch: `resources` merges into the object it patches
    }
    let ignore_cpu_limit = ctx.options.bool(&IGNORE_CPU_LIMIT);
    let pod_resources = pod.get("resources").filter(|r| r.is_mapping());
    for container in pod.containers() {
        if container.kind == ContainerKind::Ephemeral {
            continue;
        }
        let resources = container.get("resources").filter(|r| r.is_mapping());
        let present = |kind: &str, resource: &str| {
            has(resources, kind, resource)
                || has(pod_resources, kind, resource)
                || (kind == "requests"
                    && (has(resources, "limits", resource)
                        || has(pod_resources, "limits", resource)))
        };
        let mut missing = Vec::new();
        for (kind, resource) in [
            ("requests", "cpu"),
            ("requests", "memory"),
            ("limits", "cpu"),
            ("limits", "memory"),
        ] {
            if kind == "limits" && resource == "cpu" && ignore_cpu_limit {
                continue;
            }
            if !present(kind, resource) {
                missing.push(format!("{resource} {}", kind.trim_end_matches('s')));
            }
        }
        if missing.is_empty() {
            continue;
        }
        let span = container
            .node
            .get_entry("resources")
            .map_or(container.report_span(), |(key, _)| key.span());
        findings
            .report(
                span,
                format!(
                    "{} has no {}, so it can starve its neighbours{}",
                    container.describe(),
                    join(&missing),
                    if missing.iter().any(|m| m.ends_with("request")) {
                        " and the scheduler cannot account for it"
                    } else {
                        ""
                    }
                ),
            )
            .help("set cpu and memory under `resources.requests` and `resources.limits`");
    }
}

/// `a`, `a or b`, `a, b or c`.
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_cpu_limit_option() {
        let manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: a\n    resources: {requests: {cpu: 100m, memory: 1Gi}, limits: {memory: 1Gi}}\n";
        let lint = |config: &str| crate::rules::messages_with_config(&RULE, config, manifest);
        assert_eq!(
            lint("rules: {}\n"),
            ["container \"a\" has no cpu limit, so it can starve its neighbours"]
        );
        assert!(
            lint("rules: {resources-missing: {options: {ignore-cpu-limit: true}}}\n").is_empty()
        );
    }
}
