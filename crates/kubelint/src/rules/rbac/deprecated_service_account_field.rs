use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::edit::IntoFix as _;

declare_rule! {
    /// ## What it flags
    /// A pod spec that uses the deprecated `serviceAccount` field.
    ///
    /// ## Why it matters
    /// `serviceAccount` is an alias kept for old clients; the API reads
    /// `serviceAccountName` and copies one into the other. When both are
    /// set and differ, `serviceAccountName` wins, so a reviewer reading
    /// `serviceAccount` sees the wrong identity. Tools that only read
    /// `serviceAccountName` — policy engines included — miss it.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: api}
    /// spec:
    ///   serviceAccount: api
    ///   containers:
    ///   - name: api
    ///     image: registry.example.com/api:5.0.0
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: api}
    /// spec:
    ///   serviceAccountName: api
    ///   containers:
    ///   - name: api
    ///     image: registry.example.com/api:5.0.0
    /// ```
    ///
    /// ## How to fix
    /// Rename the key to `serviceAccountName` (the quick fix does this when
    /// `serviceAccountName` is absent; it is safe because the API treats
    /// both the same), or delete it when `serviceAccountName` is also set.
    ///
    /// ## References
    /// - [PodSpec: serviceAccount](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security)
    pub static RULE = Rule {
        id: "deprecated-service-account-field",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Pod spec uses the deprecated serviceAccount field",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::KubeLinter.same("deprecated-service-account-field"),
        ],
        fix: Some(Applicability::Safe),
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    let Some((key, value)) = pod.spec.get_entry("serviceAccount") else {
        return;
    };
    let old = value.as_str().filter(|_| !value.is_null()).unwrap_or("");
    let written = if old.is_empty() {
        "`serviceAccount`".to_owned()
    } else {
        format!("`serviceAccount: {old}`")
    };
    match pod
        .get("serviceAccountName")
        .and_then(|n| n.as_str())
        .filter(|n| !n.is_empty())
    {
        None => {
            findings
                .report_at(
                    key,
                    format!("{written} is deprecated; the field is `serviceAccountName`"),
                )
                .help("rename the key to `serviceAccountName`")
                // An empty `serviceAccountName:` would become a duplicate key.
                .fix(if pod.get("serviceAccountName").is_some() {
                    None
                } else {
                    crate::edit::replace_scalar(key, "serviceAccountName").into_fix("Rename to serviceAccountName", Applicability::Safe)
                });
        }
        Some(name) if name == old => {
            findings
                .report_at(
                    key,
                    format!("{written} is deprecated and repeats `serviceAccountName`"),
                )
                .help("delete the `serviceAccount` line");
        }
        Some(name) => {
            findings
                .report_at(
                    key,
                    format!("{written} is deprecated and contradicts `serviceAccountName: {name}`, which is the one Kubernetes uses"),
                )
                .help("delete the `serviceAccount` line and keep `serviceAccountName`");
        }
    }
}
