//! `--statistics`: how many findings each rule has, most first.

use kubelint::{rules, Report, Severity};
use std::collections::BTreeMap;
use std::io::Write;

/// One row per rule with findings: count, rule id, severity, summary.
/// Sorted by count (descending), then rule id.
fn rows(report: &Report) -> Vec<(usize, &str, Severity)> {
    let mut counts: BTreeMap<&str, (usize, Severity)> = BTreeMap::new();
    for d in &report.diagnostics {
        let entry = counts.entry(d.rule.as_str()).or_insert((0, d.severity));
        entry.0 += 1;
        entry.1 = entry.1.max(d.severity);
    }
    let mut rows: Vec<_> = counts
        .into_iter()
        .map(|(rule, (count, severity))| (count, rule, severity))
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    rows
}

/// A table (`json == false`) or a JSON list of `{rule, severity, count,
/// summary}` objects. The severity is the highest among the rule's findings.
pub fn print(report: &Report, json: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let rows = rows(report);
    let summary = |rule: &str| rules::by_id(rule).map_or("", |r| r.summary);
    if json {
        let list: Vec<serde_json::Value> = rows
            .iter()
            .map(|(count, rule, severity)| {
                serde_json::json!({
                    "rule": rule,
                    "severity": severity.as_str(),
                    "count": count,
                    "summary": summary(rule),
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &list)?;
        writeln!(out)?;
    } else {
        let width = rows
            .iter()
            .map(|(_, rule, _)| rule.len())
            .max()
            .unwrap_or(0);
        let count_width = rows
            .iter()
            .map(|(count, ..)| count.to_string().len())
            .max()
            .unwrap_or(1);
        for (count, rule, severity) in &rows {
            writeln!(
                out,
                "{count:>count_width$}  {rule:<width$}  {:<7}  {}",
                severity.as_str(),
                summary(rule)
            )?;
        }
    }
    out.flush()
}
