//! GitLab Code Quality (a subset of the Code Climate format): a JSON list of
//! issues that GitLab shows in the merge request widget and on the diff
//! (`artifacts: reports: codequality:`).

use kubelint::{Report, Severity};
use serde_json::{json, Value};
use std::io::Write;

pub fn print(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let issues: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            json!({
                "type": "issue",
                "check_name": d.rule,
                "description": d.message,
                "categories": ["Security"],
                "severity": match d.severity {
                    Severity::Error => "critical",
                    Severity::Warning => "major",
                    Severity::Info => "minor",
                },
                "fingerprint": fingerprint(&[
                    &d.rule,
                    &d.file,
                    &d.start.line.to_string(),
                    &d.start.column.to_string(),
                    &d.message,
                ]),
                "location": {
                    "path": d.file.replace('\\', "/"),
                    "lines": {"begin": d.start.line, "end": d.end.line},
                },
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)?;
    out.flush()
}

/// GitLab tells issues apart (new, fixed) by fingerprint: FNV-1a (64-bit)
/// of the parts, in hex, the same on every platform and Rust version.
fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.as_bytes().iter().chain(&[0u8]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn fingerprints_are_stable_and_tell_parts_apart() {
        // FNV-1a 64 of "a\0" (the parts end in a zero byte), computed
        // independently: a fixed value, so reports compare across runs.
        assert_eq!(fingerprint(&["a"]), "089be207b544f1e4");
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
    }
}
