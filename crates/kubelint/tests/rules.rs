//! Every rule has documentation, fixtures and a snapshot of its findings.
//!
//! - `fixtures/rules/<id>/fail*.yaml` must produce findings of the rule and
//!   `pass*.yaml` none; the findings (with spans, messages and fixes applied)
//!   are snapshotted in `tests/snapshots/rules__<id>.snap`.
//! - The `yaml fail` / `yaml pass` examples of each rule's docs are linted
//!   the same way, so the docs cannot lie.
//! - `docs/rules/*.md` must match what the rules generate.

use kubelint::config::Config;
use kubelint::fix::apply_edits;
use kubelint::rules::{self, docs, Rule};
use kubelint::source::LineIndex;
use kubelint::{Diagnostic, Linter};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Rules that cannot have file fixtures, and where they are tested instead.
const NO_FIXTURES: &[(&str, &str)] = &[(
    "unreadable-file",
    "tests/hostile: missing files, directories, FIFOs, symlink loops, size and document limits",
)];

/// The rule turned on, with the options of `fixtures/rules/<id>/.kubelint.yaml`
/// when there is one (rules that do nothing until configured, such as
/// `image-registry-not-allowed`); fixtures and doc examples use it alike.
fn linter_for(rule: &Rule) -> Linter {
    let config_file = workspace()
        .join("fixtures/rules")
        .join(rule.id)
        .join(".kubelint.yaml");
    let mut config = if config_file.is_file() {
        let (config, problems) = Config::load(&config_file);
        assert!(
            problems.is_empty(),
            "{}: {problems:#?}",
            config_file.display()
        );
        config
    } else {
        Config::default()
    };
    config.enable = vec![rule.id.to_owned()];
    Linter::new(config)
}

fn lint_for(rule: &Rule, name: &str, text: &str) -> Vec<Diagnostic> {
    if rule.id == "invalid-config" {
        return Config::from_yaml(name, text).1;
    }
    linter_for(rule)
        .lint_str(name, text)
        .into_iter()
        .filter(|d| d.rule == rule.id)
        .collect()
}

/// A diagnostic as reviewers read it: position, message, the source line
/// underlined, help, and the fix as before/after lines.
fn render(text: &str, d: &Diagnostic) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}:{}:{}-{}:{} {}[{}] {}",
        d.file,
        d.start.line,
        d.start.column,
        d.end.line,
        d.end.column,
        d.severity,
        d.rule,
        d.message
    );
    let line = index.line_span(text, d.start.line as usize - 1);
    let source = &text[line.range()];
    let width = if d.end.line == d.start.line {
        (d.end.column - d.start.column).max(1)
    } else {
        1
    };
    let _ = writeln!(out, "  {:>4} | {source}", d.start.line);
    let _ = writeln!(
        out,
        "       | {}{}",
        " ".repeat(d.start.column as usize - 1),
        "^".repeat(width as usize)
    );
    for label in &d.labels {
        let _ = writeln!(
            out,
            "  label {}:{}: {}",
            label.start.line, label.start.column, label.message
        );
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "  help: {help}");
    }
    if let Some(fix) = &d.fix {
        let _ = writeln!(out, "  fix ({:?}): {}", fix.applicability, fix.title);
        match apply_edits(text, &fix.edits) {
            Some(fixed) => out.push_str(&changed_lines(text, &fixed)),
            None => out.push_str("    (edits do not apply)\n"),
        }
    }
    out
}

/// The lines that differ between `before` and `after`, as `-`/`+` lines.
fn changed_lines(before: &str, after: &str) -> String {
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = after.lines().collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = String::new();
    for line in &old[prefix..old.len() - suffix] {
        let _ = writeln!(out, "    - {line}");
    }
    for line in &new[prefix..new.len() - suffix] {
        let _ = writeln!(out, "    + {line}");
    }
    out
}

