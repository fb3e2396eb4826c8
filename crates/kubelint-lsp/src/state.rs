//! The server's shared state — open documents, the workspace index, the
//! linters — and the lint pipeline over it: snapshot under the lock, lint on
//! the lint threads, keep the result only if it is still current, push it
//! (debounced, with its version) or hand it to a pull.

use crate::convert::Positions;
use crate::documents::{Document, Documents, LintResult};
use crate::lint::{self, Snapshot};
use crate::linters::Linters;
use crate::session::Session;
use crate::transport::EncodedSender;
use crate::worker::Worker;
use crate::workspace::{self, WorkspaceIndex};
use kubelint::source::PositionEncoding;
use kubelint::{rules, Linter};
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;
use tower_lsp_server::ls_types::{MessageType, Uri};
use tower_lsp_server::Client;

/// The pause between an edit and its lint when the settings do not say.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(40);

#[derive(Debug, Default)]
pub(crate) struct State {
    pub documents: Documents,
    pub workspace: WorkspaceIndex,
    /// The linter the workspace is indexed with, while set rules run.
    pub index_linter: Option<Arc<Linter>>,
    /// Bumped whenever results may change without their text changing:
    /// settings, configuration files, files other documents depend on.
    pub generation: u64,
    /// Scans started; a scan only stores its result if it is the latest.
    pub scans: u64,
    pub debounce: Option<Duration>,
}

pub(crate) struct Shared {
    pub client: Client,
    pub state: Mutex<State>,
    pub linters: Mutex<Linters>,
    pub session: OnceLock<Session>,
    /// Diagnostics pushes, encoded; the transport writes them in order.
    pub pushes: EncodedSender,
    pub shutdown: Arc<AtomicBool>,
    pub env_debounce: Option<Duration>,
    /// The threads lints run on, started with the first ([`Worker`]);
    /// `None` if it could not be started (lints use the blocking pool).
    pub lint_worker: OnceLock<Option<Worker>>,
}

/// Locks, shrugging off poisoning: every critical section leaves the data
/// consistent, and a panic elsewhere must not take the server down.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Whether any rule relates objects across files; if none, the workspace
/// on disk never matters and is not scanned or watched.
pub(crate) fn set_rules_exist() -> bool {
    rules::all().iter().any(|r| r.is_set_rule())
}

pub(crate) fn is_manifest_path(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["yaml", "yml", "json"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

impl Shared {
    pub(crate) fn session(&self) -> Option<&Session> {
        self.session.get()
    }

    pub(crate) fn encoding(&self) -> PositionEncoding {
        self.session()
            .map_or(PositionEncoding::Utf16, |s| s.encoding)
    }

    pub(crate) fn pull(&self) -> bool {
        self.session().is_some_and(|s| s.pull)
    }

    pub(crate) fn root(&self) -> Option<&Path> {
        self.session().and_then(|s| s.root.as_deref())
    }

    pub(crate) fn debounce(&self, state: &State) -> Duration {
        state
            .debounce
            .or(self.env_debounce)
            .unwrap_or(DEFAULT_DEBOUNCE)
    }

    /// Logs to the client's log (Neovim's lsp.log, VS Code's output panel);
    /// works from blocking threads too.
    pub(crate) fn log(&self, typ: MessageType, message: String) {
        let client = self.client.clone();
        tokio::spawn(async move { client.log_message(typ, message).await });
    }

    pub(crate) fn positions<'a>(&self, result: &'a LintResult) -> Positions<'a> {
        Positions {
            text: &result.text,
            index: &result.index,
            encoding: self.encoding(),
        }
    }

    pub(crate) fn snapshot(&self, doc: &Document, generation: u64) -> Snapshot {
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

    /// The result for the document's current text, linting it if needed.
    pub(crate) async fn current_result(self: &Arc<Self>, uri: &Uri) -> Option<Arc<LintResult>> {
        let snapshot = {
            let state = lock(&self.state);
            let doc = state.documents.get(uri)?;
            if let Some(result) = doc.fresh_result(state.generation) {
                return Some(result);
            }
            self.snapshot(doc, state.generation)
        };
        self.lint(snapshot).await
    }

    /// Lints off the runtime. The result is stored if the document is still
    /// at the snapshot's version and generation, and returned either way.
    async fn lint(self: &Arc<Self>, snapshot: Snapshot) -> Option<Arc<LintResult>> {
        let shared = self.clone();
        let size = snapshot.text.len();
        let work = move || shared.lint_blocking(snapshot);
        let outcome = match self.lint_worker.get_or_init(|| Worker::start().ok()) {
            Some(worker) => worker.run(size, work).await,
            None => tokio::task::spawn_blocking(work).await.ok(),
        };
        let Some((result, set_changed)) = outcome else {
            self.log(MessageType::ERROR, "lint task failed".into());
            return None;
        };
        if set_changed {
            self.results_changed();
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
            self.set_context(&state, &snapshot.uri)
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
        if !self.pull() {
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

    /// Lints after `delay` unless a newer request for the document came in
    /// meanwhile, then pushes the result with its version.
    pub(crate) fn schedule(self: &Arc<Self>, uri: Uri, ticket: u64, delay: Duration) {
        let shared = self.clone();
        tokio::spawn(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            shared.lint_and_publish(&uri, ticket).await;
        });
    }

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
                    self.publish(&state, uri, &result);
                    return;
                }
                None => self.snapshot(doc, state.generation),
            }
        };
        if let Some(result) = self.lint(snapshot).await {
            let state = lock(&self.state);
            self.publish(&state, uri, &result);
        }
    }

    /// Queues a push if `result` is for the document as it is now. Called
    /// with the state locked, so pushes queue in the order results became
    /// current.
    fn publish(&self, state: &State, uri: &Uri, result: &LintResult) {
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
    pub(crate) fn results_changed(self: &Arc<Self>) {
        if self.pull() {
            if self.session().is_some_and(|s| s.refresh) {
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
            self.schedule(uri, ticket, Duration::ZERO);
        }
    }

    /// The text after all safe fixes, by the core's fix loop.
    pub(crate) fn fix_all_blocking(&self, uri: &Uri, result: &LintResult) -> Option<String> {
        let (snapshot, context) = {
            let state = lock(&self.state);
            let doc = state.documents.get(uri)?;
            (
                self.snapshot(doc, state.generation),
                self.set_context(&state, uri),
            )
        };
        if snapshot.is_config {
            return None;
        }
        let linter = lock(&self.linters).for_document(snapshot.path.as_deref());
        if !linter.enabled {
            return None;
        }
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            kubelint::fix::fix_text(&result.text, false, |text| {
                lint::lint_text(&linter.linter, &snapshot.name, text, &context)
            })
        }));
        match outcome {
            Ok(outcome) => Some(outcome.text),
            Err(_) => {
                self.log(
                    MessageType::ERROR,
                    format!("fixing {} panicked", snapshot.name),
                );
                None
            }
        }
    }
}
