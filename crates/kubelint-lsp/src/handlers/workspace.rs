//! `workspace/didChangeConfiguration` and `workspace/didChangeWatchedFiles`.

use crate::convert::file_path;
use crate::linters::is_config_file;
use crate::session::Session;
use crate::settings::Settings;
use crate::workspace::is_manifest_path;
use std::sync::Arc;
use tower_lsp_server::ls_types::{DidChangeConfigurationParams, DidChangeWatchedFilesParams};

/// Applies the settings sent along, or asks for them if none were.
pub(crate) async fn did_change_configuration(
    session: &Arc<Session>,
    params: DidChangeConfigurationParams,
) {
    match Settings::from_json(&params.settings) {
        Some(settings) => session.apply_settings(settings).await,
        None => session.fetch_settings().await,
    }
}

/// A changed configuration file reloads the linters (and with them the
/// index); otherwise changed manifests are re-read into the index.
pub(crate) fn did_change_watched_files(
    session: &Arc<Session>,
    params: DidChangeWatchedFilesParams,
) {
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
        session.reload_config();
    } else if !manifests.is_empty() {
        session.reload_workspace_files(manifests);
    }
}
