use super::{components, report_missing, set_value_fix, who};
use crate::diagnostic::{Applicability, Severity};
use crate::k8s::flags::Component;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A kube-apiserver container whose `--enable-admission-plugins` lacks
    /// an admission plugin the CIS benchmark recommends (its "Manual"
    /// items, which cost some operational effort, so the rule is off by
    /// default and in the `cis` profile):
    /// - `DenyServiceExternalIPs` (1.2.3): rejects Services that set
    ///   `spec.externalIPs` (CVE-2020-8554, traffic interception);
    /// - `EventRateLimit` (1.2.9): limits the events a client may create,
    ///   so a flood cannot overwhelm the API server and etcd;
    /// - `AlwaysPullImages` (1.2.11): every pod pulls its images with its
    ///   own credentials, so one tenant cannot run another's private
    ///   image from the node's cache.
    ///
    /// A plugin listed in `--disable-admission-plugins` is reported there.
    ///
    /// ## Why it matters
    /// Each plugin closes a way for a user with ordinary rights to reach
    /// beyond them: intercepting other Services' traffic, exhausting the
    /// control plane, or using images they could not pull.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: kube-apiserver, namespace: kube-system}
    /// spec:
    ///   containers:
    ///   - name: kube-apiserver
    ///     image: registry.k8s.io/kube-apiserver:v1.31.2
    ///     command:
    ///     - kube-apiserver
    ///     - --enable-admission-plugins=NodeRestriction
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: kube-apiserver, namespace: kube-system}
    /// spec:
    ///   containers:
    ///   - name: kube-apiserver
    ///     image: registry.k8s.io/kube-apiserver:v1.31.2
    ///     command:
    ///     - kube-apiserver
    ///     - --enable-admission-plugins=NodeRestriction,DenyServiceExternalIPs,EventRateLimit,AlwaysPullImages
    ///     - --admission-control-config-file=/etc/kubernetes/admission.yaml
    /// ```
    ///
    /// ## How to fix
    /// Add the plugins to `--enable-admission-plugins`. `EventRateLimit`
    /// also needs its limits in the file `--admission-control-config-file`
    /// names, so there is no quick fix for it; the quick fixes add
    /// `DenyServiceExternalIPs` and `AlwaysPullImages` (unsafe: Services
    /// with external IPs are rejected, and nodes pull images on every
    /// start).
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 1.2.3, 1.2.9, 1.2.11
    /// - [Admission controllers](https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/)
    /// - [CVE-2020-8554](https://github.com/kubernetes/kubernetes/issues/97076)
    pub static RULE = Rule {
        id: "apiserver-admission-plugins",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "kube-apiserver lacks the DenyServiceExternalIPs, EventRateLimit or AlwaysPullImages admission plugin",
        practice: Practice::VersionsAndBenchmarks,
        equivalents: &[
            Tool::Checkov.inspired("CKV_K8S_78"),
            Tool::Checkov.inspired("CKV_K8S_80"),
            Tool::Trivy.inspired("KCV-0010"),
            Tool::Trivy.inspired("KCV-0012"),
            Tool::Cis.inspired("1.2.3"),
            Tool::Cis.inspired("1.2.9"),
            Tool::Cis.inspired("1.2.11"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

/// `(plugin, CIS id, what is lost without it, whether appending it alone is
/// enough)`.
const PLUGINS: &[(&str, &str, &str, bool)] = &[
    (
        "DenyServiceExternalIPs",
        "1.2.3",
        "any user who can create a Service can set `externalIPs` and intercept traffic to those addresses (CVE-2020-8554)",
        true,
    ),
    (
        "EventRateLimit",
        "1.2.9",
        "clients may create events without limit and flood the API server and etcd",
        false,
    ),
    (
        "AlwaysPullImages",
        "1.2.11",
        "a pod can run a private image another tenant pulled onto the node, without credentials",
        true,
    ),
];

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    for c in components(&ctx.pod, Component::ApiServer) {
        let enabled = c.flag("enable-admission-plugins");
        let disabled = c.flag("disable-admission-plugins");
        for (plugin, cis, why, fixable) in PLUGINS {
            let help = format!("add `{plugin}` to `--enable-admission-plugins` (CIS {cis})");
            if let Some(flag) = disabled.filter(|f| f.list().contains(plugin)) {
                findings
                    .report(
                        flag.element_span(plugin),
                        format!("{} disables the {plugin} admission plugin: {why}", who(object, &c)),
                    )
                    .help(help);
                continue;
            }
            match enabled {
                Some(flag) if flag.list().contains(plugin) => {}
                Some(flag) => {
                    let finding = findings
                        .report(
                            flag.span(),
                            format!("{} does not enable the {plugin} admission plugin: {why}", who(object, &c)),
                        )
                        .help(help);
                    if *fixable {
                        let value = format!("{},{plugin}", flag.text());
                        finding.fix(set_value_fix(flag, &value));
                    }
                }
                None => report_missing(
                    findings,
                    object,
                    &c,
                    "enable-admission-plugins",
                    &format!("the {plugin} admission plugin is off, so {why}"),
                    &help,
                    fixable.then(|| format!("--enable-admission-plugins={plugin}")).as_deref(),
                ),
            }
        }
    }
}
