use super::host_paths::{normalize, sensitive};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A `hostPath` volume whose path is a sensitive part of the node,
    /// reported at the path:
    /// - the container runtime socket anywhere (`docker.sock`,
    ///   `containerd.sock`, `crio.sock`, `cri-dockerd.sock`, `podman.sock`)
    ///   and the runtimes' directories (`/run/containerd`, `/var/run/crio`,
    ///   …), `/run` and `/var/run`;
    /// - `/proc`, `/sys`, `/dev`, `/boot`, `/root` and everything below them;
    /// - `/etc/kubernetes`, `/var/lib/kubelet`, `/var/lib/etcd`, the runtime
    ///   storage in `/var/lib/{docker,containerd,containers}`,
    ///   `/etc/shadow`, `/etc/sudoers`, `/etc/ssh` and below;
    /// - `/`, `/etc`, `/home`, `/bin`, `/sbin`, `/usr`, `/lib`, `/lib64`,
    ///   `/var` and `/var/lib` themselves (not their subdirectories, which
    ///   are often mounted on purpose, like `/etc/ssl/certs`).
    ///
    /// Paths are compared after resolving `//`, `.` and `..`, so
    /// `/var/run/../run/docker.sock` is the Docker socket. Other hostPath
    /// volumes are reported by `host-path-volume`.
    ///
    /// ## Why it matters
    /// These paths turn a compromised container into a compromised node:
    /// the runtime socket starts a privileged container on request, the
    /// kubelet's directory holds every pod's secrets and tokens,
    /// `/etc/kubernetes` holds cluster credentials, and `/proc` or `/sys`
    /// expose the kernel. Read-only mounts help little: the Docker socket
    /// works just as well read-only.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: DaemonSet
    /// metadata: {name: builder}
    /// spec:
    ///   selector: {matchLabels: {app: builder}}
    ///   template:
    ///     metadata: {labels: {app: builder}}
    ///     spec:
    ///       containers:
    ///       - name: builder
    ///         image: registry.example.com/builder:1.0.0
    ///         volumeMounts:
    ///         - {name: docker, mountPath: /var/run/docker.sock}
    ///       volumes:
    ///       - name: docker
    ///         hostPath: {path: /var/run/docker.sock, type: Socket}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: DaemonSet
    /// metadata: {name: builder}
    /// spec:
    ///   selector: {matchLabels: {app: builder}}
    ///   template:
    ///     metadata: {labels: {app: builder}}
    ///     spec:
    ///       containers:
    ///       - name: builder
    ///         image: registry.example.com/kaniko:1.23.0
    ///         volumeMounts:
    ///         - {name: workspace, mountPath: /workspace}
    ///       volumes:
    ///       - name: workspace
    ///         emptyDir: {}
    /// ```
    ///
    /// ## How to fix
    /// Do not mount these paths into workloads. Build images with a
    /// daemonless builder instead of the Docker socket, read node metrics
    /// through the kubelet or node exporter APIs, and give agents that
    /// truly need host access a dedicated namespace at the Privileged level
    /// and a suppression that says why.
    ///
    /// ## References
    /// - [Volumes: hostPath](https://kubernetes.io/docs/concepts/storage/volumes/#hostpath)
    pub static RULE = Rule {
        id: "sensitive-host-path",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Pod mounts a sensitive host path (runtime socket, /proc, /etc, kubelet state, ...)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::KubeLinter.inspired("sensitive-host-mounts"),
            Tool::KubeLinter.inspired("docker-sock"),
            Tool::Polaris.inspired("hostPathSet"),
            Tool::Checkov.inspired("CKV_K8S_27"),
            Tool::Trivy.inspired("KSV-0121"),
            Tool::Trivy.inspired("KSV-0006"),
            Tool::Kubesec.inspired("DockerSock"),
            Tool::Kubesec.inspired("ProcMount"),
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
        let Some(node) = volume.host_path_value() else {
            continue;
        };
        let Some(path) = node.as_str() else { continue };
        let Some(why) = sensitive(path) else { continue };
        let resolved = normalize(path);
        let shown = if resolved == path {
            format!("`{path}`")
        } else {
            format!("`{path}` (that is `{resolved}`)")
        };
        findings
            .report_at(
                node,
                format!("{} mounts {shown} from the node, exposing {why}", volume.describe()),
            )
            .help("do not mount this path into a workload; if an agent truly needs it, isolate it and suppress this finding with a reason");
    }
}
