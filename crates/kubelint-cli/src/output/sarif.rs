//! SARIF 2.1.0 with real regions (kube-linter's SARIF puts every result on
//! line 1), for code-scanning dashboards. Every rule carries its page
//! (`helpUri`) and a `security-severity`, which GitHub code scanning shows
//! as Critical/High/Medium/Low. File locations are percent-encoded URIs
//! relative to `%SRCROOT%`, the directory kubelint ran in.

use kubelint::rules::{self, docs::docs_url};
use kubelint::{Diagnostic, Report, Severity};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Write;

/// Base id of relative artifact URIs: the working directory of the run.
const SRCROOT: &str = "%SRCROOT%";

pub fn print(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    // The severity a rule's results have in this run (configuration can
    // change a rule's default); the highest if they differ.
    let mut used: BTreeMap<&str, Severity> = BTreeMap::new();
    for d in &report.diagnostics {
        let severity = used.entry(d.rule.as_str()).or_insert(d.severity);
        *severity = (*severity).max(d.severity);
    }
    let rule_ids: Vec<&str> = rules::all()
        .iter()
        .map(|r| r.id)
        .filter(|id| used.contains_key(id))
        .collect();
    let rules_json: Vec<Value> = rule_ids
        .iter()
        .filter_map(|id| rules::by_id(id))
        .map(|rule| {
            let severity = used.get(rule.id).copied().unwrap_or(rule.severity);
            json!({
                "id": rule.id,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.summary},
                "help": {"text": rule.documentation(), "markdown": rule.documentation()},
                "helpUri": docs_url(rule.id),
                "defaultConfiguration": {"level": level(rule.severity)},
                "properties": {
                    "tags": ["security", rule.family.as_str()],
                    "security-severity": security_severity(severity),
                    "precision": "high",
                },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| result(d, rule_ids.iter().position(|id| *id == d.rule)))
        .collect();
    let mut run = json!({
        "tool": {"driver": {
            "name": "kubelint",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": env!("CARGO_PKG_REPOSITORY"),
            "rules": rules_json,
        }},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [{
            "executionSuccessful": true,
            "toolExecutionNotifications": not_linted(report),
        }],
    });
    if let Some(root) = std::env::current_dir()
        .ok()
        .and_then(|dir| directory_uri(&dir.to_string_lossy()))
    {
        run["originalUriBaseIds"] = json!({SRCROOT: {"uri": root}});
    }
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    });
    serde_json::to_writer_pretty(&mut *out, &sarif)?;
    writeln!(out)?;
    out.flush()
}

fn result(d: &Diagnostic, rule_index: Option<usize>) -> Value {
    let artifact = artifact_location(&d.file);
    let region = |start: kubelint::source::LineCol,
                  end: kubelint::source::LineCol,
                  range: kubelint::source::Span| {
        json!({
            "startLine": start.line,
            "startColumn": start.column,
            "endLine": end.line,
            "endColumn": end.column,
            "byteOffset": range.start,
            "byteLength": range.len(),
        })
    };
    let mut result = json!({
        "ruleId": d.rule,
        "level": level(d.severity),
        "message": {"text": d.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact,
                "region": region(d.start, d.end, d.range),
            }
        }],
    });
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    if !d.labels.is_empty() {
        let related: Vec<Value> = d
            .labels
            .iter()
            .enumerate()
            .map(|(id, label)| {
                json!({
                    "id": id,
                    "message": {"text": label.message},
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": region(label.start, label.end, label.range),
                    },
                })
            })
            .collect();
        result["relatedLocations"] = json!(related);
    }
    result
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// GitHub's bands: 9.0+ critical, 7.0–8.9 high, 4.0–6.9 medium, below low.
/// kubelint's severities are three, so an error is high, not critical.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "8.0",
        Severity::Warning => "5.0",
        Severity::Info => "2.0",
    }
}

/// A relative path as a URI relative to `%SRCROOT%`, an absolute one as a
/// `file:` URI; backslashes become slashes.
fn artifact_location(path: &str) -> Value {
    let path = path.replace('\\', "/");
    if let Some(uri) = absolute_file_uri(&path) {
        json!({"uri": uri})
    } else {
        json!({"uri": percent_encode(&path), "uriBaseId": SRCROOT})
    }
}

/// `file:///…` for `/abs/path` or `C:/abs/path`; `None` for relative paths.
fn absolute_file_uri(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    if path.starts_with('/') {
        Some(format!("file://{}", percent_encode(path)))
    } else if bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && bytes[2] == b'/'
    {
        Some(format!(
            "file:///{}:{}",
            &path[..1],
            percent_encode(&path[2..])
        ))
    } else {
        None
    }
}

/// A directory's `file:` URI, ending in `/` as SARIF requires of a base.
fn directory_uri(dir: &str) -> Option<String> {
    let dir = dir.replace('\\', "/");
    let uri = absolute_file_uri(&dir)?;
    Some(if uri.ends_with('/') { uri } else { uri + "/" })
}

/// RFC 3986 path encoding: unreserved characters and `/` stay, every other
/// byte (spaces, `%`, `#`, `?`, non-ASCII UTF-8) becomes `%XX`.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A notification (level `note`, descriptor id `template`, `not-an-object`,
/// `not-a-manifest` or `excluded`) for each thing that was not linted.
fn not_linted(report: &Report) -> Vec<Value> {
    report
        .skipped
        .iter()
        .map(|s| {
            let mut location = json!({"artifactLocation": artifact_location(&s.file)});
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_percent_encoded_uris() {
        assert_eq!(
            artifact_location("dir with space/x.yaml"),
            json!({"uri": "dir%20with%20space/x.yaml", "uriBaseId": SRCROOT})
        );
        assert_eq!(
            artifact_location("k8s\\app#1/日.yaml"),
            json!({"uri": "k8s/app%231/%E6%97%A5.yaml", "uriBaseId": SRCROOT})
        );
        assert_eq!(
            artifact_location("/tmp/a b/%.yaml"),
            json!({"uri": "file:///tmp/a%20b/%25.yaml"})
        );
        assert_eq!(
            artifact_location("C:\\k8s\\pod.yaml"),
            json!({"uri": "file:///C:/k8s/pod.yaml"})
        );
        assert_eq!(
            directory_uri("/work/repo").as_deref(),
            Some("file:///work/repo/")
        );
        assert_eq!(directory_uri("/").as_deref(), Some("file:///"));
        assert_eq!(directory_uri("relative"), None);
    }
}
