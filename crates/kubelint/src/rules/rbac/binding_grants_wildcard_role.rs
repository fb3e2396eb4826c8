use crate::diagnostic::Severity;
use crate::k8s::rbac::{
    describe_object, describe_subjects, is_bootstrap_object, is_role, policy_rules, role_ref,
    subjects, Item, RoleRef,
};
use crate::k8s::Object;
use crate::rules::{declare_rule, Check, Practice, SetCtx, SetFindings, Tool};
use crate::set_index::{FileId, IndexedObject, SetIndex};
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
    /// The `roleRef` resolves as the API server resolves it: a Role in the
    /// binding's namespace (an object without one is in `default`, or the
    /// configured `default-namespace`), a ClusterRole cluster-wide. When
    /// several linted files define the role (variants of an install), the
    /// binding's own file wins; otherwise the finding says the files
    /// disagree, whatever order they were given in.
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
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Binding grants a role that uses `*` in verbs or resources",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::Polaris.inspired("rolebindingClusterAdminRole"),
            Tool::Polaris.inspired("rolebindingClusterAdminClusterRole"),
            Tool::Cis.inspired("5.1.3"),
        ],
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

/// The role a binding's `roleRef` names, among the run's definitions.
enum Resolved<'a, 'd> {
    One(&'a IndexedObject<'d>),
    /// Several files define it and none is the binding's: which one the
    /// cluster has depends on which was applied last. Sorted by path and
    /// position, so the message does not depend on argument or walk order.
    Several(Vec<&'a IndexedObject<'d>>),
}

/// Resolves a binding's `roleRef` like the API server: a Role in the
/// binding's own namespace, a ClusterRole cluster-wide. Among several
/// definitions, the binding's own file wins (its last definition, as
/// `kubectl apply -f` leaves it).
fn resolve<'a, 'd>(
    index: &'a SetIndex<'d>,
    binding: &IndexedObject<'d>,
    role_ref: &RoleRef<'_>,
) -> Option<Resolved<'a, 'd>> {
    let namespace = index.namespace_of(binding.object.namespace());
    let mut candidates: Vec<&IndexedObject<'d>> = index
        .objects
        .iter()
        .filter(|role| {
            role.object.kind == role_ref.kind
                && is_role(&role.object)
                && role.object.name() == Some(role_ref.name)
                && (role_ref.kind == "ClusterRole"
                    || index.namespace_of(role.object.namespace()) == namespace)
        })
        .collect();
    let own = candidates
        .iter()
        .filter(|role| role.file == binding.file)
        .max_by_key(|role| role.object.kind_span().start);
    if let Some(own) = own {
        return Some(Resolved::One(own));
    }
    candidates.sort_by(|a, b| {
        (index.files.get(a.file as usize), a.object.kind_span().start)
            .cmp(&(index.files.get(b.file as usize), b.object.kind_span().start))
    });
    match candidates.len() {
        0 => None,
        1 => Some(Resolved::One(candidates[0])),
        _ => Some(Resolved::Several(candidates)),
    }
}

