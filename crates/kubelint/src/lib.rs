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
//! The API: [`lint_str`] and [`lint_paths`] for one-shot runs, a [`Linter`]
//! to lint many inputs with one [`Config`], the findings as [`Diagnostic`]s
//! with their [`Severity`] and [`Fix`], the [`rules`] catalog with each
//! rule's documentation, [`fix::fix_text`] to apply fixes, and
//! [`incremental`] for editors. Everything else (the spanned YAML tree, the
//! Kubernetes views, the set index) is internal; the `internals` feature
//! exposes it, without a stability promise, to this project's fuzzers,
//! benchmarks and oracle.
//!
//! Layers, bottom up: `source` (spans, line index, decoding), `yaml` (the
//! spanned tree), `k8s` (object and pod-spec views), `edit` (text edits),
//! [`rules`] (the rule framework and every rule), [`config`], the engine
//! (files, parallelism, set rules, suppressions) and [`fix`] (the fix loop);
//! `tests/layers.rs` keeps each using only those below it.
#![forbid(unsafe_code)]
// Findings are data: only the CLI and the server decide what to print.
#![cfg_attr(not(test), deny(clippy::print_stdout, clippy::print_stderr))]
// The facade a dependent sees (built without `internals`) is documented in
// full; CI builds it alone and runs `cargo doc` with warnings denied.
#![cfg_attr(not(feature = "internals"), deny(missing_docs))]

pub mod config;
pub mod diagnostic;
mod engine;
pub mod fix;
pub mod rules;
pub mod source;

/// Linting one file at a time and keeping the result: what an editor needs.
///
/// [`discover`](crate::incremental::discover) finds the inputs a run would
/// lint; [`Linter::analyze`](crate::Linter::analyze) reads, parses and
/// judges one file into a [`FileAnalysis`](crate::incremental::FileAnalysis)
/// that can be kept while the file is open; the rules that look across
/// files run over the kept analyses with
/// [`Linter::run_set_rules`](crate::Linter::run_set_rules) and
/// [`Linter::finish`](crate::Linter::finish) turns both into diagnostics.
/// The `kubelint lsp` server is built on this module alone.
pub mod incremental {
    pub use crate::engine::{
        discover, patch_inputs, Discovered, FileAnalysis, Input, SetInput, SkippedPart, WalkError,
    };
    pub use crate::set_index::FileId;
}

// Internals: public only with the `internals` feature (no semver promise).
// Without it, the parts of their API that only the fuzzers, benchmarks,
// oracle and tests use are unused, not dead.
macro_rules! internal_modules {
    ($($name:ident),+) => {$(
        #[cfg(feature = "internals")]
        pub mod $name;
        #[cfg(not(feature = "internals"))]
        #[allow(dead_code, unused_imports)]
        pub(crate) mod $name;
    )+};
}
internal_modules!(edit, k8s, set_index, suppress, yaml);

pub use config::{Config, ConfigError};
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
pub use engine::{JsonReport, JsonSummary, Linter, Report, Skip, Skipped};

/// Lints one file's text. `path` is used in the diagnostics only.
pub fn lint_str(path: &str, text: &str, config: &Config) -> Vec<Diagnostic> {
    Linter::new(config.clone()).lint_str(path, text)
}

/// Lints files, directories (walked, `.gitignore` respected) and `-` (stdin).
pub fn lint_paths<P: AsRef<std::path::Path>>(paths: &[P], config: &Config) -> Report {
    let paths: Vec<_> = paths.iter().map(|p| p.as_ref().to_path_buf()).collect();
    Linter::new(config.clone()).lint_paths(&paths)
}
