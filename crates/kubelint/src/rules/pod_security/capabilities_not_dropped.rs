use super::capabilities::normalize;
use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::edit::IntoFix as _;

declare_rule! {
    /// ## What it flags
    /// A container (init and ephemeral containers included) whose
    /// `securityContext.capabilities.drop` does not contain `ALL`: no `drop`
    /// list at all, or one that drops only some capabilities. A `drop` entry
    /// spelled `all` or `CAP_ALL` is reported at the entry, because Pod
    /// Security admission compares names literally and only accepts `ALL`.
    /// Pods with `spec.os.name: windows` are exempt, as in the standard.
    ///
    /// ## Why it matters
    /// Container runtimes start every container with a default set of about
    /// fourteen capabilities, including `NET_RAW` (spoofing packets on the
    /// node's network), `CHOWN`, `DAC_OVERRIDE`, `SETUID` and `SETGID`. Few
    /// applications need any of them, and each one widens what an attacker
    /// can do after compromising the process. The Restricted Pod Security
    /// Standard requires dropping `ALL` and adding back only
    /// `NET_BIND_SERVICE`.
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
    ///         securityContext:
    ///           capabilities:
    ///             drop: [NET_RAW]
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
    ///       containers:
    ///       - name: web
    ///         image: registry.example.com/web:2.1.0
    ///         securityContext:
    ///           capabilities:
    ///             drop: [ALL]
    ///             add: [NET_BIND_SERVICE]
    /// ```
    ///
    /// ## How to fix
    /// Add `ALL` to `capabilities.drop` (the quick fix appends it to an
    /// existing list or creates `capabilities: {drop: [ALL]}`), then add back
    /// only what the process needs — for a web server binding a port below
    /// 1024 that is `NET_BIND_SERVICE`, or move it to a higher port.
    ///
    /// ## References
    /// - [Pod Security Standards: Capabilities](https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted)
    /// - [capabilities(7)](https://man7.org/linux/man-pages/man7/capabilities.7.html)
    pub static RULE = Rule {
        id: "capabilities-not-dropped",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Container does not drop all capabilities (capabilities.drop lacks ALL)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::KubeLinter.inspired("drop-net-raw-capability"),
            Tool::Polaris.inspired("insecureCapabilities"),
            Tool::Checkov.inspired("CKV_K8S_37"),
            Tool::Checkov.inspired("CKV_K8S_28"),
            Tool::Trivy.inspired("KSV-0003"),
            Tool::Trivy.inspired("KSV-0004"),
            Tool::Kubesec.inspired("CapDropAll"),
            Tool::Kubesec.inspired("CapDropAny"),
            Tool::Pss.inspired("restricted/capabilities_restricted"),
            Tool::Cis.inspired("5.2.8"),
            Tool::Cis.inspired("5.2.9"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    if pod.is_windows() {
        return;
    }
    for container in pod.containers() {
        let drop = container.capabilities().and_then(|c| c.get_entry("drop"));
        let Some((key, list)) = drop.filter(|(_, list)| list.is_sequence()) else {
            if pod.is_partial() && drop.is_none_or(|(_, value)| value.is_null()) {
                continue; // a patch: the object it patches decides
            }
            // No `drop` list (or not a list): create `drop: [ALL]`.
            let (span, message) = match drop {
                Some((key, value)) if !value.is_null() => (
                    key.span(),
                    format!(
                        "{} sets `capabilities.drop` to a single value, which Kubernetes rejects; it must be a list containing ALL",
                        container.describe()
                    ),
                ),
                _ => (
                    container.report_span(),
                    format!(
                        "{} keeps the runtime's default capabilities (such as NET_RAW and SETUID) because it does not drop ALL",
                        container.describe()
                    ),
                ),
            };
            findings
                .report(span, message)
                .help("add `capabilities: {drop: [ALL]}` to the container's securityContext")
                .fix(crate::edit::set_path(container.node, &["securityContext", "capabilities", "drop"], "[ALL]").into_fix("Drop all capabilities", Applicability::Unsafe));
            continue;
        };
        let items: Vec<_> = list.items().collect();
        if items.iter().any(|item| item.as_str() == Some("ALL")) {
            continue;
        }
        if let Some(item) = items
            .iter()
            .find(|item| item.as_str().is_some_and(|name| normalize(name) == "ALL"))
        {
            findings
                .report_at(
                    *item,
                    format!(
                        "{} drops `{}`, but Pod Security admission only accepts the exact spelling `ALL`",
                        container.describe(),
                        item.as_str().unwrap_or_default()
                    ),
                )
                .help("write `ALL` in upper case, without a `CAP_` prefix")
                .fix(crate::edit::replace_scalar(*item, "ALL").into_fix("Write ALL", Applicability::Safe));
            continue;
        }
        findings
            .report_at(
                key,
                if items.is_empty() {
                    format!(
                        "{} drops no capabilities, so it keeps the runtime's default set (such as NET_RAW and SETUID)",
                        container.describe()
                    )
                } else {
                    format!(
                        "{} drops only some capabilities and keeps the rest of the runtime's default set",
                        container.describe()
                    )
                },
            )
            .help("add `ALL` to `capabilities.drop` and add back only the capabilities the process needs")
            .fix(crate::edit::append_item(list, "ALL").into_fix("Add ALL to capabilities.drop", Applicability::Unsafe));
    }
}
