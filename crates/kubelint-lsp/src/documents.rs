//! Open documents: their text and version as the editor has them, and what
//! was last worked out about them.
//!
//! The store is only changed synchronously, at the very start of the
//! notification handlers (before any `.await`), so changes apply in the
//! order the client sent them; lint results carry the version they were made
//! for and are dropped if the document has moved on.

use kubelint::incremental::FileAnalysis;
use kubelint::source::{LineIndex, PositionEncoding};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tower_lsp_server::ls_types::{self as lsp, TextDocumentContentChangeEvent, Uri};

use crate::convert::Positions;
use crate::linters::is_config_file;

/// What a lint result was made from. A result answers for a document only
/// while its key is the document's current key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResultKey {
    pub version: i32,
    /// The document's text revision. Versions alone are not enough: a
    /// client may reuse one for another text (the `lsp` fuzz target did,
    /// and got code actions computed for the other text).
    pub revision: u64,
    /// The server's generation: settings, configuration files and (when set
    /// rules run) the rest of the workspace.
    pub generation: u64,
}

/// A finished lint of one version of a document.
///
/// It holds the core's findings only: their protocol form is made when
/// asked for (a pull, a code action, a push). Keeping both forms, and the
/// encoded push besides, tripled the memory a big file's findings take.
#[derive(Debug)]
pub struct LintResult {
    pub key: ResultKey,
    pub uri: Uri,
    /// The text the result is about (the document may have moved on).
    pub text: Arc<str>,
    pub index: Arc<LineIndex>,
    pub encoding: PositionEncoding,
    /// The core's findings, with fixes, for code actions and hover.
    pub diagnostics: Vec<kubelint::Diagnostic>,
    /// The documents that were not linted, shown as information notices
    /// after the findings.
    pub skipped: Vec<kubelint::Skipped>,
    /// Identifies text and findings for pull diagnostics' `unchanged`.
    pub result_id: String,
    /// The `publishDiagnostics` notification, encoded off the runtime for
    /// its first push (push clients only) and given away by it.
    pub push: Mutex<Option<Vec<u8>>>,
}

impl LintResult {
    pub fn positions(&self) -> Positions<'_> {
        Positions {
            text: &self.text,
            index: &self.index,
            encoding: self.encoding,
        }
    }

    /// The `i`th finding as the client sees it.
    pub fn lsp_diagnostic(&self, i: usize) -> lsp::Diagnostic {
        crate::convert::diagnostic(&self.diagnostics[i], self.positions(), &self.uri)
    }

    /// Every finding as the client sees it (index for index), then one
    /// information notice per document that was not linted.
    pub fn lsp_diagnostics(&self) -> impl Iterator<Item = lsp::Diagnostic> + '_ {
        (0..self.diagnostics.len())
            .map(|i| self.lsp_diagnostic(i))
            .chain(
                self.skipped
                    .iter()
                    .filter_map(|s| crate::convert::skipped(s, self.positions())),
            )
    }

    /// The push for this result: the one encoded with it, the first time.
    pub fn publish_frame(&self) -> Option<Vec<u8>> {
        let encoded = self.push.lock().ok().and_then(|mut p| p.take());
        encoded.or_else(|| self.encode_push())
    }

    pub fn encode_push(&self) -> Option<Vec<u8>> {
        crate::convert::publish_notification(
            &self.uri,
            self.lsp_diagnostics(),
            Some(self.key.version),
        )
    }
}

/// The per-file pass of the core, reused while the text and linter stay the
/// same (set rules and settings changes re-run only what depends on them).
#[derive(Clone, Debug)]
pub struct CachedAnalysis {
    pub version: i32,
    pub linter_generation: u64,
    /// The text analysed: set rules re-parse documents of it by span.
    pub text: Arc<str>,
    pub analysis: Arc<FileAnalysis>,
    /// What set rules see of the file ([`crate::workspace::fingerprint`]).
    pub set_fingerprint: u64,
}

#[derive(Debug)]
pub struct Document {
    pub uri: Uri,
    /// The file behind the document, when it is one (`file:` URIs).
    pub path: Option<PathBuf>,
    pub version: i32,
    /// Unique to this text among all documents' texts so far.
    pub revision: u64,
    pub text: Arc<str>,
    pub index: Arc<LineIndex>,
    /// A `.kubelint.yaml`: linted as configuration, not as a manifest.
    pub is_config: bool,
    /// Bumped by every change and re-lint request: a debounced lint only
    /// runs if no newer request replaced it while it waited.
    pub ticket: u64,
    pub analysis: Option<CachedAnalysis>,
    pub result: Option<Arc<LintResult>>,
}

impl Document {
    fn new(uri: Uri, version: i32, revision: u64, text: String) -> Document {
        let path = (uri.scheme().as_str() == "file")
            .then(|| uri.to_file_path().map(|p| p.into_owned()))
            .flatten();
        let is_config = path.as_deref().is_some_and(is_config_file);
        let index = Arc::new(LineIndex::new(&text));
        Document {
            uri,
            path,
            version,
            revision,
            text: Arc::from(text),
            index,
            is_config,
            ticket: 0,
            analysis: None,
            result: None,
        }
    }

