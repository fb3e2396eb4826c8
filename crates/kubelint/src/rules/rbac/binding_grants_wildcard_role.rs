use crate::diagnostic::Severity;
use crate::k8s::rbac::{
    describe_object, describe_subjects, is_bootstrap_object, policy_rules, role_ref, subjects, Item,
};
use crate::k8s::Object;
use crate::rules::{declare_rule, Check, Equivalents, Family, Practice, SetCtx, SetFindings};
use crate::set_index::IndexedObject;
use crate::source::LineIndex;

declare_rule! {
    /// ## What it flags
    /// A RoleBinding or ClusterRoleBinding whose `roleRef` names a Role or
    /// ClusterRole of the same run — possibly in another file — that has
    /// `*` in `verbs` or `resources`. The finding points at the binding's
    /// `roleRef.name`; a label (same file) or the message (other file)
    /// shows the wildcard. Bindings to `cluster-admin` are reported by
    /// `cluster-admin-binding`, and bootstrap roles and bindings are
    /// skipped.
    ///
    /// ## Why it matters
    /// `rbac-wildcard` reports the role; this rule reports who actually
    /// receives it. A wildcard role bound to a CI service account or a
    /// broad group hands everything the wildcard covers, and everything
    /// added to the API later, to those subjects.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: ops}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["*"]
    ///   verbs: ["get", "list"]
    /// ---
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRoleBinding
    /// metadata: {name: ops}
    /// roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ops}
    /// subjects:
    /// - {kind: ServiceAccount, name: runner, namespace: ci}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: ops}
    /// rules:
    /// - apiGroups: [""]
    ///   resources: ["pods", "services", "events"]
    ///   verbs: ["get", "list"]
    /// ---
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRoleBinding
    /// metadata: {name: ops}
    /// roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ops}
    /// subjects:
    /// - {kind: ServiceAccount, name: runner, namespace: ci}
    /// ```
    ///
    /// ## How to fix
    /// Replace the wildcards in the role with the verbs and resources the
    /// subjects need, or bind a narrower role.
    ///
    /// ## References
    /// - [RBAC good practices](https://kubernetes.io/docs/concepts/security/rbac-good-practices/)
    /// - CIS Kubernetes Benchmark 5.1.3
    pub static RULE = Rule {
        id: "binding-grants-wildcard-role",
        family: Family::Rbac,
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Binding grants a role that uses `*` in verbs or resources",
        practice: Practice::Rbac,
        equivalents: Equivalents {
            kube_linter: &[],
            kube_score: &[],
            polaris: &["rolebindingClusterAdminRole", "rolebindingClusterAdminClusterRole"],
            checkov: &[],
            trivy: &[],
            kubesec: &[],
            pss: &[],
            cis: &["5.1.3"],
        },
        fix: None,
        check: Check::Set {
            kinds: &["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"],
            check,
        },
    };
}

/// The first `*` in a role's resources or verbs, and which field it is in.
fn first_wildcard<'d>(role: &Object<'d>) -> Option<(&'static str, Item<'d>)> {
    policy_rules(role).into_iter().find_map(|rule| {
        let find = |items: &[Item<'d>]| items.iter().copied().find(Item::is_wildcard);
        find(&rule.resources)
            .map(|i| ("resources", i))
            .or_else(|| find(&rule.verbs).map(|i| ("verbs", i)))
    })
}

fn check(ctx: &SetCtx<'_>, findings: &mut SetFindings<'_>) {
    let index = ctx.index;
    for binding in index
        .objects
        .iter()
        .filter(|o| matches!(o.object.kind, "RoleBinding" | "ClusterRoleBinding"))
    {
        let object = &binding.object;
        let Some(role_ref) = role_ref(object) else {
            continue;
        };
        if role_ref.name == "cluster-admin" || is_bootstrap_object(object) {
            continue;
        }
        let target = index.of_kind(role_ref.kind).find(|role| {
            role.object.name() == Some(role_ref.name)
                && (role_ref.kind == "ClusterRole" || role.object.namespace() == object.namespace())
        });
        let Some(IndexedObject { file, object: role }) = target else {
            continue;
        };
        if is_bootstrap_object(role) {
            continue;
        }
        let Some((field, wildcard)) = first_wildcard(role) else {
            continue;
        };
        let same_file = *file == binding.file;
        let location = if same_file {
            String::new()
        } else {
            let text = wildcard.node.document().text();
            let at = LineIndex::new(text).line_col(text, wildcard.span().start);
            let path = index.files.get(*file as usize).map_or("?", String::as_str);
            format!(" (defined at {path}:{}:{})", at.line, at.column)
        };
        let finding = findings.report(
            binding.file,
            role_ref.name_node.span(),
            format!(
                "{} grants {}{location}, which uses `*` in {field}, to {}",
                describe_object(object),
                describe_object(role),
                describe_subjects(&subjects(object))
            ),
        );
        finding.object = Some(object.display_name());
        if same_file {
            finding.label(
                wildcard.span(),
                format!("`*` in {field} of {}", describe_object(role)),
            );
        }
        finding.help("replace the role's wildcards with the verbs and resources the subjects need, or bind a narrower role");
    }
}
