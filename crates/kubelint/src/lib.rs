//! # kubelint
//!
//! A fast, offline, span-aware security linter for Kubernetes YAML.
//!
//! Every finding carries the exact byte range and line:column of the value,
//! key, container or object it is about. The same core powers the `kubelint`
//! CLI and language server, and any Rust tool can call it directly:
//!
//! ```
//! use kubelint::{lint_str, Config};
//!
//! let manifest = "\
//! apiVersion: v1
//! kind: Pod
//! metadata: {name: web}
//! spec:
//!   containers:
//!   - name: web
//!     image: nginx:latest
//!     securityContext:
//!       privileged: yes
//! ";
//! let diagnostics = lint_str("pod.yaml", manifest, &Config::default());
//! let privileged = diagnostics.iter().find(|d| d.rule == "privileged-container").unwrap();
//! assert_eq!((privileged.start.line, privileged.start.column), (9, 19));
//! assert_eq!(&manifest[privileged.range.range()], "yes");
//! let latest = diagnostics.iter().find(|d| d.rule == "latest-image-tag").unwrap();
//! assert_eq!(&manifest[latest.range.range()], "latest");
//! ```
//!
//! Layers, bottom up: [`source`] (spans, line index, decoding), [`yaml`] (the
//! spanned tree), [`k8s`] (object and pod-spec views), [`rules`] (the rule
//! framework and every rule), [`engine`] (files, parallelism, set rules,
//! suppressions) and [`fix`] (text edits).
#![forbid(unsafe_code)]

pub mod config;
pub mod diagnostic;
pub mod edit;
pub mod engine;
pub mod fix;
pub mod k8s;
pub mod rules;
pub mod set_index;
pub mod source;
pub mod suppress;
pub mod yaml;

pub use config::Config;
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
pub use engine::{Linter, Report};

/// Lints one file's text. `path` is used in the diagnostics only.
pub fn lint_str(path: &str, text: &str, config: &Config) -> Vec<Diagnostic> {
    Linter::new(config.clone()).lint_str(path, text)
}

/// Lints files, directories (walked, `.gitignore` respected) and `-` (stdin).
pub fn lint_paths<P: AsRef<std::path::Path>>(paths: &[P], config: &Config) -> Report {
    let paths: Vec<_> = paths.iter().map(|p| p.as_ref().to_path_buf()).collect();
    Linter::new(config.clone()).lint_paths(&paths)
}
