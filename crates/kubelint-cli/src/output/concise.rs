//! One line per finding, for grep and editor quickfix lists.

use super::escape::inline;
use kubelint::{Report, Severity};
use std::io::Write;

/// `path:line:col: severity[rule] message`; with `color`, the position is
/// bold and the severity coloured as in the human format (ANSI escapes).
pub fn print(report: &Report, color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    for d in &report.diagnostics {
        if color {
            let severity = match d.severity {
                Severity::Error => "\x1b[1;31m",
                Severity::Warning => "\x1b[1;33m",
                Severity::Info => "\x1b[1;36m",
            };
            writeln!(
                out,
                "\x1b[1m{}:{}:{}:\x1b[0m {severity}{}\x1b[0m[\x1b[2m{}\x1b[0m] {}",
                inline(&d.file),
                d.start.line,
                d.start.column,
                d.severity,
                d.rule,
                inline(&d.message)
            )?;
        } else {
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                inline(&d.file),
                d.start.line,
                d.start.column,
                d.severity,
                d.rule,
                inline(&d.message)
            )?;
        }
    }
    out.flush()
}
