use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, InputRule, Practice};

declare_rule! {
    /// ## What it flags
    /// A suppression that suppresses nothing: a `# kubelint-ignore: <rule>`
    /// comment or a `kubelint/ignore` annotation naming a rule that reports no
    /// finding where it applies, or naming a rule that does not exist; a
    /// file-wide comment outside the leading comments; and, with
    /// `require-reason: true`, a suppression that gives no `-- reason`.
    ///
    /// ## Why it matters
    /// Stale suppressions hide the next real finding at the same place. They
    /// also document a risk that is no longer there.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: app}
    /// spec:
    ///   securityContext: {runAsNonRoot: true}
    ///   containers:
    ///   - name: app
    ///     image: nginx:1.27
    ///     securityContext:
    ///       allowPrivilegeEscalation: false
    ///       # kubelint-ignore: privileged-container -- legacy driver
    ///       privileged: false
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: app}
    /// spec:
    ///   securityContext: {runAsNonRoot: true}
    ///   containers:
    ///   - name: app
    ///     image: nginx:1.27
    ///     securityContext:
    ///       allowPrivilegeEscalation: false
    ///       privileged: false
    /// ```
    ///
    /// ## How to fix
    /// Delete the suppression, or correct the rule id it names.
    ///
    /// ## Suppression syntax
    /// - A comment on the line of the finding, or alone on the line above it:
    ///   `# kubelint-ignore: rule-a, rule-b -- reason`.
    /// - A comment among the file's leading comments for the whole file:
    ///   `# kubelint-ignore-file: rule-a -- reason`. In rendered Helm
    ///   output, after a template's `# Source:` line, it covers that
    ///   template's documents only.
    /// - An annotation on the object or its pod template:
    ///   `kubelint/ignore: "rule-a,rule-b"`; for one container only:
    ///   `kubelint/ignore.<container-name>: "rule-a"`. It covers that
    ///   object's findings only.
    ///
    /// Only real YAML comments count: a line inside a value (a script, an
    /// annotation, a JSON string) that reads `# kubelint-ignore` is text.
    /// `all` stands for every rule. `kubelint check --no-inline-ignores`
    /// (`inline-ignores: false`) ignores every suppression written in the
    /// manifests.
    pub static RULE = Rule {
        id: "unused-suppression",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "A suppression comment or annotation suppresses nothing",
        practice: Practice::ValidInput,
        fix: None,
        check: Check::Input(InputRule {
            not_checked: false,
            malformed_yaml: false,
            suppressible: false,
        }),
    };
}
