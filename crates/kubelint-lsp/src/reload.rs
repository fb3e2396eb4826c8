//! Reloading what lints depend on besides the document's text: editor
//! settings, `.kubelint.yaml` files, and the index of manifests on disk set
//! rules look at. Each bumps the generation when it changes something, so
//! cached results know they are stale, and has the diagnostics refreshed.

use crate::session::{lock, Session};
use crate::settings::{Settings, SECTION};
use crate::workspace::{self, set_rules_exist};
use kubelint::Linter;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::ls_types::{ConfigurationItem, MessageType};

impl Session {
    /// Lints with `settings` from now on; refreshes diagnostics and the
    /// workspace index if they change anything.
    pub(crate) async fn apply_settings(self: &Arc<Self>, settings: Settings) {
        let debounce = settings.debounce;
        let changed = lock(&self.linters).set_settings(settings);
        if changed {
            {
                let mut state = lock(&self.state);
                state.debounce = debounce;
                state.generation += 1;
            }
            self.refresh_diagnostics();
            self.start_workspace_scan();
        }
    }

    /// Asks the client for the `kubelint` section.
    pub(crate) async fn fetch_settings(self: &Arc<Self>) {
        if !self.negotiated().is_some_and(|s| s.configuration) {
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
    pub(crate) fn reload_config(self: &Arc<Self>) {
        lock(&self.linters).invalidate();
        lock(&self.state).generation += 1;
        self.refresh_diagnostics();
        self.start_workspace_scan();
    }

    /// (Re)indexes the workspace in the background, if set rules run.
    pub(crate) fn start_workspace_scan(self: &Arc<Self>) {
        let Some(negotiated) = self.negotiated() else {
            return;
        };
        if !set_rules_exist() || negotiated.folders.is_empty() {
            return;
        }
        let scan = {
            let mut state = lock(&self.state);
            state.scans += 1;
            state.scans
        };
        let session = self.clone();
        tokio::spawn(async move {
            let worker = session.clone();
            let changed =
                tokio::task::spawn_blocking(move || worker.scan_workspace_blocking(scan)).await;
            if changed.unwrap_or(false) {
                session.refresh_diagnostics();
            }
        });
    }

    /// Indexes the workspace folders; returns whether the index changed
    /// (`false` if a newer scan started meanwhile).
    fn scan_workspace_blocking(&self, scan: u64) -> bool {
        let Some(negotiated) = self.negotiated() else {
            return false;
        };
        let base = lock(&self.linters).for_workspace();
        let linter = Linter::new(workspace::set_rules_only(base.linter.config()));
        let index = (base.enabled && linter.has_set_rules())
            .then(|| workspace::scan(&negotiated.folders, &linter, negotiated.root.as_deref()));
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
    pub(crate) fn reload_workspace_files(self: &Arc<Self>, paths: Vec<PathBuf>) {
        let Some(linter) = lock(&self.state).index_linter.clone() else {
            return;
        };
        let session = self.clone();
        tokio::spawn(async move {
            let worker = session.clone();
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
                session.refresh_diagnostics();
            }
        });
    }
}
