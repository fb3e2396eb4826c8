use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};
use crate::edit::IntoFix as _;

declare_rule! {
    /// ## What it flags
    /// A Namespace without the `pod-security.kubernetes.io/enforce` label,
    /// or with it set to `privileged`. `kube-system`, `kube-public` and
    /// `kube-node-lease` are skipped.
    ///
    /// ## Why it matters
    /// Pod Security Admission is the built-in policy engine that rejects
    /// privileged, host-namespace and root pods — but only in namespaces
    /// that carry the label. Without it (and without a cluster-wide default
    /// or another policy engine), any pod that RBAC lets someone create is
    /// admitted, however privileged.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Namespace
    /// metadata:
    ///   name: shop
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Namespace
    /// metadata:
    ///   name: shop
    ///   labels:
    ///     pod-security.kubernetes.io/enforce: restricted
    ///     pod-security.kubernetes.io/enforce-version: latest
    /// ```
    ///
    /// ## How to fix
    /// Label the namespace with the strictest level its workloads meet:
    /// `restricted` where possible, `baseline` otherwise, and
    /// `pod-security.kubernetes.io/warn: restricted` to see what stricter
    /// enforcement would break. The quick fix adds `enforce: baseline`:
    /// `baseline` blocks the known privilege escalations (privileged, host
    /// namespaces, hostPath) while admitting almost every ordinary
    /// workload, whereas `restricted` rejects pods that do not run as
    /// non-root with a seccomp profile — it is unsafe either way, because
    /// pods that violate the level are no longer admitted.
    ///
    /// ## References
    /// - [Pod Security Admission](https://kubernetes.io/docs/concepts/security/pod-security-admission/)
    /// - [Enforce Pod Security Standards with namespace labels](https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/)
    /// - CIS Kubernetes Benchmark 5.2.1
    pub static RULE = Rule {
        id: "psa-namespace-label-missing",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Namespace does not enforce a Pod Security Standard",
        practice: Practice::SecurityPolicies,
        equivalents: &[
            Tool::Cis.same("5.2.1"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Object(check),
    };
}

const LABEL: &str = "pod-security.kubernetes.io/enforce";
const SYSTEM_NAMESPACES: &[&str] = &["kube-system", "kube-public", "kube-node-lease"];

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if object.kind != "Namespace" || object.api_version != "v1" {
        return;
    }
    let name = object.name().unwrap_or("(unnamed)");
    if SYSTEM_NAMESPACES.contains(&name) {
        return;
    }
    match object.labels().and_then(|l| l.get(LABEL)) {
        Some(value) if value.as_str() == Some("privileged") => {
            findings
                .report_at(
                    value,
                    format!("Namespace `{name}` enforces the `privileged` Pod Security level, which admits any pod"),
                )
                .help("enforce `baseline` or `restricted`; keep `privileged` for namespaces of node agents that need it")
                .fix(crate::edit::replace_scalar(value, "baseline").into_fix("Enforce baseline", Applicability::Unsafe));
        }
        Some(_) => {}
        // A patch without the label leaves the patched Namespace's.
        None if object.patch => {}
        None => {
            let fix = object.metadata().and_then(|metadata| {
                crate::edit::set_path(metadata, &["labels", LABEL], "baseline").into_fix("Add pod-security.kubernetes.io/enforce: baseline", Applicability::Unsafe)
            });
            findings
                .report(
                    object.kind_span(),
                    format!("Namespace `{name}` has no `{LABEL}` label, so Pod Security Admission admits any pod there"),
                )
                .help("label it `pod-security.kubernetes.io/enforce: restricted` (or `baseline`), with `warn: restricted` to preview")
                .fix(fix);
        }
    }
}
