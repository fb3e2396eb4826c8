//! One file: split, parse, find objects, run object rules.

use super::{helm, Linter};
use crate::diagnostic::Finding;
use crate::k8s::objects_in;
use crate::rules::{self, Check, Findings, ObjectCtx, RuleOptions};
use crate::set_index::{FileId, Workload};
use crate::source::{bom_len, Span};
use crate::suppress::{self, Suppression};
use crate::yaml::{parse_document, split_documents, Document, YamlIssueKind};
use rayon::prelude::*;

/// Why a file produced no findings by design.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    /// A Helm template: render it first (`helm template . | kubelint check -`).
    HelmTemplate,
    /// YAML without Kubernetes objects (CI workflow, compose file, values).
    NotAManifest,
}

/// What the per-file pass learns; the set phase and suppressions finish it.
#[derive(Clone, Debug, Default)]
pub struct FileAnalysis {
    /// YAML problems and object-rule findings, before suppressions.
    pub findings: Vec<Finding>,
    /// Suppressions from annotations (comments are read when finishing).
    pub suppressions: Vec<Suppression>,
    /// `(document index, span)` of documents holding kinds set rules read.
    pub set_documents: Vec<(usize, Span)>,
    pub workloads: Vec<Workload>,
    pub documents: usize,
    pub objects: usize,
    pub skip: Option<Skip>,
}

/// Above this size a file's documents are parsed in parallel.
const PARALLEL_PARSE_BYTES: usize = 256 * 1024;

impl Linter {
    /// Parses and lints one file's text with the object rules.
    pub fn analyze(&self, file: FileId, text: &str) -> FileAnalysis {
        let limits = &self.config().limits;
        let mut analysis = FileAnalysis::default();
        let mut chunks = split_documents(text, bom_len(text));
        chunks.retain(|c| c.has_content);
        if chunks.len() > limits.max_documents {
            analysis.findings.push(Finding::new(
                rules::input::unreadable_file::RULE.id,
                Span::at(chunks[limits.max_documents].span.start),
                format!(
                    "file has {} documents, more than the limit of {} (limits.max-documents); the rest is not linted",
                    chunks.len(),
                    limits.max_documents
                ),
            ));
            chunks.truncate(limits.max_documents);
        }
        let parse = |(index, chunk): (usize, &crate::yaml::DocumentChunk)| {
            parse_document(text, chunk.span, index, limits)
        };
        let documents: Vec<Document<'_>> = if text.len() > PARALLEL_PARSE_BYTES && chunks.len() > 1
        {
            chunks.par_iter().enumerate().map(parse).collect()
        } else {
            chunks.iter().enumerate().map(parse).collect()
        };
        analysis.documents = documents.len();
        if memchr::memmem::find(text.as_bytes(), b"{{").is_some()
            && helm::is_template(text, &documents)
        {
            analysis.skip = Some(Skip::HelmTemplate);
            return analysis;
        }
        let mut broken_manifest = false;
        for doc in &documents {
            for issue in &doc.issues {
                let rule = match issue.kind {
                    YamlIssueKind::DuplicateKey => rules::input::duplicate_key::RULE.id,
                    _ => rules::input::invalid_yaml::RULE.id,
                };
                let finding = Finding::new(rule, issue.span, issue.message.clone());
                analysis.findings.push(match &issue.related {
                    Some((span, message)) => {
                        let mut f = finding;
                        f.label(*span, message.clone());
                        f
                    }
                    None => finding,
                });
            }
            if doc.is_broken() {
                let chunk = &text[doc.span.range()];
                broken_manifest |= chunk.contains("apiVersion") || chunk.contains("kind:");
                continue;
            }
            self.lint_document(file, doc, &mut analysis);
        }
        if analysis.objects == 0 && !broken_manifest {
            analysis.findings.clear();
            analysis.skip = Some(Skip::NotAManifest);
        }
        analysis
    }

    fn lint_document(&self, file: FileId, doc: &Document<'_>, analysis: &mut FileAnalysis) {
        let mut wants_set_phase = false;
        for object in objects_in(doc) {
            analysis.objects += 1;
            suppress::annotation_suppressions(&object, &mut analysis.suppressions);
            for active in &self.active {
                if let Check::Object(check) = active.rule.check {
                    let ctx = ObjectCtx {
                        object: &object,
                        options: RuleOptions::new(self.config().rule_options(active.rule.id)),
                    };
                    check(
                        &ctx,
                        &mut Findings {
                            rule: active.rule,
                            object: &object,
                            out: &mut analysis.findings,
                        },
                    );
                }
            }
            if let Some(workload) = Workload::from_object(file, &object) {
                analysis.workloads.push(workload);
            }
            wants_set_phase |= self.set_kinds.contains(object.kind);
        }
        if wants_set_phase {
            analysis.set_documents.push((doc.index, doc.span));
        }
    }
}
