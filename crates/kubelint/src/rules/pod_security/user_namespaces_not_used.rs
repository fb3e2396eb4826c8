use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::edit::IntoFix as _;

declare_rule! {
    /// ## What it flags
    /// A pod that does not run in a user namespace: `hostUsers` is true
    /// (reported at the value) or not set (reported at the object's
    /// `kind`). Off by default: user namespaces need Kubernetes 1.33 or
    /// later (or the `UserNamespacesSupport` feature gate) and a runtime and
    /// file system that support ID-mapped mounts.
    ///
    /// Pods that share a host namespace (`hostNetwork`, `hostPID`,
    /// `hostIPC`) cannot use user namespaces and are left to
    /// `host-namespaces`. Windows pods are not checked.
    ///
    /// ## Why it matters
    /// With `hostUsers: false`, the pod's UIDs are mapped to an unprivileged
    /// range on the node: root in the container is nobody on the host. Many
    /// container escapes, and the damage of a writable host mount, become
    /// harmless. The Pod Security Standards relax their root-user controls
    /// for such pods.
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
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: app}
    /// spec:
    ///   hostUsers: false
    ///   containers:
    ///   - name: app
    ///     image: registry.example.com/app:1.0.0
    /// ```
    ///
    /// ## How to fix
    /// Set `hostUsers: false` in the pod spec (the quick fix does this) on
    /// clusters whose nodes support user namespaces.
    ///
    /// ## References
    /// - [User Namespaces](https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/)
    pub static RULE = Rule {
        id: "user-namespaces-not-used",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Pod does not use a user namespace (hostUsers not false)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::Kubesec.same("HostUsers"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    if pod.is_windows()
        || ["hostNetwork", "hostPID", "hostIPC"]
            .iter()
            .any(|key| pod.flag_is(key, true))
    {
        return;
    }
    match pod.get("hostUsers").filter(|v| !v.is_null()) {
        Some(value) if value.as_bool() == Some(false) => {}
        Some(value) => {
            findings
                .report_at(
                    value,
                    "pod runs in the host's user namespace, so root in a container is root on the node",
                )
                .help("set `hostUsers: false` on nodes that support user namespaces")
                .fix(crate::edit::replace_scalar(value, "false").into_fix("Set hostUsers: false", Applicability::Unsafe));
        }
        // A patch leaves the field to the object it patches.
        None if pod.is_partial() => {}
        None => {
            findings
                .report(
                    pod.report_span(),
                    "pod does not set `hostUsers: false`, so root in a container is root on the node",
                )
                .help("set `hostUsers: false` on nodes that support user namespaces")
                .fix(crate::edit::set_path(pod.spec, &["hostUsers"], "false").into_fix("Set hostUsers: false", Applicability::Unsafe));
        }
    }
}
