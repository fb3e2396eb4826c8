//! Lints a directory with the library and prints one line per finding.
//!
//! ```sh
//! cargo run -p kubelint --example lint_dir -- examples/
//! ```

use kubelint::{lint_paths, Config};

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let report = lint_paths(&[dir], &Config::default());
    for d in &report.diagnostics {
        println!(
            "{}:{}:{}: {} [{}] {}",
            d.file, d.start.line, d.start.column, d.severity, d.rule, d.message
        );
    }
    println!(
        "{} files, {} objects, {} findings",
        report.files,
        report.objects,
        report.diagnostics.len()
    );
    std::process::exit(report.exit_code(kubelint::Severity::Info));
}
