//! `kubelint rules`, `kubelint explain` and the generated documentation.

use crate::RulesFormat;
use kubelint::rules::{
    self,
    docs::{index_page, rule_page},
    names::{aliases_of, RuleName},
    profiles::Profile,
    Rule,
};
use std::io::Write;
use std::path::Path;

/// `kubelint rules [--profile NAME]`: every rule, or the profile's.
pub fn list_rules(format: RulesFormat, profile: Option<Profile>) -> u8 {
    let listed: Vec<&'static Rule> = rules::all()
        .iter()
        .copied()
        .filter(|rule| profile.is_none_or(|p| p.includes(rule)))
        .collect();
    let mut out = String::new();
    match format {
        RulesFormat::Table => {
            // As wide as the longest rule id and profile list, so the
            // columns line up. Every rule is in `all`: it is not repeated.
            let profiles = |rule: &Rule| {
                let names: Vec<&str> = Profile::of(rule)
                    .filter(|p| *p != Profile::All)
                    .map(Profile::name)
                    .collect();
                if names.is_empty() {
                    "-".to_owned()
                } else {
                    names.join(",")
                }
            };
            let width = listed.iter().map(|r| r.id.len()).max().unwrap_or(4).max(4);
            let profiles_width = listed
                .iter()
                .map(|r| profiles(r).len())
                .max()
                .unwrap_or(8)
                .max(8);
            out.push_str(&format!(
                "{:<width$} {:<14} {:<8} {:<4} {:<7} {:<profiles_width$} SUMMARY\n",
                "RULE", "FAMILY", "SEVERITY", "ON", "FIX", "PROFILES"
            ));
            for rule in &listed {
                out.push_str(&format!(
                    "{:<width$} {:<14} {:<8} {:<4} {:<7} {:<profiles_width$} {}\n",
                    rule.id,
                    rule.family.as_str(),
                    rule.severity.as_str(),
                    if rule.default_enabled { "yes" } else { "no" },
                    fix_label(rule),
                    profiles(rule),
                    rule.summary
                ));
            }
        }
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = listed.iter().map(|r| rule_json(r)).collect();
            out = serde_json::to_string_pretty(&list).unwrap_or_default();
            out.push('\n');
        }
    }
    print_stdout(&out)
}

/// Prints `text` on standard output: 0, or 2 if it cannot be written. A
/// reader that stops early (`kubelint rules | head -1`) is not an error.
fn print_stdout(text: &str) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            note!("error: cannot write output: {e}");
            2
        }
    }
}

fn fix_label(rule: &Rule) -> &'static str {
    rules::docs::fix_label(rule)
}

fn rule_json(rule: &'static Rule) -> serde_json::Value {
    let equivalents: serde_json::Map<String, serde_json::Value> = rule
        .equivalents_by_tool()
        .into_iter()
        .map(|(tool, of_tool)| {
            let ids: Vec<&str> = of_tool.iter().map(|e| e.id).collect();
            (tool.name().to_owned(), serde_json::json!(ids))
        })
        .collect();
    let aliases: Vec<&str> = aliases_of(rule).collect();
    let profiles: Vec<&str> = Profile::of(rule).map(Profile::name).collect();
    serde_json::json!({
        "id": rule.id,
        "family": rule.family.as_str(),
        "severity": rule.severity.as_str(),
        "enabled_by_default": rule.default_enabled,
        "fix": rule.fix,
        "summary": rule.summary,
        "practice": rule.practice.title(),
        "equivalents": equivalents,
        "aliases": aliases,
        "profiles": profiles,
    })
}

pub fn explain(name: &str) -> u8 {
    match RuleName::resolve(name) {
        Ok(RuleName::Rule(rule)) => print_stdout(&rule_page(rule)),
        Ok(RuleName::All) => {
            note!("error: `kubelint explain` takes one rule id (`kubelint rules` lists them)");
            2
        }
        Err(message) => {
            note!("error: {}", crate::output::escape::inline(&message));
            2
        }
    }
}

pub fn generate(dir: &Path) -> u8 {
    if let Err(e) = std::fs::create_dir_all(dir) {
        note!("error: cannot create {}: {e}", dir.display());
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
            note!("error: cannot write {}: {e}", dir.join(&name).display());
            return 2;
        }
    }
    0
}
