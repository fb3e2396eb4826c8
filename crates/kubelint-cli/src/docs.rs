//! `kubelint rules`, `kubelint explain` and the generated documentation.

use crate::RulesFormat;
use kubelint::rules::{
    self,
    docs::{index_page, rule_page},
    Rule,
};
use std::path::Path;

pub fn list_rules(format: RulesFormat) -> u8 {
    match format {
        RulesFormat::Table => {
            // As wide as the longest rule id, so the columns line up.
            let width = rules::all().iter().map(|r| r.id.len()).max().unwrap_or(4);
            println!(
                "{:<width$} {:<14} {:<8} {:<4} {:<7} SUMMARY",
                "RULE", "FAMILY", "SEVERITY", "ON", "FIX"
            );
            for rule in rules::all() {
                println!(
                    "{:<width$} {:<14} {:<8} {:<4} {:<7} {}",
                    rule.id,
                    rule.family.as_str(),
                    rule.severity.as_str(),
                    if rule.default_enabled { "yes" } else { "no" },
                    fix_label(rule),
                    rule.summary
                );
            }
        }
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = rules::all().iter().map(|r| rule_json(r)).collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            );
        }
    }
    0
}

fn fix_label(rule: &Rule) -> &'static str {
    rules::docs::fix_label(rule)
}

fn rule_json(rule: &Rule) -> serde_json::Value {
    let equivalents: serde_json::Map<String, serde_json::Value> = rule
        .equivalents
        .by_tool()
        .into_iter()
        .map(|(tool, ids)| (tool.to_owned(), serde_json::json!(ids)))
        .collect();
    serde_json::json!({
        "id": rule.id,
        "family": rule.family.as_str(),
        "severity": rule.severity.as_str(),
        "enabled_by_default": rule.default_enabled,
        "fix": rule.fix,
        "summary": rule.summary,
        "practice": rule.practice.title(),
        "equivalents": equivalents,
    })
}

pub fn explain(id: &str) -> u8 {
    match rules::by_id(id) {
        Some(rule) => {
            print!("{}", rule_page(rule));
            0
        }
        None => {
            eprintln!("error: unknown rule `{id}` (see `kubelint rules`)");
            2
        }
    }
}

pub fn generate(dir: &Path) -> u8 {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("error: cannot create {}: {e}", dir.display());
        return 2;
    }
    let mut pages = vec![("README.md".to_owned(), index_page())];
    pages.extend(
        rules::all()
            .iter()
            .map(|rule| (format!("{}.md", rule.id), rule_page(rule))),
    );
    for (name, content) in pages {
        if let Err(e) = std::fs::write(dir.join(&name), content) {
            eprintln!("error: cannot write {}: {e}", dir.join(&name).display());
            return 2;
        }
    }
    0
}
