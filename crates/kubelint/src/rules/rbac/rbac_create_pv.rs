use super::{report_grants, GrantCheck};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A ClusterRole rule that grants `create` on `persistentvolumes` (also
    /// through `verbs: ["*"]`). PersistentVolumes are cluster-scoped, so a
    /// namespaced Role's grant on them does nothing and is not reported.
    ///
    /// ## Why it matters
    /// A PersistentVolume can be a `hostPath` volume. Whoever creates one
    /// and binds a claim to it mounts any directory of a node — `/`,
    /// `/etc/kubernetes`, the container runtime's socket — into a pod,
    /// while Pod Security admission, which forbids `hostPath` in pods,
    /// only sees a `persistentVolumeClaim`. PersistentVolumes should come
    /// from StorageClass provisioners.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: storage-admin}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["persistentvolumes"]
    ///   verbs: ["get", "list", "create"]
    /// ```
    ///
    /// Use instead — claims, provisioned by a StorageClass:
    /// ```yaml pass
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: storage-user}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["persistentvolumes"]
    ///   verbs: ["get", "list"]
    /// - apiGroups: [""]
    ///   resources: ["persistentvolumeclaims"]
    ///   verbs: ["create"]
    /// ```
    ///
    /// ## How to fix
    /// Grant `create` on `persistentvolumeclaims` and let a StorageClass
    /// provisioner create the volumes; keep `create` on `persistentvolumes`
    /// to the provisioners themselves.
    ///
    /// ## References
    /// - [RBAC good practices: persistent volume creation](https://kubernetes.io/docs/concepts/security/rbac-good-practices/#persistent-volume-creation)
    /// - CIS Kubernetes Benchmark 5.1.9
    pub static RULE = Rule {
        id: "rbac-create-pv",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "ClusterRole can create PersistentVolumes (hostPath escape)",
        practice: Practice::Rbac,
        equivalents: &[Tool::Cis.same("5.1.9")],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    report_grants(
        ctx,
        findings,
        &GrantCheck {
            targets: &[("", "persistentvolumes")],
            verbs: &["create"],
            skip_named: false,
            consequence: "create a hostPath PersistentVolume and mount any directory of a node through a claim, which Pod Security admission does not see",
            in_role: None,
            help: "grant `create` on `persistentvolumeclaims` and let a StorageClass provisioner create the volumes",
        },
    );
}
