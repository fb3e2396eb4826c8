use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::edit::IntoFix as _;

declare_rule! {
    /// ## What it flags
    /// A container's `volumeMounts` entry (init and ephemeral containers
    /// included) that mounts a `hostPath` volume without `readOnly: true`.
    /// It is reported at `readOnly: false`, or at the mount's `name` when
    /// `readOnly` is not set.
    ///
    /// The hostPath volume itself is reported by `host-path-volume` or
    /// `sensitive-host-path`; this rule is about how it is mounted.
    ///
    /// ## Why it matters
    /// A writable host mount lets a compromised container change files the
    /// node trusts: plant binaries or cron jobs, edit configuration, or
    /// create symlinks that the kubelet and log collectors later follow as
    /// root. Most agents that read host files (logs, metrics) never need to
    /// write them.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: DaemonSet
    /// metadata: {name: logs}
    /// spec:
    ///   selector: {matchLabels: {app: logs}}
    ///   template:
    ///     metadata: {labels: {app: logs}}
    ///     spec:
    ///       containers:
    ///       - name: shipper
    ///         image: registry.example.com/shipper:2.0.0
    ///         volumeMounts:
    ///         - name: varlog
    ///           mountPath: /var/log
    ///       volumes:
    ///       - name: varlog
    ///         hostPath: {path: /var/log}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: DaemonSet
    /// metadata: {name: logs}
    /// spec:
    ///   selector: {matchLabels: {app: logs}}
    ///   template:
    ///     metadata: {labels: {app: logs}}
    ///     spec:
    ///       containers:
    ///       - name: shipper
    ///         image: registry.example.com/shipper:2.0.0
    ///         volumeMounts:
    ///         - name: varlog
    ///           mountPath: /var/log
    ///           readOnly: true
    ///       volumes:
    ///       - name: varlog
    ///         hostPath: {path: /var/log}
    /// ```
    ///
    /// ## How to fix
    /// Add `readOnly: true` to the mount (the quick fix does this). If the
    /// agent must write, mount the narrowest directory it writes to
    /// separately.
    ///
    /// ## References
    /// - [Volumes: hostPath](https://kubernetes.io/docs/concepts/storage/volumes/#hostpath)
    pub static RULE = Rule {
        id: "writable-host-mount",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Container mounts a hostPath volume writable (readOnly not true)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::KubeLinter.same("writable-host-mount"),
            Tool::Pss.inspired("baseline/hostPathVolumes"),
            Tool::Cis.inspired("5.2.11"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    let volumes = pod.volumes();
    for container in pod.containers() {
        for mount in container.volume_mounts() {
            if mount.is_read_only() {
                continue;
            }
            let Some(name) = mount.volume_name() else {
                continue;
            };
            let Some(volume) = volumes.iter().find(|v| v.name() == Some(name)) else {
                continue;
            };
            let Some(path) = volume.host_path_value().and_then(|p| p.as_str()) else {
                continue;
            };
            if pod.is_partial() && mount.node.get("readOnly").is_none_or(|v| v.is_null()) {
                continue; // a patch: the mount it merges into may set readOnly
            }
            let span = mount
                .node
                .get("readOnly")
                .filter(|v| !v.is_null())
                .map_or(mount.report_span(), |v| v.span());
            let at = mount
                .mount_path()
                .map_or(String::new(), |p| format!(" at `{p}`"));
            findings
                .report(
                    span,
                    format!(
                        "{} mounts host path `{path}`{at} writable, so it can change files the node trusts",
                        container.describe()
                    ),
                )
                .help("add `readOnly: true` to the volume mount")
                .fix(crate::edit::set_path(mount.node, &["readOnly"], "true").into_fix("Mount the host path read-only", Applicability::Unsafe));
        }
    }
}
