use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A pod volume of a type the Restricted Pod Security Standard does not
    /// allow, reported at the type's key: `gcePersistentDisk`,
    /// `awsElasticBlockStore`, `gitRepo`, `nfs`, `iscsi`, `glusterfs`, `rbd`,
    /// `flexVolume`, `cinder`, `cephfs`, `flocker`, `fc`, `azureFile`,
    /// `vsphereVolume`, `quobyte`, `azureDisk`, `portworxVolume`,
    /// `photonPersistentDisk`, `scaleIO` or `storageos`.
    ///
    /// Allowed are `configMap`, `csi`, `downwardAPI`, `emptyDir`,
    /// `ephemeral`, `image`, `persistentVolumeClaim`, `projected` and
    /// `secret`. `hostPath` is also outside the list, but it is reported by
    /// `host-path-volume` or `sensitive-host-path` (Baseline level) instead.
    ///
    /// ## Why it matters
    /// Inline volume sources put storage credentials, server addresses and
    /// node-level mount behaviour into the pod spec, where anyone who can
    /// create pods can point them at any share. `gitRepo` clones as root on
    /// the node and has had code execution bugs (CVE-2024-10220). Volumes
    /// through PersistentVolumeClaims keep storage under the
    /// administrators' control.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: reports}
    /// spec:
    ///   containers:
    ///   - name: reports
    ///     image: registry.example.com/reports:1.0.0
    ///     volumeMounts:
    ///     - {name: share, mountPath: /share}
    ///   volumes:
    ///   - name: share
    ///     nfs:
    ///       server: nfs.example.com
    ///       path: /exports/reports
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: reports}
    /// spec:
    ///   containers:
    ///   - name: reports
    ///     image: registry.example.com/reports:1.0.0
    ///     volumeMounts:
    ///     - {name: share, mountPath: /share}
    ///   volumes:
    ///   - name: share
    ///     persistentVolumeClaim:
    ///       claimName: reports-share
    /// ```
    ///
    /// ## How to fix
    /// Define a PersistentVolume (or a StorageClass with a CSI driver) for
    /// the storage and mount it through a PersistentVolumeClaim. Replace
    /// `gitRepo` with an init container that clones into an `emptyDir`.
    ///
    /// ## References
    /// - [Pod Security Standards: Volume Types](https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted)
    pub static RULE = Rule {
        id: "restricted-volume-types",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Pod uses a volume type the Restricted standard does not allow (nfs, gitRepo, ...)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::Trivy.same("KSV-0028"),
            Tool::Pss.same("restricted/restrictedVolumes"),
        ],
        fix: None,
        check: Check::Pod(check),
    };
}

/// Volume types the Restricted standard forbids, as in Pod Security
/// admission (`hostPath` is left to the Baseline rules).
const RESTRICTED: &[&str] = &[
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "gitRepo",
    "nfs",
    "iscsi",
    "glusterfs",
    "rbd",
    "flexVolume",
    "cinder",
    "cephfs",
    "flocker",
    "fc",
    "azureFile",
    "vsphereVolume",
    "quobyte",
    "azureDisk",
    "portworxVolume",
    "photonPersistentDisk",
    "scaleIO",
    "storageos",
];

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    for volume in pod.volumes() {
        for (key, _) in volume.sources() {
            let Some(kind) = key.as_str().filter(|k| RESTRICTED.contains(k)) else {
                continue;
            };
            let why = if kind == "gitRepo" {
                "; gitRepo is deprecated and clones as root on the node"
            } else {
                ""
            };
            findings
                .report_at(
                    key,
                    format!(
                        "{} uses the inline volume type `{kind}`, which the Restricted standard does not allow{why}",
                        volume.describe()
                    ),
                )
                .help("mount the storage through a PersistentVolumeClaim instead");
        }
    }
}
