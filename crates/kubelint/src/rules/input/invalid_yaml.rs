use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, InputRule, Practice};

declare_rule! {
    /// ## What it flags
    /// A document that is not valid YAML, or that cannot be read safely: syntax
    /// errors, aliases to unknown or enclosing anchors, alias expansion beyond
    /// the budget (a "billion laughs" alias bomb), nesting deeper than the
    /// limit, documents with more nodes than the limit, and files that are
    /// not UTF-8 text. The limits are set in `.kubelint.yaml` (`limits:`) and
    /// each message names its key.
    ///
    /// ## Why it matters
    /// `kubectl apply` rejects the document, so nothing in it is deployed — and
    /// nothing in it can be checked. The other documents of the same file are
    /// still linted.
    ///
    /// The run exits with code 2 when this happens.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata: {name: broken
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata: {name: fixed}
    /// ```
    ///
    /// ## How to fix
    /// Fix the syntax at the reported line:column. Helm templates are not YAML
    /// until rendered: pipe them in with `helm template . | kubelint check -`.
    pub static RULE = Rule {
        id: "invalid-yaml",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Document is not valid YAML (syntax, aliases, limits, encoding)",
        practice: Practice::ValidInput,
        fix: None,
        check: Check::Input(InputRule {
            not_checked: true,
            malformed_yaml: true,
            suppressible: false,
        }),
    };
}
