//! The lint pipeline: debounce → lint → publish.
//!
//! A document is snapshotted under the state lock, linted on the lint
//! threads ([`crate::worker`]), and its result kept only if the document is
//! still at the snapshot's version and generation. Push clients get the
//! result after the debounce, with its version; pull clients get it when
//! they ask ([`Session::current_result`]). When results may change without
//! the text changing (settings, configuration files, files set rules look
//! at), [`Session::refresh_diagnostics`] has them pulled or pushed again.

use crate::documents::{Document, LintResult};
use crate::lint::{self, SetFile, Snapshot};
use crate::session::{lock, Session, State};
use crate::worker::Worker;
use crate::workspace;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tower_lsp_server::ls_types::{MessageType, Uri};

/// The pause between an edit and its lint when the settings do not say.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(40);

/// Overrides the default debounce (milliseconds), e.g. `0` for benchmarks.
pub const DEBOUNCE_ENV: &str = "KUBELINT_LSP_DEBOUNCE_MS";

impl Session {
    /// Lints after `delay` unless a newer request for the document came in
    /// meanwhile, then pushes the result with its version.
    pub(crate) fn schedule_lint(self: &Arc<Self>, uri: Uri, ticket: u64, delay: Duration) {
        let session = self.clone();
        tokio::spawn(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            session.lint_and_publish(&uri, ticket).await;
        });
    }

    /// The pushed half of the pipeline: lint unless superseded, then publish.
    async fn lint_and_publish(self: &Arc<Self>, uri: &Uri, ticket: u64) {
        let snapshot = {
            let state = lock(&self.state);
            let Some(doc) = state.documents.get(uri) else {
                return;
            };
            if doc.ticket != ticket {
                return; // superseded by a newer edit
            }
            match doc.fresh_result(state.generation) {
                Some(result) => {
                    self.publish_if_current(&state, uri, &result);
                    return;
                }
                None => self.snapshot_of(doc, state.generation),
            }
        };
        if let Some(result) = self.lint_snapshot(snapshot).await {
            let state = lock(&self.state);
            self.publish_if_current(&state, uri, &result);
        }
    }

    /// Queues a push if `result` is for the document as it is now. Called
    /// with the state locked, so pushes queue in the order results became
    /// current.
    fn publish_if_current(&self, state: &State, uri: &Uri, result: &LintResult) {
        let current = state
            .documents
            .get(uri)
            .is_some_and(|doc| result.key == doc.key(state.generation));
        if current {
            if let Some(frame) = result.publish_frame() {
                let _ = self.pushes.unbounded_send(frame);
            }
        }
    }

    /// Results of open documents may have changed without their text
    /// changing: have them pulled again, or re-lint and push.
    pub(crate) fn refresh_diagnostics(self: &Arc<Self>) {
        if self.pulls_diagnostics() {
            if self.negotiated().is_some_and(|s| s.refresh) {
                let client = self.client.clone();
                tokio::spawn(async move {
                    let _ = client.workspace_diagnostic_refresh().await;
                });
            }
            return;
        }
        let tickets: Vec<(Uri, u64)> = {
            let mut state = lock(&self.state);
            let uris = state.documents.uris();
            uris.into_iter()
                .filter_map(|uri| {
                    let doc = state.documents.get_mut(&uri)?;
                    doc.ticket += 1;
                    Some((uri, doc.ticket))
                })
                .collect()
        };
        for (uri, ticket) in tickets {
            self.schedule_lint(uri, ticket, Duration::ZERO);
        }
    }

    /// The result for the document's current text, linting it if needed.
    pub(crate) async fn current_result(self: &Arc<Self>, uri: &Uri) -> Option<Arc<LintResult>> {
        let snapshot = {
            let state = lock(&self.state);
            let doc = state.documents.get(uri)?;
            if let Some(result) = doc.fresh_result(state.generation) {
                return Some(result);
            }
            self.snapshot_of(doc, state.generation)
        };
        self.lint_snapshot(snapshot).await
    }

    /// Lints off the runtime. The result is stored if the document is still
    /// at the snapshot's version and generation, and returned either way.
    async fn lint_snapshot(self: &Arc<Self>, snapshot: Snapshot) -> Option<Arc<LintResult>> {
        let session = self.clone();
        let size = snapshot.text.len();
        let work = move || session.lint_blocking(snapshot);
        let outcome = match self.lint_worker.get_or_init(|| Worker::start().ok()) {
            Some(worker) => worker.run(size, work).await,
            None => tokio::task::spawn_blocking(work).await.ok(),
        };
        let Some((result, set_changed)) = outcome else {
            self.log(MessageType::ERROR, "lint task failed".into());
            return None;
        };
        if set_changed {
            self.refresh_diagnostics();
        }
        result
    }

    /// Returns the result and whether what set rules see of the document
    /// changed (other documents' findings may change with it).
    fn lint_blocking(&self, snapshot: Snapshot) -> (Option<Arc<LintResult>>, bool) {
        let (linter, notes) = {
            let mut linters = lock(&self.linters);
            let linter = linters.for_document(snapshot.path.as_deref());
            (linter, linters.take_notes())
        };
        for note in notes {
            self.log(MessageType::WARNING, note);
        }
        let uses_context = linter.enabled && !snapshot.is_config && linter.linter.has_set_rules();
        let context = if uses_context {
            let state = lock(&self.state);
            self.set_rule_context(&state, &snapshot.uri)
        } else {
            Vec::new()
        };
        let linted = match lint::lint(&snapshot, &linter, &context, self.encoding()) {
            Ok(linted) => linted,
            Err(message) => {
                eprintln!("kubelint lsp: {message}");
                self.log(MessageType::ERROR, message);
                return (None, false);
            }
        };
        let mut result = linted.result;
        if !self.pulls_diagnostics() {
            // Encode the push here, off the async runtime, from typed data.
            result.push = std::sync::Mutex::new(result.encode_push());
        }
        let mut state = lock(&self.state);
        let generation = state.generation;
        let Some(doc) = state.documents.get_mut(&snapshot.uri) else {
            return (Some(Arc::new(result)), false);
        };
        if doc.key(generation) != snapshot.key {
            // Stale: someone asked for it, but it must not be cached.
            return (Some(Arc::new(result)), false);
        }
        let mut set_changed = false;
        if let Some(analysis) = linted.analysis {
            if uses_context {
                let before = doc.analysis.as_ref().map(|a| a.set_fingerprint);
                set_changed = before != Some(analysis.set_fingerprint);
            }
            doc.analysis = Some(analysis);
        }
        if set_changed {
            // The result was made from the new analysis, so it holds under
            // the new generation; every other document's does not.
            state.generation += 1;
            result.key.generation = state.generation;
        }
        let result = Arc::new(result);
        if let Some(doc) = state.documents.get_mut(&snapshot.uri) {
            doc.result = Some(result.clone());
        }
        (Some(result), set_changed)
    }

    /// What a lint of `doc` needs, copied out so it runs without the lock.
    pub(crate) fn snapshot_of(&self, doc: &Document, generation: u64) -> Snapshot {
        let name = match &doc.path {
            Some(path) => workspace::display_path(path, self.root()),
            None => doc.uri.as_str().to_owned(),
        };
        Snapshot {
            uri: doc.uri.clone(),
            path: doc.path.clone(),
            name,
            key: doc.key(generation),
            text: doc.text.clone(),
            index: doc.index.clone(),
            is_config: doc.is_config,
            cached: doc.analysis.clone(),
        }
    }

    /// The other files set rules see next to `current`: open documents
    /// with their editor text, the rest of the workspace from disk.
    pub(crate) fn set_rule_context(&self, state: &State, current: &Uri) -> Vec<SetFile> {
        let mut shadowed: Vec<&Path> = Vec::new();
        let mut files = Vec::new();
        for doc in state.documents.iter().filter(|d| !d.is_config) {
            let Some(analysis) = &doc.analysis else {
                continue; // not analysed yet: its file on disk stands in
            };
            if let Some(path) = &doc.path {
                shadowed.push(path);
            }
            if &doc.uri != current {
                files.push(SetFile {
                    path: doc.path.as_deref().map_or_else(
                        || doc.uri.as_str().to_owned(),
                        |p| workspace::display_path(p, self.root()),
                    ),
                    text: analysis.text.clone(),
                    analysis: analysis.analysis.clone(),
                });
            }
        }
        let current_path = state.documents.get(current).and_then(|d| d.path.as_deref());
        shadowed.extend(current_path);
        files.extend(state.workspace.files_except(&shadowed).cloned());
        // A fixed order: set rules report relations in input order, and the
        // same workspace must give the same findings (and result ids).
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}
