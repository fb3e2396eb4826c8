//! Finding the files to lint: explicit paths as given, directories walked
//! with the repository's `.gitignore` files respected, `exclude` globs
//! applied.
//!
//! Only the `.gitignore` files of the git repository being walked count:
//! not those of folders above it, not the user's global excludes file, not
//! `.git/info/exclude`, and none at all outside a git repository. What is
//! linted then depends on the repository alone, the same on a laptop and in
//! CI. A file named on the command line is linted even if a `.gitignore`
//! matches it; an `exclude` pattern (configuration or `--exclude`) still
//! applies to it, since pre-commit names every changed file, and the
//! exclusion is reported ([`Discovered::excluded`]).

use crate::config::Config;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};

/// Something to lint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file, as named on the command line or found by the walk.
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

impl Input {
    /// How the input is named in findings.
    pub fn display(&self) -> String {
        match self {
            Input::File(path) => {
                let text = path.display().to_string();
                text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
            }
            Input::Stdin => "-".to_owned(),
        }
    }
}

/// A path that could not be walked, with the reason.
#[derive(Clone, Debug)]
pub struct WalkError {
    /// The path, as given or found.
    pub path: String,
    /// Why it could not be read.
    pub message: String,
}

impl std::fmt::Display for WalkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for WalkError {}

/// Extensions of files found by walking a directory. Files named
/// explicitly are linted whatever their extension.
const EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

/// What [`discover`] found.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Discovered {
    /// What to lint, in order.
    pub inputs: Vec<Input>,
    /// Paths that could not be walked.
    pub errors: Vec<WalkError>,
    /// Files named on the command line that an `exclude` pattern matches:
    /// not linted, and said so.
    pub excluded: Vec<Input>,
}

/// The inputs named by `paths` (files, directories to walk, `-`), with the
/// configuration's `exclude` patterns and `extra_excludes` applied.
pub fn discover(paths: &[PathBuf], config: &Config, extra_excludes: &[String]) -> Discovered {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut excluded_files = Vec::new();
    let excludes = match build_excludes(config.exclude.iter().chain(extra_excludes)) {
        Ok(set) => set,
        Err(message) => {
            errors.push(WalkError {
                path: "--exclude".into(),
                message,
            });
            GlobSet::empty()
        }
    };
    let excluded = |path: &Path| -> bool {
        let shown = path.strip_prefix("./").unwrap_or(path);
        if excludes.is_match(shown) {
            return true;
        }
        let relative = config.root.as_ref().and_then(|root| {
            let absolute = std::path::absolute(path).ok()?;
            absolute.strip_prefix(root).ok().map(Path::to_path_buf)
        });
        relative.is_some_and(|r| excludes.is_match(r))
    };
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        if !path.is_dir() {
            // Explicit files are linted even if a .gitignore matches them; a
            // missing path is reported when it is read.
            if excluded(path) {
                excluded_files.push(Input::File(path.clone()));
            } else {
                inputs.push(Input::File(path.clone()));
            }
            continue;
        }
        let gitignore = config.respect_gitignore;
        let walker = ignore::WalkBuilder::new(path)
            .standard_filters(false)
            .git_ignore(gitignore)
            .parents(gitignore)
            .require_git(true)
            .follow_links(true)
            .sort_by_file_name(|a, b| a.cmp(b))
            .filter_entry(|entry| entry.file_name() != ".git")
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                    let p = entry.path();
                    let has_extension = p
                        .extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)));
                    // The project configuration is read as configuration,
                    // not linted (and reported as "no objects") as a manifest.
                    let is_config = p
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| crate::config::CONFIG_FILE_NAMES.contains(&n));
                    if !is_dir && has_extension && !is_config && !excluded(p) {
                        inputs.push(Input::File(p.to_path_buf()));
                    }
                }
                Err(err) => errors.push(WalkError {
                    path: walk_error_path(&err).unwrap_or_else(|| path.display().to_string()),
                    message: walk_error_message(&err),
                }),
            }
        }
    }
    Discovered {
        inputs,
        errors,
        excluded: excluded_files,
    }
}

fn build_excludes<'a>(patterns: impl Iterator<Item = &'a String>) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob =
            Glob::new(pattern).map_err(|e| format!("invalid exclude glob `{pattern}`: {e}"))?;
        builder.add(glob);
        // `charts/` or `charts` excludes everything below it too.
        let trimmed = pattern.trim_end_matches('/');
        if !trimmed.contains('*') {
            if let Ok(glob) = Glob::new(&format!("{trimmed}/**")) {
                builder.add(glob);
            }
        }
    }
    builder.build().map_err(|e| e.to_string())
}

fn walk_error_path(err: &ignore::Error) -> Option<String> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.display().to_string()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.display().to_string()),
        _ => None,
    }
}

fn walk_error_message(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_error_message(err),
        ignore::Error::Loop { ancestor, .. } => {
            format!("symbolic link loop back to {}", ancestor.display())
        }
        other => other.to_string(),
    }
}
