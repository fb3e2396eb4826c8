use super::host_paths::sensitive;
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A pod volume of type `hostPath`, reported at the `hostPath` key.
    ///
    /// Volumes whose path is known to be sensitive (`/`, `/etc`, `/proc`,
    /// the container runtime socket, the kubelet's state, …) are reported by
    /// `sensitive-host-path` instead, with a message that says what the path
    /// exposes; each volume is reported once. Mounts of hostPath volumes
    /// that are not read-only are reported by `writable-host-mount`.
    ///
    /// ## Why it matters
    /// A hostPath volume gives the pod a piece of the node's filesystem. It
    /// ties the pod to one node, and it is the most common way out of a
    /// container: host files can be read and — unless mounted read-only —
    /// written, including through symlinks the pod creates. The Baseline Pod
    /// Security Standard forbids hostPath volumes.
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
    ///     volumeMounts:
    ///     - {name: data, mountPath: /data}
    ///   volumes:
    ///   - name: data
    ///     hostPath:
    ///       path: /srv/app-data
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: app}
    /// spec:
    ///   containers:
    ///   - name: app
    ///     image: registry.example.com/app:1.0.0
    ///     volumeMounts:
    ///     - {name: data, mountPath: /data}
    ///   volumes:
    ///   - name: data
    ///     persistentVolumeClaim:
    ///       claimName: app-data
    /// ```
    ///
    /// ## How to fix
    /// Use a PersistentVolumeClaim for data, a ConfigMap or Secret for
    /// configuration, and `emptyDir` for scratch space. Node agents that
    /// must read host files should mount the narrowest path read-only, run
    /// in a namespace at the Privileged level, and carry a suppression that
    /// says why.
    ///
    /// ## References
    /// - [Pod Security Standards: HostPath Volumes](https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline)
    /// - [Volumes: hostPath](https://kubernetes.io/docs/concepts/storage/volumes/#hostpath)
    pub static RULE = Rule {
        id: "host-path-volume",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Pod mounts a directory or file of the node (hostPath volume)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::Polaris.inspired("hostPathSet"),
            Tool::Trivy.same("KSV-0023"),
            Tool::Pss.inspired("baseline/hostPathVolumes"),
            Tool::Cis.inspired("5.2.11"),
        ],
        fix: None,
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    for volume in pod.volumes() {
        let Some((key, _)) = volume.host_path() else {
            continue;
        };
        let path = volume.host_path_value().and_then(|p| p.as_str());
        if path.is_some_and(|p| sensitive(p).is_some()) {
            continue;
        }
        let what = path.map_or("a host path".to_owned(), |p| format!("`{p}`"));
        findings
            .report_at(
                key,
                format!(
                    "{} mounts {what} from the node, which ties the pod to the node and exposes host files to it",
                    volume.describe()
                ),
            )
            .help("use a PersistentVolumeClaim, ConfigMap, Secret or emptyDir volume instead");
    }
}
