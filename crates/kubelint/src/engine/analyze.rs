//! One file: split, parse, find objects, run object rules.

use super::helm::TemplateEvidence;
use super::Linter;
use crate::diagnostic::Finding;
use crate::k8s::objects_in;
use crate::rules::{self, Check, Findings, ObjectCtx, RuleOptions};
use crate::set_index::{FileId, Workload};
use crate::source::{bom_len, Span};
use crate::suppress::{self, Suppression};
use crate::yaml::{parse_chunk, split_documents, Document, YamlIssueKind};
use rayon::prelude::*;
use std::ops::Range;

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
    /// Suppressions from annotations and comments (file-wide ones are read
    /// when finishing).
    pub suppressions: Vec<Suppression>,
    /// `(document index, span)` of documents holding kinds set rules read.
    pub set_documents: Vec<(usize, Span)>,
    pub workloads: Vec<Workload>,
    pub documents: usize,
    pub objects: usize,
    pub skip: Option<Skip>,
    /// Each document's share of the fields above, so that an edited text
    /// can be analysed again reusing its unchanged documents
    /// ([`Linter::reanalyze`]). Empty when the file was skipped.
    pub(crate) parts: Vec<DocumentPart>,
}

impl FileAnalysis {
    /// Decides whether the file is a manifest at all, once every document
    /// is in: YAML without objects (and without a broken manifest) is not.
    pub(crate) fn settle(&mut self) {
        let broken_manifest = self.parts.iter().any(|p| p.broken_manifest);
        if self.objects == 0 && !broken_manifest {
            self.findings.clear();
            self.parts.clear();
            self.skip = Some(Skip::NotAManifest);
        }
    }
}

/// What one document contributed to a [`FileAnalysis`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct DocumentPart {
    /// The document's chunk of the text (its `---` line included).
    pub chunk: Span,
    pub findings: Range<usize>,
    pub suppressions: Range<usize>,
    pub workloads: Range<usize>,
    /// The `(index, span)` entry of `set_documents`, if it has one.
    pub set_document: Option<Span>,
    pub objects: usize,
    /// Broken YAML that looks like it was meant to be a manifest.
    pub broken_manifest: bool,
}

/// One document, parsed, linted and dropped on its own.
struct DocumentAnalysis {
    /// What the document adds to its file's analysis.
    analysis: FileAnalysis,
    evidence: TemplateEvidence,
    /// The document does not parse but looks like a Kubernetes object.
    broken_manifest: bool,
    chunk: Span,
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
            let doc = parse_chunk(text, chunk, index, limits);
            self.analyze_document(file, text, &doc, chunk.span, may_be_template)
        };
        let results: Vec<DocumentAnalysis> =
            if text.len() > PARALLEL_PARSE_BYTES && chunks.len() > 1 && self.parallel() {
                chunks.par_iter().enumerate().map(one).collect()
            } else {
                chunks.iter().enumerate().map(one).collect()
            };
        analysis.documents = results.len();
        if may_be_template
            && results
                .iter()
                .fold(TemplateEvidence::default(), |e, r| e.and(r.evidence))
                .is_template(text)
        {
            analysis.skip = Some(Skip::HelmTemplate);
            return analysis;
        }
        for result in results {
            let part = append(&mut analysis, result);
            analysis.parts.push(part);
        }
        analysis.settle();
        analysis
    }

    /// Lints one parsed document into `analysis` and says what it added.
    pub(crate) fn add_document(
        &self,
        file: FileId,
        text: &str,
        doc: &Document<'_>,
        chunk: Span,
        analysis: &mut FileAnalysis,
    ) -> DocumentPart {
        append(
            analysis,
            self.analyze_document(file, text, doc, chunk, false),
        )
    }

    /// YAML issues and object-rule findings of one parsed document.
    fn analyze_document(
        &self,
        file: FileId,
        text: &str,
        doc: &Document<'_>,
        chunk: Span,
        may_be_template: bool,
    ) -> DocumentAnalysis {
        let mut analysis = FileAnalysis::default();
        suppress::comment_suppressions(doc, &mut analysis.suppressions);
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
        // A broken document is not linted, but if it looks like a manifest
        // the file is one (and its syntax errors are reported).
        let broken_manifest = doc.is_broken() && {
            let source = &text[doc.span.range()];
            source.contains("apiVersion") || source.contains("kind:")
        };
        if !doc.is_broken() {
            self.lint_document(file, doc, &mut analysis);
        }
        DocumentAnalysis {
            analysis,
            evidence,
            broken_manifest,
            chunk,
        }
    }
    fn lint_document(&self, file: FileId, doc: &Document<'_>, analysis: &mut FileAnalysis) {
        let mut wants_set_phase = false;
        for object in objects_in(doc) {
            analysis.objects += 1;
            suppress::annotation_suppressions(&object, &mut analysis.suppressions);
            let object_name = std::cell::OnceCell::new();
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
                            object_name: &object_name,
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

/// Adds one document's analysis to its file's, recording where its share sits.
fn append(analysis: &mut FileAnalysis, document: DocumentAnalysis) -> DocumentPart {
    let part = document.analysis;
    let had_set_document = !part.set_documents.is_empty();
    let (findings, suppressions, workloads) = (
        analysis.findings.len(),
        analysis.suppressions.len(),
        analysis.workloads.len(),
    );
    analysis.findings.extend(part.findings);
    analysis.suppressions.extend(part.suppressions);
    analysis.workloads.extend(part.workloads);
    let set_document = part.set_documents.first().map(|&(_, span)| span);
    analysis.set_documents.extend(part.set_documents);
    analysis.objects += part.objects;
    DocumentPart {
        chunk: document.chunk,
        findings: findings..analysis.findings.len(),
        suppressions: suppressions..analysis.suppressions.len(),
        workloads: workloads..analysis.workloads.len(),
        set_document: set_document.filter(|_| had_set_document),
        objects: part.objects,
        broken_manifest: document.broken_manifest,
    }
}
