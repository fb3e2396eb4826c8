use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, InputRule, Practice};

declare_rule! {
    /// ## What it flags
    /// A path that was given or found but could not be read: it does not exist,
    /// permission is denied, it is larger than `limits.max-file-size`, it holds
    /// more documents than `limits.max-documents`, or it is not a regular file
    /// (a FIFO or a device).
    ///
    /// ## Why it matters
    /// A linter that silently skips what it cannot read passes a pipeline it
    /// should fail. kubelint reports the path, goes on with the other files,
    /// and exits with code 2.
    ///
    /// ## How to fix
    /// Check the path and its permissions, or raise the limit in
    /// `.kubelint.yaml`:
    ///
    /// ```yaml
    /// limits:
    ///   max-file-size: 512MiB
    /// ```
    pub static RULE = Rule {
        id: "unreadable-file",
        severity: Severity::Error,
        default_enabled: true,
        summary: "A file could not be read (missing, permissions, too large, not a regular file)",
        practice: Practice::ValidInput,
        fix: None,
        check: Check::Input(InputRule {
            not_checked: true,
            malformed_yaml: false,
            suppressible: false,
        }),
    };
}
