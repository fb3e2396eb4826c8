//! Applying fixes to a whole text: the one mechanism behind `kubelint check
//! --fix` and the editor's "fix all".
//!
//! Each pass applies every fix that does not touch another one, re-lints,
//! and repeats until no applicable fix is left (a fixpoint) or the pass
//! budget runs out. A fix whose result no longer parses — more
//! `invalid-yaml` or `duplicate-key` findings than before — is discarded,
//! so a buggy fix can never turn a manifest into something Kubernetes
//! rejects. Fixes are text edits, so comments and formatting outside the
//! edited bytes are kept byte for byte.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::edit::apply_edits;
use crate::engine::Linter;
use crate::rules;
use crate::source::Span;

/// Upper bound on lint → fix rounds. Fixes of one finding rarely enable
/// another, so real files converge in two or three passes.
pub const MAX_PASSES: usize = 10;

/// A fix that was applied.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AppliedFix {
    /// The rule whose fix it was.
    pub rule: String,
    /// The fix's title.
    pub title: String,
}

/// A fix that was not applied, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SkippedFix {
    /// The rule whose fix it was.
    pub rule: String,
    /// The fix's title.
    pub title: String,
    /// 1-based line of the finding in the original text's coordinates at the
    /// time it was skipped (the text may have shifted since).
    pub line: u32,
    /// Why it was not applied.
    pub reason: String,
}

/// What [`fix_text`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FixOutcome {
    /// The fixed text (the input when nothing applied).
    pub text: String,
    /// Fixes applied, in the order they were applied.
    pub applied: Vec<AppliedFix>,
    /// Fixes discarded because their result did not parse, could not be
    /// applied, or were still pending when the pass budget ran out.
    pub skipped: Vec<SkippedFix>,
    /// Unsafe fixes left in the final text because unsafe fixes were not
    /// requested (for a "N more with --unsafe-fixes" hint).
    pub unsafe_available: usize,
}

impl FixOutcome {
    /// Whether the fixed text differs from `original`.
    pub fn changed(&self, original: &str) -> bool {
        self.text != original
    }
}

fn parse_problems(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| rules::by_id(&d.rule).is_some_and(rules::Rule::means_malformed_yaml))
        .count()
}

/// Applies the fixes `lint` reports for `text`, repeatedly, until none is
/// left. `lint` must lint the text it is given as the same file (same
/// configuration, same set-rule context) each time. Unsafe fixes are applied
/// only with `include_unsafe`.
pub fn fix_text<F>(text: &str, include_unsafe: bool, mut lint: F) -> FixOutcome
where
    F: FnMut(&str) -> Vec<Diagnostic>,
{
    let allowed = |fix: &Fix| include_unsafe || fix.applicability == Applicability::Safe;
    let mut current = text.to_owned();
    let mut diagnostics = lint(&current);
    let mut applied = Vec::new();
    // Fixes whose result did not parse, tried on `current` as it is now.
    // Once another fix changes the text they are tried again: what broke
    // the YAML may be gone (the `fix` fuzz target found a fix discarded in
    // one run and applied by the next, so `--fix` twice did not agree).
    let mut rejected: Vec<(u32, SkippedFix)> = Vec::new();
    let mut converged = false;
    for _ in 0..MAX_PASSES {
        let batch = non_overlapping(diagnostics.iter().filter_map(|d| {
            let fix = d.fix.as_ref()?;
            (allowed(fix) && !fix.edits.is_empty() && !discarded(&rejected, d, fix))
                .then_some((d, fix))
        }));
        if batch.is_empty() {
            converged = true;
            break;
        }
        // Fast path: the whole batch at once. If its result does not parse,
        // fall back to one fix at a time to find the culprit(s).
        let mut outcome =
            try_apply(&current, &batch, &diagnostics, &mut lint).map(|o| (o, batch.clone()));
        if outcome.is_none() {
            for &(d, fix) in &batch {
                if let Some(o) = try_apply(&current, &[(d, fix)], &diagnostics, &mut lint) {
                    // The rest of the batch has offsets into the old text:
                    // the next pass re-lints and picks them up again.
                    outcome = Some((o, vec![(d, fix)]));
                    break;
                }
                let skipped = SkippedFix {
                    rule: d.rule.clone(),
                    title: fix.title.clone(),
                    line: d.start.line,
                    reason: "discarded: the fixed text does not parse".into(),
                };
                rejected.push((d.range.start, skipped));
            }
        }
        if let Some((o, fixes)) = outcome {
            applied.extend(fixes.iter().map(|(d, fix)| AppliedFix {
                rule: d.rule.clone(),
                title: fix.title.clone(),
            }));
            current = o.text;
            diagnostics = o.diagnostics;
            rejected.clear();
        }
    }
    let mut skipped: Vec<SkippedFix> = Vec::new();
    if !converged {
        for d in &diagnostics {
            if let Some(fix) = d
                .fix
                .as_ref()
                .filter(|f| allowed(f) && !discarded(&rejected, d, f))
            {
                skipped.push(SkippedFix {
                    rule: d.rule.clone(),
                    title: fix.title.clone(),
                    line: d.start.line,
                    reason: format!("not applied: fixes did not settle after {MAX_PASSES} passes"),
                });
            }
        }
    }
    // Discarded on the final text (listed first, in the order tried).
    skipped.splice(0..0, rejected.into_iter().map(|(_, s)| s));
    let unsafe_available = diagnostics
        .iter()
        .filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Unsafe && !allowed(f))
        })
        .count();
    FixOutcome {
        text: current,
        applied,
        skipped,
        unsafe_available,
    }
}

