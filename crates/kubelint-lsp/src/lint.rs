//! Linting one document with the core: the per-file pass (cached while the
//! text and linter are unchanged), set rules over the document and the rest
//! of the workspace, suppressions, then conversion for the client.
//!
//! Everything here is synchronous and runs on blocking threads; a panic in
//! the core is caught so one bad file cannot take the server down.

use crate::documents::{CachedAnalysis, LintResult, ResultKey};
use crate::linters::DocLinter;
use kubelint::incremental::{FileAnalysis, SetInput};
use kubelint::source::{LineIndex, PositionEncoding};
use kubelint::Skipped;
use kubelint::{Config, Diagnostic};
use std::hash::{Hash, Hasher};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use tower_lsp_server::ls_types::Uri;

/// Another file of the workspace, as set rules see it.
#[derive(Clone, Debug)]
pub struct SetFile {
    pub path: String,
    pub text: Arc<str>,
    pub analysis: Arc<FileAnalysis>,
}

/// The document to lint, as it was when the lint was asked for.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub uri: Uri,
    /// The file behind the document: which configuration applies.
    pub path: Option<std::path::PathBuf>,
    /// How the document is named in the core's diagnostics.
    pub name: String,
    pub key: ResultKey,
    pub text: Arc<str>,
    pub index: Arc<LineIndex>,
    pub is_config: bool,
    pub cached: Option<CachedAnalysis>,
}

/// What a lint produced: the result, and the analysis to cache.
#[derive(Debug)]
pub struct Linted {
    pub result: LintResult,
    pub analysis: Option<CachedAnalysis>,
}

/// Lints a snapshot; `context` are the other files set rules look at.
/// `Err` carries the panic message if the core panicked.
pub fn lint(
    snapshot: &Snapshot,
    linter: &DocLinter,
    context: &[SetFile],
    encoding: PositionEncoding,
) -> Result<Linted, String> {
    catch_unwind(AssertUnwindSafe(|| {
        lint_unguarded(snapshot, linter, context, encoding)
    }))
    .map_err(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        format!("linting {} panicked: {message}", snapshot.name)
    })
}

fn lint_unguarded(
    snapshot: &Snapshot,
    linter: &DocLinter,
    context: &[SetFile],
    encoding: PositionEncoding,
) -> Linted {
    let text: &str = &snapshot.text;
    #[cfg(test)]
    if text.contains("# test: panic in the core") {
        panic!("a bug in a rule");
    }
    let (diagnostics, analysis) = if !linter.enabled {
        (Vec::new(), None)
    } else if snapshot.is_config {
        (Config::from_yaml(&snapshot.name, text).1, None)
    } else if text.len() as u64 > linter.linter.config().limits.max_file_size {
        (vec![too_large(linter, &snapshot.name, text)], None)
    } else {
        // The same text: reuse the analysis. An edit: re-analyse only the
        // documents it touched.
        let analysis = match &snapshot.cached {
            Some(c) if c.linter_generation == linter.generation => {
                if c.version == snapshot.key.version && *c.text == *text {
                    c.analysis.clone()
                } else {
                    Arc::new(linter.linter.reanalyze(0, text, &c.text, &c.analysis))
                }
            }
            _ => Arc::new(linter.linter.analyze(0, text)),
        };
        let diagnostics = diagnostics_for(&linter.linter, &snapshot.name, text, &analysis, context);
        let set_fingerprint = if linter.linter.has_set_rules() {
            crate::workspace::fingerprint(text, &analysis)
        } else {
            0
        };
        let cached = CachedAnalysis {
            version: snapshot.key.version,
            linter_generation: linter.generation,
            text: snapshot.text.clone(),
            analysis,
            set_fingerprint,
        };
        (diagnostics, Some(cached))
    };
    // Documents that were not linted (templates, documents that are not
    // objects) become information notices after the findings.
    let skipped = analysis.as_ref().map_or(Vec::new(), |a| {
        Skipped::of(&snapshot.name, text, &a.analysis)
    });
    let result_id = result_id(text, &diagnostics);
    Linted {
        result: LintResult {
            key: snapshot.key,
            uri: snapshot.uri.clone(),
            text: snapshot.text.clone(),
            index: snapshot.index.clone(),
            encoding,
            diagnostics,
            skipped,
            result_id,
            push: std::sync::Mutex::new(None),
        },
        analysis,
    }
}

/// What the CLI reports for a file over `limits.max-file-size`.
fn too_large(linter: &DocLinter, name: &str, text: &str) -> Diagnostic {
    let max = linter.linter.config().limits.max_file_size;
    kubelint::diagnostic::Finding::new(
        kubelint::rules::UNREADABLE_FILE.id,
        kubelint::source::Span::at(0),
        format!(
            "file is {} bytes, larger than the limit of {max} bytes (limits.max-file-size)",
            text.len()
        ),
    )
    .into_diagnostic(name, text, &LineIndex::new(""), kubelint::Severity::Error)
}

