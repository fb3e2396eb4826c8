//! The manifests on disk in the workspace folders, as set rules need them:
//! a NetworkPolicy in another file covers the Deployment being edited, a
//! RoleBinding in one file grants a Role defined in another.
//!
//! Only what set rules read is kept: each file's workload summaries and the
//! documents holding kinds set rules parse again (with their text). Files
//! are found with the core's discovery (`.gitignore` and the project's
//! `exclude` respected), analysed once at startup in the background, and
//! refreshed one by one from `workspace/didChangeWatchedFiles`. Open
//! documents shadow their file on disk.

use crate::lint::SetFile;
use kubelint::config::Overrides;
use kubelint::incremental::{discover, FileAnalysis, Input};
use kubelint::{rules, Config, Linter};
use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An indexed file and the fingerprint of what set rules see in it.
#[derive(Clone, Debug)]
pub struct IndexedFile {
    pub file: SetFile,
    pub fingerprint: u64,
}

#[derive(Debug, Default)]
pub struct WorkspaceIndex {
    files: BTreeMap<PathBuf, IndexedFile>,
}

impl WorkspaceIndex {
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Replaces the whole index (after a scan).
    pub fn replace(&mut self, files: BTreeMap<PathBuf, IndexedFile>) {
        self.files = files;
    }

    /// Records a file's new state (`None`: deleted or no longer relevant).
    /// Returns whether set rules could see a difference.
    pub fn update(&mut self, path: PathBuf, file: Option<IndexedFile>) -> bool {
        match file {
            Some(file) => {
                let fingerprint = file.fingerprint;
                self.files.insert(path, file).map(|old| old.fingerprint) != Some(fingerprint)
            }
            None => self.files.remove(&path).is_some(),
        }
    }

    /// The indexed files except those in `shadowed` (open documents, which
    /// take part with their editor text instead).
    pub fn files_except<'a>(
        &'a self,
        shadowed: &'a [&'a Path],
    ) -> impl Iterator<Item = &'a SetFile> + 'a {
        self.files
            .iter()
            .filter(move |(path, _)| !shadowed.contains(&path.as_path()))
            .map(|(_, f)| &f.file)
    }
}

/// Whether any rule relates objects across files; if none, the workspace
/// on disk never matters and is not scanned or watched.
pub fn set_rules_exist() -> bool {
    rules::all().iter().any(|r| r.is_set_rule())
}