    /// The current result, if it was made for the current text and
    /// generation.
    pub fn fresh_result(&self, generation: u64) -> Option<Arc<LintResult>> {
        self.result
            .clone()
            .filter(|r| r.key == self.key(generation))
    }

    pub fn key(&self, generation: u64) -> ResultKey {
        ResultKey {
            version: self.version,
            revision: self.revision,
            generation,
        }
    }

    /// Applies changes in order: a change without a range replaces the
    /// text, one with a range edits it (positions in `encoding`).
    fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>, encoding: PositionEncoding) {
        let mut text: Option<String> = None;
        for change in changes {
            match change.range {
                None => text = Some(change.text),
                Some(range) => {
                    let mut current = text.take().unwrap_or_else(|| self.text.to_string());
                    let index = LineIndex::new(&current);
                    let at = Positions {
                        text: &current,
                        index: &index,
                        encoding,
                    };
                    let span = at.span(range);
                    current.replace_range(span.range(), &change.text);
                    text = Some(current);
                }
            }
        }
        if let Some(text) = text {
            self.index = Arc::new(LineIndex::new(&text));
            self.text = Arc::from(text);
        }
    }
}

/// Why a change could not be applied.
#[derive(Debug, PartialEq, Eq)]
pub enum ChangeError {
    /// The client never opened (or already closed) the document.
    NotOpen,
}

#[derive(Debug, Default)]
pub struct Documents {
    docs: HashMap<Uri, Document>,
    revisions: u64,
}

impl Documents {
    fn next_revision(&mut self) -> u64 {
        self.revisions += 1;
        self.revisions
    }

    pub fn open(&mut self, uri: Uri, version: i32, text: String) -> &mut Document {
        let doc = Document::new(uri.clone(), version, self.next_revision(), text);
        self.docs.entry(uri).insert_entry(doc).into_mut()
    }

    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: PositionEncoding,
    ) -> Result<&mut Document, ChangeError> {
        let revision = self.next_revision();
        let doc = self.docs.get_mut(uri).ok_or(ChangeError::NotOpen)?;
        doc.apply(changes, encoding);
        // The last result is about the old text: it can never be current
        // again, and a big file's findings should not be held twice while
        // the new text is linted.
        doc.result = None;
        doc.version = version;
        doc.revision = revision;
        doc.ticket += 1;
        Ok(doc)
    }

    pub fn close(&mut self, uri: &Uri) -> Option<Document> {
        self.docs.remove(uri)
    }

    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.docs.get(uri)
    }

    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.docs.get_mut(uri)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Document> {
        self.docs.values()
    }

    pub fn uris(&self) -> Vec<Uri> {
        self.docs.keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn uri(s: &str) -> Uri {
        s.parse().unwrap()
    }

    #[test]
    fn full_and_ranged_changes_apply_in_order() {
        let mut docs = Documents::default();
        let u = uri("file:///ws/a.yaml");
        docs.open(u.clone(), 1, "a: 1\nb: 😀x\n".into());
        let edit = |line, from, to, text: &str| TextDocumentContentChangeEvent {
            range: Some(Range::new(
                Position::new(line, from),
                Position::new(line, to),
            )),
            range_length: None,
            text: text.into(),
        };
        // `x` sits after a two-unit emoji in UTF-16.
        let doc = docs
            .change(
                &u,
                2,
                vec![edit(1, 5, 6, "y"), edit(0, 3, 4, "2")],
                PositionEncoding::Utf16,
            )
            .unwrap();
        assert_eq!(&*doc.text, "a: 2\nb: 😀y\n");
        assert_eq!(doc.version, 2);
        assert_eq!(
            doc.path.as_deref(),
            Some(std::path::Path::new("/ws/a.yaml"))
        );
        let full = TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "c: 3\n".into(),
        };
        let doc = docs
            .change(&u, 3, vec![full], PositionEncoding::Utf16)
            .unwrap();
        assert_eq!(&*doc.text, "c: 3\n");
        assert_eq!(doc.index.line_count(), 2);
        assert_eq!(
            docs.change(
                &uri("file:///ws/other.yaml"),
                1,
                vec![],
                PositionEncoding::Utf16
            )
            .unwrap_err(),
            ChangeError::NotOpen
        );
    }

    #[test]
    fn recognises_configuration_files_and_untitled_documents() {
        let mut docs = Documents::default();
        assert!(
            docs.open(uri("file:///ws/.kubelint.yaml"), 1, String::new())
                .is_config
        );
        let untitled = docs.open(uri("untitled:Untitled-1"), 1, String::new());
        assert!(!untitled.is_config);
        assert!(untitled.path.is_none());
    }
}
