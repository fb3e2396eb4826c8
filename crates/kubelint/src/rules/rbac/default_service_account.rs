use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A pod (or pod template) that runs as the namespace's `default`
    /// service account: `serviceAccountName: default`, or no
    /// `serviceAccountName` at all. Off by default — most workloads need
    /// no API access, and for them `automount-sa-token`-style hardening
    /// matters more than the account's name.
    ///
    /// ## Why it matters
    /// Every pod without its own service account shares `default`. A
    /// permission granted to `default` for one workload is granted to all
    /// of them, and audit logs cannot tell them apart. A dedicated account
    /// per workload keeps RBAC least-privilege and attributable.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api, namespace: shop}
    /// spec:
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       containers:
    ///       - name: api
    ///         image: registry.example.com/api:5.0.0
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api, namespace: shop}
    /// spec:
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       serviceAccountName: api
    ///       automountServiceAccountToken: false
    ///       containers:
    ///       - name: api
    ///         image: registry.example.com/api:5.0.0
    /// ```
    ///
    /// ## How to fix
    /// Create a ServiceAccount per workload, set `serviceAccountName`, and
    /// set `automountServiceAccountToken: false` unless the workload calls
    /// the API. Bind no roles to `default`.
    ///
    /// ## References
    /// - [Configure service accounts for pods](https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/)
    /// - CIS Kubernetes Benchmark 5.1.5
    pub static RULE = Rule {
        id: "default-service-account",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Pod runs as the namespace's default service account",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::KubeLinter.same("default-service-account"),
            Tool::Kubesec.inspired("ServiceAccountName"),
            Tool::Cis.same("5.1.5"),
        ],
        fix: None,
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    let pod = ctx.pod;
    let named = ["serviceAccountName", "serviceAccount"]
        .iter()
        .find_map(|key| {
            pod.get(key)
                .filter(|n| n.as_str().is_some_and(|s| !s.is_empty()))
        });
    let span = match named {
        Some(node) if node.as_str() == Some("default") => node.span(),
        Some(_) => return,
        // A patch leaves the service account to the object it patches.
        None if pod.is_partial() => return,
        None => pod.report_span(),
    };
    findings
        .report(
            span,
            format!(
                "{} runs as the `default` service account, shared with every pod of the namespace that names none",
                object.display_name()
            ),
        )
        .help("create a ServiceAccount for this workload and set `serviceAccountName`");
}
