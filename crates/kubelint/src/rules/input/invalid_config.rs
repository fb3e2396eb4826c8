use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, InputRule, Practice};

declare_rule! {
    /// ## What it flags
    /// A `.kubelint.yaml` that kubelint cannot use: invalid YAML, unknown keys,
    /// unknown rule ids, severities other than `error`, `warning`, `info` or
    /// `off`, and limits that are not sizes or counts.
    ///
    /// ## Why it matters
    /// A typo in a configuration file should not silently turn a rule off or
    /// on. The run exits with code 2.
    ///
    /// ## Example
    /// ```yaml
    /// rules:
    ///   privileged-containers: off   # unknown rule id: the rule is `privileged-container`
    /// ```
    ///
    /// ## How to fix
    /// Fix the key or value at the reported position; `kubelint rules` lists
    /// every rule id.
    pub static RULE = Rule {
        id: "invalid-config",
        severity: Severity::Error,
        default_enabled: true,
        summary: "The configuration file has an error",
        practice: Practice::ValidInput,
        fix: None,
        check: Check::Input(InputRule {
            not_checked: true,
            malformed_yaml: false,
            suppressible: false,
        }),
    };
}
