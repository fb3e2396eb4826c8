//! The closing lines on stderr: what was not linted, and counts.

use kubelint::{Report, Severity};
use kubelint::{Skip, Skipped};
use std::time::Duration;

/// Most entries listed per kind of skip; `--format json` lists them all.
const LISTED: usize = 5;

/// Notes on what was not linted. Documents and excluded files are always
/// listed (also with `--quiet`): a gate that skipped a template must say so.
/// Files that are not manifests are counted, unless `quiet`. File names and
/// messages come from the input and are escaped.
pub fn print_skipped(report: &Report, quiet: bool) {
    use super::escape::inline;
    for reason in [Skip::Template, Skip::NotAnObject, Skip::Excluded] {
        let all: Vec<&Skipped> = report.skipped_for(reason).collect();
        for skipped in all.iter().take(LISTED) {
            let at = skipped
                .start
                .map_or(String::new(), |p| format!(":{}:{}", p.line, p.column));
            note!(
                "note: {}{at}: {}",
                inline(&skipped.file),
                inline(&skipped.message)
            );
        }
        if all.len() > LISTED {
            note!(
                "note: … and {} more ({}; `--format json` lists them all)",
                all.len() - LISTED,
                reason.id()
            );
        }
    }
    let not_manifests: Vec<String> = report
        .skipped_for(Skip::NotAManifest)
        .map(|s| inline(&s.file).into_owned())
        .collect();
    if !quiet && !not_manifests.is_empty() {
        let mut names = not_manifests[..not_manifests.len().min(LISTED)].join(", ");
        if not_manifests.len() > LISTED {
            names.push_str(&format!(" and {} more", not_manifests.len() - LISTED));
        }
        note!(
            "note: {} not linted, no Kubernetes objects in {}: {names}",
            plural(not_manifests.len(), "file"),
            if not_manifests.len() == 1 {
                "it"
            } else {
                "them"
            }
        );
    }
}

pub fn print(report: &Report, elapsed: Duration, color: bool) {
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
    let counts: Vec<String> = [
        (Skip::Template, "template document", "template documents"),
        (
            Skip::NotAnObject,
            "document that is not an object",
            "documents that are not objects",
        ),
        (
            Skip::NotAManifest,
            "file without objects",
            "files without objects",
        ),
        (Skip::Excluded, "excluded file", "excluded files"),
    ]
    .iter()
    .filter_map(
        |&(reason, one, many)| match report.skipped_for(reason).count() {
            0 => None,
            1 => Some(format!("1 {one}")),
            n => Some(format!("{n} {many}")),
        },
    )
    .collect();
    let skipped = if counts.is_empty() {
        String::new()
    } else {
        format!("; not linted: {}", counts.join(", "))
    };
    note!(
        "{headline} in {}, {}{skipped} ({:.2}s).",
        plural(report.files, "file"),
        plural(report.objects, "object"),
        elapsed.as_secs_f64()
    );
}

pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
