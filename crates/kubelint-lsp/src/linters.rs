//! Which configured [`Linter`] lints a document: the `.kubelint.yaml` found
//! upward from it (or `configPath`) with the editor settings layered on top.
//!
//! Linters are built once per configuration file and reused; everything is
//! dropped and rebuilt when the settings or a configuration file change, and
//! the generation number lets cached results tell they are out of date.
//! Loading reads files, so callers use this from blocking tasks only.

use crate::settings::Settings;
use kubelint::config::CONFIG_FILE_NAMES;
use kubelint::{Config, Diagnostic, Linter};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A linter for documents that share a configuration.
#[derive(Debug)]
pub struct DocLinter {
    pub linter: Linter,
    /// The generation it belongs to; results made with an older one are stale.
    pub generation: u64,
    /// `false` when the editor turned kubelint off.
    pub enabled: bool,
}

#[derive(Debug, Default)]
pub struct Linters {
    settings: Settings,
    workspace_root: Option<PathBuf>,
    generation: u64,
    by_config: HashMap<Option<PathBuf>, Arc<DocLinter>>,
    /// Directory → the configuration file found upward from it.
    discovered: HashMap<PathBuf, Option<PathBuf>>,
    /// Problems met while loading (bad YAML in a configuration, unknown rule
    /// ids in the settings), for the server to log once.
    notes: Vec<String>,
}

impl Linters {
    pub fn new(settings: Settings, workspace_root: Option<PathBuf>) -> Linters {
        Linters {
            settings,
            workspace_root,
            generation: 1,
            ..Linters::default()
        }
    }

    #[cfg(test)]
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Replaces the editor settings; `false` if they did not change.
    pub fn set_settings(&mut self, settings: Settings) -> bool {
        if settings == self.settings {
            return false;
        }
        self.settings = settings;
        self.invalidate();
        true
    }

    /// Forgets every linter and discovery (a configuration file changed).
    pub fn invalidate(&mut self) {
        self.by_config.clear();
        self.discovered.clear();
        self.generation += 1;
    }

    /// Takes the notes collected since the last call.
    pub fn take_notes(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notes)
    }

    /// The linter for a document at `path` (`None`: not a file on disk).
    pub fn for_document(&mut self, path: Option<&Path>) -> Arc<DocLinter> {
        let dir = path
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| self.workspace_root.clone());
        self.for_directory(dir)
    }

    /// The workspace's own linter (the configuration found from its root),
    /// which decides what the workspace scan excludes.
    pub fn for_workspace(&mut self) -> Arc<DocLinter> {
        self.for_directory(self.workspace_root.clone())
    }

    fn for_directory(&mut self, dir: Option<PathBuf>) -> Arc<DocLinter> {
        let config_file = self.config_file_for(dir);
        if let Some(linter) = self.by_config.get(&config_file) {
            return linter.clone();
        }
        let linter = Arc::new(self.build(config_file.clone()));
        self.by_config.insert(config_file, linter.clone());
        linter
    }

    fn config_file_for(&mut self, dir: Option<PathBuf>) -> Option<PathBuf> {
        if let Some(explicit) = self.settings.config_file(self.workspace_root.as_deref()) {
            return Some(explicit);
        }
        let dir = dir?;
        if let Some(found) = self.discovered.get(&dir) {
            return found.clone();
        }
        let found = Config::discover(&dir);
        self.discovered.insert(dir, found.clone());
        found
    }

    fn build(&mut self, config_file: Option<PathBuf>) -> DocLinter {
        let mut config = match &config_file {
            Some(path) => {
                let (config, problems) = Config::load(path);
                self.notes.extend(problems.iter().map(describe_problem));
                config
            }
            None => Config::default(),
        };
        self.notes.extend(self.settings.apply(&mut config));
        // All of a lint on its lint thread: see `worker`.
        config.threads = Some(1);
        DocLinter {
            linter: Linter::new(config),
            generation: self.generation,
            enabled: self.settings.enable,
        }
    }
}

/// Whether a path names a kubelint configuration file.
pub fn is_config_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| CONFIG_FILE_NAMES.contains(&n))
}

fn describe_problem(d: &Diagnostic) -> String {
    format!(
        "{}:{}:{}: {}",
        d.file, d.start.line, d.start.column, d.message
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_project_configuration_and_layers_settings() {
        let dir = std::env::temp_dir().join(format!("kubelint-lsp-linters-{}", std::process::id()));
        let nested = dir.join("apps/web");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(dir.join(".kubelint.yaml"), "disable: [run-as-root]\n").unwrap();
        let mut linters = Linters::new(Settings::default(), Some(dir.clone()));
        let doc = linters.for_document(Some(&nested.join("deploy.yaml")));
        assert!(doc.linter.config().source.is_some());
        assert!(!doc.linter.is_active("run-as-root"));
        assert!(doc.linter.is_active("privileged-container"));
        let generation = linters.generation();

        let settings = Settings {
            ignore: vec!["privileged-container".into()],
            ..Settings::default()
        };
        assert!(linters.set_settings(settings.clone()));
        assert!(!linters.set_settings(settings));
        let doc = linters.for_document(Some(&nested.join("deploy.yaml")));
        assert!(doc.generation > generation);
        assert!(!doc.linter.is_active("privileged-container"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn config_errors_become_notes() {
        let dir = std::env::temp_dir().join(format!("kubelint-lsp-notes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(".kubelint.yml"), "enabel: [x]\n").unwrap();
        let mut linters = Linters::new(Settings::default(), None);
        linters.for_document(Some(&dir.join("a.yaml")));
        let notes = linters.take_notes();
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("unknown key `enabel`"), "{notes:?}");
        assert!(is_config_file(&dir.join(".kubelint.yml")));
        assert!(!is_config_file(&dir.join("a.yaml")));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
