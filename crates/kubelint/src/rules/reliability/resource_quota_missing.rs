use super::common::{report_namespaces_without, spec_key_span};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Practice, SetCtx, SetFindings, Tool};

declare_rule! {
    /// ## What it flags
    /// - A Namespace defined in the linted files that no ResourceQuota of the
    ///   linted files is in: one written in it, or one without a namespace
    ///   in the Namespace's folder, above it or below it (a kustomization
    ///   places it there; a sample elsewhere in the repository does not
    ///   count). The finding points at the Namespace's `metadata.name`.
    /// - A ResourceQuota whose `spec.hard` does not cap CPU and memory
    ///   requests and limits: `requests.cpu` (or `cpu`), `requests.memory`
    ///   (or `memory`), `limits.cpu` and `limits.memory`. The finding points
    ///   at `spec.hard` (or `spec`, or the `kind`, when missing) and names
    ///   what it lacks.
    ///
    /// Namespaces that the linted files do not define are not judged. Off
    /// by default: quotas are often managed by a platform team, apart from
    /// the workloads.
    ///
    /// ## Why it matters
    /// Without a quota, one namespace — a runaway autoscaler, a compromised
    /// deployment scaled up — can take the whole cluster's CPU and memory
    /// from every other tenant. Trivy's KSV-0040 requires the same four
    /// caps of every ResourceQuota.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Namespace
    /// metadata: {name: shop}
    /// ---
    /// apiVersion: v1
    /// kind: ResourceQuota
    /// metadata: {name: compute, namespace: shop}
    /// spec:
    ///   hard: {pods: "50", requests.cpu: "8"}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Namespace
    /// metadata: {name: shop}
    /// ---
    /// apiVersion: v1
    /// kind: ResourceQuota
    /// metadata: {name: compute, namespace: shop}
    /// spec:
    ///   hard:
    ///     pods: "50"
    ///     requests.cpu: "8"
    ///     requests.memory: 16Gi
    ///     limits.cpu: "16"
    ///     limits.memory: 32Gi
    /// ```
    ///
    /// ## How to fix
    /// Add a ResourceQuota to the namespace whose `spec.hard` sets
    /// `requests.cpu`, `requests.memory`, `limits.cpu` and `limits.memory`.
    ///
    /// ## References
    /// - [Resource Quotas](https://kubernetes.io/docs/concepts/policy/resource-quotas/)
    /// - [Configure memory and CPU quotas for a namespace](https://kubernetes.io/docs/tasks/administer-cluster/manage-resources/quota-memory-cpu-namespace/)
    pub static RULE = Rule {
        id: "resource-quota-missing",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Namespace without a ResourceQuota, or ResourceQuota without CPU and memory caps",
        practice: Practice::DisasterRecovery,
        equivalents: &[Tool::Trivy.inspired("KSV-0040")],
        fix: None,
        check: Check::Set {
            kinds: &["Namespace", "ResourceQuota"],
            check,
        },
    };
}

/// The caps a quota must set, each with the name that means the same
/// (`cpu` is `requests.cpu` in a quota).
const REQUIRED: &[(&str, Option<&str>)] = &[
    ("requests.cpu", Some("cpu")),
    ("requests.memory", Some("memory")),
    ("limits.cpu", None),
    ("limits.memory", None),
];

fn check(ctx: &SetCtx<'_>, findings: &mut SetFindings<'_>) {
    let index = ctx.index;
    report_namespaces_without(
        index,
        findings,
        "ResourceQuota",
        "its workloads can take the cluster's CPU and memory",
        "add a ResourceQuota whose spec.hard sets requests.cpu, requests.memory, limits.cpu and limits.memory",
    );
    for quota in index.of_kind("ResourceQuota") {
        let object = &quota.object;
        if object.api_version != "v1" {
            continue;
        }
        let hard = object.root.path(&["spec", "hard"]);
        let sets = |key: &str| hard.and_then(|h| h.get(key)).is_some_and(|v| !v.is_null());
        let missing: Vec<&str> = REQUIRED
            .iter()
            .filter(|(key, alias)| !sets(key) && alias.is_none_or(|a| !sets(a)))
            .map(|(key, _)| *key)
            .collect();
        if missing.is_empty() {
            continue;
        }
        let finding = findings.report(
            quota.file,
            spec_key_span(object, "hard"),
            format!(
                "ResourceQuota `{}` does not cap {}",
                object.name().unwrap_or("(unnamed)"),
                missing.join(", ")
            ),
        );
        finding.object = Some(object.display_name());
        finding.help("set requests.cpu, requests.memory, limits.cpu and limits.memory in spec.hard");
    }
}
