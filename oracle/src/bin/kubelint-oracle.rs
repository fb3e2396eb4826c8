//! Runs the differential checks outside the test suite, on any files or on
//! many generated variants (see oracle/README.md).
//!
//! ```text
//! kubelint-oracle files PATH...           files and directories (.yaml/.yml/.json)
//! kubelint-oracle variants FROM COUNT      generated variants, seeds FROM..FROM+COUNT
//! kubelint-oracle show SEED...             print variants and what the reference decodes
//! ```
//! Prints each difference and a summary; exits 1 if there was any.

use kubelint_oracle::{all_rules_linter, finding_differences, view_differences, Reference};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(oracle) = Reference::locate() else {
        eprintln!("kubelint-oracle: no reference decoder; run scripts/install-oracle.sh");
        return ExitCode::from(2);
    };
    let mut reference = match Reference::start(&oracle) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("kubelint-oracle: cannot start {}: {e}", oracle.display());
            return ExitCode::from(2);
        }
    };
    match args.first().map(String::as_str) {
        Some("files") => files(&mut reference, &args[1..]),
        Some("variants") => {
            let number = |i: usize| args.get(i).and_then(|n| n.parse::<u64>().ok());
            match (number(1), number(2)) {
                (Some(from), Some(count)) => variants(&mut reference, from, count),
                _ => {
                    eprintln!("usage: kubelint-oracle variants FROM COUNT");
                    ExitCode::from(2)
                }
            }
        }
        Some("show") => {
            for seed in &args[1..] {
                let seed: u64 = seed.parse().unwrap_or(0);
                let text = kubelint_oracle::variants::variant(seed);
                let decoded = reference.decode(text.as_bytes()).expect("decode");
                println!(
                    "== seed {seed}\n{text}\n-- errors: {:?}\n-- objects: {}",
                    decoded.errors,
                    decoded.objects.len()
                );
            }
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("usage: kubelint-oracle files PATH... | variants FROM COUNT | show SEED...");
            ExitCode::from(2)
        }
    }
}

fn files(reference: &mut Reference, paths: &[String]) -> ExitCode {
    let linter = all_rules_linter();
    let mut all = Vec::new();
    for path in paths {
        collect(Path::new(path), &mut all);
    }
    all.sort();
    let (mut inputs, mut objects, mut differing) = (0, 0, 0);
    for path in &all {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let Ok(text) = String::from_utf8(bytes.clone()) else {
            continue;
        };
        let decoded = match reference.decode(&bytes) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{}: reference failed: {e}", path.display());
                return ExitCode::from(2);
            }
        };
        inputs += 1;
        objects += decoded.objects.len();
        let mut differences = view_differences(&text, &decoded);
        differences.extend(finding_differences(&linter, &text, &decoded));
        if !differences.is_empty() {
            differing += 1;
            println!("== {}", path.display());
            for d in differences {
                println!("{d}");
            }
        }
    }
    println!("{inputs} files, {objects} reference objects, {differing} files with differences");
    if differing == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn variants(reference: &mut Reference, from: u64, count: u64) -> ExitCode {
    let linter = all_rules_linter();
    let started = std::time::Instant::now();
    let (mut objects, mut rejected, mut differing) = (0usize, 0usize, 0usize);
    for seed in from..from + count {
        let text = kubelint_oracle::variants::variant(seed);
        let decoded = match reference.decode(text.as_bytes()) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("seed {seed}: reference failed: {e}");
                return ExitCode::from(2);
            }
        };
        objects += decoded.objects.len();
        rejected += usize::from(!decoded.errors.is_empty());
        let mut differences = view_differences(&text, &decoded);
        differences.extend(finding_differences(&linter, &text, &decoded));
        if !differences.is_empty() {
            differing += 1;
            println!("== seed {seed}\n{text:?}");
            for d in differences {
                println!("{d}");
            }
        }
        let done = seed - from + 1;
        if done % 100_000 == 0 {
            eprintln!(
                "{done} variants, {objects} objects, {differing} differing, {:.0?}",
                started.elapsed()
            );
        }
    }
    println!(
        "{count} variants (seeds {from}..{}), {objects} reference objects, {rejected} variants the reference rejected in part, {differing} with differences, {:.1?}",
        from + count,
        started.elapsed()
    );
    if differing == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            collect(&entry.path(), out);
        }
    } else if path
        .extension()
        .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
    {
        out.push(path.to_path_buf());
    }
}