/// `path:line:column` of a role's wildcard, path relative to the run.
fn location(index: &SetIndex<'_>, file: FileId, wildcard: &Item<'_>) -> String {
    let text = wildcard.node.document().text();
    let at = LineIndex::new(text).line_col(text, wildcard.span().start);
    format!("{}:{}:{}", index.display_path(file), at.line, at.column)
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
        // The API server refuses a ClusterRoleBinding to a Role.
        if object.kind == "ClusterRoleBinding" && role_ref.kind != "ClusterRole" {
            continue;
        }
        let roles = match resolve(index, binding, &role_ref) {
            None => continue,
            Some(Resolved::One(role)) => vec![role],
            Some(Resolved::Several(roles)) => roles,
        };
        let wildcards: Vec<(&IndexedObject<'_>, &'static str, Item<'_>)> = roles
            .iter()
            .filter(|role| !is_bootstrap_object(&role.object))
            .filter_map(|role| {
                let (field, item) = first_wildcard(&role.object)?;
                Some((*role, field, item))
            })
            .collect();
        let Some(&(first, field, wildcard)) = wildcards.first() else {
            continue;
        };
        let role = &first.object;
        let same_file = roles.len() == 1 && first.file == binding.file;
        let location = if same_file {
            String::new()
        } else {
            format!(" (defined at {})", location(index, first.file, &wildcard))
        };
        let message = if wildcards.len() < roles.len() {
            format!(
                "{} grants {}, which {} linted files define differently: the one{location} uses `*` in {field}, and which one the cluster has depends on which file was applied last; it goes to {}",
                describe_object(object),
                describe_object(role),
                roles.len(),
                describe_subjects(&subjects(object))
            )
        } else {
            let others = match roles.len() {
                1 => String::new(),
                2 => " and 1 other definition".to_owned(),
                n => format!(" and {} other definitions", n - 1),
            };
            format!(
                "{} grants {}{location}{others}, which uses `*` in {field}, to {}",
                describe_object(object),
                describe_object(role),
                describe_subjects(&subjects(object))
            )
        };
        let finding = findings.report(binding.file, role_ref.name_node.span(), message);
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

#[cfg(test)]
mod tests {
    use crate::{Config, Linter};

    const BINDING: &str = "apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ops, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ops}
subjects:
- {kind: ServiceAccount, name: runner, namespace: ci}
";

    fn role(verbs: &str) -> String {
        format!("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {{name: ops}}\nrules:\n- {{apiGroups: [\"\"], resources: [pods], verbs: [{verbs}]}}\n")
    }

    /// `(file, message)` of the rule's findings, linting `files` in order.
    fn findings(files: &[(&str, &str)]) -> Vec<(String, String)> {
        let linter = Linter::new(Config::default());
        let sources = files
            .iter()
            .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
            .collect();
        linter
            .lint_sources(sources)
            .diagnostics
            .into_iter()
            .filter(|d| d.rule == super::RULE.id)
            .map(|d| (d.file, d.message))
            .collect()
    }

    #[test]
    fn definitions_in_other_files_do_not_depend_on_order() {
        let cwd = std::env::current_dir().unwrap();
        let path = |name: &str| cwd.join("variants").join(name).display().to_string();
        let (a, b, c) = (path("a.yaml"), path("b.yaml"), path("c.yaml"));
        let (wild, narrow) = (role("\"*\""), role("get"));
        let forward = findings(&[(&a, &wild), (&b, BINDING), (&c, &narrow)]);
        let backward = findings(&[(&c, &narrow), (&b, BINDING), (&a, &wild)]);
        assert_eq!(forward, backward);
        assert_eq!(forward.len(), 1, "{forward:?}");
        let (file, message) = &forward[0];
        assert_eq!(file, &b);
        // Paths in messages are relative to the run.
        assert!(
            message.contains(
                "which 2 linted files define differently: the one (defined at variants/a.yaml:5:"
            ),
            "{message}"
        );
    }

    #[test]
    fn the_bindings_own_file_wins() {
        let narrow_here = format!("{}---\n{BINDING}", role("get"));
        for files in [
            [("a.yaml", role("\"*\"")), ("b.yaml", narrow_here.clone())],
            [("b.yaml", narrow_here.clone()), ("a.yaml", role("\"*\""))],
        ] {
            let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
            assert!(findings(&files).is_empty());
        }
        let wild_here = format!("{}---\n{BINDING}", role("\"*\""));
        let found = findings(&[("a.yaml", &role("get")), ("b.yaml", &wild_here)]);
        assert_eq!(found.len(), 1);
        assert!(!found[0].1.contains("defined at"), "{}", found[0].1);
    }

    #[test]
    fn a_role_resolves_in_the_bindings_namespace() {
        let role_in = |ns: &str| {
            format!("apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {{name: ops, namespace: {ns}}}\nrules:\n- {{apiGroups: [\"\"], resources: [\"*\"], verbs: [get]}}\n")
        };
        let binding = BINDING.replace("kind: ClusterRole", "kind: Role");
        assert!(findings(&[("r.yaml", &role_in("other")), ("b.yaml", &binding)]).is_empty());
        assert_eq!(
            findings(&[("r.yaml", &role_in("shop")), ("b.yaml", &binding)]).len(),
            1
        );
    }
}
