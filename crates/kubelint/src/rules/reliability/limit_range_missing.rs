use super::common::{report_namespaces_without, spec_key_span};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Practice, SetCtx, SetFindings, Tool};

declare_rule! {
    /// ## What it flags
    /// - A Namespace defined in the linted files that no LimitRange of the
    ///   linted files is in: one written in it, or one without a namespace
    ///   in the Namespace's folder, above it or below it (a kustomization
    ///   places it there; a sample elsewhere in the repository does not
    ///   count). The finding points at the Namespace's `metadata.name`.
    /// - A LimitRange none of whose `spec.limits` has `type: Container`
    ///   with `default`, `defaultRequest`, `min` and `max` (the limit that
    ///   gives every container of the namespace requests and limits, and
    ///   bounds what a container may ask for). The finding points at
    ///   `spec.limits` (or `spec`, or the `kind`, when missing).
    ///
    /// Namespaces that the linted files do not define are not judged. Off
    /// by default: quotas are often managed by a platform team, apart from
    /// the workloads.
    ///
    /// ## Why it matters
    /// Without a LimitRange, a container written without requests and
    /// limits gets none: it is scheduled on whatever node has room and can
    /// use all of it, starving its neighbours (denial of service by a
    /// runaway or compromised pod). A LimitRange gives such containers
    /// defaults and rejects containers that ask for more than `max`.
    /// Trivy's KSV-0039 requires the same limit of every LimitRange.
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
    ///   hard: {requests.cpu: "8", requests.memory: 16Gi, limits.cpu: "16", limits.memory: 32Gi}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Namespace
    /// metadata: {name: shop}
    /// ---
    /// apiVersion: v1
    /// kind: LimitRange
    /// metadata: {name: containers, namespace: shop}
    /// spec:
    ///   limits:
    ///   - type: Container
    ///     defaultRequest: {cpu: 100m, memory: 128Mi}
    ///     default: {cpu: 500m, memory: 512Mi}
    ///     min: {cpu: 10m, memory: 16Mi}
    ///     max: {cpu: "2", memory: 4Gi}
    /// ```
    ///
    /// ## How to fix
    /// Add a LimitRange to the namespace with a `type: Container` limit
    /// that sets `defaultRequest`, `default`, `min` and `max` for CPU and
    /// memory.
    ///
    /// ## References
    /// - [Limit Ranges](https://kubernetes.io/docs/concepts/policy/limit-range/)
    /// - [Configure default memory requests and limits for a namespace](https://kubernetes.io/docs/tasks/administer-cluster/manage-resources/memory-default-namespace/)
    pub static RULE = Rule {
        id: "limit-range-missing",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Namespace without a LimitRange, or LimitRange without container defaults and bounds",
        practice: Practice::DisasterRecovery,
        equivalents: &[Tool::Trivy.inspired("KSV-0039")],
        fix: None,
        check: Check::Set {
            kinds: &["Namespace", "LimitRange"],
            check,
        },
    };
}

/// The fields a container limit must set.
const REQUIRED: &[&str] = &["default", "defaultRequest", "min", "max"];

fn check(ctx: &SetCtx<'_>, findings: &mut SetFindings<'_>) {
    let index = ctx.index;
    report_namespaces_without(
        index,
        findings,
        "LimitRange",
        "containers without requests and limits get none",
        "add a LimitRange with a `type: Container` limit that sets defaultRequest, default, min and max",
    );
    for limit_range in index.of_kind("LimitRange") {
        let object = &limit_range.object;
        if object.api_version != "v1" {
            continue;
        }
        let limits = object.root.path(&["spec", "limits"]).filter(|l| l.is_sequence());
        let complete = limits.into_iter().flat_map(|l| l.items()).any(|limit| {
            limit.get("type").and_then(|t| t.as_str()) == Some("Container")
                && REQUIRED
                    .iter()
                    .all(|field| limit.get(field).is_some_and(|v| !v.is_null()))
        });
        if complete {
            continue;
        }
        let finding = findings.report(
            limit_range.file,
            spec_key_span(object, "limits"),
            format!(
                "LimitRange `{}` has no `type: Container` limit with default, defaultRequest, min and max",
                object.name().unwrap_or("(unnamed)")
            ),
        );
        finding.object = Some(object.display_name());
        finding.help("add a `type: Container` limit that sets defaultRequest, default, min and max for CPU and memory");
    }
}
