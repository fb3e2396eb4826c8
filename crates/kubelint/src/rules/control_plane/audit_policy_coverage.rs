use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};
use crate::yaml::NodeRef;

declare_rule! {
    /// ## What it flags
    /// An audit policy (`audit.k8s.io` `Policy`) in which requests for
    /// `secrets`, `configmaps` or `tokenreviews` are not recorded: the first
    /// rule that matches them unconditionally has `level: None`, or no rule
    /// matches them. It also flags `Request` or `RequestResponse` for
    /// `secrets` and `tokenreviews`, which writes secret values and bearer
    /// tokens into the audit log. Rules limited to some users, groups,
    /// verbs, namespaces or resource names only exclude part of the traffic
    /// and are skipped when finding the deciding rule.
    ///
    /// ## Why it matters
    /// Reads of Secrets and token reviews are exactly what an investigation
    /// of a credential leak needs, and CIS 3.2.2 asks for them. The first
    /// matching rule wins, so a broad `level: None` rule placed early
    /// silently drops them. Logging their bodies is the opposite mistake:
    /// the audit log becomes a copy of every Secret.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: audit.k8s.io/v1
    /// kind: Policy
    /// rules:
    /// - level: None
    ///   resources:
    ///   - group: ""
    ///     resources: ["secrets", "configmaps"]
    /// - level: Metadata
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: audit.k8s.io/v1
    /// kind: Policy
    /// rules:
    /// - level: Metadata
    ///   resources:
    ///   - group: ""
    ///     resources: ["secrets", "configmaps"]
    ///   - group: authentication.k8s.io
    ///     resources: ["tokenreviews"]
    /// - level: None
    ///   users: ["system:kube-proxy"]
    ///   verbs: ["watch"]
    /// - level: Request
    /// ```
    ///
    /// ## How to fix
    /// Put a `level: Metadata` rule for `secrets`, `configmaps` and
    /// `tokenreviews` before any broad `level: None` rule, and never log
    /// their request or response bodies.
    ///
    /// ## References
    /// - [Auditing: audit policy](https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#audit-policy)
    /// - CIS Kubernetes Benchmark 3.2.2
    pub static RULE = Rule {
        id: "audit-policy-coverage",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Audit policy drops, or logs the bodies of, Secret, ConfigMap or TokenReview requests",
        practice: Practice::AuditLogs,
        equivalents: &[
            Tool::Cis.same("3.2.2"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

/// `(group, resource, whether bodies hold secrets)`.
const TARGETS: &[(&str, &str, bool)] = &[
    ("", "secrets", true),
    ("", "configmaps", false),
    ("authentication.k8s.io", "tokenreviews", true),
];

fn non_empty(rule: NodeRef<'_>, key: &str) -> bool {
    rule.get(key).is_some_and(|v| v.items().len() > 0)
}

/// Whether `rule` matches every request for the resource (not just some
/// users', verbs' or names').
fn matches_fully(rule: NodeRef<'_>, group: &str, resource: &str) -> bool {
    if [
        "users",
        "userGroups",
        "verbs",
        "namespaces",
        "nonResourceURLs",
    ]
    .iter()
    .any(|key| non_empty(rule, key))
    {
        return false;
    }
    let Some(resources) = rule.get("resources").filter(|r| r.items().len() > 0) else {
        return true;
    };
    resources.items().any(|entry| {
        let entry_group = entry.get("group").and_then(|g| g.as_str()).unwrap_or("");
        if entry_group != group && entry_group != "*" {
            return false;
        }
        if non_empty(entry, "resourceNames") {
            return false;
        }
        match entry.get("resources").filter(|r| r.items().len() > 0) {
            None => true,
            Some(list) => list.items().any(|r| {
                matches!(r.as_str(), Some(name) if name == resource || name == "*" || name == format!("{resource}/*"))
            }),
        }
    })
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if object.kind != "Policy" || object.group() != "audit.k8s.io" {
        return;
    }
    let rules: Vec<NodeRef<'_>> = object
        .root
        .get("rules")
        .map(|r| r.items().filter(|i| i.is_mapping()).collect())
        .unwrap_or_default();
    for (group, resource, secret_bodies) in TARGETS {
        let deciding = rules.iter().find(|r| matches_fully(**r, group, resource));
        let Some(rule) = deciding else {
            findings
                .report(
                    object.kind_span(),
                    format!("audit Policy has no rule that records `{resource}` requests, so they are not audited"),
                )
                .help(format!("add a `level: Metadata` rule for `{resource}` before any broad `level: None` rule"));
            continue;
        };
        let Some(level) = rule.get("level") else {
            continue;
        };
        match level.as_str() {
            Some("None") => {
                findings
                    .report_at(
                        level,
                        format!("audit Policy drops `{resource}` requests: the first rule that matches them all has `level: None`"),
                    )
                    .help(format!("add a `level: Metadata` rule for `{resource}` before this one, or narrow this rule"));
            }
            Some(body @ ("Request" | "RequestResponse")) if *secret_bodies => {
                findings
                    .report_at(
                        level,
                        format!("audit Policy logs `{resource}` at `{body}`: secret values and tokens are written into the audit log"),
                    )
                    .help(format!("log `{resource}` at `level: Metadata`"));
            }
            _ => {}
        }
    }
}
