//! Document sync: `textDocument/didOpen`, `didChange`, `didSave` and
//! `didClose`. Each changes the document store before any `.await`.

use crate::convert::{self, file_path};
use crate::linters::is_config_file;
use crate::session::{lock, Session};
use crate::workspace::is_manifest_path;
use std::sync::Arc;
use std::time::Duration;
use tower_lsp_server::ls_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, MessageType,
};

/// Stores the document and, for push clients, lints it at once.
pub(crate) fn did_open(session: &Arc<Session>, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    let uri = doc.uri.clone();
    let (ticket, push) = {
        let mut state = lock(&session.state);
        let opened = state.documents.open(doc.uri, doc.version, doc.text);
        opened.ticket += 1;
        (opened.ticket, !session.pulls_diagnostics())
    };
    if push {
        session.schedule_lint(uri, ticket, Duration::ZERO);
    }
}

/// Applies the changes and, for push clients, lints after the debounce.
pub(crate) fn did_change(session: &Arc<Session>, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let changed = {
        let mut state = lock(&session.state);
        let encoding = session.encoding();
        let debounce = session.debounce(&state);
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
            if !session.pulls_diagnostics() {
                session.schedule_lint(uri, ticket, debounce);
            }
        }
        Err(_) => session.log(
            MessageType::WARNING,
            format!("ignored a change to {}, which is not open", uri.as_str()),
        ),
    }
}

/// A saved configuration file reloads the linters, a saved manifest the
/// workspace index: clients that cannot watch files still save them.
pub(crate) fn did_save(session: &Arc<Session>, params: DidSaveTextDocumentParams) {
    let Some(path) = file_path(&params.text_document.uri) else {
        return;
    };
    if is_config_file(&path) {
        session.reload_config();
    } else if is_manifest_path(&path) {
        session.reload_workspace_files(vec![path]);
    }
}

/// Forgets the document, clears its pushed diagnostics, and lets its file
/// on disk take its place for set rules again.
pub(crate) fn did_close(session: &Arc<Session>, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    let closed = {
        let mut state = lock(&session.state);
        let closed = state.documents.close(&uri);
        if closed.is_some() && !session.pulls_diagnostics() {
            if let Some(frame) = convert::publish_notification(&uri, [], None) {
                let _ = session.pushes.unbounded_send(frame);
            }
        }
        closed
    };
    if let Some(path) = closed.and_then(|d| d.path) {
        if is_manifest_path(&path) {
            session.reload_workspace_files(vec![path]);
        }
    }
}
