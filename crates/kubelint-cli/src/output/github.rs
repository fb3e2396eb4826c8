//! GitHub Actions workflow commands: findings show up as annotations on the
//! pull request diff.

use kubelint::Skip;
use kubelint::{Report, Severity};
use std::io::Write;

pub fn print(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    for d in &report.diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title=kubelint {}::{}",
            escape_property(&d.file),
            d.start.line,
            d.start.column,
            d.end.line,
            d.end.column,
            escape_property(&d.rule),
            escape_data(&d.message)
        )?;
    }
    print_skipped(report, out)?;
    out.flush()
}

/// A notice for each document or named file that was not linted, and one
/// for all the files that are not manifests.
fn print_skipped(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut not_manifests = Vec::new();
    for skipped in &report.skipped {
        if skipped.reason == Skip::NotAManifest {
            not_manifests.push(skipped.file.as_str());
            continue;
        }
        let at = skipped.start.map_or(String::new(), |p| {
            format!(",line={},col={}", p.line, p.column)
        });
        writeln!(
            out,
            "::notice file={}{at},title=kubelint: not linted ({})::{}",
            escape_property(&skipped.file),
            skipped.reason.id(),
            escape_data(&skipped.message)
        )?;
    }
    if !not_manifests.is_empty() {
        writeln!(
            out,
            "::notice title=kubelint: not linted (not-a-manifest)::{}",
            escape_data(&format!(
                "{} file(s) hold no Kubernetes objects and were not linted: {}",
                not_manifests.len(),
                not_manifests.join(", ")
            ))
        )?;
    }
    Ok(())
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
