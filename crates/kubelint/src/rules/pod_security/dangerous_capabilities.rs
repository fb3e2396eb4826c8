use super::capabilities::{danger, normalize, BASELINE_ALLOWED};
use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::edit::IntoFix as _;

declare_rule! {
    /// ## What it flags
    /// Each entry of a container's `securityContext.capabilities.add` that
    /// the Baseline Pod Security Standard does not allow: anything outside
    /// `AUDIT_WRITE`, `CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `FSETID`, `KILL`,
    /// `MKNOD`, `NET_BIND_SERVICE`, `SETFCAP`, `SETGID`, `SETPCAP`, `SETUID`
    /// and `SYS_CHROOT`. That includes `ALL`, `SYS_ADMIN`, `NET_ADMIN`,
    /// `NET_RAW`, `SYS_MODULE`, `SYS_PTRACE` and `BPF`. The finding points at
    /// the entry and says what the capability allows.
    ///
    /// Names are read the way the container runtimes read them: upper-cased
    /// and without a `CAP_` prefix, so `cap_sys_admin` is `SYS_ADMIN`.
    /// Pod Security admission, however, compares names literally: an allowed
    /// capability written `chown` or `CAP_CHOWN` is rejected by the Baseline
    /// level, and is reported here too (the quick fix rewrites the spelling).
    ///
    /// Allowed capabilities other than `NET_BIND_SERVICE` are the business
    /// of `capabilities-added` (Restricted level); each entry is reported by
    /// one rule only.
    ///
    /// ## Why it matters
    /// Added capabilities give root-like powers to the process without
    /// `privileged: true`. `SYS_ADMIN` alone enables most known container
    /// escapes, `SYS_MODULE` loads code into the node's kernel, `NET_RAW` and
    /// `NET_ADMIN` let a pod spoof or redirect its neighbours' traffic, and
    /// `ALL` is a privileged container by another name.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: vpn}
    /// spec:
    ///   containers:
    ///   - name: vpn
    ///     image: registry.example.com/vpn:1.0.0
    ///     securityContext:
    ///       capabilities:
    ///         add: [NET_ADMIN, SYS_MODULE]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: web}
    /// spec:
    ///   containers:
    ///   - name: web
    ///     image: registry.example.com/web:1.0.0
    ///     securityContext:
    ///       capabilities:
    ///         drop: [ALL]
    ///         add: [NET_BIND_SERVICE]
    /// ```
    ///
    /// ## How to fix
    /// Remove the capability (the quick fix deletes the entry) and find
    /// another way to do the job: a CNI plugin or node agent instead of
    /// `NET_ADMIN` in an application pod, a device plugin instead of
    /// `SYS_ADMIN`. Workloads that truly need one belong in a namespace
    /// labelled for the Privileged level, with a suppression that says why.
    ///
    /// ## References
    /// - [Pod Security Standards: Capabilities](https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline)
    /// - [capabilities(7)](https://man7.org/linux/man-pages/man7/capabilities.7.html)
    pub static RULE = Rule {
        id: "dangerous-capabilities",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Container adds a capability outside the Baseline set (SYS_ADMIN, NET_ADMIN, NET_RAW, ALL, ...)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::Polaris.inspired("dangerousCapabilities"),
            Tool::Checkov.inspired("CKV_K8S_25"),
            Tool::Checkov.inspired("CKV_K8S_39"),
            Tool::Trivy.inspired("KSV-0022"),
            Tool::Trivy.inspired("KSV-0005"),
            Tool::Trivy.inspired("KSV-0119"),
            Tool::Trivy.inspired("KSV-0120"),
            Tool::Kubesec.inspired("CapSysAdmin"),
            Tool::Pss.same("baseline/capabilities_baseline"),
            Tool::Cis.inspired("5.2.8"),
            Tool::Cis.inspired("5.2.9"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    for container in pod.containers() {
        let Some(add) = container.capabilities().and_then(|c| c.get("add")) else {
            continue;
        };
        for (index, item) in add.items().enumerate() {
            let Some(raw) = item.as_str().filter(|_| !item.is_null()) else {
                continue;
            };
            if BASELINE_ALLOWED.contains(&raw) {
                continue;
            }
            let name = normalize(raw);
            if BASELINE_ALLOWED.contains(&name.as_str()) {
                findings
                    .report_at(
                        item,
                        format!(
                            "{} adds `{raw}`, which Pod Security admission rejects at the Baseline level because it compares names literally; it means `{name}`",
                            container.describe()
                        ),
                    )
                    .help(format!(
                        "write `{name}`: Kubernetes capability names are upper case without a `CAP_` prefix"
                    ))
                    .fix(crate::edit::replace_scalar(item, &name).into_fix(&format!("Write {name}"), Applicability::Safe));
                continue;
            }
            let spelled = if name == raw {
                String::new()
            } else {
                format!(" ({name})")
            };
            findings
                .report_at(
                    item,
                    format!(
                        "{} adds `{raw}`{spelled}, granting {}",
                        container.describe(),
                        danger(&name)
                    ),
                )
                .help("remove the capability; if the workload truly needs it, run it in a namespace at the Privileged level and suppress this finding with a reason")
                .fix(crate::edit::remove_item(add, index).into_fix(&format!("Remove {raw} from capabilities.add"), Applicability::Unsafe));
        }
    }
}
