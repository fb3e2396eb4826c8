//! The language server: protocol handlers over the document store, the
//! linters and the workspace index.
//!
//! Rules of the house (after taplo, tombi and Biome):
//! - Notification handlers change the store before their first `.await`,
//!   so edits apply in the order the client sent them.
//! - Linting runs on blocking threads, never on the async runtime; results
//!   are keyed by document version and generation and dropped when stale.
//! - Diagnostics are pulled (`textDocument/diagnostic`) by clients that can,
//!   pushed (`publishDiagnostics`, with the version) to the others — never
//!   both. Pushes are debounced per document, encoded on the lint thread and
//!   queued (in the order results became current) straight to the writer.

use crate::actions::{self, Target, FIX_ALL_KIND};
use crate::convert::{self, Positions};
use crate::documents::{Document, Documents, LintResult};
use crate::hover;
use crate::lint::{self, SetFile, Snapshot};
use crate::linters::{is_config_file, Linters};
use crate::settings::{Settings, SECTION};
use crate::transport::EncodedSender;
use crate::workspace::{self, WorkspaceIndex};
use kubelint::source::PositionEncoding;
use kubelint::{rules, Applicability, Linter};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// The pause between an edit and its lint when the settings do not say.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(40);
/// Overrides the default debounce (milliseconds), e.g. `0` for benchmarks.
pub const DEBOUNCE_ENV: &str = "KUBELINT_LSP_DEBOUNCE_MS";

pub struct Server {
    shared: Arc<Shared>,
}

impl Server {
    /// A server that writes its diagnostics pushes, encoded, to `pushes`
    /// (see [`crate::transport::serve`]).
    pub fn new(client: Client, pushes: EncodedSender) -> Server {
        let debounce = std::env::var(DEBOUNCE_ENV)
            .ok()
            .and_then(|ms| ms.trim().parse().ok())
            .map(Duration::from_millis);
        Server {
            shared: Arc::new(Shared {
                client,
                state: Mutex::new(State::default()),
                linters: Mutex::new(Linters::default()),
                session: OnceLock::new(),
                pushes,
                shutdown: Arc::new(AtomicBool::new(false)),
                env_debounce: debounce,
            }),
        }
    }

    /// Set once the client asked for `shutdown` (the exit code depends on it).
    pub fn shutdown_flag(&self) -> Arc<AtomicBool> {
        self.shared.shutdown.clone()
    }
}

/// What was negotiated in `initialize`.
#[derive(Debug)]
struct Session {
    encoding: PositionEncoding,
    /// The client pulls diagnostics: never push to it.
    pull: bool,
    /// The client takes `workspace/diagnostic/refresh`.
    refresh: bool,
    /// The client answers `workspace/configuration`.
    configuration: bool,
    /// The client takes dynamic registration of file watchers.
    watch_registration: bool,
    /// The client takes versioned `documentChanges` in edits.
    versioned_edits: bool,
    folders: Vec<PathBuf>,
    root: Option<PathBuf>,
}

#[derive(Debug, Default)]
struct State {
    documents: Documents,
    workspace: WorkspaceIndex,
    /// The linter the workspace is indexed with, while set rules run.
    index_linter: Option<Arc<Linter>>,
    /// Bumped whenever results may change without their text changing:
    /// settings, configuration files, files other documents depend on.
    generation: u64,
    /// Scans started; a scan only stores its result if it is the latest.
    scans: u64,
    debounce: Option<Duration>,
}

struct Shared {
    client: Client,
    state: Mutex<State>,
    linters: Mutex<Linters>,
    session: OnceLock<Session>,
    /// Diagnostics pushes, encoded; the transport writes them in order.
    pushes: EncodedSender,
    shutdown: Arc<AtomicBool>,
    env_debounce: Option<Duration>,
}

/// Locks, shrugging off poisoning: every critical section leaves the data
/// consistent, and a panic elsewhere must not take the server down.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Whether any rule relates objects across files; if none, the workspace
/// on disk never matters and is not scanned or watched.
fn set_rules_exist() -> bool {
    rules::all()
        .iter()
        .any(|r| matches!(r.check, rules::Check::Set { .. }))
}

