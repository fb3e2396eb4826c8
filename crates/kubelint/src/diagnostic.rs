//! Findings as plain, serialisable data. Rendering happens at the edges.

use crate::source::{LineCol, LineIndex, Span};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; does not fail a run by default.
    Info,
    /// Should be fixed; fails a run with `--fail-on warning`.
    Warning,
    /// Must be fixed; fails a run by default.
    Error,
}

impl Severity {
    /// The lowercase name used in the configuration and the output (`"error"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Reads a severity name (`info`/`note`, `warning`/`warn`, `error`);
    /// `None` for anything else.
    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "info" | "note" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a fix can be applied without a human looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps the manifest's intent and only removes the risk.
    Safe,
    /// Changes behaviour a workload may rely on (it may stop starting).
    Unsafe,
}

/// Replace the bytes in `span` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Edit {
    /// Byte range in the file's text to replace (empty: insert at `start`).
    pub range: Span,
    /// The new text.
    pub replacement: String,
}

/// A rule's proposed change: edits that do not overlap, in file order.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Fix {
    /// What the fix does, for a human (`Set privileged: false`).
    pub title: String,
    /// Whether the fix may be applied without review.
    pub applicability: Applicability,
    /// The edits, in file order, none overlapping.
    pub edits: Vec<Edit>,
}

/// A secondary location that explains the finding.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Label {
    /// What this location has to do with the finding.
    pub message: String,
    /// Byte range of the location in the file.
    pub range: Span,
    /// 1-based line and character column of `range.start`.
    pub start: LineCol,
    /// 1-based line and character column of `range.end`.
    pub end: LineCol,
}

/// One finding in one file. This is also the JSON output schema (see
/// `docs/json-output.md`); fields are only ever added.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Diagnostic {
    /// The file as given on the command line or found by the walk; `-` for stdin.
    pub file: String,
    /// Rule id, e.g. `privileged-container`.
    pub rule: String,
    /// The severity the run reports it at (the rule's, or the configured one).
    pub severity: Severity,
    /// What is wrong, about this object, in one or two sentences.
    pub message: String,
    /// Byte range of the primary span in the file.
    pub range: Span,
    /// 1-based line and character column of `range.start`.
    pub start: LineCol,
    /// 1-based line and character column of `range.end`.
    pub end: LineCol,
    /// Secondary locations that explain the finding.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
    /// How to fix it, when the message alone does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// A text edit that fixes it, when one is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// `Kind/namespace/name` of the object the finding is about, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
}

impl Diagnostic {
    /// The order findings are reported in: by file, position, then rule.
    pub fn sort_key(&self) -> (&str, u32, u32, &str, &str) {
        (
            &self.file,
            self.range.start,
            self.range.end,
            &self.rule,
            &self.message,
        )
    }
}

/// A finding before it knows its file's line index and the run's config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule's id.
    pub rule: &'static str,
    /// File-absolute byte range of the offending value or key, or of the
    /// container or object that should hold what is missing.
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// Secondary locations and what each has to do with the finding.
    pub labels: Vec<(Span, String)>,
    /// How to fix it.
    pub help: Option<String>,
    /// A text edit that fixes it.
    pub fix: Option<Fix>,
    /// `Kind/namespace/name` of the object it is about.
    pub object: Option<String>,
    /// The root span of the object an object rule found this on. Annotation
    /// suppressions match by it, so they cover their own object's findings
    /// even where those sit in text shared through an alias, and never
    /// another object's. Not part of the output.
    pub owner: Option<Span>,
    /// A ceiling for this finding's severity, below the rule's: a rule
    /// that is sure of some findings and less of others (values that may
    /// be secret) reports the others lower. A lower configured severity
    /// still wins.
    pub severity_cap: Option<Severity>,
}

impl Finding {
    /// A finding of `rule` at `span` (file-absolute bytes).
    pub fn new(rule: &'static str, span: Span, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            span,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            fix: None,
            object: None,
            owner: None,
            severity_cap: None,
        }
    }

    /// Adds a secondary location.
    pub fn label(&mut self, span: Span, message: impl Into<String>) -> &mut Finding {
        self.labels.push((span, message.into()));
        self
    }

    /// Sets the help text.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Finding {
        self.help = Some(help.into());
        self
    }

    /// Sets the fix (`None`: no fix is known).
    pub fn fix(&mut self, fix: Option<Fix>) -> &mut Finding {
        self.fix = fix;
        self
    }

    /// Caps this finding's severity at `severity` (see [`Finding::severity_cap`]).
    pub fn at_most(&mut self, severity: Severity) -> &mut Finding {
        self.severity_cap = Some(severity);
        self
    }

    /// Positions the finding in its file.
    pub fn into_diagnostic(
        self,
        file: &str,
        text: &str,
        index: &LineIndex,
        severity: Severity,
    ) -> Diagnostic {
        Diagnostic {
            file: file.to_owned(),
            rule: self.rule.to_owned(),
            severity: self.severity_cap.map_or(severity, |cap| severity.min(cap)),
            message: self.message,
            range: self.span,
            start: index.line_col(text, self.span.start),
            end: index.line_col(text, self.span.end),
            labels: self
                .labels
                .into_iter()
                .map(|(span, message)| Label {
                    message,
                    range: span,
                    start: index.line_col(text, span.start),
                    end: index.line_col(text, span.end),
                })
                .collect(),
            help: self.help,
            fix: self.fix,
            object: self.object,
        }
    }
}
