//! One file: split, parse, find objects, run object rules.

use super::template::template_action;
use super::Linter;
use crate::diagnostic::Finding;
use crate::k8s::objects_in;
use crate::rules::{self, Check, Findings, ObjectCtx, PodCtx};
use crate::set_index::{FileId, Workload};
use crate::source::{bom_len, Span};
use crate::suppress::{self, Suppression};
use crate::yaml::{parse_chunk, split_documents, Document, YamlIssueKind};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Why something was not linted. Every skip is reported, in every output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Skip {
    /// A document that Kubernetes cannot decode and that has template syntax
    /// (`{{`, `{%`) where YAML structure goes: a Helm chart template. Render
    /// it first (`helm template . | kubelint check -`).
    Template,
    /// A document that parses but is not a Kubernetes object: no string
    /// `apiVersion` and non-empty string `kind` (`kubectl apply` rejects it).
    NotAnObject,
    /// A file none of whose documents is a Kubernetes object, and which has
    /// no input error: a CI workflow, a compose file, Helm values.
    NotAManifest,
    /// A file named on the command line that an `exclude` pattern (the
    /// configuration's or `--exclude`) matches.
    Excluded,
}

impl Skip {
    /// The stable id used in the JSON and SARIF outputs and as the code of
    /// the editor's notice.
    pub fn id(self) -> &'static str {
        match self {
            Skip::Template => "template",
            Skip::NotAnObject => "not-an-object",
            Skip::NotAManifest => "not-a-manifest",
            Skip::Excluded => "excluded",
        }
    }

    /// What a user reads: why it was not linted and what to do.
    pub fn message(self) -> &'static str {
        match self {
            Skip::Template => "template document not linted: it has template syntax (`{{`, `{%`) outside strings and comments, and Kubernetes cannot decode it as it is; render it first, e.g. `helm template . | kubelint check -`",
            Skip::NotAnObject => "document not linted: it is not a Kubernetes object (it needs string `apiVersion` and `kind` fields)",
            Skip::NotAManifest => "file not linted: none of its documents is a Kubernetes object (no `apiVersion` and `kind`)",
            Skip::Excluded => "file not linted: named on the command line but matched by an `exclude` pattern (.kubelint.yaml or --exclude)",
        }
    }
}

/// A part of a file that was not linted, and why. `at` is a file-absolute
/// span: the template action (`{{`), the first key of a document that is not
/// an object, or empty at 0 for a whole file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SkippedPart {
    /// Where: file-absolute, see above.
    pub at: Span,
    /// Why it was not linted.
    pub reason: Skip,
}

/// What the per-file pass learns; the set phase and suppressions finish it.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct FileAnalysis {
    /// YAML problems and object-rule findings, before suppressions.
    pub findings: Vec<Finding>,
    /// Suppressions from annotations and comments (file-wide ones are read
    /// when finishing).
    pub suppressions: Vec<Suppression>,
    /// `(document index, span)` of documents holding kinds set rules read.
    pub set_documents: Vec<(usize, Span)>,
    /// Workloads and what set rules need of them (labels, service account).
    pub workloads: Vec<Workload>,
    /// YAML documents in the file.
    pub documents: usize,
    /// Kubernetes objects found in them (Lists flattened).
    pub objects: usize,
    /// What was not linted, in file order. A file that is not a manifest has
    /// one entry, [`Skip::NotAManifest`].
    pub skipped: Vec<SkippedPart>,
    /// Each document's share of the fields above, so that an edited text
    /// can be analysed again reusing its unchanged documents
    /// ([`Linter::reanalyze`]). Empty when the file is not a manifest.
    pub(crate) parts: Vec<DocumentPart>,
}

impl FileAnalysis {
    /// Whether the file as a whole was not linted (it is not a manifest).
    pub fn is_manifest(&self) -> bool {
        !self.skipped.iter().any(|s| s.reason == Skip::NotAManifest)
    }

