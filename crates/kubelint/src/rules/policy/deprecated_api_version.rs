use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};
use crate::rules::options::RuleOption;
use crate::edit::IntoFix as _;

declare_rule! {
    /// ## What it flags
    /// An object whose `apiVersion` (for its `kind`) has been removed from
    /// Kubernetes: `extensions/v1beta1` and `apps/v1beta1`/`v1beta2`
    /// workloads (removed in 1.16), the `v1beta1` Ingress, RBAC, CRD,
    /// webhook, storage and scheduling APIs (1.22), `batch/v1beta1`
    /// CronJob, `policy/v1beta1` PodDisruptionBudget and PodSecurityPolicy,
    /// `autoscaling/v2beta1` (1.25), `autoscaling/v2beta2` (1.26) and the
    /// `flowcontrol.apiserver.k8s.io` betas (1.26, 1.29, 1.32).
    ///
    /// ## Why it matters
    /// The API server rejects removed versions: the manifest fails to apply
    /// on a current cluster, typically in the middle of an upgrade, and
    /// tools that convert it may silently change defaults. PodSecurityPolicy
    /// has no successor object at all — clusters that still list it have
    /// no pod security enforcement.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: batch/v1beta1
    /// kind: CronJob
    /// metadata: {name: report}
    /// spec:
    ///   schedule: "0 3 * * *"
    ///   jobTemplate:
    ///     spec:
    ///       template:
    ///         spec:
    ///           restartPolicy: OnFailure
    ///           containers:
    ///           - name: report
    ///             image: registry.example.com/report:1.0.0
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: batch/v1
    /// kind: CronJob
    /// metadata: {name: report}
    /// spec:
    ///   schedule: "0 3 * * *"
    ///   jobTemplate:
    ///     spec:
    ///       template:
    ///         spec:
    ///           restartPolicy: OnFailure
    ///           containers:
    ///           - name: report
    ///             image: registry.example.com/report:1.0.0
    /// ```
    ///
    /// ## How to fix
    /// Move to the replacement version. Where the schema did not change
    /// (RBAC, CronJob, `autoscaling/v2beta2`, IngressClass, StorageClass,
    /// PriorityClass, Lease, RuntimeClass, APIService, `extensions`
    /// NetworkPolicy, `apps/v1beta2`, `flowcontrol` `v1beta3`) the quick fix
    /// rewrites `apiVersion`, and it is safe. Elsewhere fields changed —
    /// Ingress backends, Deployment selectors, PDB selector semantics, CRD
    /// schemas — and the migration needs a look; `kubectl convert` helps.
    /// PodSecurityPolicy is replaced by Pod Security Admission labels.
    ///
    /// ## References
    /// - [Deprecated API migration guide](https://kubernetes.io/docs/reference/using-api/deprecation-guide/)
    pub static RULE = Rule {
        id: "deprecated-api-version",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Object uses an apiVersion removed from Kubernetes",
        practice: Practice::VersionsAndBenchmarks,
        equivalents: &[
            Tool::KubeLinter.inspired("no-extensions-v1beta"),
            Tool::KubeScore.inspired("stable-version"),
            Tool::Trivy.inspired("KSV-0107"),
        ],
        options: &[KUBERNETES_VERSION],
        fix: Some(Applicability::Safe),
        check: Check::Object(check),
    };
}

/// The release the verdict is for.
const KUBERNETES_VERSION: RuleOption = RuleOption::kubernetes_version(
    "the target release, e.g. `\"1.24\"`: only APIs removed in that release or earlier are reported; without it (and without the top-level `kubernetes-version`), every removed API is",
);