/// Whether `d`'s `fix` was discarded on the current text.
fn discarded(rejected: &[(u32, SkippedFix)], d: &Diagnostic, fix: &Fix) -> bool {
    rejected
        .iter()
        .any(|(at, r)| *at == d.range.start && r.rule == d.rule && r.title == fix.title)
}

/// Fixes in file order, dropping any whose edits touch an earlier pick's:
/// two edits at the same spot have no defined order, so the later one waits
/// for the next pass (its finding is re-reported against the new text).
fn non_overlapping<'a>(
    candidates: impl Iterator<Item = (&'a Diagnostic, &'a Fix)>,
) -> Vec<(&'a Diagnostic, &'a Fix)> {
    let mut candidates: Vec<_> = candidates.collect();
    candidates.sort_by_key(|(d, fix)| (fix.edits[0].range.start, d.range.start));
    let mut taken: Vec<Span> = Vec::new();
    let mut out = Vec::new();
    for (d, fix) in candidates {
        let touches = fix.edits.iter().any(|e| {
            taken
                .iter()
                .any(|t| e.range.start <= t.end && t.start <= e.range.end)
        });
        if !touches {
            taken.extend(fix.edits.iter().map(|e| e.range));
            out.push((d, fix));
        }
    }
    out
}

struct Applied {
    text: String,
    diagnostics: Vec<Diagnostic>,
}

/// Applies `fixes` to `text` and re-lints; `None` when the edits are invalid
/// or the result has more parse problems than `before`.
fn try_apply<F>(
    text: &str,
    fixes: &[(&Diagnostic, &Fix)],
    before: &[Diagnostic],
    lint: &mut F,
) -> Option<Applied>
where
    F: FnMut(&str) -> Vec<Diagnostic>,
{
    let mut edits: Vec<Edit> = fixes
        .iter()
        .flat_map(|(_, fix)| fix.edits.iter().cloned())
        .collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let fixed = apply_edits(text, &edits)?;
    if fixed == text {
        // A fix that changes nothing would be offered again forever.
        return None;
    }
    let diagnostics = lint(&fixed);
    if parse_problems(&diagnostics) > parse_problems(before) {
        return None;
    }
    Some(Applied {
        text: fixed,
        diagnostics,
    })
}

impl Linter {
    /// [`fix_text`] for one file linted on its own (`lint_str`). Fixes of set
    /// rules are not applied here: they depend on the other files of a run,
    /// which one file's text cannot show.
    pub fn fix_str(&self, path: &str, text: &str, include_unsafe: bool) -> FixOutcome {
        self.fix_str_as(path, text, include_unsafe, false)
    }

    /// [`Linter::fix_str`] for a file a kustomization may list as a patch:
    /// with `patch`, nothing is added for what the patch leaves out, as
    /// nothing is reported about it.
    pub fn fix_str_as(
        &self,
        path: &str,
        text: &str,
        include_unsafe: bool,
        patch: bool,
    ) -> FixOutcome {
        fix_text(text, include_unsafe, |t| {
            self.lint_for_fix_as(path, t, patch)
        })
    }

    /// What [`Linter::fix_str`] lints each pass with: [`Linter::lint_str`]
    /// without the fixes of set rules. Public so a caller (the `fix` fuzz
    /// target) can run [`fix_text`] exactly as `fix_str` does while
    /// watching the fixes offered on every intermediate text.
    pub fn lint_for_fix(&self, path: &str, text: &str) -> Vec<Diagnostic> {
        self.lint_for_fix_as(path, text, false)
    }

    fn lint_for_fix_as(&self, path: &str, text: &str, patch: bool) -> Vec<Diagnostic> {
        let mut diagnostics = self.lint_str_as(path, text, patch);
        for d in &mut diagnostics {
            if rules::by_id(&d.rule).is_some_and(|r| matches!(r.check, rules::Check::Set { .. })) {
                d.fix = None;
            }
        }
        diagnostics
    }
}

#[cfg(test)]
mod tests;
