use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Practice, SetCtx, SetFindings, Tool};

declare_rule! {
    /// ## What it flags
    /// A workload whose `serviceAccountName` names a ServiceAccount that is
    /// not in the linted files (in the workload's namespace; objects without
    /// a namespace count as one namespace). `default` always exists. The
    /// rule only runs when the linted files contain at least one
    /// ServiceAccount, and is off by default: accounts are often created by
    /// Helm charts or operators outside the repository.
    ///
    /// ## Why it matters
    /// A pod that names a missing ServiceAccount is rejected at admission
    /// (its ReplicaSet retries forever), or — if the account is created
    /// later by someone else — runs with permissions nobody reviewed here.
    /// Usually it is a typo or an account left behind by a rename.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: ServiceAccount
    /// metadata: {name: api, namespace: shop}
    /// ---
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: api, namespace: shop}
    /// spec:
    ///   serviceAccountName: api-server
    ///   containers:
    ///   - name: api
    ///     image: registry.example.com/api:5.0.0
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: ServiceAccount
    /// metadata: {name: api, namespace: shop}
    /// ---
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: api, namespace: shop}
    /// spec:
    ///   serviceAccountName: api
    ///   containers:
    ///   - name: api
    ///     image: registry.example.com/api:5.0.0
    /// ```
    ///
    /// ## How to fix
    /// Correct the name, or add the ServiceAccount to the manifests.
    ///
    /// ## References
    /// - [Service accounts](https://kubernetes.io/docs/concepts/security/service-accounts/)
    pub static RULE = Rule {
        id: "service-account-not-found",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Workload names a ServiceAccount missing from the linted files",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::KubeLinter.same("non-existent-service-account"),
        ],
        fix: None,
        check: Check::Set {
            kinds: &["ServiceAccount"],
            check,
        },
    };
}

fn check(ctx: &SetCtx<'_>, findings: &mut SetFindings<'_>) {
    let index = ctx.index;
    let accounts: Vec<(&str, &str)> = index
        .of_kind("ServiceAccount")
        .filter(|o| o.object.api_version == "v1")
        .filter_map(|o| Some((index.namespace_of(o.object.namespace()), o.object.name()?)))
        .collect();
    if accounts.is_empty() {
        return;
    }
    for workload in &ctx.index.workloads {
        let (Some(name), Some(span)) = (&workload.service_account, workload.service_account_span)
        else {
            continue;
        };
        let namespace = workload.namespace.as_deref();
        if name == "default" || accounts.contains(&(index.namespace_of(namespace), name.as_str())) {
            continue;
        }
        let finding = findings.report(
            workload.file,
            span,
            format!(
                "{} runs as ServiceAccount `{name}`, which is not defined{} in the linted files",
                workload.display,
                namespace.map_or(String::new(), |ns| format!(" in namespace `{ns}`"))
            ),
        );
        finding.object = Some(workload.display.clone());
        finding.help("correct the name, or add the ServiceAccount to the manifests");
    }
}
