use super::common::written;
use crate::diagnostic::Severity;
use crate::rules::options::{OptionKind, RuleOption};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A pod — of a workload or a bare Pod — whose `dnsConfig.options` does
    /// not hold the resolver options the team requires: by default
    /// `ndots` with the value `"2"`, as kube-linter's `dnsconfig-options`
    /// requires. A pod without `dnsConfig` is reported at the object's
    /// `kind` (for a pod nested in a custom resource, at its template's
    /// key); one whose `dnsConfig` has no `options`, at `dnsConfig`; a
    /// required option written with another value, at that value; one
    /// missing from the list, at `options`. Patches are not judged for what
    /// they leave out.
    ///
    /// ## Why it matters
    /// A pod with the default `ClusterFirst` DNS policy gets `ndots:5` and
    /// the cluster's search domains: a name with fewer than five dots —
    /// `api.example.com` — is first tried under every search domain, so
    /// each lookup of an external name costs four or five failed queries
    /// before the real one. At scale this loads CoreDNS and conntrack and
    /// adds latency and timeouts; a lower `ndots` resolves external names
    /// first.
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
    ///       - {name: web, image: registry.example.com/web:1.0.0}
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
    ///       dnsConfig:
    ///         options:
    ///         - {name: ndots, value: "2"}
    ///       containers:
    ///       - {name: web, image: registry.example.com/web:1.0.0}
    /// ```
    ///
    /// ## How to fix
    /// Add the option under `dnsConfig.options`; names of cluster Services
    /// still resolve through the search list (`web` or `web.shop`), and
    /// fully qualified names (ending in `.`) skip it.
    ///
    /// ## References
    /// - [DNS for Services and Pods: pod's DNS config](https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-dns-config)
    /// - [resolv.conf(5): `ndots`](https://man7.org/linux/man-pages/man5/resolv.conf.5.html)
    pub static RULE = Rule {
        id: "dns-config-options-missing",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Pod's dnsConfig lacks the required resolver options (ndots)",
        practice: Practice::DisasterRecovery,
        equivalents: &[Tool::KubeLinter.same("dnsconfig-options")],
        options: &[REQUIRED_OPTIONS],
        fix: None,
        check: Check::Pod(check),
    };
}

const REQUIRED_OPTIONS: RuleOption = RuleOption {
    name: "required-options",
    doc: "the resolver options every pod must set, each `name` (any value) or `name=value`; the default is kube-linter's; an empty list means the default",
    kind: OptionKind::Strings {
        default: DEFAULT_OPTIONS,
    },
};

const DEFAULT_OPTIONS: &[&str] = &["ndots=2"];

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    if pod.is_partial() {
        return;
    }
    let mut required = ctx.options.strings(&REQUIRED_OPTIONS);
    if required.is_empty() {
        required = DEFAULT_OPTIONS.to_vec();
    }
    let name = ctx.object.display_name();
    let wanted = required.join(", ");
    let Some(dns_config) = written(pod.get("dnsConfig")) else {
        findings
            .report(
                pod.report_span(),
                format!("{name} sets no dnsConfig options (wanted: {wanted}): its pods resolve external names through every search domain first (ndots:5)"),
            )
            .help(format!("add `dnsConfig.options` with {wanted} to the pod spec"));
        return;
    };
    let Some(options) = written(dns_config.get("options")).filter(|o| o.is_sequence()) else {
        findings
            .report_at(
                dns_config,
                format!("{name}'s dnsConfig sets no options (wanted: {wanted})"),
            )
            .help(format!("add `options` with {wanted} to dnsConfig"));
        return;
    };
    for entry in required {
        let (wanted_name, wanted_value) = match entry.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (entry, None),
        };
        let found = options
            .items()
            .find(|o| o.get("name").and_then(|n| n.as_str()) == Some(wanted_name));
        let Some(option) = found else {
            findings
                .report_at(
                    options,
                    format!("{name}'s dnsConfig options do not set `{wanted_name}`"),
                )
                .help(format!("add `{{name: {wanted_name}, value: \"…\"}}` to dnsConfig.options"));
            continue;
        };
        let Some(wanted_value) = wanted_value else {
            continue;
        };
        let value = written(option.get("value"));
        if value.and_then(|v| v.as_str()) == Some(wanted_value) {
            continue;
        }
        let shown = value
            .and_then(|v| v.text())
            .map_or_else(|| "no value".to_owned(), |v| format!("`{v}`"));
        findings
            .report_at(
                value.unwrap_or(option),
                format!("{name}'s dnsConfig option `{wanted_name}` has {shown}, not the required `{wanted_value}`"),
            )
            .help(format!("set `value: \"{wanted_value}\"` (a string)"));
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::lint_with_options;

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: tool}\nspec:\n  dnsConfig:\n    options:\n    - {name: ndots, value: \"1\"}\n  containers:\n  - {name: tool, image: registry.example.com/tool:1.0.0}\n";

    fn messages(options: &str) -> Vec<String> {
        lint_with_options("dns-config-options-missing", options, POD)
            .unwrap_or_else(|problems| panic!("{problems:?}"))
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn required_options_name_any_value_or_one_value() {
        // A name alone accepts any value; `name=value` wants that value.
        assert_eq!(messages("      required-options: [ndots]\n"), Vec::<String>::new());
        assert_eq!(
            messages("      required-options: [ndots=1, edns0]\n"),
            vec!["Pod/tool's dnsConfig options do not set `edns0`"]
        );
        assert_eq!(
            messages("      required-options: [ndots=3]\n"),
            vec!["Pod/tool's dnsConfig option `ndots` has `1`, not the required `3`"]
        );
    }
}
