use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A pod spec with a non-empty `hostAliases` list. Reported at the
    /// `hostAliases` key.
    ///
    /// Off by default, at `info`: the entries only affect the pod's own
    /// `/etc/hosts`, and pointing a name at a fixed address is sometimes the
    /// simplest way to reach a legacy host.
    ///
    /// ## Why it matters
    /// `hostAliases` writes entries into the pod's `/etc/hosts`, ahead of
    /// cluster DNS: the pod resolves those names to fixed addresses that
    /// nobody reviews when DNS records, NetworkPolicies or service
    /// endpoints change. A manifest can use it to send an application's
    /// traffic for a trusted name (an API, a registry, a database) to
    /// another address.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: api}
    /// spec:
    ///   hostAliases:
    ///   - ip: 203.0.113.7
    ///     hostnames: ["db.example.com"]
    ///   containers:
    ///   - name: api
    ///     image: registry.example.com/api:5.0.0
    /// ```
    ///
    /// Use instead — resolve the name through cluster DNS, with an
    /// `ExternalName` Service or a DNS record:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: api}
    /// spec:
    ///   containers:
    ///   - name: api
    ///     image: registry.example.com/api:5.0.0
    /// ```
    ///
    /// ## How to fix
    /// Publish the name in DNS or as a Service, and remove `hostAliases`.
    ///
    /// ## References
    /// - [Adding entries to Pod /etc/hosts with HostAliases](https://kubernetes.io/docs/tasks/network/customize-hosts-file-for-pods/)
    pub static RULE = Rule {
        id: "host-aliases",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Pod writes its own /etc/hosts entries (hostAliases)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::Trivy.same("KSV-0007"),
            Tool::Kubesec.same("HostAliases"),
        ],
        fix: None,
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let Some((key, aliases)) = ctx.pod.spec.get_entry("hostAliases") else {
        return;
    };
    let names: Vec<&str> = aliases
        .items()
        .filter_map(|a| a.get("hostnames"))
        .flat_map(|h| h.items())
        .filter_map(|h| h.as_str())
        .collect();
    if aliases.items().len() == 0 {
        return;
    }
    let shown = match names.len() {
        0 => String::new(),
        n if n > 3 => format!(" for {} and {} more", names[..3].join(", "), n - 3),
        _ => format!(" for {}", names.join(", ")),
    };
    findings
        .report_at(
            key,
            format!("pod overrides DNS in its /etc/hosts{shown}, with addresses that bypass cluster DNS"),
        )
        .help("publish the name in DNS or as an ExternalName Service, and remove `hostAliases`");
}
