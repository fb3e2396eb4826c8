use super::capabilities::{BASELINE_ALLOWED, RESTRICTED_ALLOWED};
use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::edit::IntoFix as _;

declare_rule! {
    /// ## What it flags
    /// Each entry of a container's `securityContext.capabilities.add` that
    /// the Baseline standard allows but the Restricted standard does not:
    /// every Baseline capability except `NET_BIND_SERVICE` (`CHOWN`,
    /// `SETUID`, `DAC_OVERRIDE`, `KILL`, …).
    ///
    /// Capabilities outside the Baseline set (`SYS_ADMIN`, `NET_RAW`, …) and
    /// misspelled names are reported by `dangerous-capabilities` instead, so
    /// each entry is reported once. Pods with `spec.os.name: windows` are
    /// exempt, as in the standard.
    ///
    /// ## Why it matters
    /// After `drop: [ALL]`, every capability added back is a privilege the
    /// process did not need before the attacker arrived: `SETUID`/`SETGID`
    /// switch users, `DAC_OVERRIDE` ignores file permissions, `CHOWN` and
    /// `FOWNER` take over files. The Restricted Pod Security Standard allows
    /// only `NET_BIND_SERVICE`, for binding ports below 1024.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: app}
    /// spec:
    ///   containers:
    ///   - name: app
    ///     image: registry.example.com/app:1.0.0
    ///     securityContext:
    ///       capabilities:
    ///         drop: [ALL]
    ///         add: [NET_BIND_SERVICE, SETUID, SETGID]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: app}
    /// spec:
    ///   securityContext:
    ///     runAsUser: 10001
    ///   containers:
    ///   - name: app
    ///     image: registry.example.com/app:1.0.0
    ///     securityContext:
    ///       capabilities:
    ///         drop: [ALL]
    ///         add: [NET_BIND_SERVICE]
    /// ```
    ///
    /// ## How to fix
    /// Remove the capability (the quick fix deletes the entry). Run as the
    /// right user from the start (`runAsUser`, `fsGroup`) instead of
    /// switching users or changing file owners at run time.
    ///
    /// ## References
    /// - [Pod Security Standards: Capabilities](https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted)
    pub static RULE = Rule {
        id: "capabilities-added",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Container adds a capability other than NET_BIND_SERVICE",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::Polaris.inspired("insecureCapabilities"),
            Tool::Checkov.inspired("CKV_K8S_25"),
            Tool::Trivy.inspired("KSV-0106"),
            Tool::Trivy.inspired("KSV-0022"),
            Tool::Pss.inspired("restricted/capabilities_restricted"),
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
        let Some(add) = container.capabilities().and_then(|c| c.get("add")) else {
            continue;
        };
        for (index, item) in add.items().enumerate() {
            let Some(name) = item.as_str().filter(|_| !item.is_null()) else {
                continue;
            };
            if name == RESTRICTED_ALLOWED || !BASELINE_ALLOWED.contains(&name) {
                continue;
            }
            findings
                .report_at(
                    item,
                    format!(
                        "{} adds `{name}`; the Restricted standard allows only NET_BIND_SERVICE to be added",
                        container.describe()
                    ),
                )
                .help("remove the capability and set the user, group and file ownership the process needs up front")
                .fix(crate::edit::remove_item(add, index).into_fix(&format!("Remove {name} from capabilities.add"), Applicability::Unsafe));
        }
    }
}