fn is_manifest_path(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["yaml", "yml", "json"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

fn file_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

impl Shared {
    fn session(&self) -> Option<&Session> {
        self.session.get()
    }

    fn encoding(&self) -> PositionEncoding {
        self.session()
            .map_or(PositionEncoding::Utf16, |s| s.encoding)
    }

    fn pull(&self) -> bool {
        self.session().is_some_and(|s| s.pull)
    }

    fn root(&self) -> Option<&Path> {
        self.session().and_then(|s| s.root.as_deref())
    }

    fn debounce(&self, state: &State) -> Duration {
        state
            .debounce
            .or(self.env_debounce)
            .unwrap_or(DEFAULT_DEBOUNCE)
    }

    /// Logs to the client's log (Neovim's lsp.log, VS Code's output panel);
    /// works from blocking threads too.
    fn log(&self, typ: MessageType, message: String) {
        let client = self.client.clone();
        tokio::spawn(async move { client.log_message(typ, message).await });
    }

    fn positions<'a>(&self, result: &'a LintResult) -> Positions<'a> {
        Positions {
            text: &result.text,
            index: &result.index,
            encoding: self.encoding(),
        }
    }

    fn snapshot(&self, doc: &Document, generation: u64) -> Snapshot {
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
    fn set_context(&self, state: &State, current: &Uri) -> Vec<SetFile> {
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
        files
    }

    /// The result for the document's current text, linting it if needed.
    async fn current_result(self: &Arc<Self>, uri: &Uri) -> Option<Arc<LintResult>> {
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
        let (result, set_changed) =
            match tokio::task::spawn_blocking(move || shared.lint_blocking(snapshot)).await {
                Ok(outcome) => outcome,
                Err(e) => {
                    self.log(MessageType::ERROR, format!("lint task failed: {e}"));
                    return None;
                }
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
            result.push =
                convert::publish_notification(&snapshot.uri, &result.lsp, Some(result.key.version));
        }
        let mut state = lock(&self.state);
        let generation = state.generation;
        let Some(doc) = state.documents.get_mut(&snapshot.uri) else {
            return (Some(Arc::new(result)), false);
        };
        if doc.version != snapshot.key.version || generation != snapshot.key.generation {
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
    fn schedule(self: &Arc<Self>, uri: Uri, ticket: u64, delay: Duration) {
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
            let frame = result.push.clone().or_else(|| {
                convert::publish_notification(uri, &result.lsp, Some(result.key.version))
            });
            if let Some(frame) = frame {
                let _ = self.pushes.unbounded_send(frame);
            }
        }
    }

    /// Results of open documents may have changed without their text
    /// changing: have them pulled again, or re-lint and push.
    fn results_changed(self: &Arc<Self>) {
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

    async fn apply_settings(self: &Arc<Self>, settings: Settings) {
        let debounce = settings.debounce;
        let changed = lock(&self.linters).set_settings(settings);
        if changed {
            {
                let mut state = lock(&self.state);
                state.debounce = debounce;
                state.generation += 1;
            }
            self.results_changed();
            self.start_scan();
        }
    }

    /// Asks the client for the `kubelint` section.
    async fn fetch_settings(self: &Arc<Self>) {
        if !self.session().is_some_and(|s| s.configuration) {
            return;
        }
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some(SECTION.to_owned()),
        };
        match self.client.configuration(vec![item]).await {
            Ok(values) => {
                if let Some(settings) = values.first().and_then(Settings::from_json) {
                    self.apply_settings(settings).await;
                }
            }
            Err(e) => self.log(
                MessageType::WARNING,
                format!("workspace/configuration failed: {e}"),
            ),
        }
    }

    /// A `.kubelint.yaml` changed: rebuild every linter.
    fn config_changed(self: &Arc<Self>) {
        lock(&self.linters).invalidate();
        lock(&self.state).generation += 1;
        self.results_changed();
        self.start_scan();
    }

    /// (Re)indexes the workspace in the background, if set rules run.
    fn start_scan(self: &Arc<Self>) {
        let Some(session) = self.session() else {
            return;
        };
        if !set_rules_exist() || session.folders.is_empty() {
            return;
        }
        let scan = {
            let mut state = lock(&self.state);
            state.scans += 1;
            state.scans
        };
        let shared = self.clone();
        tokio::spawn(async move {
            let worker = shared.clone();
            let changed = tokio::task::spawn_blocking(move || worker.scan_blocking(scan)).await;
            if changed.unwrap_or(false) {
                shared.results_changed();
            }
        });
    }

    fn scan_blocking(&self, scan: u64) -> bool {
        let Some(session) = self.session() else {
            return false;
        };
        let base = lock(&self.linters).for_workspace();
        let linter = Linter::new(workspace::set_rules_only(base.linter.config()));
        let index = (base.enabled && linter.has_set_rules())
            .then(|| workspace::scan(&session.folders, &linter, session.root.as_deref()));
        let mut state = lock(&self.state);
        if state.scans != scan {
            return false; // a newer scan is under way
        }
        let had_files = !state.workspace.is_empty();
        match index {
            Some(files) => {
                let count = files.len();
                state.workspace.replace(files);
                state.index_linter = Some(Arc::new(linter));
                state.generation += 1;
                drop(state);
                self.log(
                    MessageType::INFO,
                    format!("indexed {count} manifest(s) for set rules"),
                );
                true
            }
            None => {
                state.workspace.replace(Default::default());
                state.index_linter = None;
                if had_files {
                    state.generation += 1;
                }
                had_files
            }
        }
    }

    /// Re-reads changed files of the workspace index.
    fn refresh_files(self: &Arc<Self>, paths: Vec<PathBuf>) {
        let Some(linter) = lock(&self.state).index_linter.clone() else {
            return;
        };
        let shared = self.clone();
        tokio::spawn(async move {
            let worker = shared.clone();
            let changed = tokio::task::spawn_blocking(move || {
                let root = worker.root().map(Path::to_path_buf);
                let loaded: Vec<_> = paths
                    .into_iter()
                    .map(|p| {
                        let file = workspace::load(&p, &linter, root.as_deref());
                        (p, file)
                    })
                    .collect();
                let mut state = lock(&worker.state);
                let mut changed = false;
                for (path, file) in loaded {
                    changed |= state.workspace.update(path, file);
                }
                if changed {
                    state.generation += 1;
                }
                changed
            })
            .await;
            if changed.unwrap_or(false) {
                shared.results_changed();
            }
        });
    }

    /// The text after all safe fixes, by the core's fix loop.
    fn fix_all_blocking(&self, uri: &Uri, result: &LintResult) -> Option<String> {
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

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let encoding = convert::negotiate_encoding(
            caps.general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        let text_document = caps.text_document.as_ref();
        let workspace = caps.workspace.as_ref();
        let pull = text_document.is_some_and(|t| t.diagnostic.is_some());
        let mut folders: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| file_path(&f.uri))
            .collect();
        #[allow(deprecated)]
        if folders.is_empty() {
            folders.extend(params.root_uri.as_ref().and_then(file_path));
        }
        let root = folders.first().cloned();
        let session = Session {
            encoding,
            pull,
            refresh: workspace
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                == Some(true),
            configuration: workspace.and_then(|w| w.configuration) == Some(true),
            watch_registration: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                == Some(true),
            versioned_edits: workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                == Some(true),
            folders,
            root: root.clone(),
        };
        let settings = params
            .initialization_options
            .as_ref()
            .and_then(Settings::from_json)
            .unwrap_or_default();
        lock(&self.shared.state).debounce = settings.debounce;
        *lock(&self.shared.linters) = Linters::new(settings, root);
        let _ = self.shared.session.set(session);

        let diagnostic_provider = pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some(SECTION.to_owned()),
                // Set rules relate files: an edit here can change findings there.
                inter_file_dependencies: set_rules_exist(),
                workspace_diagnostics: false,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        });
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(convert::encoding_kind(encoding)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::FULL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, FIX_ALL_KIND]),
                        ..CodeActionOptions::default()
                    },
                )),
                diagnostic_provider,
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "kubelint".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let shared = &self.shared;
        if shared.session().is_some_and(|s| s.watch_registration) {
            let mut watchers = vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/.kubelint.{yaml,yml}".to_owned()),
                kind: None,
            }];
            if set_rules_exist() {
                watchers.push(FileSystemWatcher {
                    glob_pattern: GlobPattern::String("**/*.{yaml,yml,json}".to_owned()),
                    kind: None,
                });
            }
            let registration = Registration {
                id: "kubelint-watched-files".to_owned(),
                method: "workspace/didChangeWatchedFiles".to_owned(),
                register_options: Some(json!(DidChangeWatchedFilesRegistrationOptions {
                    watchers
                })),
            };
            if let Err(e) = shared.client.register_capability(vec![registration]).await {
                shared.log(MessageType::WARNING, format!("cannot watch files: {e}"));
            }
        }
        shared.fetch_settings().await;
        shared.start_scan();
    }

    async fn shutdown(&self) -> Result<()> {
        self.shared.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let shared = &self.shared;
        let doc = params.text_document;
        let uri = doc.uri.clone();
        let (ticket, push) = {
            let mut state = lock(&shared.state);
            let opened = state.documents.open(doc.uri, doc.version, doc.text);
            opened.ticket += 1;
            (opened.ticket, !shared.pull())
        };
        if push {
            shared.schedule(uri, ticket, Duration::ZERO);
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let shared = &self.shared;
        let uri = params.text_document.uri;
        let changed = {
            let mut state = lock(&shared.state);
            let encoding = shared.encoding();
            let debounce = shared.debounce(&state);
            state
                .documents
                .change(
                    &uri,
                    params.text_document.version,
                    params.content_changes,
                    encoding,
                )
                .map(|doc| (doc.ticket, debounce))
        };
        match changed {
            Ok((ticket, debounce)) => {
                if !shared.pull() {
                    shared.schedule(uri, ticket, debounce);
                }
            }
            Err(_) => shared.log(
                MessageType::WARNING,
                format!("ignored a change to {}, which is not open", uri.as_str()),
            ),
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let shared = &self.shared;
        let Some(path) = file_path(&params.text_document.uri) else {
            return;
        };
        // Clients that cannot watch files still save them.
        if is_config_file(&path) {
            shared.config_changed();
        } else if is_manifest_path(&path) {
            shared.refresh_files(vec![path]);
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let shared = &self.shared;
        let uri = params.text_document.uri;
        let closed = {
            let mut state = lock(&shared.state);
            let closed = state.documents.close(&uri);
            if closed.is_some() && !shared.pull() {
                if let Some(frame) = convert::publish_notification(&uri, &[], None) {
                    let _ = shared.pushes.unbounded_send(frame);
                }
            }
            closed
        };
        // Its file on disk takes its place for set rules again.
        if let Some(path) = closed.and_then(|d| d.path) {
            if is_manifest_path(&path) {
                shared.refresh_files(vec![path]);
            }
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let shared = &self.shared;
        match Settings::from_json(&params.settings) {
            Some(settings) => shared.apply_settings(settings).await,
            None => shared.fetch_settings().await,
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let shared = &self.shared;
        let mut config_changed = false;
        let mut manifests = Vec::new();
        for change in params.changes {
            let Some(path) = file_path(&change.uri) else {
                continue;
            };
            if is_config_file(&path) {
                config_changed = true;
            } else if is_manifest_path(&path) {
                manifests.push(path);
            }
        }
        if config_changed {
            shared.config_changed();
        } else if !manifests.is_empty() {
            shared.refresh_files(manifests);
        }
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let shared = &self.shared;
        let report = match shared.current_result(&params.text_document.uri).await {
            Some(result) if params.previous_result_id.as_deref() == Some(&result.result_id) => {
                DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                        result_id: result.result_id.clone(),
                    },
                })
            }
            result => DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: result.as_ref().map(|r| r.result_id.clone()),
                    items: result.map(|r| r.lsp.clone()).unwrap_or_default(),
                },
            }),
        };
        Ok(DocumentDiagnosticReportResult::Report(report))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let shared = &self.shared;
        let at = params.text_document_position_params;
        let Some(result) = shared.current_result(&at.text_document.uri).await else {
            return Ok(None);
        };
        Ok(hover::hover(
            &result,
            shared.positions(&result),
            at.position,
        ))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let shared = &self.shared;
        let uri = params.text_document.uri;
        let Some(result) = shared.current_result(&uri).await else {
            return Ok(None);
        };
        let only = params.context.only.as_deref();
        let target = Target {
            uri: &uri,
            version: result.key.version,
            versioned: shared.session().is_some_and(|s| s.versioned_edits),
        };
        let at = shared.positions(&result);
        let mut actions = Vec::new();
        if actions::wanted(only, &CodeActionKind::QUICKFIX) {
            actions.extend(actions::quick_fixes(
                &result,
                at,
                params.range,
                &params.context.diagnostics,
                target,
            ));
        }
        let safe_fixes = result.diagnostics.iter().any(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Safe)
        });
        if safe_fixes && actions::wanted(only, &FIX_ALL_KIND) {
            let worker = shared.clone();
            let (task_uri, task_result) = (uri.clone(), result.clone());
            let fixed = tokio::task::spawn_blocking(move || {
                worker.fix_all_blocking(&task_uri, &task_result)
            })
            .await
            .ok()
            .flatten();
            if let Some(action) = fixed.and_then(|fixed| actions::fix_all(at, &fixed, target)) {
                actions.push(action);
            }
        }
        Ok(Some(
            actions
                .into_iter()
                .map(CodeActionOrCommand::CodeAction)
                .collect(),
        ))
    }
}
