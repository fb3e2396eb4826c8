use crate::diagnostic::Severity;
use crate::k8s::rbac::{
    describe_object, is_bootstrap_object, is_role, join_verbs, policy_rules, Item,
};
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A rule of a Role or ClusterRole with `*` in `verbs`, `resources` or
    /// `apiGroups`. Each rule is reported once, at its `*` resource (or verb,
    /// or API group), with the other wildcards of the rule as labels.
    /// Bootstrap roles (`cluster-admin`, `admin`, `edit`, `view` and the
    /// controllers' `system:…` roles, all labelled
    /// `kubernetes.io/bootstrapping: rbac-defaults`) are skipped; a
    /// `system:` name without that label is not.
    ///
    /// ## Why it matters
    /// A wildcard grants everything that exists *and everything added
    /// later*: new subresources, new built-in resources and every
    /// CustomResourceDefinition an operator installs. `*` verbs include
    /// `escalate`, `bind` and `impersonate`; `*` resources include
    /// `secrets`, `pods/exec` and `nodes/proxy`. `verbs: ["*"]` on
    /// `resources: ["*"]` is cluster-admin under another name.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: deployer}
    /// rules:
    /// - apiGroups: ["apps"]
    ///   resources: ["*"]
    ///   verbs: ["*"]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata: {name: deployer}
    /// rules:
    /// - apiGroups: ["apps"]
    ///   resources: ["deployments"]
    ///   verbs: ["get", "list", "watch", "update", "patch"]
    /// ```
    ///
    /// ## How to fix
    /// List the verbs, resources and API groups the subjects need. Start
    /// from what the workload calls (audit logs or
    /// `kubectl auth can-i --list --as=...` help) and grant nothing more.
    ///
    /// ## References
    /// - [RBAC good practices: least privilege](https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege)
    /// - CIS Kubernetes Benchmark 5.1.3
    pub static RULE = Rule {
        id: "rbac-wildcard",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Role or ClusterRole uses `*` in verbs, resources or apiGroups",
        practice: Practice::Rbac,
        equivalents: &[
            Tool::KubeLinter.same("wildcard-in-rules"),
            Tool::Checkov.same("CKV_K8S_49"),
            Tool::Trivy.inspired("KSV-0044"),
            Tool::Trivy.inspired("KSV-0045"),
            Tool::Trivy.inspired("KSV-0046"),
            Tool::Trivy.inspired("KSV-0112"),
            Tool::Cis.inspired("5.1.3"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

fn wildcard<'d>(items: &[Item<'d>]) -> Option<Item<'d>> {
    items.iter().copied().find(Item::is_wildcard)
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if !is_role(object) || is_bootstrap_object(object) {
        return;
    }
    for rule in policy_rules(object) {
        let wildcards = [
            ("resources", wildcard(&rule.resources)),
            ("verbs", wildcard(&rule.verbs)),
            ("apiGroups", wildcard(&rule.api_groups)),
        ];
        let found: Vec<(&str, Item<'_>)> = wildcards
            .iter()
            .filter_map(|(field, item)| Some((*field, (*item)?)))
            .collect();
        let Some(((_, primary), rest)) = found.split_first() else {
            continue;
        };
        let fields: Vec<&str> = found.iter().map(|(field, _)| *field).collect();
        let verbs = if wildcards[1].1.is_some() {
            "every verb".to_owned()
        } else {
            listed(&rule.verbs)
        };
        let resources = if wildcards[0].1.is_some() {
            "every resource".to_owned()
        } else {
            listed(&rule.resources)
        };
        let groups = if wildcards[2].1.is_some() {
            " in every API group".to_owned()
        } else {
            String::new()
        };
        let finding = findings.report(
            primary.span(),
            format!(
                "{} uses `*` in {}: it grants {verbs} on {resources}{groups}, including what is added later",
                describe_object(object),
                join_verbs(&fields),
            ),
        );
        for (field, item) in rest {
            finding.label(item.span(), format!("`*` in {field}"));
        }
        finding.help("list the verbs, resources and API groups the subjects need instead of `*`");
    }
}

/// `get, list` → "`get`, `list`".
fn listed(items: &[Item<'_>]) -> String {
    if items.is_empty() {
        return "nothing".to_owned();
    }
    items
        .iter()
        .map(|i| format!("`{}`", i.text))
        .collect::<Vec<_>>()
        .join(", ")
}
