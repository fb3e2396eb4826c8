use super::{FileAnalysis, Skip};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{LineCol, LineIndex, Span};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Something that was not linted, and why: a template document, a document
/// that is not a Kubernetes object, a file that holds none, an excluded file.
/// The CLI prints these in every format and the language server shows them;
/// nothing is skipped without one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Skipped {
    /// The file, as named in findings.
    pub file: String,
    /// Why it (or part of it) was not linted.
    pub reason: Skip,
    /// What a user reads (why, and what to do).
    pub message: String,
    /// Where in the file: the template action, or the start of the document
    /// that is not an object. Absent when the whole file was not linted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<Span>,
    /// 1-based line and column of `range.start`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<LineCol>,
}

impl Skipped {
    /// What of the file `path` (with `text`) its analysis did not lint.
    pub fn of(path: &str, text: &str, analysis: &FileAnalysis) -> Vec<Skipped> {
        if analysis.skipped.is_empty() {
            return Vec::new();
        }
        let index = LineIndex::new(text);
        analysis
            .skipped
            .iter()
            .map(|part| match part.reason {
                Skip::NotAManifest | Skip::Excluded => {
                    Skipped::whole_file(path.to_owned(), part.reason)
                }
                Skip::Template | Skip::NotAnObject => Skipped {
                    range: Some(part.at),
                    start: Some(index.line_col(text, part.at.start)),
                    ..Skipped::whole_file(path.to_owned(), part.reason)
                },
            })
            .collect()
    }

    /// A whole file not linted for `reason`.
    pub fn whole_file(file: String, reason: Skip) -> Skipped {
        Skipped {
            file,
            reason,
            message: reason.message().to_owned(),
            range: None,
            start: None,
        }
    }
}

/// The result of linting a set of paths.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Report {
    /// Sorted by file, position, rule.
    pub diagnostics: Vec<Diagnostic>,
    /// Files read.
    pub files: usize,
    /// YAML documents in them.
    pub documents: usize,
    /// Kubernetes objects in them (Lists flattened).
    pub objects: usize,
    /// What was not linted, by file (excluded files last).
    pub skipped: Vec<Skipped>,
    /// Text of the files that have diagnostics, for rendering snippets.
    pub sources: BTreeMap<String, String>,
}

impl Report {
    /// Whether some input could not be read or parsed.
    pub fn has_input_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| crate::rules::means_not_checked(&d.rule))
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

    /// The skipped entries for one reason.
    pub fn skipped_for(&self, reason: Skip) -> impl Iterator<Item = &Skipped> + '_ {
        self.skipped.iter().filter(move |s| s.reason == reason)
    }
}

/// The JSON output (`kubelint check --format json`), documented in
/// `docs/json-output.md`. Fields are only ever added; `version` changes if
/// one is removed or changes meaning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct JsonReport {
    /// The schema version; changes only when a field is removed or changes meaning.
    pub version: u32,
    /// Counts and what was not linted.
    pub summary: JsonSummary,
    /// Every finding, sorted by file, position, rule.
    pub diagnostics: Vec<Diagnostic>,
}

/// The `summary` of the JSON output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct JsonSummary {
    /// Files read.
    pub files: usize,
    /// YAML documents in them.
    pub documents: usize,
    /// Kubernetes objects in them (Lists flattened).
    pub objects: usize,
    /// Findings at severity error.
    pub errors: usize,
    /// Findings at severity warning.
    pub warnings: usize,
    /// Findings at severity info.
    pub infos: usize,
    /// Files with template documents that were not linted (render them
    /// first); the same files as the `template` entries of `skipped`.
    pub skipped_templates: Vec<String>,
    /// Everything that was not linted, with the reason.
    #[serde(default)]
    pub skipped: Vec<Skipped>,
}

impl Report {
    /// How many findings have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// The report as the JSON output's document.
    pub fn to_json(&self) -> JsonReport {
        let mut templates: Vec<String> = self
            .skipped_for(Skip::Template)
            .map(|s| s.file.clone())
            .collect();
        templates.dedup();
        JsonReport {
            version: 1,
            summary: JsonSummary {
                files: self.files,
                documents: self.documents,
                objects: self.objects,
                errors: self.count(Severity::Error),
                warnings: self.count(Severity::Warning),
                infos: self.count(Severity::Info),
                skipped_templates: templates,
                skipped: self.skipped.clone(),
            },
            diagnostics: self.diagnostics.clone(),
        }
    }
}