/// A removed API: `(apiVersion, kind or "*", removed in minor, replacement,
/// whether moving is a pure rename)`.
type Removal = (&'static str, &'static str, u32, &'static str, bool);

const REMOVED: &[Removal] = &[
    ("extensions/v1beta1", "Deployment", 16, "apps/v1", false),
    ("extensions/v1beta1", "DaemonSet", 16, "apps/v1", false),
    ("extensions/v1beta1", "ReplicaSet", 16, "apps/v1", false),
    (
        "extensions/v1beta1",
        "NetworkPolicy",
        16,
        "networking.k8s.io/v1",
        true,
    ),
    (
        "extensions/v1beta1",
        "PodSecurityPolicy",
        16,
        "Pod Security Admission",
        false,
    ),
    (
        "extensions/v1beta1",
        "Ingress",
        22,
        "networking.k8s.io/v1",
        false,
    ),
    ("apps/v1beta1", "*", 16, "apps/v1", false),
    ("apps/v1beta2", "*", 16, "apps/v1", true),
    (
        "networking.k8s.io/v1beta1",
        "Ingress",
        22,
        "networking.k8s.io/v1",
        false,
    ),
    (
        "networking.k8s.io/v1beta1",
        "IngressClass",
        22,
        "networking.k8s.io/v1",
        true,
    ),
    (
        "rbac.authorization.k8s.io/v1beta1",
        "*",
        22,
        "rbac.authorization.k8s.io/v1",
        true,
    ),
    (
        "rbac.authorization.k8s.io/v1alpha1",
        "*",
        22,
        "rbac.authorization.k8s.io/v1",
        true,
    ),
    (
        "apiextensions.k8s.io/v1beta1",
        "*",
        22,
        "apiextensions.k8s.io/v1",
        false,
    ),
    (
        "admissionregistration.k8s.io/v1beta1",
        "*",
        22,
        "admissionregistration.k8s.io/v1",
        false,
    ),
    (
        "apiregistration.k8s.io/v1beta1",
        "*",
        22,
        "apiregistration.k8s.io/v1",
        true,
    ),
    (
        "certificates.k8s.io/v1beta1",
        "*",
        22,
        "certificates.k8s.io/v1",
        false,
    ),
    (
        "coordination.k8s.io/v1beta1",
        "*",
        22,
        "coordination.k8s.io/v1",
        true,
    ),
    (
        "scheduling.k8s.io/v1beta1",
        "*",
        22,
        "scheduling.k8s.io/v1",
        true,
    ),
    (
        "storage.k8s.io/v1beta1",
        "CSIDriver",
        22,
        "storage.k8s.io/v1",
        true,
    ),
    (
        "storage.k8s.io/v1beta1",
        "CSINode",
        22,
        "storage.k8s.io/v1",
        true,
    ),
    (
        "storage.k8s.io/v1beta1",
        "StorageClass",
        22,
        "storage.k8s.io/v1",
        true,
    ),
    (
        "storage.k8s.io/v1beta1",
        "VolumeAttachment",
        22,
        "storage.k8s.io/v1",
        true,
    ),
    (
        "storage.k8s.io/v1beta1",
        "CSIStorageCapacity",
        27,
        "storage.k8s.io/v1",
        true,
    ),
    ("batch/v1beta1", "CronJob", 25, "batch/v1", true),
    (
        "discovery.k8s.io/v1beta1",
        "EndpointSlice",
        25,
        "discovery.k8s.io/v1",
        false,
    ),
    (
        "events.k8s.io/v1beta1",
        "Event",
        25,
        "events.k8s.io/v1",
        false,
    ),
    (
        "autoscaling/v2beta1",
        "HorizontalPodAutoscaler",
        25,
        "autoscaling/v2",
        false,
    ),
    (
        "policy/v1beta1",
        "PodDisruptionBudget",
        25,
        "policy/v1",
        false,
    ),
    (
        "policy/v1beta1",
        "PodSecurityPolicy",
        25,
        "Pod Security Admission",
        false,
    ),
    (
        "node.k8s.io/v1beta1",
        "RuntimeClass",
        25,
        "node.k8s.io/v1",
        true,
    ),
    (
        "autoscaling/v2beta2",
        "HorizontalPodAutoscaler",
        26,
        "autoscaling/v2",
        true,
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "*",
        26,
        "flowcontrol.apiserver.k8s.io/v1",
        false,
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "*",
        29,
        "flowcontrol.apiserver.k8s.io/v1",
        false,
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "*",
        32,
        "flowcontrol.apiserver.k8s.io/v1",
        true,
    ),
];

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    let Some(&(api_version, _, removed_in, replacement, pure)) = REMOVED
        .iter()
        .find(|(v, k, ..)| *v == object.api_version && (*k == "*" || *k == object.kind))
    else {
        return;
    };
    if let Some(target) = ctx.options.kubernetes_version().map(|v| v.minor) {
        if target < removed_in {
            return;
        }
    }
    let Some(node) = object.root.get("apiVersion") else {
        return;
    };
    let kind = object.kind;
    let finding = if replacement.contains(' ') {
        findings
            .report_at(
                node,
                format!("`{api_version}` {kind} was removed in Kubernetes 1.{removed_in} and has no successor object: the manifest no longer applies"),
            )
            .help(format!("delete it and enforce pod security with {replacement} namespace labels"))
    } else if pure {
        findings
            .report_at(
                node,
                format!("`{api_version}` {kind} was removed in Kubernetes 1.{removed_in}: the manifest no longer applies; use `{replacement}`"),
            )
            .help(format!("change `apiVersion` to `{replacement}`; the schema is the same"))
    } else {
        findings
            .report_at(
                node,
                format!("`{api_version}` {kind} was removed in Kubernetes 1.{removed_in}: the manifest no longer applies; use `{replacement}`"),
            )
            .help(format!("migrate to `{replacement}`; some fields changed, see the deprecated API migration guide"))
    };
    if pure {
        finding.fix(crate::edit::replace_scalar(node, replacement).into_fix(&format!("Change apiVersion to {replacement}"), Applicability::Safe));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;

    #[test]
    fn the_project_kubernetes_version_applies_unless_the_rule_sets_one() {
        let manifest =
            "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: p}\n";
        let lint = |config: &str| crate::rules::messages_with_config(&RULE, config, manifest);
        assert_eq!(lint("{}\n").len(), 1);
        // Removed in 1.25: a 1.24 cluster still serves it.
        assert!(lint("kubernetes-version: v1.24.3\n").is_empty());
        assert!(lint("kubernetes-version: \"1.24\"\nrules: {deprecated-api-version: {options: {kubernetes-version: 1.25}}}\n").len() == 1);
    }
}
