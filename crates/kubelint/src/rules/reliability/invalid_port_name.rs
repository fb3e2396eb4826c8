use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};
use crate::yaml::NodeRef;

declare_rule! {
    /// ## What it flags
    /// A port name that is not a valid `IANA_SVC_NAME`, which Kubernetes
    /// requires of a container port's `name` and of a Service's named
    /// `targetPort`: 1 to 15 characters, lowercase letters, digits and
    /// `-`, at least one letter, no `-` at either end and no `--`. The name
    /// is reported.
    ///
    /// ## Why it matters
    /// The API server rejects the object (`must be no more than 15
    /// characters`, `must contain only alpha-numeric characters (a-z, 0-9),
    /// and hyphens (-)`), so the rollout fails at apply time — typically
    /// after a port was renamed to something descriptive like
    /// `http-metrics-endpoint`.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Service
    /// metadata: {name: api}
    /// spec:
    ///   selector: {app: api}
    ///   ports: [{port: 80, targetPort: http_api}]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Service
    /// metadata: {name: api}
    /// spec:
    ///   selector: {app: api}
    ///   ports: [{port: 80, targetPort: http-api}]
    /// ```
    ///
    /// ## How to fix
    /// Rename the port (and every reference to it) to at most 15 lowercase
    /// letters, digits and single hyphens.
    ///
    /// ## References
    /// - [ContainerPort `name`](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports)
    /// - [RFC 6335 §5.1: service name syntax](https://www.rfc-editor.org/rfc/rfc6335#section-5.1)
    pub static RULE = Rule {
        id: "invalid-port-name",
        severity: Severity::Error,
        default_enabled: false,
        summary: "Port name is not a valid IANA service name",
        practice: Practice::DisasterRecovery,
        equivalents: &[
            Tool::KubeLinter.same("invalid-target-ports"),
            Tool::KubeScore.inspired("container-ports-check"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

/// Why `name` is not an `IANA_SVC_NAME` (apimachinery `IsValidPortName`).
fn problem(name: &str) -> Option<&'static str> {
    if name.is_empty() || name.len() > 15 {
        return Some("must be 1 to 15 characters");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Some("may hold only lowercase letters, digits and `-`");
    }
    if !name.bytes().any(|b| b.is_ascii_lowercase()) {
        return Some("must contain a letter");
    }
    if name.starts_with('-') || name.ends_with('-') || name.contains("--") {
        return Some("may not begin or end with `-` or hold `--`");
    }
    None
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    let mut names: Vec<(NodeRef<'_>, &str)> = Vec::new();
    for pod in ctx.pods {
        for container in pod.containers() {
            names.extend(container.ports().iter().filter_map(|p| {
                let name = p.get("name")?;
                Some((name, "container port"))
            }));
        }
    }
    if object.kind == "Service" && object.api_version == "v1" {
        let ports = object.root.path(&["spec", "ports"]);
        names.extend(
            ports
                .into_iter()
                .flat_map(|p| p.items())
                .filter_map(|p| p.get("targetPort"))
                .filter(|t| t.as_i64().is_none())
                .map(|t| (t, "targetPort")),
        );
    }
    for (node, what) in names {
        let Some(name) = node.as_str() else {
            continue;
        };
        let Some(why) = problem(name) else {
            continue;
        };
        findings
            .report_at(
                node,
                format!("{what} name `{name}` is not a valid port name ({why}): the API server rejects it"),
            )
            .help("use at most 15 lowercase letters, digits and single hyphens");
    }
}
