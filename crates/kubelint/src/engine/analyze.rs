//! One file: split, parse, find objects, run object rules.

use super::helm::TemplateEvidence;
use super::Linter;
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

/// One document's share of a [`FileAnalysis`].
struct DocumentAnalysis {
    analysis: FileAnalysis,
    evidence: TemplateEvidence,
    /// The document does not parse but looks like a Kubernetes object.
    broken_manifest: bool,
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
        // Each document is parsed, linted and dropped on its own: a file's
        // trees are never in memory together (a 100 MB file of small
        // documents would need gigabytes), only their findings are.
        let may_be_template = memchr::memmem::find(text.as_bytes(), b"{{").is_some();
        let one = |(index, chunk): (usize, &crate::yaml::DocumentChunk)| {
            let doc = parse_document(text, chunk.span, index, limits);
            self.analyze_document(file, text, &doc, may_be_template)
        };
        let results: Vec<DocumentAnalysis> =
            if text.len() > PARALLEL_PARSE_BYTES && chunks.len() > 1 {
                chunks.par_iter().enumerate().map(one).collect()
            } else {
                chunks.iter().enumerate().map(one).collect()
            };
        analysis.documents = results.len();
        let evidence = results
            .iter()
            .fold(TemplateEvidence::default(), |e, r| e.and(r.evidence));
        if may_be_template && evidence.is_template(text) {
            analysis.skip = Some(Skip::HelmTemplate);
            return analysis;
        }
        let mut broken_manifest = false;
        for result in results {
            broken_manifest |= result.broken_manifest;
            let part = result.analysis;
            analysis.findings.extend(part.findings);
            analysis.suppressions.extend(part.suppressions);
            analysis.set_documents.extend(part.set_documents);
            analysis.workloads.extend(part.workloads);
            analysis.objects += part.objects;
        }
        if analysis.objects == 0 && !broken_manifest {
            analysis.findings.clear();
            analysis.skip = Some(Skip::NotAManifest);
        }
        analysis
    }

    /// YAML issues and object-rule findings of one parsed document.
    fn analyze_document(
        &self,
        file: FileId,
        text: &str,
        doc: &Document<'_>,
        may_be_template: bool,
    ) -> DocumentAnalysis {
        let mut analysis = FileAnalysis::default();
        let evidence = if may_be_template {
            TemplateEvidence::of(doc)
        } else {
            TemplateEvidence::default()
        };
        for issue in &doc.issues {
            let rule = match issue.kind {
                YamlIssueKind::DuplicateKey => rules::input::duplicate_key::RULE.id,
                _ => rules::input::invalid_yaml::RULE.id,
            };
            let mut finding = Finding::new(rule, issue.span, issue.message.clone());
            if let Some((span, message)) = &issue.related {
                finding.label(*span, message.clone());
            }
            analysis.findings.push(finding);
        }
        let mut broken_manifest = false;
        if doc.is_broken() {
            let chunk = &text[doc.span.range()];
            broken_manifest = chunk.contains("apiVersion") || chunk.contains("kind:");
        } else {
            self.lint_document(file, doc, &mut analysis);
        }
        DocumentAnalysis {
            analysis,
            evidence,
            broken_manifest,
        }
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
