use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::source::Span;
use crate::yaml::NodeRef;

declare_rule! {
    /// ## What it flags
    /// A pod spec without a `securityContext`, and each container (init and
    /// ephemeral containers included) without one. An empty or null
    /// `securityContext` sets nothing and counts as missing. The finding
    /// points at the `securityContext` key when it is empty, otherwise at
    /// the pod's `kind` (or template) for the pod and at the container's
    /// name for a container.
    ///
    /// Patches are not judged for what they leave out.
    ///
    /// ## Why it matters
    /// Without a security context a container runs with every default:
    /// as the image's user (often root), with privilege escalation allowed,
    /// the runtime's default capabilities and a writable root file system.
    /// Other rules report each of those settings; this one reports the
    /// workloads that set none of them, so a team can require an explicit
    /// choice (CIS Kubernetes Benchmark 5.6.3, "Apply Security Context to
    /// Your Pods and Containers").
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       containers:
    ///       - name: api
    ///         image: registry.example.com/api:3.2.1
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       securityContext:
    ///         runAsNonRoot: true
    ///         seccompProfile: {type: RuntimeDefault}
    ///       containers:
    ///       - name: api
    ///         image: registry.example.com/api:3.2.1
    ///         securityContext:
    ///           allowPrivilegeEscalation: false
    ///           readOnlyRootFilesystem: true
    ///           capabilities: {drop: [ALL]}
    /// ```
    ///
    /// ## How to fix
    /// Set the pod's `securityContext` (`runAsNonRoot`, `runAsUser`,
    /// `seccompProfile`, `fsGroup`) and each container's
    /// (`allowPrivilegeEscalation: false`, `readOnlyRootFilesystem: true`,
    /// `capabilities.drop: [ALL]`), as the Restricted Pod Security Standard
    /// asks.
    ///
    /// ## References
    /// - [Configure a Security Context for a Pod or Container](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
    /// - [Pod Security Standards: Restricted](https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted)
    /// - CIS Kubernetes Benchmark 5.6.3
    pub static RULE = Rule {
        id: "security-context-missing",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Pod or container sets no securityContext",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::Checkov.same("CKV_K8S_29"),
            Tool::Checkov.same("CKV_K8S_30"),
            Tool::Trivy.same("KSV-0118"),
            Tool::Cis.inspired("5.6.3"),
        ],
        fix: None,
        check: Check::Pod(check),
    };
}

/// The `securityContext` entry of `holder` when it sets nothing: `None`
/// when it sets something, `Some(None)` when there is none, `Some(Some(key))`
/// when it is empty or null.
fn unset(holder: NodeRef<'_>) -> Option<Option<Span>> {
    match holder.get_entry("securityContext") {
        None => Some(None),
        Some((key, value)) => {
            let empty = value.is_null() || (value.is_mapping() && value.entries().is_empty());
            empty.then_some(Some(key.span()))
        }
    }
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    if pod.is_partial() {
        return; // a patch: its security context merges into the object it patches
    }
    if let Some(key) = unset(pod.spec) {
        findings
            .report(
                key.unwrap_or(pod.report_span()),
                "pod spec sets no securityContext, so its containers run with every default (the image's user, often root)",
            )
            .help("set `securityContext` with runAsNonRoot, seccompProfile and the other Restricted settings");
    }
    for container in pod.containers() {
        if let Some(key) = unset(container.node) {
            findings
                .report(
                    key.unwrap_or(container.report_span()),
                    format!(
                        "{} sets no securityContext, so it runs with every default (privilege escalation allowed, default capabilities, writable root file system)",
                        container.describe()
                    ),
                )
                .help("set `securityContext` with allowPrivilegeEscalation: false, readOnlyRootFilesystem: true and capabilities.drop: [ALL]");
        }
    }
}