/// Whether a changed file could be a manifest of the index (`.yaml`,
/// `.yml`, `.json`, any case).
pub fn is_manifest_path(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["yaml", "yml", "json"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

/// A linter with only the set rules `base` runs: the workspace scan needs
/// to know which documents set rules read, not the other rules' findings.
pub fn set_rules_only(base: &Config) -> Config {
    let mut config = base.clone();
    let (keep, drop): (Vec<&rules::Rule>, Vec<&rules::Rule>) = rules::all()
        .iter()
        .copied()
        .filter(|r| !r.is_input())
        .partition(|r| r.is_set_rule() && base.rule_severity(r).is_some());
    // Named in the overrides, they beat whatever the project or the
    // editor said.
    let mut overrides = Overrides::default();
    overrides.enable = keep.iter().map(|r| r.id.to_owned()).collect();
    overrides.disable = drop.iter().map(|r| r.id.to_owned()).collect();
    overrides.inline_ignores = base.overrides.inline_ignores;
    config.overrides = overrides;
    config
}

/// Finds and analyses the manifests under `folders`. Blocking.
pub fn scan(
    folders: &[PathBuf],
    linter: &Linter,
    root: Option<&Path>,
) -> BTreeMap<PathBuf, IndexedFile> {
    let inputs = discover(folders, linter.config(), &[]).inputs;
    inputs
        .into_iter()
        .filter_map(|input| match input {
            Input::File(path) => {
                let file = load(&path, linter, root)?;
                Some((path, file))
            }
            Input::Stdin => None,
        })
        .collect()
}

/// Reads and analyses one file; `None` if it cannot be read or holds
/// nothing set rules look at. Blocking.
pub fn load(path: &Path, linter: &Linter, root: Option<&Path>) -> Option<IndexedFile> {
    let metadata = std::fs::metadata(path).ok()?;
    if !metadata.is_file() || metadata.len() > linter.config().limits.max_file_size {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let text = kubelint::source::decode(&bytes).ok()?;
    let analysis = linter.analyze(0, text);
    if analysis.workloads.is_empty() && analysis.set_documents.is_empty() {
        return None;
    }
    let fingerprint = fingerprint(text, &analysis);
    // Workload summaries are owned data: the text is only needed when set
    // rules re-parse some of its documents.
    let text: Arc<str> = if analysis.set_documents.is_empty() {
        Arc::from("")
    } else {
        Arc::from(text)
    };
    Some(IndexedFile {
        file: SetFile {
            path: display_path(path, root),
            text,
            analysis: Arc::new(analysis),
        },
        fingerprint,
    })
}

/// How a file is named in set-rule findings: relative to the workspace.
pub fn display_path(path: &Path, root: Option<&Path>) -> String {
    root.and_then(|r| path.strip_prefix(r).ok())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// What set rules see of a file, hashed: its workloads (without positions,
/// which move with every edit above them) and the text of the documents
/// they parse. Equal fingerprints mean other files' findings cannot change.
pub fn fingerprint(text: &str, analysis: &FileAnalysis) -> u64 {
    let mut hasher = DefaultHasher::new();
    for w in &analysis.workloads {
        (&w.api_version, &w.kind, &w.name, &w.namespace).hash(&mut hasher);
        (&w.pod_labels, &w.service_account).hash(&mut hasher);
    }
    for (_, span) in &analysis.set_documents {
        text.get(span.range()).hash(&mut hasher);
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n";

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("kubelint-lsp-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn scans_manifests_and_keeps_what_set_rules_read() {
        let dir = temp_dir("scan");
        std::fs::create_dir_all(dir.join("ci")).unwrap();
        std::fs::write(dir.join("web.yaml"), DEPLOYMENT).unwrap();
        std::fs::write(dir.join("ci/workflow.yml"), "on: push\njobs: {}\n").unwrap();
        std::fs::write(
            dir.join("cm.yaml"),
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
        )
        .unwrap();
        let linter = Linter::new(set_rules_only(&Config::default()));
        let files = scan(std::slice::from_ref(&dir), &linter, Some(&dir));
        // The workflow is not a manifest; a ConfigMap has no workload.
        let names: Vec<_> = files.values().map(|f| f.file.path.as_str()).collect();
        assert_eq!(names, ["web.yaml"]);
        let web = &files[&dir.join("web.yaml")];
        assert_eq!(web.file.analysis.workloads.len(), 1);

        let mut index = WorkspaceIndex::default();
        index.replace(files);
        // Same workloads after an edit that only moves them: no difference.
        std::fs::write(dir.join("web.yaml"), format!("# moved\n{DEPLOYMENT}")).unwrap();
        let reloaded = load(&dir.join("web.yaml"), &linter, Some(&dir));
        assert!(!index.update(dir.join("web.yaml"), reloaded));
        let relabelled = DEPLOYMENT.replace("app: web", "app: api");
        std::fs::write(dir.join("web.yaml"), relabelled).unwrap();
        let reloaded = load(&dir.join("web.yaml"), &linter, Some(&dir));
        assert!(index.update(dir.join("web.yaml"), reloaded));
        assert!(index.update(dir.join("web.yaml"), None));
        assert!(index.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn open_documents_shadow_their_files() {
        let dir = temp_dir("shadow");
        std::fs::write(dir.join("web.yaml"), DEPLOYMENT).unwrap();
        let linter = Linter::new(Config::default());
        let mut index = WorkspaceIndex::default();
        index.replace(scan(std::slice::from_ref(&dir), &linter, Some(&dir)));
        assert_eq!(index.files_except(&[]).count(), 1);
        let open = dir.join("web.yaml");
        assert_eq!(index.files_except(&[open.as_path()]).count(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_scan_linter_runs_set_rules_only() {
        let config = set_rules_only(&Config::default());
        let linter = Linter::new(config);
        assert!(!linter.is_active("privileged-container"));
        assert!(linter.is_active("invalid-yaml"));
        let any_set_rule = rules::all().iter().any(|r| r.is_set_rule());
        assert_eq!(linter.has_set_rules(), any_set_rule);
    }
}
