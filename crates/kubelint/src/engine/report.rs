use super::{Skip, INPUT_ERROR_RULES};
use crate::diagnostic::{Diagnostic, Severity};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A file that was not linted, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub file: String,
    pub reason: Skip,
}

/// The result of linting a set of paths.
#[derive(Debug, Default)]
pub struct Report {
    /// Sorted by file, position, rule.
    pub diagnostics: Vec<Diagnostic>,
    pub files: usize,
    pub documents: usize,
    pub objects: usize,
    /// YAML files without Kubernetes objects (CI workflows, values files).
    pub not_manifests: usize,
    /// Helm templates, which must be rendered first.
    pub skipped: Vec<Skipped>,
    /// Text of the files that have diagnostics, for rendering snippets.
    pub sources: BTreeMap<String, Arc<str>>,
}

impl Report {
    /// Whether some input could not be read or parsed.
    pub fn has_input_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| INPUT_ERROR_RULES.contains(&d.rule.as_str()))
    }

    /// 0 clean, 1 findings at or above `fail_on`, 2 input errors.
    pub fn exit_code(&self, fail_on: Severity) -> i32 {
        if self.has_input_errors() {
            2
        } else if self.diagnostics.iter().any(|d| d.severity >= fail_on) {
            1
        } else {
            0
        }
    }
}
