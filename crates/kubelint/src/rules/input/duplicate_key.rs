use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, InputRule, Practice};

declare_rule! {
    /// ## What it flags
    /// A mapping that has the same key twice.
    ///
    /// ## Why it matters
    /// Kubernetes keeps only the last value, so a reviewer who reads the first
    /// one sees a different manifest from the one that is deployed — a classic
    /// way to hide `privileged: true` below a harmless-looking
    /// `privileged: false`. kubelint's rules read the value Kubernetes uses.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: app
    ///   name: other
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: app
    /// ```
    ///
    /// ## How to fix
    /// Delete the key you do not mean. The finding points at the duplicate and
    /// labels the first definition.
    pub static RULE = Rule {
        id: "duplicate-key",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Mapping has the same key twice; only the last one takes effect",
        practice: Practice::ValidInput,
        fix: None,
        check: Check::Input(InputRule {
            not_checked: false,
            malformed_yaml: true,
            suppressible: true,
        }),
    };
}
