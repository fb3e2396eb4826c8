use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::edit::IntoFix as _;

declare_rule! {
    /// ## What it flags
    /// A pod spec whose `automountServiceAccountToken` is not `false`:
    /// set to true (reported at the value), or not set (reported at the
    /// object's `kind`) — Kubernetes then mounts the service account's API
    /// token into every container.
    ///
    /// Limitation: a ServiceAccount can also disable mounting with its own
    /// `automountServiceAccountToken: false`. This rule looks at one object
    /// at a time and does not see the ServiceAccount, so it asks for the
    /// pod-level setting, which takes precedence anyway. The rule is off by
    /// default; enable it where workloads should opt in to API access.
    ///
    /// ## Why it matters
    /// Most applications never call the Kubernetes API, yet every pod gets a
    /// token for it by default. Whoever compromises the container gets the
    /// token, and with it whatever the service account is allowed — often
    /// more than intended, and at least enough to explore the cluster.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: web}
    /// spec:
    ///   selector: {matchLabels: {app: web}}
    ///   template:
    ///     metadata: {labels: {app: web}}
    ///     spec:
    ///       containers:
    ///       - name: web
    ///         image: registry.example.com/web:2.1.0
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: web}
    /// spec:
    ///   selector: {matchLabels: {app: web}}
    ///   template:
    ///     metadata: {labels: {app: web}}
    ///     spec:
    ///       automountServiceAccountToken: false
    ///       containers:
    ///       - name: web
    ///         image: registry.example.com/web:2.1.0
    /// ```
    ///
    /// ## How to fix
    /// Set `automountServiceAccountToken: false` in the pod spec (the quick
    /// fix does this). Workloads that call the API keep the token — set
    /// `true` explicitly and suppress the finding with the reason — or mount
    /// a short-lived, audience-bound token through a `projected` volume.
    ///
    /// ## References
    /// - [Configure Service Accounts for Pods](https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting)
    pub static RULE = Rule {
        id: "automount-service-account-token",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Pod mounts a Kubernetes API token (automountServiceAccountToken not false)",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::Polaris.same("automountServiceAccountToken"),
            Tool::Checkov.same("CKV_K8S_38"),
            Tool::Trivy.same("KSV-0036"),
            Tool::Kubesec.same("AutomountServiceAccountToken"),
            Tool::Cis.same("5.1.6"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    match pod
        .get("automountServiceAccountToken")
        .filter(|v| !v.is_null())
    {
        Some(value) if value.as_bool() == Some(false) => {}
        Some(value) => {
            findings
                .report_at(
                    value,
                    "pod mounts its service account's API token into every container, where a compromised process can use it",
                )
                .help("set `automountServiceAccountToken: false` unless the workload calls the Kubernetes API")
                .fix(crate::edit::replace_scalar(value, "false").into_fix("Set automountServiceAccountToken: false", Applicability::Unsafe));
        }
        // A patch leaves the field to the object it patches.
        None if pod.is_partial() => {}
        None => {
            findings
                .report(
                    pod.report_span(),
                    "pod does not set `automountServiceAccountToken: false`, so every container gets an API token unless its ServiceAccount disables it",
                )
                .help("set `automountServiceAccountToken: false` in the pod spec unless the workload calls the Kubernetes API")
                .fix(crate::edit::set_path(pod.spec, &["automountServiceAccountToken"], "false").into_fix("Set automountServiceAccountToken: false", Applicability::Unsafe));
        }
    }
}