/// The core's findings for one text: object rules from `analysis`, set
/// rules over it and `context`, suppressions. Files that are not manifests
/// (CI workflows, Helm templates, values files) have none.
pub fn diagnostics_for(
    linter: &kubelint::Linter,
    name: &str,
    text: &str,
    analysis: &FileAnalysis,
    context: &[SetFile],
) -> Vec<Diagnostic> {
    if !analysis.is_manifest() {
        return Vec::new();
    }
    let extra = if linter.has_set_rules() {
        // The document is file 0; only its own set findings are kept.
        let mut inputs = vec![SetInput {
            file: 0,
            path: name,
            text,
            analysis,
        }];
        inputs.extend(context.iter().enumerate().map(|(i, f)| SetInput {
            file: i as u32 + 1,
            path: &f.path,
            text: &f.text,
            analysis: &f.analysis,
        }));
        linter
            .run_set_rules(&inputs)
            .into_iter()
            .filter(|(file, _)| *file == 0)
            .map(|(_, finding)| finding)
            .collect()
    } else {
        Vec::new()
    };
    let mut diagnostics = linter.finish(name, text, analysis, extra);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics
}

/// Lints a text from scratch with the same context, for the fix loop.
pub fn lint_text(
    linter: &kubelint::Linter,
    name: &str,
    text: &str,
    context: &[SetFile],
) -> Vec<Diagnostic> {
    let analysis = linter.analyze(0, text);
    diagnostics_for(linter, name, text, &analysis, context)
}

/// Same text and same findings ⇔ same id: a pull may answer `unchanged`
/// only then.
fn result_id(text: &str, diagnostics: &[Diagnostic]) -> String {
    let mut text_hash = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut text_hash);
    let mut findings_hash = std::collections::hash_map::DefaultHasher::new();
    diagnostics.hash(&mut findings_hash);
    format!(
        "{:016x}-{:016x}",
        text_hash.finish(),
        findings_hash.finish()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linters::Linters;
    use crate::settings::Settings;

    fn snapshot(text: &str, is_config: bool) -> Snapshot {
        Snapshot {
            uri: "file:///ws/pod.yaml".parse().unwrap(),
            path: None,
            name: "/ws/pod.yaml".into(),
            key: ResultKey {
                version: 1,
                revision: 1,
                generation: 1,
            },
            text: Arc::from(text),
            index: Arc::new(LineIndex::new(text)),
            is_config,
            cached: None,
        }
    }

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: nginx:latest\n";

    #[test]
    fn lints_manifests_and_skips_other_yaml() {
        let linter = Linters::new(Settings::default(), None).for_document(None);
        let linted = lint(&snapshot(POD, false), &linter, &[], PositionEncoding::Utf16).unwrap();
        let rules: Vec<_> = linted
            .result
            .diagnostics
            .iter()
            .map(|d| d.rule.as_str())
            .collect();
        assert!(rules.contains(&"latest-image-tag"), "{rules:?}");
        assert_eq!(linted.result.lsp_diagnostics().count(), rules.len());
        assert!(linted.analysis.is_some());

        let workflow = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n";
        let linted = lint(
            &snapshot(workflow, false),
            &linter,
            &[],
            PositionEncoding::Utf16,
        )
        .unwrap();
        assert!(linted.result.diagnostics.is_empty());
        let helm = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n{{- if .Values.x }}\nspec: {}\n{{- end }}\n";
        let linted = lint(
            &snapshot(helm, false),
            &linter,
            &[],
            PositionEncoding::Utf16,
        )
        .unwrap();
        assert!(linted.result.diagnostics.is_empty());
    }

    #[test]
    fn configuration_files_get_configuration_diagnostics() {
        let linter = Linters::new(Settings::default(), None).for_document(None);
        let linted = lint(
            &snapshot("disable: [nope]\n", true),
            &linter,
            &[],
            PositionEncoding::Utf16,
        )
        .unwrap();
        assert_eq!(linted.result.diagnostics.len(), 1);
        assert_eq!(linted.result.diagnostics[0].rule, "invalid-config");
    }

    #[test]
    fn a_panic_in_the_core_is_an_error_not_a_crash() {
        let linter = Linters::new(Settings::default(), None).for_document(None);
        let text = format!("{POD}# test: panic in the core\n");
        let error = lint(
            &snapshot(&text, false),
            &linter,
            &[],
            PositionEncoding::Utf16,
        )
        .unwrap_err();
        assert!(error.contains("a bug in a rule"), "{error}");
        assert!(error.contains("/ws/pod.yaml"), "{error}");
    }

    #[test]
    fn result_ids_change_with_text_or_findings() {
        let a = result_id("a", &[]);
        assert_eq!(a, result_id("a", &[]));
        assert_ne!(a, result_id("b", &[]));
    }
}
