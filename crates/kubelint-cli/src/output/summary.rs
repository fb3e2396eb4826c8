//! The closing lines on stderr: counts, and a note about skipped templates.

use kubelint::{Report, Severity};
use std::time::Duration;

pub fn print(report: &Report, elapsed: Duration, color: bool) {
    if let Some(first) = report.skipped.first() {
        let more = match report.skipped.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        note!(
            "note: skipped Helm template {}{more}: render charts first, e.g. `helm template . | kubelint check -`",
            super::escape::inline(&first.file)
        );
    }
    let counts = [
        (report.count(Severity::Error), "error"),
        (report.count(Severity::Warning), "warning"),
        (report.count(Severity::Info), "info"),
    ];
    let total: usize = counts.iter().map(|(n, _)| n).sum();
    let headline = if total == 0 {
        "No findings".to_owned()
    } else {
        let parts: Vec<String> = counts
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, noun)| plural(*n, noun))
            .collect();
        format!("Found {} ({})", plural(total, "finding"), parts.join(", "))
    };
    let headline = if color && total > 0 {
        format!("\x1b[1m{headline}\x1b[0m")
    } else {
        headline
    };
    note!(
        "{headline} in {}, {} ({:.2}s).",
        plural(report.files, "file"),
        plural(report.objects, "object"),
        elapsed.as_secs_f64()
    );
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
