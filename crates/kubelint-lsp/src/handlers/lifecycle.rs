//! `initialize`, `initialized` and `shutdown`.

use crate::capabilities::Negotiated;
use crate::linters::Linters;
use crate::session::{lock, Session};
use crate::settings::Settings;
use crate::workspace::set_rules_exist;
use serde_json::json;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, InitializeParams,
    InitializeResult, MessageType, Registration, ServerInfo,
};

/// Negotiates the session, builds the linters from `initializationOptions`
/// and announces the server's capabilities.
pub(crate) fn initialize(session: &Session, params: InitializeParams) -> Result<InitializeResult> {
    let negotiated = Negotiated::from_initialize(&params);
    let settings = params
        .initialization_options
        .as_ref()
        .and_then(Settings::from_json)
        .unwrap_or_default();
    lock(&session.state).debounce = settings.debounce;
    *lock(&session.linters) = Linters::new(settings, negotiated.root.clone());
    let capabilities = negotiated.server_capabilities(set_rules_exist());
    let _ = session.negotiated.set(negotiated);
    Ok(InitializeResult {
        capabilities,
        server_info: Some(ServerInfo {
            name: "kubelint".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
        offset_encoding: None,
    })
}

/// Registers the file watchers (configuration files; manifests too if set
/// rules run), asks for the settings and starts the workspace scan.
pub(crate) async fn initialized(session: &Arc<Session>) {
    if session.negotiated().is_some_and(|s| s.watch_registration) {
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
            register_options: Some(json!(DidChangeWatchedFilesRegistrationOptions { watchers })),
        };
        if let Err(e) = session.client.register_capability(vec![registration]).await {
            session.log(MessageType::WARNING, format!("cannot watch files: {e}"));
        }
    }
    session.fetch_settings().await;
    session.start_workspace_scan();
}

/// Records that the client asked for `shutdown` (the exit code says so).
pub(crate) fn shutdown(session: &Session) -> Result<()> {
    session.shutdown.store(true, Ordering::SeqCst);
    Ok(())
}