fn fixture_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn every_rule_has_fixtures_and_a_snapshot() {
    let mut missing = Vec::new();
    for rule in rules::all() {
        if NO_FIXTURES.iter().any(|(id, _)| *id == rule.id) {
            continue;
        }
        let dir = workspace().join("fixtures/rules").join(rule.id);
        let files = fixture_files(&dir);
        let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
        let has = |prefix: &str| files.iter().any(|f| name(f).starts_with(prefix));
        if !has("fail") || !has("pass") {
            missing.push(rule.id);
            continue;
        }
        let mut snapshot = String::new();
        for file in &files {
            let file_name = name(file);
            let text = std::fs::read_to_string(file).unwrap();
            let diagnostics = lint_for(rule, &file_name, &text);
            if file_name.starts_with("fail") {
                assert!(
                    !diagnostics.is_empty(),
                    "{}: {file_name} must produce `{}` findings",
                    rule.id,
                    rule.id
                );
            } else if file_name.starts_with("pass") {
                assert!(
                    diagnostics.is_empty(),
                    "{}: {file_name} must not produce findings, got {diagnostics:#?}",
                    rule.id
                );
            }
            for d in &diagnostics {
                // Spans are exact: on character boundaries, inside the file,
                // and consistent with their line:column.
                assert!(d.range.start <= d.range.end && d.range.end as usize <= text.len());
                assert!(
                    text.is_char_boundary(d.range.start as usize)
                        && text.is_char_boundary(d.range.end as usize)
                );
                snapshot.push_str(&render(&text, d));
            }
        }
        insta::assert_snapshot!(rule.id, snapshot);
    }
    assert!(
        missing.is_empty(),
        "rules without fail*/pass* fixtures in fixtures/rules/<id>/: {missing:?}"
    );
}

/// Fenced YAML blocks of a rule's docs whose info string is `yaml <tag>`.
fn examples(docs: &str, tag: &str) -> Vec<String> {
    let fence = format!("```yaml {tag}");
    let mut out = Vec::new();
    let mut rest = docs;
    while let Some(start) = rest.find(&fence) {
        let body = &rest[start + fence.len()..];
        let body = body.strip_prefix('\n').unwrap_or(body);
        let end = body.find("```").unwrap_or(body.len());
        out.push(body[..end].to_owned());
        rest = &body[end..];
    }
    out
}

#[test]
fn every_rule_is_documented_and_its_examples_hold() {
    for rule in rules::all() {
        let docs = rule.documentation();
        for section in ["## What it flags", "## Why it matters", "## How to fix"] {
            assert!(docs.contains(section), "{} docs lack `{section}`", rule.id);
        }
        assert!(
            !rule.summary.is_empty() && !rule.summary.ends_with('.'),
            "{}: summary",
            rule.id
        );
        let (fails, passes) = (examples(&docs, "fail"), examples(&docs, "pass"));
        if !rule.is_builtin() {
            assert!(
                !fails.is_empty() && !passes.is_empty(),
                "{} docs need `yaml fail` and `yaml pass` examples",
                rule.id
            );
        }
        for example in &fails {
            assert!(
                !lint_for(rule, "example.yaml", example).is_empty(),
                "{}: failing example passes:\n{example}",
                rule.id
            );
        }
        for example in &passes {
            let found = lint_for(rule, "example.yaml", example);
            assert!(
                found.is_empty(),
                "{}: passing example fails: {found:#?}",
                rule.id
            );
        }
    }
}

#[test]
fn generated_docs_are_up_to_date() {
    let dir = workspace().join("docs/rules");
    let mut pages = vec![("README.md".to_owned(), docs::index_page())];
    pages.extend(
        rules::all()
            .iter()
            .map(|r| (format!("{}.md", r.id), docs::rule_page(r))),
    );
    let update = std::env::var_os("KUBELINT_UPDATE_DOCS").is_some();
    let mut stale = Vec::new();
    for (name, expected) in &pages {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(expected.as_str()) {
            if update {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, expected).unwrap();
            } else {
                stale.push(name.clone());
            }
        }
    }
    let known: Vec<&String> = pages.iter().map(|(n, _)| n).collect();
    for file in fixture_files(&dir) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            known.contains(&&name),
            "docs/rules/{name} belongs to no rule; delete it"
        );
    }
    assert!(
        stale.is_empty(),
        "docs/rules is stale for {stale:?}: run `KUBELINT_UPDATE_DOCS=1 cargo test -p kubelint --test rules` or `kubelint generate-docs`"
    );
}
