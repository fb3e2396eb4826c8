//! The `LanguageServer` implementation: each method delegates to its
//! handler in [`crate::handlers`], over the shared [`Session`].
//!
//! Rules of the house (after taplo, tombi and Biome):
//! - Notification handlers change the store before their first `.await`,
//!   so edits apply in the order the client sent them.
//! - Linting runs on blocking threads, never on the async runtime; results
//!   are keyed by document version and generation and dropped when stale.
//! - Diagnostics are pulled (`textDocument/diagnostic`) by clients that can,
//!   pushed (`publishDiagnostics`, with the version) to the others — never
//!   both. Pushes are debounced per document, encoded on the lint thread and
//!   queued (in the order results became current) straight to the writer
//!   ([`crate::pipeline`]).

use crate::handlers::{code_action, diagnostic, hover, lifecycle, text_document, workspace};
use crate::session::Session;
use crate::transport::EncodedSender;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// The language server: the protocol handlers over a shared session.
pub struct Server {
    session: Arc<Session>,
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
        Server {
            session: Arc::new(Session::new(client, pushes)),
        }
    }

    /// Set once the client asked for `shutdown` (the exit code depends on it).
    pub fn shutdown_flag(&self) -> Arc<AtomicBool> {
        self.session.shutdown.clone()
    }
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        lifecycle::initialize(&self.session, params)
    }

    async fn initialized(&self, _: InitializedParams) {
        lifecycle::initialized(&self.session).await;
    }

    async fn shutdown(&self) -> Result<()> {
        lifecycle::shutdown(&self.session)
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        text_document::did_open(&self.session, params);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        text_document::did_change(&self.session, params);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        text_document::did_save(&self.session, params);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        text_document::did_close(&self.session, params);
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        workspace::did_change_configuration(&self.session, params).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        workspace::did_change_watched_files(&self.session, params);
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        diagnostic::diagnostic(&self.session, params).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        hover::hover(&self.session, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        code_action::code_action(&self.session, params).await
    }
}
