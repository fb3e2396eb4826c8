//! Rule documentation pages, generated from each rule's metadata and doc
//! comment: `kubelint explain`, `docs/rules/<id>.md` and the editor's hover.

use super::{all, Rule};
use crate::diagnostic::Applicability;
use std::fmt::Write as _;

/// Where the generated rule pages are published; diagnostics link here.
pub const DOCS_BASE_URL: &str = "https://github.com/kubelint/kubelint/blob/main/docs/rules";

/// The link to a rule's page.
pub fn docs_url(rule_id: &str) -> String {
    format!("{DOCS_BASE_URL}/{rule_id}.md")
}

/// How the catalog names the rule's fix: `safe`, `unsafe` or `-` (none).
pub fn fix_label(rule: &Rule) -> &'static str {
    match rule.fix {
        Some(Applicability::Safe) => "safe",
        Some(Applicability::Unsafe) => "unsafe",
        None => "-",
    }
}

/// The Markdown page of a rule: metadata, then its documentation.
pub fn rule_page(rule: &'static Rule) -> String {
    let mut page = String::new();
    let _ = writeln!(page, "# {}\n", rule.id);
    let _ = writeln!(page, "{}\n", rule.summary);
    let _ = writeln!(page, "| | |\n|---|---|");
    let _ = writeln!(page, "| Family | {} |", rule.family.as_str());
    let _ = writeln!(page, "| Default severity | {} |", rule.severity.as_str());
    let _ = writeln!(
        page,
        "| On by default | {} |",
        if rule.default_enabled { "yes" } else { "no" }
    );
    let _ = writeln!(page, "| Fix | {} |", fix_label(rule));
    let _ = writeln!(page, "| Practice | {} |", rule.practice.title());
    for (tool, equivalents) in rule.equivalents_by_tool() {
        let ids: Vec<String> = equivalents
            .iter()
            .map(|e| {
                if e.same {
                    format!("`{}`", e.id)
                } else {
                    format!("`{}` (related)", e.id)
                }
            })
            .collect();
        let _ = writeln!(page, "| {} | {} |", tool.name(), ids.join(", "));
    }
    page.push('\n');
    if rule.equivalents.iter().any(|e| !e.same) {
        page.push_str(
            "A check marked (related) overlaps this rule without deciding exactly the same.\n",
        );
    }
    let aliases: Vec<String> = super::names::aliases_of(rule)
        .map(|alias| format!("`{alias}`"))
        .collect();
    if !aliases.is_empty() {
        let _ = writeln!(
            page,
            "The exact equivalents name this rule too, in the configuration, on the command line and in the editor settings: {}.",
            aliases.join(", ")
        );
    }
    if rule.equivalents.iter().any(|e| !e.same) || !aliases.is_empty() {
        page.push('\n');
    }
    // Rule docs mark example blocks `yaml fail` / `yaml pass` for the doc
    // tests; readers only need the language.
    page.push_str(
        &rule
            .documentation()
            .replace("```yaml fail", "```yaml")
            .replace("```yaml pass", "```yaml"),
    );
    page
}

/// The index page listing every rule.
pub fn index_page() -> String {
    let mut page = String::from("# Rules\n\nGenerated from the rules' metadata by `kubelint generate-docs`; do not edit.\n\n");
    page.push_str(
        "| Rule | Family | Severity | On by default | Fix | Summary |\n|---|---|---|---|---|---|\n",
    );
    for rule in all() {
        let _ = writeln!(
            page,
            "| [`{id}`]({id}.md) | {} | {} | {} | {} | {} |",
            rule.family.as_str(),
            rule.severity.as_str(),
            if rule.default_enabled { "yes" } else { "no" },
            fix_label(rule),
            rule.summary,
            id = rule.id
        );
    }
    page
}
