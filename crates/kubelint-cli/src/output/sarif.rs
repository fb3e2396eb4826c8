//! SARIF 2.1.0 with real regions (kube-linter's SARIF puts every result on
//! line 1).

use kubelint::{rules, Report, Severity};
use serde_json::{json, Value};
use std::io::Write;

pub fn print(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let used: std::collections::BTreeSet<&str> =
        report.diagnostics.iter().map(|d| d.rule.as_str()).collect();
    let rule_ids: Vec<&str> = rules::all()
        .iter()
        .map(|r| r.id)
        .filter(|id| used.contains(id))
        .collect();
    let rules_json: Vec<Value> = rule_ids
        .iter()
        .filter_map(|id| rules::by_id(id))
        .map(|rule| {
            json!({
                "id": rule.id,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.summary},
                "help": {"text": rule.documentation(), "markdown": rule.documentation()},
                "defaultConfiguration": {"level": level(rule.severity)},
                "properties": {"tags": [rule.family.as_str(), "security"]},
            })
        })
        .collect();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            json!({
                "ruleId": d.rule,
                "ruleIndex": rule_ids.iter().position(|id| *id == d.rule),
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": d.file.replace('\\', "/")},
                        "region": {
                            "startLine": d.start.line,
                            "startColumn": d.start.column,
                            "endLine": d.end.line,
                            "endColumn": d.end.column,
                            "byteOffset": d.range.start,
                            "byteLength": d.range.len(),
                        }
                    }
                }],
            })
        })
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "kubelint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules_json,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": not_linted(report),
            }],
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &sarif)?;
    writeln!(out)?;
    out.flush()
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A notification (level `note`, descriptor id `template`, `not-an-object`,
/// `not-a-manifest` or `excluded`) for each thing that was not linted.
fn not_linted(report: &Report) -> Vec<Value> {
    report
        .skipped
        .iter()
        .map(|s| {
            let mut location = json!({"artifactLocation": {"uri": s.file.replace('\\', "/")}});
            if let Some(start) = s.start {
                location["region"] = json!({"startLine": start.line, "startColumn": start.column});
            }
            json!({
                "level": "note",
                "message": {"text": s.message},
                "descriptor": {"id": s.reason.id()},
                "locations": [{"physicalLocation": location}],
            })
        })
        .collect()
}
