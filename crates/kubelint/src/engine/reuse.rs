//! Analysing an edited text again, reusing the documents that did not
//! change.
//!
//! An editor re-lints on every keystroke, and a keystroke changes one
//! document of a file. Documents are analysed independently (object rules
//! see one object), so a document whose text is unchanged has the same
//! findings, suppressions and workloads as before, only moved by however
//! much the text before it grew or shrank. Only new or changed documents are
//! parsed and linted; the result is the same as [`Linter::analyze`] of the
//! new text (the tests check this on every fixture).

use super::analyze::{DocumentPart, FileAnalysis, SkippedPart};
use super::Linter;
use crate::diagnostic::Finding;
use crate::set_index::FileId;
use crate::source::{bom_len, Span};
use crate::yaml::{parse_chunk, split_documents};
use std::collections::HashMap;

impl Linter {
    /// [`Linter::analyze`] of `text`, reusing `previous` — the analysis of
    /// `previous_text` by this linter — for documents whose text is
    /// unchanged. Falls back to a full analysis when reuse cannot be exact
    /// (too many documents; a previous text that was not a manifest).
    pub fn reanalyze(
        &self,
        file: FileId,
        text: &str,
        previous_text: &str,
        previous: &FileAnalysis,
    ) -> FileAnalysis {
        let limits = &self.config().limits;
        let mut chunks = split_documents(text, bom_len(text));
        chunks.retain(|c| c.has_content);
        let reusable = !previous.parts.is_empty() && chunks.len() <= limits.max_documents;
        if !reusable {
            return self.analyze(file, text);
        }
        // Previous documents by their text; each may be reused once.
        let mut unchanged: HashMap<&str, Vec<&DocumentPart>> = HashMap::new();
        for part in previous.parts.iter().rev() {
            if let Some(chunk_text) = previous_text.get(part.chunk.range()) {
                unchanged.entry(chunk_text).or_default().push(part);
            }
        }
        let mut analysis = FileAnalysis {
            documents: chunks.len(),
            ..FileAnalysis::default()
        };
        for (index, chunk) in chunks.iter().enumerate() {
            let same = unchanged
                .get_mut(&text[chunk.span.range()])
                .and_then(Vec::pop);
            let part = match same {
                Some(old) => copy_part(file, index, chunk.span, old, previous, &mut analysis),
                None => {
                    let doc = parse_chunk(text, chunk, index, limits);
                    self.add_document(file, text, &doc, chunk.span, &mut analysis)
                }
            };
            analysis.parts.push(part);
        }
        analysis.settle();
        analysis
    }
}

/// Copies a previous document's share into `analysis`, moved to `chunk`.
fn copy_part(
    file: FileId,
    index: usize,
    chunk: Span,
    old: &DocumentPart,
    previous: &FileAnalysis,
    analysis: &mut FileAnalysis,
) -> DocumentPart {
    let delta = i64::from(chunk.start) - i64::from(old.chunk.start);
    let moved = |span: Span| Span::new(shift(span.start, delta), shift(span.end, delta));
    let (findings, suppressions, workloads, skipped) = (
        analysis.findings.len(),
        analysis.suppressions.len(),
        analysis.workloads.len(),
        analysis.skipped.len(),
    );
    analysis
        .findings
        .extend(previous.findings[old.findings.clone()].iter().map(|f| {
            let mut f: Finding = f.clone();
            f.span = moved(f.span);
            f.owner = f.owner.map(moved);
            for (span, _) in &mut f.labels {
                *span = moved(*span);
            }
            if let Some(fix) = &mut f.fix {
                for edit in &mut fix.edits {
                    edit.range = moved(edit.range);
                }
            }
            f
        }));
    analysis.suppressions.extend(
        previous.suppressions[old.suppressions.clone()]
            .iter()
            .map(|s| s.moved(moved)),
    );
    analysis.workloads.extend(
        previous.workloads[old.workloads.clone()]
            .iter()
            .map(|w| w.moved(file, moved)),
    );
    analysis.skipped.extend(
        previous.skipped[old.skipped.clone()]
            .iter()
            .map(|s| SkippedPart {
                at: moved(s.at),
                reason: s.reason,
            }),
    );
    let set_document = old.set_document.map(moved);
    if let Some(span) = set_document {
        analysis.set_documents.push((index, span));
    }
    analysis.objects += old.objects;
    DocumentPart {
        chunk,
        findings: findings..analysis.findings.len(),
        suppressions: suppressions..analysis.suppressions.len(),
        workloads: workloads..analysis.workloads.len(),
        skipped: skipped..analysis.skipped.len(),
        set_document,
        objects: old.objects,
    }
}

fn shift(offset: u32, delta: i64) -> u32 {
    (i64::from(offset) + delta).max(0) as u32
}

#[cfg(test)]
mod tests;
