use crate::diagnostic::Severity;
use crate::k8s::rbac::{describe_object, is_bootstrap_object, is_role, join_verbs, policy_rules};
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A rule of a ClusterRole, or of a Role in `kube-system`, that grants
    /// `update`, `patch` or `delete` (also through `verbs: ["*"]`) on the
    /// ConfigMap named `aws-auth` (`resourceNames: ["aws-auth"]`), and a
    /// rule of a Role in `kube-system` that grants them on every ConfigMap
    /// there. Reported at the resource name (or at `configmaps`).
    ///
    /// ## Why it matters
    /// On Amazon EKS, `kube-system/aws-auth` maps IAM roles and users to
    /// Kubernetes users and groups. Whoever edits it can map an IAM role
    /// they control to `system:masters` and become cluster-admin, or delete
    /// it and lock every mapped identity (nodes included) out of the
    /// cluster.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata: {name: node-onboarding, namespace: kube-system}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["configmaps"]
    ///   resourceNames: ["aws-auth"]
    ///   verbs: ["get", "update"]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata: {name: node-onboarding, namespace: kube-system}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["configmaps"]
    ///   resourceNames: ["aws-auth"]
    ///   verbs: ["get"]
    /// ```
    ///
    /// ## How to fix
    /// Manage cluster access with EKS access entries, or change `aws-auth`
    /// only through the infrastructure pipeline; grant only `get` on it.
    ///
    /// ## References
    /// - [Amazon EKS: grant IAM users access with the aws-auth ConfigMap](https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html)
    /// - [Amazon EKS: access entries](https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html)
    pub static RULE = Rule {
        id: "rbac-eks-aws-auth",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Role can change the EKS aws-auth ConfigMap",
        practice: Practice::Rbac,
        equivalents: &[Tool::Trivy.inspired("KSV-0115")],
        fix: None,
        check: Check::Object(check),
    };
}

const VERBS: &[&str] = &["update", "patch", "delete"];

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if !is_role(object) || is_bootstrap_object(object) {
        return;
    }
    let in_kube_system = object.namespace() == Some("kube-system");
    if object.kind == "Role" && !in_kube_system {
        return;
    }
    for rule in policy_rules(object) {
        if !rule.covers_group("") {
            continue;
        }
        let Some(configmaps) = rule.names_resource("configmaps") else {
            continue;
        };
        let verbs = rule.granted_verbs(VERBS);
        if verbs.is_empty() {
            continue;
        }
        let (span, what) = if rule.is_limited_to_names() {
            match rule.resource_names.iter().find(|n| n.text == "aws-auth") {
                Some(name) => (name.span(), "the EKS `aws-auth` ConfigMap"),
                None => continue,
            }
        } else if object.kind == "Role" {
            (
                configmaps.span(),
                "every ConfigMap of `kube-system`, the EKS `aws-auth` ConfigMap included",
            )
        } else {
            // Every ConfigMap of a ClusterRole: rbac-manage-configmaps.
            continue;
        };
        findings
            .report(
                span,
                format!(
                    "{} grants {} on {what}, so its subjects can map an IAM identity they control to `system:masters`, or lock every mapped identity out",
                    describe_object(object),
                    join_verbs(&verbs)
                ),
            )
            .help("manage access with EKS access entries or the infrastructure pipeline, and grant only `get` on `aws-auth`");
    }
}
