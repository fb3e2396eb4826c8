//! Keeping up with what changes besides the documents: editor settings,
//! `.kubelint.yaml` files, and the manifests on disk set rules look at.

use crate::lint::SetFile;
use crate::settings::{Settings, SECTION};
use crate::state::{lock, set_rules_exist, Shared, State};
use crate::workspace;
use kubelint::Linter;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::ls_types::{ConfigurationItem, MessageType, Uri};

impl Shared {
    /// The other files set rules see next to `current`: open documents
    /// with their editor text, the rest of the workspace from disk.
    pub(crate) fn set_context(&self, state: &State, current: &Uri) -> Vec<SetFile> {
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

    pub(crate) async fn apply_settings(self: &Arc<Self>, settings: Settings) {
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
    pub(crate) async fn fetch_settings(self: &Arc<Self>) {
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
    pub(crate) fn config_changed(self: &Arc<Self>) {
        lock(&self.linters).invalidate();
        lock(&self.state).generation += 1;
        self.results_changed();
        self.start_scan();
    }

    /// (Re)indexes the workspace in the background, if set rules run.
    pub(crate) fn start_scan(self: &Arc<Self>) {
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
    pub(crate) fn refresh_files(self: &Arc<Self>, paths: Vec<PathBuf>) {
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
}
