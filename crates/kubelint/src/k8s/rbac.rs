//! RBAC views: the policy rules of a Role or ClusterRole, and the subjects
//! and role reference of a RoleBinding or ClusterRoleBinding.
//!
//! Matching follows the API server's authorizer
//! (`pkg/apis/rbac/v1/evaluation_helpers.go`): `*` matches every verb,
//! resource and API group, and `*/sub` matches a subresource of any
//! resource. Rules that name resources explicitly are told apart from rules
//! that reach them through `*`, so the wildcard rule reports wildcards once
//! and the specific rules report explicit grants.

use super::Object;
use crate::source::Span;
use crate::yaml::NodeRef;

pub const RBAC_GROUP: &str = "rbac.authorization.k8s.io";

/// One string of a list (`verbs`, `resources`, `apiGroups`, ...), with the
/// node it is written in.
#[derive(Clone, Copy, Debug)]
pub struct Item<'d> {
    pub text: &'d str,
    pub node: NodeRef<'d>,
}

impl Item<'_> {
    pub fn span(&self) -> Span {
        self.node.span()
    }

    pub fn is_wildcard(&self) -> bool {
        self.text == "*"
    }
}

/// One entry of a role's `rules`.
#[derive(Clone, Debug)]
pub struct PolicyRule<'d> {
    pub node: NodeRef<'d>,
    pub api_groups: Vec<Item<'d>>,
    pub resources: Vec<Item<'d>>,
    pub verbs: Vec<Item<'d>>,
    pub resource_names: Vec<Item<'d>>,
}

fn items<'d>(node: NodeRef<'d>, key: &str) -> Vec<Item<'d>> {
    let Some(list) = node.get(key) else {
        return Vec::new();
    };
    list.items()
        .filter_map(|node| {
            let text = node.as_str()?;
            (!node.is_null()).then_some(Item { text, node })
        })
        .collect()
}

/// Whether the object is a Role or ClusterRole of the RBAC API.
pub fn is_role(object: &Object<'_>) -> bool {
    matches!(object.kind, "Role" | "ClusterRole") && object.group() == RBAC_GROUP
}

/// Whether the object is a RoleBinding or ClusterRoleBinding of the RBAC API.
pub fn is_binding(object: &Object<'_>) -> bool {
    matches!(object.kind, "RoleBinding" | "ClusterRoleBinding") && object.group() == RBAC_GROUP
}

/// Roles and bindings the API server creates itself, such as
/// `cluster-admin`, `admin`, `edit`, `view` and the `system:…` roles of the
/// controllers: every one is labelled `kubernetes.io/bootstrapping:
/// rbac-defaults` (`plugin/pkg/auth/authorizer/rbac/bootstrappolicy`). Dumps
/// of a cluster contain them; they are not the user's to change. A name
/// alone proves nothing: anyone can create a ClusterRole called `system:x`.
pub fn is_bootstrap_object(object: &Object<'_>) -> bool {
    object
        .labels()
        .and_then(|l| l.get("kubernetes.io/bootstrapping"))
        .and_then(|v| v.as_str())
        == Some("rbac-defaults")
}

/// The policy rules of a Role or ClusterRole (empty for anything else).
pub fn policy_rules<'d>(object: &Object<'d>) -> Vec<PolicyRule<'d>> {
    if !is_role(object) {
        return Vec::new();
    }
    let Some(rules) = object.root.get("rules") else {
        return Vec::new();
    };
    rules
        .items()
        .filter(|node| node.is_mapping())
        .map(|node| PolicyRule {
            node,
            api_groups: items(node, "apiGroups"),
            resources: items(node, "resources"),
            verbs: items(node, "verbs"),
            resource_names: items(node, "resourceNames"),
        })
        .collect()
}

/// What a policy rule grants on one resource.
#[derive(Clone, Debug)]
pub struct Grant<'d> {
    /// The resource item that names the resource (never `*`).
    pub resource: Item<'d>,
    /// The wanted verbs the rule grants (all of them when it says `*`).
    pub verbs: Vec<&'static str>,
}

impl<'d> PolicyRule<'d> {
    /// Whether the rule applies to resources of `group` (`""` is core).
    pub fn covers_group(&self, group: &str) -> bool {
        self.api_groups
            .iter()
            .any(|g| g.is_wildcard() || g.text == group)
    }

    /// The verbs of `wanted` this rule grants.
    pub fn granted_verbs(&self, wanted: &[&'static str]) -> Vec<&'static str> {
        if self.verbs.iter().any(Item::is_wildcard) {
            return wanted.to_vec();
        }
        wanted
            .iter()
            .copied()
            .filter(|w| self.verbs.iter().any(|v| v.text == *w))
            .collect()
    }

    /// The item naming `resource` (`pods`, or `pods/exec`) explicitly, or
    /// through `*/exec` for a subresource. `*` alone does not count.
    pub fn names_resource(&self, resource: &str) -> Option<Item<'d>> {
        let sub = resource.split_once('/').map(|(_, sub)| sub);
        self.resources.iter().copied().find(|r| {
            r.text == resource || sub.is_some_and(|sub| r.text.strip_prefix("*/") == Some(sub))
        })
    }

    /// Whether the rule is limited to named objects (`resourceNames`).
    pub fn is_limited_to_names(&self) -> bool {
        !self.resource_names.is_empty()
    }

    /// What the rule grants of `verbs` on `resource` in `group`, when it
    /// names the resource explicitly.
    pub fn grant(&self, group: &str, resource: &str, verbs: &[&'static str]) -> Option<Grant<'d>> {
        if !self.covers_group(group) {
            return None;
        }
        let resource = self.names_resource(resource)?;
        let verbs = self.granted_verbs(verbs);
        (!verbs.is_empty()).then_some(Grant { resource, verbs })
    }
}

/// A binding's `roleRef`.
#[derive(Clone, Copy, Debug)]
pub struct RoleRef<'d> {
    pub kind: &'d str,
    pub name: &'d str,
    pub name_node: NodeRef<'d>,
}

/// One of a binding's `subjects`.
#[derive(Clone, Copy, Debug)]
pub struct Subject<'d> {
    pub kind: &'d str,
    pub name: &'d str,
    pub namespace: Option<&'d str>,
    pub name_node: NodeRef<'d>,
}

impl Subject<'_> {
    /// `ServiceAccount ns/name`, `Group system:masters`.
    pub fn describe(&self) -> String {
        match self.namespace {
            Some(ns) if self.kind == "ServiceAccount" => {
                format!("{} {ns}/{}", self.kind, self.name)
            }
            _ => format!("{} {}", self.kind, self.name),
        }
    }
}

