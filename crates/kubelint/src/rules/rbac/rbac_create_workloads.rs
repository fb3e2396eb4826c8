use super::{report_grants, GrantCheck};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A Role or ClusterRole rule that grants `create`, `update` or `patch`
    /// on pods or on the objects that create them: Deployments, ReplicaSets,
    /// StatefulSets, DaemonSets, Jobs, CronJobs and ReplicationControllers.
    /// Off by default: CI deployers and operators need this, so it is a
    /// review aid rather than a defect.
    ///
    /// ## Why it matters
    /// Whoever can create a pod in a namespace can run it with any service
    /// account of that namespace and mount any Secret of it, and — unless
    /// Pod Security Admission stops it — run it privileged on the node.
    /// Updating a Deployment is the same power: change its image or command.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: ci}
    /// rules:
    /// - apiGroups: ["apps"]
    ///   resources: ["deployments"]
    ///   verbs: ["get", "create", "patch"]
    /// ```
    ///
    /// Use instead — a read-only role, with deployments done by a
    /// namespaced GitOps controller:
    /// ```yaml pass
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: ci}
    /// rules:
    /// - apiGroups: ["apps"]
    ///   resources: ["deployments"]
    ///   verbs: ["get", "list", "watch"]
    /// ```
    ///
    /// ## How to fix
    /// Grant workload creation in namespaced Roles only, to the identities
    /// that deploy, and enforce Pod Security Admission in those namespaces.
    ///
    /// ## References
    /// - [RBAC good practices: workload creation](https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation)
    /// - CIS Kubernetes Benchmark 5.1.4
    pub static RULE = Rule {
        id: "rbac-create-workloads",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Role can create or change pods or workloads",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::KubeLinter.inspired("access-to-create-pods"),
            Tool::Trivy.same("KSV-0048"),
            Tool::Cis.same("5.1.4"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    report_grants(
        ctx,
        findings,
        &GrantCheck {
            targets: &[
                ("", "pods"),
                ("", "replicationcontrollers"),
                ("apps", "deployments"),
                ("apps", "replicasets"),
                ("apps", "statefulsets"),
                ("apps", "daemonsets"),
                ("batch", "jobs"),
                ("batch", "cronjobs"),
                ("extensions", "deployments"),
                ("extensions", "replicasets"),
                ("extensions", "daemonsets"),
            ],
            verbs: &["create", "update", "patch"],
            skip_named: false,
            consequence: "run any image with any service account and Secret of the namespace",
            in_role: None,
            help: "grant workload changes only in namespaced Roles of the identities that deploy, with Pod Security Admission enforced",
        },
    );
}
