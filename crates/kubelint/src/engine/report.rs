use super::{Skip, INPUT_ERROR_RULES};
use crate::diagnostic::{Diagnostic, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    pub sources: BTreeMap<String, String>,
}

impl Report {
    /// Whether some input could not be read or parsed.
    pub fn has_input_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| INPUT_ERROR_RULES.contains(&d.rule.as_str()))
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

/// The JSON output (`kubelint check --format json`), documented in
/// `docs/json-output.md`. Fields are only ever added; `version` changes if
/// one is removed or changes meaning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonReport {
    pub version: u32,
    pub summary: JsonSummary,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonSummary {
    pub files: usize,
    pub documents: usize,
    pub objects: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Helm templates that were skipped (render them first).
    pub skipped_templates: Vec<String>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    pub fn to_json(&self) -> JsonReport {
        JsonReport {
            version: 1,
            summary: JsonSummary {
                files: self.files,
                documents: self.documents,
                objects: self.objects,
                errors: self.count(Severity::Error),
                warnings: self.count(Severity::Warning),
                infos: self.count(Severity::Info),
                skipped_templates: self.skipped.iter().map(|s| s.file.clone()).collect(),
            },
            diagnostics: self.diagnostics.clone(),
        }
    }
}
