use super::{components, report_missing, report_value};
use crate::diagnostic::{Applicability, Severity};
use crate::k8s::flags::Component;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A kube-apiserver container that does not set
    /// `--service-account-extend-token-expiration=false` (CIS 1.2.30). The
    /// flag defaults to `true`.
    ///
    /// ## Why it matters
    /// With the extension on, the projected service account tokens the
    /// kubelet mounts into pods are issued for a year instead of the hour
    /// (or the `expirationSeconds`) they ask for, to ease the move from
    /// legacy tokens. A token stolen from a pod then stays usable for a
    /// year.
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
    ///     - --service-account-extend-token-expiration=true
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
    ///     - --service-account-extend-token-expiration=false
    /// ```
    ///
    /// ## How to fix
    /// Check that no workload still relies on long-lived tokens (the API
    /// server's `serviceaccount_stale_tokens_total` metric and the audit
    /// annotation `authentication.k8s.io/stale-token`), then set the flag
    /// to `false`; the quick fix does it (unsafe: clients that do not
    /// reload their token stop working after an hour).
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 1.2.30
    /// - [Bound service account tokens](https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#bound-service-account-token-volume)
    pub static RULE = Rule {
        id: "apiserver-service-account-token-lifetime",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "kube-apiserver extends projected service account tokens to a year",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::Cis.same("1.2.30"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

const FLAG: &str = "service-account-extend-token-expiration";
const WHY: &str =
    "projected service account tokens are issued for a year, so a stolen one stays usable that long";
const HELP: &str = "set `--service-account-extend-token-expiration=false` (CIS 1.2.30)";

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    for c in components(&ctx.pod, Component::ApiServer) {
        match c.flag(FLAG) {
            Some(flag) if flag.as_bool() == Some(false) => {}
            Some(flag) => report_value(findings, object, &c, flag, WHY, HELP, Some("false")),
            None => report_missing(
                findings,
                object,
                &c,
                FLAG,
                WHY,
                HELP,
                Some("--service-account-extend-token-expiration=false"),
            ),
        }
    }
}
