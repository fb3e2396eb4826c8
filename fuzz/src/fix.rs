//! The invariants of the `fix` target. Shared with `cargo test`:
//! `crates/kubelint/tests/fuzz_regressions.rs` includes this file, so the
//! replay of `fuzz/regressions/fix-*` checks exactly what the fuzzer checks.
//! Depends on `kubelint` only.

use kubelint::edit::apply_edits;
use kubelint::fix::{fix_text, FixOutcome, MAX_PASSES};
use kubelint::source::decode;
use kubelint::{Config, Diagnostic, Linter};

const PATH: &str = "fuzz.yaml";

/// How many more `fix_str` calls a text that did not settle within
/// [`MAX_PASSES`] gets to reach its fixpoint. Every pass of a call that does
/// not settle applies at least one fix, so this bounds the work while a
/// cycle (a fix undoing another) still fails.
const MORE_CALLS: usize = 8;

/// Line breaks by kind, as a bit set.
const LF: u8 = 1;
const CRLF: u8 = 2;
const CR: u8 = 4;

fn line_breaks(text: &str) -> u8 {
    let bytes = text.as_bytes();
    let mut kinds = 0;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => kinds |= CRLF,
            b'\r' => kinds |= CR,
            b'\n' if i > 0 && bytes[i - 1] == b'\r' => {}
            b'\n' => kinds |= LF,
            _ => {}
        }
    }
    kinds
}

fn parse_problems(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.rule == "invalid-yaml" || d.rule == "duplicate-key")
        .count()
}

pub fn linter() -> Linter {
    Linter::new({
        let mut config = Config::default();
        config.enable = vec!["all".into()];
        config.threads = Some(1);
        config
    })
}

/// `linter.fix_str(PATH, text, true)`, run through `fix_text` with the same
/// lint function so that every fix offered along the way can be checked
/// against the text it was computed on.
fn fix(linter: &Linter, text: &str) -> FixOutcome {
    fix_text(text, true, |t| {
        let diagnostics = linter.lint_for_fix(PATH, t);
        for d in &diagnostics {
            if let Some(fix) = &d.fix {
                assert!(
                    apply_edits(t, &fix.edits).is_some(),
                    "{}: fix `{}` has edits that overlap, leave the text or cut a character: {:?}\n--- on ---\n{t:?}",
                    d.rule,
                    fix.title,
                    fix.edits
                );
            }
        }
        diagnostics
    })
}

fn settled(outcome: &FixOutcome) -> bool {
    !outcome
        .skipped
        .iter()
        .any(|s| s.reason.contains("did not settle"))
}

/// Checks one input. Returns `false` when the bytes are not text kubelint
/// reads (nothing to check).
pub fn check(data: &[u8]) -> bool {
    let Ok(text) = decode(data) else {
        return false;
    };
    let linter = linter();
    let first = fix(&linter, text);
    let fixed = first.text.as_str();

    // Still text kubelint reads.
    assert_eq!(
        decode(fixed.as_bytes()).map(|t| t.len()),
        Ok(fixed.len()),
        "the fixed text does not decode:\n{fixed:?}"
    );
    if !first.changed(text) {
        assert!(first.applied.is_empty(), "fixes applied, text unchanged");
    }

    // A fix never breaks the YAML: no more parse problems than the input.
    let before = parse_problems(&linter.lint_str(PATH, text));
    let after = parse_problems(&linter.lint_str(PATH, fixed));
    assert!(
        after <= before,
        "fixing added parse problems ({before} → {after}):\n--- input ---\n{text:?}\n--- fixed ---\n{fixed:?}"
    );

    // The BOM stays first, and a file with one kind of line break keeps it
    // (one with none gets `\n`). Mixed files may legitimately gain a kind:
    // removing the lines between a lone `\r` and a `\n` makes a `\r\n`.
    assert_eq!(
        text.starts_with('\u{feff}'),
        fixed.starts_with('\u{feff}'),
        "BOM lost or added"
    );
    let kinds = line_breaks(text);
    let allowed = match kinds {
        0 => LF,
        LF | CRLF | CR => kinds,
        _ => LF | CRLF | CR,
    };
    assert_eq!(
        line_breaks(fixed) & !allowed,
        0,
        "fixing introduced another kind of line break:\n--- input ---\n{text:?}\n--- fixed ---\n{fixed:?}"
    );

    // A fixpoint: fixing the fixed text does nothing. When the pass budget
    // ran out first (fixes at one spot apply one per pass, so a container
    // missing many settings can need more than MAX_PASSES), the next calls
    // carry on and must reach the fixpoint within a few more budgets: a
    // cycle of fixes undoing each other never does.
    let mut current = first;
    let mut calls = 0;
    while !settled(&current) {
        calls += 1;
        assert!(
            calls <= MORE_CALLS,
            "fixes did not settle after {} passes:\n{:?}",
            (calls + 1) * MAX_PASSES,
            current.text
        );
        let next = fix(&linter, &current.text);
        assert!(
            parse_problems(&linter.lint_str(PATH, &next.text)) <= before,
            "a later call added parse problems"
        );
        current = next;
    }
    let again = fix(&linter, &current.text);
    assert_eq!(
        again.text, current.text,
        "fixing the fixed text changed it again (applied {:?})",
        again.applied
    );
    assert!(
        again.applied.is_empty(),
        "fixing the fixed text applied {:?}",
        again.applied
    );
    true
}