    /// Decides whether the file is a manifest at all, once every document
    /// is in. YAML without objects, templates and input errors (a CI
    /// workflow, values) is not: its findings (duplicate keys) are dropped
    /// and the file is reported as not a manifest instead. An input error
    /// (a document that does not parse, a limit) is always reported.
    pub(crate) fn settle(&mut self) {
        let input_error = self
            .findings
            .iter()
            .any(|f| rules::means_not_checked(f.rule));
        let template = self.skipped.iter().any(|s| s.reason == Skip::Template);
        if self.objects == 0 && !input_error && !template {
            self.findings.clear();
            self.parts.clear();
            self.skipped.clear();
            self.skipped.push(SkippedPart {
                at: Span::at(0),
                reason: Skip::NotAManifest,
            });
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
    pub skipped: Range<usize>,
    /// The `(index, span)` entry of `set_documents`, if it has one.
    pub set_document: Option<Span>,
    pub objects: usize,
}

/// One document, parsed, linted and dropped on its own.
struct DocumentAnalysis {
    /// What the document adds to its file's analysis.
    analysis: FileAnalysis,
    chunk: Span,
}

/// Above this size a file's documents are parsed in parallel.
const PARALLEL_PARSE_BYTES: usize = 256 * 1024;

impl Linter {
    /// Parses and lints one file's text with the object rules.
    pub fn analyze(&self, file: FileId, text: &str) -> FileAnalysis {
        self.analyze_as(file, text, false)
    }

    /// [`Linter::analyze`] for a file whose objects may be patches: with
    /// `patch`, every object is linted as a partial one
    /// (`Object::patch`), is no workload and is not read by
    /// set rules.
    pub fn analyze_as(&self, file: FileId, text: &str, patch: bool) -> FileAnalysis {
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
        let one = |(index, chunk): (usize, &crate::yaml::DocumentChunk)| {
            let doc = parse_chunk(text, chunk, index, limits);
            self.analyze_document(file, text, &doc, chunk.span, patch)
        };
        let results: Vec<DocumentAnalysis> =
            if text.len() > PARALLEL_PARSE_BYTES && chunks.len() > 1 && self.parallel() {
                chunks.par_iter().enumerate().map(one).collect()
            } else {
                chunks.iter().enumerate().map(one).collect()
            };
        analysis.documents = results.len();
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

    /// YAML issues and object-rule findings of one parsed document, or why
    /// it was not linted.
    fn analyze_document(
        &self,
        file: FileId,
        text: &str,
        doc: &Document<'_>,
        chunk: Span,
        patch: bool,
    ) -> DocumentAnalysis {
        let mut analysis = FileAnalysis::default();
        // Template syntax where YAML structure goes either breaks the syntax
        // or leaves a mapping as a key (`name: {{ .Release.Name }}`), which
        // Kubernetes cannot decode: either way nothing of the document runs.
        // A limit or an alias error never makes a document a template.
        let undecodable = doc
            .issues
            .iter()
            .any(|i| matches!(i.kind, YamlIssueKind::Syntax | YamlIssueKind::Rejected))
            && doc
                .issues
                .iter()
                .all(|i| !i.is_fatal() || i.kind == YamlIssueKind::Syntax);
        let template = if undecodable {
            template_action(&text[doc.span.range()]).map(|at| doc.span.start + at as u32)
        } else {
            None
        };
        if let Some(at) = template {
            analysis.skipped.push(SkippedPart {
                at: Span::new(at, at + 2),
                reason: Skip::Template,
            });
            return DocumentAnalysis { analysis, chunk };
        }
        suppress::comment_suppressions(doc, &mut analysis.suppressions);
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
        if !doc.is_broken() {
            self.lint_document(file, doc, patch, &mut analysis);
        }
        DocumentAnalysis { analysis, chunk }
    }

    fn lint_document(
        &self,
        file: FileId,
        doc: &Document<'_>,
        patch: bool,
        analysis: &mut FileAnalysis,
    ) {
        let mut objects = objects_in(doc);
        for object in &mut objects {
            object.patch = patch;
        }
        if let Some(root) = doc.root().filter(|r| !r.is_null()) {
            // Nothing to lint in an empty list; anything else that yields no
            // object is not one.
            let empty_list = root
                .get("items")
                .is_some_and(|items| items.is_null() || items.items().len() == 0);
            if objects.is_empty() && !empty_list {
                // The first key, or the whole root if it is not a mapping.
                let at = root
                    .raw_entries()
                    .next()
                    .map_or(root.span(), |(k, _)| k.span());
                analysis.skipped.push(SkippedPart {
                    at,
                    reason: Skip::NotAnObject,
                });
            }
        }
        let mut wants_set_phase = false;
        for object in objects {
            analysis.objects += 1;
            // Found once: suppressions, every pod rule and object rules that
            // look at pods use them.
            let pods = object.pod_specs();
            suppress::annotation_suppressions(&object, &pods, &mut analysis.suppressions);
            let object_name = std::cell::OnceCell::new();
            for active in &self.active {
                if !matches!(active.rule.check, Check::Object(_) | Check::Pod(_)) {
                    continue;
                }
                let options = self.config().rule_options(active.rule);
                let mut findings = Findings {
                    rule: active.rule,
                    object: &object,
                    object_name: &object_name,
                    out: &mut analysis.findings,
                };
                match active.rule.check {
                    Check::Object(check) => check(
                        &ObjectCtx {
                            object: &object,
                            pods: &pods,
                            options,
                        },
                        &mut findings,
                    ),
                    Check::Pod(check) => {
                        for &pod in &pods {
                            check(
                                &PodCtx {
                                    object: &object,
                                    pod,
                                    options,
                                },
                                &mut findings,
                            );
                        }
                    }
                    Check::Input(_) | Check::Set { .. } => {}
                }
            }
            analysis
                .workloads
                .extend(Workload::of_pods(file, &object, &pods));
            // Set rules relate whole objects; a patch is part of one.
            wants_set_phase |= !patch && self.set_kinds.contains(object.kind);
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
    let (findings, suppressions, workloads, skipped) = (
        analysis.findings.len(),
        analysis.suppressions.len(),
        analysis.workloads.len(),
        analysis.skipped.len(),
    );
    analysis.findings.extend(part.findings);
    analysis.suppressions.extend(part.suppressions);
    analysis.workloads.extend(part.workloads);
    analysis.skipped.extend(part.skipped);
    let set_document = part.set_documents.first().map(|&(_, span)| span);
    analysis.set_documents.extend(part.set_documents);
    analysis.objects += part.objects;
    DocumentPart {
        chunk: document.chunk,
        findings: findings..analysis.findings.len(),
        suppressions: suppressions..analysis.suppressions.len(),
        workloads: workloads..analysis.workloads.len(),
        skipped: skipped..analysis.skipped.len(),
        set_document: set_document.filter(|_| had_set_document),
        objects: part.objects,
    }
}
