//! One line per finding, for grep and editor quickfix lists.

use super::escape::inline;
use kubelint::Report;
use std::io::Write;

pub fn print(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    for d in &report.diagnostics {
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
    out.flush()
}
