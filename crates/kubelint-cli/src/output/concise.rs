//! One line per finding, for grep and editor quickfix lists.

use kubelint::Report;
use std::io::Write;

pub fn print(report: &Report) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for d in &report.diagnostics {
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            d.file, d.start.line, d.start.column, d.severity, d.rule, d.message
        )?;
    }
    out.flush()
}
