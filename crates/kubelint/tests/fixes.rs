//! Every fix in the rule fixtures applies cleanly, yields YAML that parses
//! without new problems, and removes the finding it was made for: linting
//! the fixed text reports fewer findings with that message.

use kubelint::config::Config;
use kubelint::edit::apply_edits;
use kubelint::rules;
use kubelint::{Diagnostic, Linter};
use std::path::{Path, PathBuf};

fn fixture_files(rule: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/rules")
        .join(rule);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Findings of the YAML rules, which are always on.
fn yaml_problems(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.rule == "invalid-yaml" || d.rule == "duplicate-key")
        .collect()
}

#[test]
fn fixes_apply_parse_and_resolve_their_finding() {
    let mut checked = 0;
    for rule in rules::all() {
        if rule.is_input() {
            continue;
        }
        let mut config = Config::default();
        config.enable = vec![rule.id.to_owned()];
        let linter = Linter::new(config);
        for file in fixture_files(rule.id) {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&file).unwrap();
            let before = linter.lint_str(&name, &text);
            let problems_before = yaml_problems(&before).len();
            let count = |diagnostics: &[Diagnostic], message: &str| {
                diagnostics
                    .iter()
                    .filter(|d| d.rule == rule.id && d.message == message)
                    .count()
            };
            for d in before.iter().filter(|d| d.rule == rule.id) {
                let Some(fix) = &d.fix else { continue };
                let where_ = format!("{}: {name}:{}:{}", rule.id, d.start.line, d.start.column);
                let fixed = apply_edits(&text, &fix.edits)
                    .unwrap_or_else(|| panic!("{where_}: the fix's edits do not apply"));
                let after = linter.lint_str(&name, &fixed);
                assert!(
                    yaml_problems(&after).len() <= problems_before,
                    "{where_}: the fix breaks the YAML: {:#?}\n{fixed}",
                    yaml_problems(&after)
                );
                assert!(
                    count(&after, &d.message) < count(&before, &d.message),
                    "{where_}: the finding survives its fix `{}`:\n{fixed}",
                    fix.title
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 0);
}
