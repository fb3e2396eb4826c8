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
use crate::convert;
use crate::hover;
use crate::linters::{is_config_file, Linters};
use crate::session::{file_path, Session};
use crate::settings::Settings;
use crate::state::{is_manifest_path, lock, set_rules_exist, Shared, State};
use crate::transport::EncodedSender;
use kubelint::Applicability;
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// Overrides the default debounce (milliseconds), e.g. `0` for benchmarks.
pub const DEBOUNCE_ENV: &str = "KUBELINT_LSP_DEBOUNCE_MS";

/// The language server: the protocol handlers over shared state.
pub struct Server {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").finish_non_exhaustive()
    }
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
                lint_worker: OnceLock::new(),
            }),
        }
    }

    /// Set once the client asked for `shutdown` (the exit code depends on it).
    pub fn shutdown_flag(&self) -> Arc<AtomicBool> {
        self.shared.shutdown.clone()
    }
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let session = Session::negotiate(&params);
        let settings = params
            .initialization_options
            .as_ref()
            .and_then(Settings::from_json)
            .unwrap_or_default();
        lock(&self.shared.state).debounce = settings.debounce;
        *lock(&self.shared.linters) = Linters::new(settings, session.root.clone());
        let capabilities = session.capabilities(set_rules_exist());
        let _ = self.shared.session.set(session);
        Ok(InitializeResult {
            capabilities,
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
                if let Some(frame) = convert::publish_notification(&uri, [], None) {
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
                    items: result
                        .map(|r| r.lsp_diagnostics().collect())
                        .unwrap_or_default(),
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