pub fn role_ref<'d>(object: &Object<'d>) -> Option<RoleRef<'d>> {
    if !is_binding(object) {
        return None;
    }
    let role_ref = object.root.get("roleRef")?;
    let name_node = role_ref.get("name")?;
    Some(RoleRef {
        kind: role_ref.get("kind")?.as_str()?,
        name: name_node.as_str()?,
        name_node,
    })
}

pub fn subjects<'d>(object: &Object<'d>) -> Vec<Subject<'d>> {
    if !is_binding(object) {
        return Vec::new();
    }
    let Some(list) = object.root.get("subjects") else {
        return Vec::new();
    };
    list.items()
        .filter_map(|node| {
            let name_node = node.get("name")?;
            Some(Subject {
                kind: node.get("kind")?.as_str()?,
                name: name_node.as_str()?,
                namespace: node.get("namespace").and_then(|n| n.as_str()),
                name_node,
            })
        })
        .collect()
}

/// Up to three subjects, for messages: `ServiceAccount ci/deployer and 2 more`.
pub fn describe_subjects(subjects: &[Subject<'_>]) -> String {
    if subjects.is_empty() {
        return "no subjects".to_owned();
    }
    let shown: Vec<String> = subjects.iter().take(3).map(Subject::describe).collect();
    match subjects.len() {
        n if n > 3 => format!("{} and {} more", shown.join(", "), n - 3),
        _ => shown.join(", "),
    }
}

/// `ClusterRole \`name\``, for messages.
pub fn describe_object(object: &Object<'_>) -> String {
    match (object.kind, object.name(), object.namespace()) {
        ("Role" | "RoleBinding", Some(name), Some(ns)) => format!("{} `{ns}/{name}`", object.kind),
        (kind, Some(name), _) => format!("{kind} `{name}`"),
        (kind, None, _) => kind.to_owned(),
    }
}

/// `get, list and watch`.
pub fn join_verbs(verbs: &[&str]) -> String {
    match verbs {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::k8s::objects_in;
    use crate::yaml::{parse_document, split_documents, Limits};

    fn with_rules(text: &str, f: impl FnOnce(&[PolicyRule<'_>])) {
        let chunks = split_documents(text, 0);
        let doc = parse_document(text, chunks[0].span, 0, &Limits::default());
        let objects = objects_in(&doc);
        f(&policy_rules(&objects[0]));
    }

    const ROLE: &str = "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
- apiGroups: ['']
  resources: [secrets, pods/exec]
  verbs: [get, list]
- apiGroups: ['*']
  resources: ['*/exec']
  verbs: ['*']
- apiGroups: [apps]
  resources: ['*']
  verbs: [create]
";

    #[test]
    fn grants_name_resources_explicitly() {
        with_rules(ROLE, |rules| {
            assert_eq!(rules.len(), 3);
            let g = rules[0]
                .grant("", "secrets", &["get", "list", "watch"])
                .unwrap();
            assert_eq!((g.resource.text, g.verbs), ("secrets", vec!["get", "list"]));
            assert!(rules[0].grant("apps", "secrets", &["get"]).is_none());
            assert!(rules[0].grant("", "secrets", &["delete"]).is_none());
            // `*/exec` names the exec subresource of every resource.
            let g = rules[1].grant("", "pods/exec", &["create"]).unwrap();
            assert_eq!(g.resource.text, "*/exec");
            assert!(rules[1].grant("", "pods/attach", &["create"]).is_none());
            // `*` resources are the wildcard rule's business.
            assert!(rules[2].grant("apps", "deployments", &["create"]).is_none());
            assert!(rules[2].covers_group("apps") && !rules[2].covers_group(""));
        });
    }

    #[test]
    fn odd_shapes_do_not_panic() {
        with_rules(
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nrules: [{verbs: x}, 3, {resources: [{a: b}, ~]}]\n",
            |rules| {
                assert_eq!(rules.len(), 2);
                assert!(rules[0].verbs.is_empty());
                assert!(rules[1].resources.is_empty());
            },
        );
        with_rules(
            "apiVersion: v1\nkind: ClusterRole\nrules: [{}]\n",
            |rules| {
                assert!(rules.is_empty(), "not the RBAC API group");
            },
        );
    }

    #[test]
    fn verbs_join_for_messages() {
        assert_eq!(join_verbs(&["get"]), "get");
        assert_eq!(join_verbs(&["get", "list", "watch"]), "get, list and watch");
    }
}
