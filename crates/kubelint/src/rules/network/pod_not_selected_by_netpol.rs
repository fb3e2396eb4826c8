use super::policies;
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Practice, SetCtx, SetFindings, Tool};
use crate::set_index::Workload;
use std::collections::BTreeMap;

declare_rule! {
    /// ## What it flags
    /// A workload (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob,
    /// or any object with a pod template) whose pod labels no NetworkPolicy
    /// of its namespace selects. Selectors are matched like the API server
    /// matches them: `matchLabels`, `matchExpressions` (`In`, `NotIn`,
    /// `Exists`, `DoesNotExist`), and `podSelector: {}` selects every pod.
    /// An object without a namespace is in the namespace it will be created
    /// in: `default`, or the configured `default-namespace`.
    ///
    /// The unselected workloads of a namespace share one cause — no policy
    /// of the namespace selects every pod — so they are reported once per
    /// namespace: at the first of them (in file order), naming them all,
    /// with the others of the same file as labels. A workload whose
    /// `kubelint/ignore` annotation names the rule is left out of the group
    /// (its own finding is suppressed by the annotation); a comment
    /// suppression on the line the finding is reported at covers the
    /// namespace.
    ///
    /// The rule only runs when the linted files contain at least one
    /// NetworkPolicy: a repository without any keeps its policies
    /// elsewhere (or has none, which `namespace-missing-default-deny`
    /// reports per Namespace). Workloads in `kube-system` are skipped.
    ///
    /// ## Why it matters
    /// Kubernetes networking is allow-all by default. A pod that no policy
    /// selects accepts connections from every pod in the cluster and can
    /// connect anywhere — the path an attacker takes from one compromised
    /// pod to the database. When a repository has policies, an unselected
    /// workload is usually a label typo or a forgotten service.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata: {name: api, namespace: shop}
    /// spec:
    ///   podSelector:
    ///     matchLabels: {app: api}
    ///   policyTypes: [Ingress]
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: web, namespace: shop}
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///       - name: web
    ///         image: registry.example.com/web:2.1.0
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata: {name: web, namespace: shop}
    /// spec:
    ///   podSelector:
    ///     matchExpressions:
    ///     - {key: app, operator: In, values: [api, web]}
    ///   policyTypes: [Ingress]
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: web, namespace: shop}
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///       - name: web
    ///         image: registry.example.com/web:2.1.0
    /// ```
    ///
    /// ## How to fix
    /// Add a default-deny policy (`podSelector: {}`) to the namespace and a
    /// policy that allows the traffic this workload needs, or correct the
    /// labels of the policy meant to select it.
    ///
    /// ## References
    /// - [Network Policies](https://kubernetes.io/docs/concepts/services-networking/network-policies/)
    /// - CIS Kubernetes Benchmark 5.3.2
    pub static RULE = Rule {
        id: "pod-not-selected-by-netpol",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Workload's pods are selected by no NetworkPolicy of their namespace",
        practice: Practice::NetworkPolicies,
        equivalents: &[
            Tool::KubeLinter.same("non-isolated-pod"),
            Tool::KubeScore.same("pod-networkpolicy"),
            Tool::Polaris.same("missingNetworkPolicy"),
            Tool::Checkov.same("CKV2_K8S_6"),
            Tool::Cis.inspired("5.3.2"),
        ],
        fix: None,
        check: Check::Set {
            kinds: &["NetworkPolicy"],
            check,
        },
    };
}

/// Workloads named in a message before "and N more".
const NAMED: usize = 8;

fn check(ctx: &SetCtx<'_>, findings: &mut SetFindings<'_>) {
    let policies = policies(ctx.index);
    if policies.is_empty() {
        return;
    }
    let index = ctx.index;
    // The unselected workloads of each namespace, in file order. They share
    // one cause: no policy of the namespace selects every pod.
    let mut by_namespace: BTreeMap<&str, Vec<&Workload>> = BTreeMap::new();
    for workload in &index.workloads {
        let namespace = index.namespace_of(workload.namespace.as_deref());
        if namespace == "kube-system" {
            continue;
        }
        let selected = policies.iter().any(|p| {
            index.namespace_of(p.namespace) == namespace && p.selects(&workload.pod_labels)
        });
        if !selected {
            by_namespace.entry(namespace).or_default().push(workload);
        }
    }
    for (namespace, workloads) in by_namespace {
        // A workload whose own annotation ignores the rule gets a finding
        // of its own, which the annotation suppresses: it neither hides the
        // namespace's finding nor is hidden in it.
        let (own, grouped): (Vec<&Workload>, Vec<&Workload>) = workloads
            .into_iter()
            .partition(|w| w.ignores.iter().any(|r| r == RULE.id || r == "all"));
        for workload in own {
            report_group(findings, namespace, &[workload]);
        }
        if !grouped.is_empty() {
            report_group(findings, namespace, &grouped);
        }
    }
}

/// One finding for unselected workloads of `namespace`, at the first.
fn report_group(findings: &mut SetFindings<'_>, namespace: &str, workloads: &[&Workload]) {
    let Some(first) = workloads.first() else {
        return;
    };
    let message = if workloads.len() == 1 {
        format!(
            "{} runs pods that no NetworkPolicy of namespace `{namespace}` selects: they accept connections from any pod and can reach any address",
            first.display
        )
    } else {
        let names: Vec<&str> = workloads
            .iter()
            .take(NAMED)
            .map(|w| w.display.as_str())
            .collect();
        let more = workloads.len().saturating_sub(NAMED);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!(
            "{} workloads of namespace `{namespace}` run pods that no NetworkPolicy selects ({}{more}): they accept connections from any pod and can reach any address",
            workloads.len(),
            names.join(", ")
        )
    };
    let finding = findings.report(first.file, first.kind_span, message);
    for other in workloads[1..]
        .iter()
        .take(NAMED - 1)
        .filter(|w| w.file == first.file)
    {
        finding.label(
            other.kind_span,
            format!("{} is not selected either", other.display),
        );
    }
    finding.object = Some(first.display.clone());
    finding.help("add a default-deny policy (`podSelector: {}`) to the namespace and allow each workload's traffic explicitly, or fix the labels of the policies meant for them");
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Severity;

    #[test]
    fn an_annotated_workload_uses_its_suppression_and_leaves_the_group() {
        let manifest = include_str!(
            "../../../../../fixtures/rules/pod-not-selected-by-netpol/fail-annotated.yaml"
        );
        let (config, problems) = crate::Config::from_yaml(
            ".kubelint.yaml",
            "enable: [pod-not-selected-by-netpol, unused-suppression]\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let found: Vec<(String, Severity, String)> = crate::Linter::new(config)
            .lint_str("shop.yaml", manifest)
            .into_iter()
            .filter(|d| d.rule == super::RULE.id || d.rule == "unused-suppression")
            .map(|d| (d.rule, d.severity, d.message))
            .collect();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].0, super::RULE.id);
        assert!(
            found[0].2.starts_with("2 workloads of namespace `shop`"),
            "{}",
            found[0].2
        );
        assert!(!found[0].2.contains("debug"), "{}", found[0].2);
    }
}
