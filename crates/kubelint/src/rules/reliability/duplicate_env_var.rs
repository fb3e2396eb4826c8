use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::source::Span;
use std::collections::BTreeMap;

declare_rule! {
    /// ## What it flags
    /// An `env` entry of a container (init and ephemeral containers
    /// included) whose `name` an earlier entry of the same list already
    /// set. Each repeat is reported at its `name`, pointing at the first.
    ///
    /// ## Why it matters
    /// Only the last definition reaches the process; the earlier one is
    /// silently dropped (the API server merely warns "hides previous
    /// definition"). A reviewer who reads the first value — say a feature
    /// flag or a database host — is misled, and `kubectl apply` of a
    /// strategic-merge patch keyed on the name changes only one of them.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: api}
    /// spec:
    ///   containers:
    ///   - name: api
    ///     image: registry.example.com/api:5.0.0
    ///     env:
    ///     - {name: LOG_LEVEL, value: info}
    ///     - {name: LOG_LEVEL, value: debug}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: api}
    /// spec:
    ///   containers:
    ///   - name: api
    ///     image: registry.example.com/api:5.0.0
    ///     env:
    ///     - {name: LOG_LEVEL, value: debug}
    /// ```
    ///
    /// ## How to fix
    /// Keep one entry per name: the value the container should get.
    ///
    /// ## References
    /// - [Define environment variables for a container](https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/)
    pub static RULE = Rule {
        id: "duplicate-env-var",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Container sets the same environment variable twice",
        practice: Practice::DisasterRecovery,
        equivalents: &[
            Tool::KubeLinter.same("duplicate-env-var"),
            Tool::KubeScore.same("environment-variable-key-duplication"),
        ],
        fix: None,
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    for container in ctx.pod.containers() {
        let Some(env) = container.get("env").filter(|e| e.is_sequence()) else {
            continue;
        };
        // name → where it is first defined.
        let mut first: BTreeMap<&str, Span> = BTreeMap::new();
        for entry in env.items() {
            let Some(name_node) = entry.get("name") else {
                continue;
            };
            let Some(name) = name_node.as_str() else {
                continue;
            };
            match first.get(name) {
                None => {
                    first.insert(name, name_node.span());
                }
                Some(earlier) => {
                    findings
                        .report_at(
                            name_node,
                            format!(
                                "{} sets `{name}` twice: only this later value reaches the process",
                                container.describe()
                            ),
                        )
                        .label(*earlier, "first set here, and ignored")
                        .help("keep one entry per variable name");
                }
            }
        }
    }
}
