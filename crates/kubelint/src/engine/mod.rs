//! The engine: read → split → parse → objects → object rules → set rules →
//! suppressions → sorted diagnostics.

mod analyze;
mod discover;
mod kustomize;
mod read;
mod report;
mod reuse;
mod template;

pub use analyze::{FileAnalysis, Skip, SkippedPart};
pub use discover::{discover, Discovered, Input, WalkError};
pub use kustomize::patch_inputs;
pub use report::{JsonReport, JsonSummary, Report, Skipped};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Finding, Severity};
use crate::k8s::objects_in;
use crate::rules::{self, Check, Rule, SetCtx, SetFindings};
use crate::set_index::{FileId, IndexedObject, SetIndex, Workload};
use crate::source::{LineIndex, Span};
use crate::suppress;
use crate::yaml::parse_document;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

/// What a suppression without `-- reason` is told under `require-reason`.
const NO_REASON: &str =
    "suppression gives no reason, which the configuration requires (`require-reason`): add `-- <why>`; it suppresses nothing";

/// The documents of one input that hold kinds set rules read, parsed again.
fn set_documents<'i, 'a>(
    input: &'i SetInput<'a>,
    limits: &'i crate::yaml::Limits,
) -> impl Iterator<Item = (FileId, crate::yaml::Document<'a>)> + 'i {
    input
        .analysis
        .set_documents
        .iter()
        .map(move |&(index, span)| (input.file, parse_document(input.text, span, index, limits)))
}

/// A rule that runs, with its effective severity.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ActiveRule {
    pub rule: &'static Rule,
    pub severity: Severity,
}

/// A configured linter: the rule selection is worked out once and reused
/// for every file.
#[derive(Debug)]
pub struct Linter {
    config: Config,
    active: Vec<ActiveRule>,
    /// Kinds set rules read in full.
    set_kinds: BTreeSet<&'static str>,
    /// Effective severity by rule id, for the many lookups per file.
    severities: HashMap<&'static str, Severity>,
}

/// One file's share of the set phase.
#[derive(Clone, Copy, Debug)]
pub struct SetInput<'a> {
    /// The input's position in the slice given to [`Linter::run_set_rules`]:
    /// set rules look paths up by it, and findings come back with it.
    pub file: FileId,
    /// The file's name in findings.
    pub path: &'a str,
    /// The file's text, as analysed.
    pub text: &'a str,
    /// What [`Linter::analyze`] found in it.
    pub analysis: &'a FileAnalysis,
}

impl Linter {
    /// A linter for `config`: resolves which rules run and at what severity
    /// once, so linting many files does not repeat it.
    pub fn new(config: Config) -> Linter {
        let active: Vec<ActiveRule> = rules::all()
            .iter()
            .filter_map(|rule| {
                config
                    .rule_severity(rule)
                    .map(|severity| ActiveRule { rule, severity })
            })
            .collect();
        let set_kinds = active
            .iter()
            .filter_map(|a| match a.rule.check {
                Check::Set { kinds, .. } => Some(kinds.iter().copied()),
                _ => None,
            })
            .flatten()
            .collect();
        let severities = active.iter().map(|a| (a.rule.id, a.severity)).collect();
        Linter {
            config,
            active,
            set_kinds,
            severities,
        }
    }

    /// The configuration the linter runs with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Whether any set rule runs: only then does the rest of the input (the
    /// workspace, in the editor) matter for one file's findings.
    pub fn has_set_rules(&self) -> bool {
        self.active
            .iter()
            .any(|a| matches!(a.rule.check, Check::Set { .. }))
    }

    /// Whether the rule with this id runs.
    pub fn is_active(&self, id: &str) -> bool {
        self.severities.contains_key(id)
    }

    /// Whether one file's documents may be parsed on rayon's threads;
    /// `threads: 1` keeps all work on the calling thread (the language
    /// server: memory allocated on many threads fragments over many arenas).
    pub(crate) fn parallel(&self) -> bool {
        self.config.threads != Some(1)
    }

    fn severity_of(&self, id: &str) -> Option<Severity> {
        self.severities.get(id).copied()
    }

    /// Lints one file's text, set rules included (over this file alone).
    pub fn lint_str(&self, path: &str, text: &str) -> Vec<Diagnostic> {
        self.lint_str_as(path, text, false)
    }

