//! GitHub Actions workflow commands: findings show up as annotations on the
//! pull request diff.

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
    out.flush()
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
