use crate::diagnostic::{Applicability, Severity};
use crate::edit::IntoFix as _;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A ServiceAccount named `default` whose `automountServiceAccountToken`
    /// is not `false`: set to true (reported at the value), or not set
    /// (reported at the object's `kind`).
    ///
    /// ## Why it matters
    /// Every pod that names no service account runs as its namespace's
    /// `default` account, and gets its API token mounted unless the pod or
    /// the account opts out. Setting `automountServiceAccountToken: false`
    /// on the account opts every such pod out at once; a pod that needs
    /// the API sets `true` in its own spec.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: ServiceAccount
    /// metadata: {name: default, namespace: shop}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: ServiceAccount
    /// metadata: {name: default, namespace: shop}
    /// automountServiceAccountToken: false
    /// ```
    ///
    /// ## How to fix
    /// Set `automountServiceAccountToken: false` on the account (the quick
    /// fix does this; it is marked unsafe because pods that call the API
    /// as `default` lose their token — give them their own account).
    ///
    /// ## References
    /// - [Opt out of API credential automounting](https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting)
    /// - CIS Kubernetes Benchmark 5.1.5
    pub static RULE = Rule {
        id: "default-service-account-automount",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Default ServiceAccount mounts its API token into pods",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::Checkov.same("CKV_K8S_41"),
            Tool::Cis.inspired("5.1.5"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Object(check),
    };
}

const TITLE: &str = "Set automountServiceAccountToken: false";

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if object.kind != "ServiceAccount" || object.api_version != "v1" || object.name() != Some("default") {
        return;
    }
    let message = "the `default` ServiceAccount mounts its API token into every pod of the namespace that names no service account";
    let help = "set `automountServiceAccountToken: false`, and give workloads that call the API their own ServiceAccount";
    match object
        .root
        .get("automountServiceAccountToken")
        .filter(|v| !v.is_null())
    {
        Some(value) if value.as_bool() == Some(false) => {}
        Some(value) => {
            findings.report_at(value, message).help(help).fix(
                crate::edit::replace_scalar(value, "false").into_fix(TITLE, Applicability::Unsafe),
            );
        }
        None if object.patch => {}
        None => {
            findings
                .report(object.kind_span(), message)
                .help(help)
                .fix(
                    crate::edit::set_path(object.root, &["automountServiceAccountToken"], "false")
                        .into_fix(TITLE, Applicability::Unsafe),
                );
        }
    }
}