    /// [`Linter::lint_str`] for a file a kustomization may list as a patch
    /// ([`patch_inputs`]): with `patch`, its objects are partial.
    pub fn lint_str_as(&self, path: &str, text: &str, patch: bool) -> Vec<Diagnostic> {
        let analysis = self.analyze_as(0, text, patch);
        let set = self.run_set_rules(&[SetInput {
            file: 0,
            path,
            text,
            analysis: &analysis,
        }]);
        let extra = set.into_iter().map(|(_, f)| f).collect();
        let mut diagnostics = self.finish(path, text, &analysis, extra);
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        diagnostics
    }

    /// Runs the set rules over files already analysed.
    pub fn run_set_rules<'a>(&self, inputs: &[SetInput<'a>]) -> Vec<(FileId, Finding)> {
        let set_rules: Vec<&ActiveRule> = self
            .active
            .iter()
            .filter(|a| matches!(a.rule.check, Check::Set { .. }))
            .collect();
        if set_rules.is_empty() {
            return Vec::new();
        }
        let limits = &self.config.limits;
        let documents: Vec<(FileId, crate::yaml::Document<'a>)> = if self.parallel() {
            inputs
                .par_iter()
                .flat_map_iter(|input| set_documents(input, limits))
                .collect()
        } else {
            inputs
                .iter()
                .flat_map(|input| set_documents(input, limits))
                .collect()
        };
        // The input's `file` wins over the id the analysis was made with, so
        // callers (the language server) can reuse cached analyses in any order.
        let mut index = SetIndex {
            files: inputs.iter().map(|i| i.path.to_owned()).collect(),
            workloads: inputs
                .iter()
                .flat_map(|i| {
                    i.analysis.workloads.iter().map(move |w| Workload {
                        file: i.file,
                        ..w.clone()
                    })
                })
                .collect::<Vec<Workload>>(),
            objects: Vec::new(),
            default_namespace: self.config.default_namespace.clone(),
        };
        for (file, doc) in &documents {
            for object in objects_in(doc) {
                if self.set_kinds.contains(object.kind) {
                    index.objects.push(IndexedObject {
                        file: *file,
                        object,
                    });
                }
            }
        }
        let mut out = Vec::new();
        for active in set_rules {
            if let Check::Set { check, .. } = active.rule.check {
                let ctx = SetCtx {
                    index: &index,
                    options: self.config.rule_options(active.rule),
                };
                check(
                    &ctx,
                    &mut SetFindings {
                        rule: active.rule,
                        out: &mut out,
                    },
                );
            }
        }
        out
    }

    /// Applies suppressions, reports unused ones, and positions the findings.
    pub fn finish(
        &self,
        path: &str,
        text: &str,
        analysis: &FileAnalysis,
        extra: Vec<Finding>,
    ) -> Vec<Diagnostic> {
        let findings = analysis.findings.iter().cloned().chain(extra).collect();
        self.finish_owned(path, text, findings, analysis.suppressions.clone())
    }

    /// [`Linter::finish`] on findings the caller no longer needs, so a file
    /// with 100,000 findings does not hold them twice.
    fn finish_owned(
        &self,
        path: &str,
        text: &str,
        mut findings: Vec<Finding>,
        mut suppressions: Vec<suppress::Suppression>,
    ) -> Vec<Diagnostic> {
        if !self.config.honours_inline_ignores() {
            // Audit mode: what the manifests say about themselves is not heard.
            suppressions.clear();
        } else {
            suppressions.extend(suppress::file_suppressions(text));
        }
        if findings.is_empty() && suppressions.is_empty() {
            return Vec::new();
        }
        let index = LineIndex::new(text);
        if self.config.require_reason {
            for s in suppressions.iter_mut().filter(|s| !s.has_reason) {
                s.misplaced.get_or_insert(NO_REASON);
            }
        }
        suppress::apply(&mut findings, &mut suppressions, text, &index);
        if self.is_active(rules::input::unused_suppression::RULE.id) {
            for suppression in &suppressions {
                if let Some(why) = suppression.misplaced {
                    findings.push(Finding::new(
                        rules::input::unused_suppression::RULE.id,
                        suppression.span,
                        why,
                    ));
                    continue;
                }
                for (rule, used) in suppression.rules.iter().zip(&suppression.used) {
                    let message = if *used {
                        continue;
                    } else if rule != "all" && rules::by_id(rule).is_none() {
                        format!("suppression names unknown rule `{rule}`")
                    } else if rule == "all" || self.is_active(rule) {
                        format!("suppression of `{rule}` matches no finding")
                    } else {
                        continue;
                    };
                    findings.push(Finding::new(
                        rules::input::unused_suppression::RULE.id,
                        suppression.span,
                        message,
                    ));
                }
            }
        }
        findings
            .into_iter()
            .filter_map(|finding| {
                let severity = self.severity_of(finding.rule)?;
                Some(finding.into_diagnostic(path, text, &index, severity))
            })
            .collect()
    }

    /// Lints files, directories (walked) and `-` (stdin).
    pub fn lint_paths(&self, paths: &[PathBuf]) -> Report {
        self.lint_paths_excluding(paths, &[])
    }

    /// [`Linter::lint_paths`] with extra exclude globs (the CLI's `--exclude`).
    pub fn lint_paths_excluding(&self, paths: &[PathBuf], excludes: &[String]) -> Report {
        self.in_pool(|| {
            let found = discover(paths, &self.config, excludes);
            let patches = kustomize::patch_inputs(&found.inputs);
            let loaded: Vec<read::Loaded> = found
                .inputs
                .par_iter()
                .enumerate()
                .map(|(file, input)| {
                    let patch = patches.contains(&file);
                    read::load(self, file as FileId, input, patch)
                })
                .collect();
            let mut report = self.report(loaded, found.errors);
            report.skipped.extend(
                found
                    .excluded
                    .iter()
                    .map(|input| Skipped::whole_file(input.display(), Skip::Excluded)),
            );
            report
        })
    }

    /// Lints texts already in memory, as `(path, text)` pairs: the same run
    /// as [`Linter::lint_paths`] without the file system.
    pub fn lint_sources(&self, sources: Vec<(String, String)>) -> Report {
        self.in_pool(|| {
            let loaded: Vec<read::Loaded> = sources
                .into_par_iter()
                .enumerate()
                .map(|(file, (path, text))| {
                    let analysis = self.analyze(file as FileId, &text);
                    read::Loaded {
                        path,
                        text,
                        analysis,
                    }
                })
                .collect();
            self.report(loaded, Vec::new())
        })
    }

    /// Runs `work` on a pool of `config.threads` threads (or the global pool).
    fn in_pool<T: Send>(&self, work: impl FnOnce() -> T + Send) -> T {
        match self
            .config
            .threads
            .map(|n| rayon::ThreadPoolBuilder::new().num_threads(n).build())
        {
            Some(Ok(pool)) => pool.install(work),
            _ => work(),
        }
    }

    /// Lints text already in memory as one input named `path`, with the same
    /// report as [`Linter::lint_paths`] gives for a file (used for fixed
    /// standard input, which cannot be read twice).
    pub fn lint_text(&self, path: &str, text: &str) -> Report {
        self.lint_sources(vec![(path.to_owned(), text.to_owned())])
    }

    /// The set phase, suppressions and sorting over loaded files.
    fn report(&self, loaded: Vec<read::Loaded>, walk_errors: Vec<WalkError>) -> Report {
        let mut set_findings: Vec<Vec<Finding>> = vec![Vec::new(); loaded.len()];
        let set_inputs: Vec<SetInput<'_>> = loaded
            .iter()
            .enumerate()
            .map(|(file, l)| SetInput {
                file: file as FileId,
                path: &l.path,
                text: &l.text,
                analysis: &l.analysis,
            })
            .collect();
        for (file, finding) in self.run_set_rules(&set_inputs) {
            set_findings[file as usize].push(finding);
        }
        drop(set_inputs);
        let per_file: Vec<(read::Loaded, Vec<Diagnostic>)> = loaded
            .into_par_iter()
            .zip(set_findings)
            .map(|(mut l, extra)| {
                let mut findings = std::mem::take(&mut l.analysis.findings);
                findings.extend(extra);
                let suppressions = std::mem::take(&mut l.analysis.suppressions);
                let diagnostics = self.finish_owned(&l.path, &l.text, findings, suppressions);
                (l, diagnostics)
            })
            .collect();
        let mut report = Report::default();
        for error in walk_errors {
            report.diagnostics.push(
                Finding::new(
                    rules::input::unreadable_file::RULE.id,
                    Span::at(0),
                    error.message,
                )
                .into_diagnostic(
                    &error.path,
                    "",
                    &LineIndex::new(""),
                    Severity::Error,
                ),
            );
        }
        for (l, diagnostics) in per_file {
            report.files += 1;
            report.documents += l.analysis.documents;
            report.objects += l.analysis.objects;
            report
                .skipped
                .extend(Skipped::of(&l.path, &l.text, &l.analysis));
            if !diagnostics.is_empty() {
                report.diagnostics.extend(diagnostics);
                report.sources.insert(l.path, l.text);
            }
        }
        report
            .diagnostics
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        report
    }
}
