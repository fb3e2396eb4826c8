//! The stable JSON schema (docs/json-output.md).

use kubelint::Report;
use std::io::Write;

pub fn print(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &report.to_json())?;
    writeln!(out)?;
    out.flush()
}
