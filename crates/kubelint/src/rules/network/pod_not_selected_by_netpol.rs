use super::policies;
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Practice, SetCtx, SetFindings, Tool};

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

fn check(ctx: &SetCtx<'_>, findings: &mut SetFindings<'_>) {
    let policies = policies(ctx.index);
    if policies.is_empty() {
        return;
    }
    let index = ctx.index;
    for workload in &index.workloads {
        let namespace = index.namespace_of(workload.namespace.as_deref());
        if namespace == "kube-system" {
            continue;
        }
        let selected = policies.iter().any(|p| {
            index.namespace_of(p.namespace) == namespace && p.selects(&workload.pod_labels)
        });
        if selected {
            continue;
        }
        let namespace = workload
            .namespace
            .as_deref()
            .map_or(String::new(), |ns| format!(" in namespace `{ns}`"));
        let finding = findings.report(
            workload.file,
            workload.kind_span,
            format!(
                "{} runs pods that no NetworkPolicy{namespace} selects: they accept connections from any pod and can reach any address",
                workload.display
            ),
        );
        finding.object = Some(workload.display.clone());
        finding.help("add a default-deny policy (`podSelector: {}`) to the namespace and allow this workload's traffic explicitly, or fix the labels of the policy meant for it");
    }
}
