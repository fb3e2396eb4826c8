//! kubelint benchmarks (not timed tests): throughput and memory.
//!
//! ```text
//! kubelint-bench generate DIR [--mb 20] [--seed 42]   write the synthetic corpus
//! kubelint-bench run DIR [--repeat 5] [--cli DIR…]    parse-only vs full lint, 1 and 2 threads
//! ```
//!
//! `run` measures each configuration in a child process (`measure`), so the
//! peak RSS it reports belongs to that configuration alone. Times are the
//! median of `--repeat` runs over texts already in memory; `--cli DIR` also
//! times the real `kubelint check DIR` binary end to end (wall time and peak
//! RSS from `wait4`).

mod generate;

use kubelint::yaml::{parse_document, split_documents, Limits};
use kubelint::{Config, Linter};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let positional = args.get(1).map(PathBuf::from);
    match (args.first().map(String::as_str), positional) {
        (Some("generate"), Some(dir)) => {
            let mb: usize = flag("--mb").and_then(|v| v.parse().ok()).unwrap_or(20);
            let seed: u64 = flag("--seed").and_then(|v| v.parse().ok()).unwrap_or(42);
            let _ = std::fs::remove_dir_all(&dir);
            match generate::generate(&dir, seed, mb * 1_000_000) {
                Ok((files, bytes)) => println!("wrote {files} files, {:.1} MB, into {}", bytes as f64 / 1e6, dir.display()),
                Err(e) => fail(&format!("cannot write corpus: {e}")),
            }
        }
        (Some("run"), Some(dir)) => {
            let repeat = flag("--repeat").unwrap_or_else(|| "5".into());
            run(&dir, &repeat, args.iter().enumerate().filter(|(_, a)| *a == "--cli").filter_map(|(i, _)| args.get(i + 1)));
        }
        (Some("measure"), Some(dir)) => {
            let mode = flag("--mode").unwrap_or_else(|| "lint".into());
            let threads: usize = flag("--threads").and_then(|v| v.parse().ok()).unwrap_or(1);
            let repeat: usize = flag("--repeat").and_then(|v| v.parse().ok()).unwrap_or(5);
            measure(&dir, &mode, threads, repeat);
        }
        _ => fail("usage: kubelint-bench generate DIR [--mb N] [--seed N] | run DIR [--repeat N] [--cli DIR]..."),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(2)
}

/// Every `.yaml/.yml/.json` file under `dir`, sorted, as (path, text).
fn load(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
            {
                if let Ok(text) = std::fs::read_to_string(&p) {
                    out.push((p.display().to_string(), text));
                }
            }
        }
    }
    out.sort();
    out
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

/// One configuration, in this process; prints one JSON line.
fn measure(dir: &Path, mode: &str, threads: usize, repeat: usize) {
    let sources = load(dir);
    let bytes: usize = sources.iter().map(|(_, t)| t.len()).sum();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap_or_else(|e| fail(&e.to_string()));
    let limits = Limits::default();
    let mut times = Vec::new();
    let mut documents = 0;
    let mut findings = 0;
    for _ in 0..repeat {
        match mode {
            "parse" => {
                let started = Instant::now();
                documents = pool.install(|| {
                    sources
                        .par_iter()
                        .map(|(_, text)| {
                            split_documents(text, 0)
                                .iter()
                                .filter(|c| c.has_content)
                                .enumerate()
                                .map(|(i, c)| {
                                    parse_document(text, c.span, i, &limits).node_count().min(1)
                                })
                                .sum::<usize>()
                        })
                        .sum()
                });
                times.push(started.elapsed().as_secs_f64());
            }
            _ => {
                let input = sources.clone();
                let linter = Linter::new({
                    let mut config = Config::default();
                    config.threads = Some(threads);
                    config
                });
                let started = Instant::now();
                let report = linter.lint_sources(input);
                times.push(started.elapsed().as_secs_f64());
                documents = report.documents;
                findings = report.diagnostics.len();
            }
        }
    }
    let secs = median(times);
    println!(
        "{}",
        serde_json::json!({
            "mode": mode, "threads": threads, "files": sources.len(), "bytes": bytes, "documents": documents,
            "findings": findings, "secs": secs, "peak_rss_mb": peak_rss_mb(),
        })
    );
}

/// Runs a command, returning (wall seconds, peak RSS in MB, stdout).
#[allow(clippy::zombie_processes)] // reaped by `wait4`, which also reports its peak RSS
fn run_child(command: &mut Command) -> (f64, f64, Vec<u8>) {
    let started = Instant::now();
    let child = command
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| fail(&e.to_string()));
    let pid = child.id() as libc::pid_t;
    let mut stdout = Vec::new();
    if let Some(mut pipe) = child.stdout {
        use std::io::Read;
        let _ = pipe.read_to_end(&mut stdout);
    }
    let mut status = 0;
    // SAFETY-free alternative does not exist for per-child rusage; libc::wait4
    // only writes into the two locals passed to it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    (
        started.elapsed().as_secs_f64(),
        usage.ru_maxrss as f64 / 1024.0,
        stdout,
    )
}

fn run<'a>(dir: &Path, repeat: &str, cli_dirs: impl Iterator<Item = &'a String>) {
    let me = std::env::current_exe().unwrap_or_else(|e| fail(&e.to_string()));
    let mut results = Vec::new();
    println!(
        "{:<6} {:>7} {:>9} {:>9} {:>11} {:>10} {:>9}",
        "mode", "threads", "time (s)", "MB/s", "documents/s", "peak RSS", "findings"
    );
    for mode in ["parse", "lint"] {
        for threads in ["1", "2"] {
            let (_, _, out) = run_child(Command::new(&me).args([
                "measure",
                &dir.display().to_string(),
                "--mode",
                mode,
                "--threads",
                threads,
                "--repeat",
                repeat,
            ]));
            let value: serde_json::Value = serde_json::from_slice(&out)
                .unwrap_or_else(|e| fail(&format!("bad measure output: {e}")));
            let secs = value["secs"].as_f64().unwrap_or(f64::NAN);
            let bytes = value["bytes"].as_f64().unwrap_or(0.0);
            let docs = value["documents"].as_f64().unwrap_or(0.0);
            println!(
                "{:<6} {:>7} {:>9.3} {:>9.1} {:>11.0} {:>7.1} MB {:>9}",
                mode,
                threads,
                secs,
                bytes / 1e6 / secs,
                docs / secs,
                value["peak_rss_mb"].as_f64().unwrap_or(0.0),
                value["findings"]
            );
            results.push(((mode, threads), secs, value));
        }
    }
    let time = |mode: &str, threads: &str| {
        results
            .iter()
            .find(|r| r.0 == (mode, threads))
            .map_or(f64::NAN, |r| r.1)
    };
    if let Some(first) = results.first() {
        println!(
            "corpus: {} files, {:.1} MB, {} documents",
            first.2["files"],
            first.2["bytes"].as_f64().unwrap_or(0.0) / 1e6,
            first.2["documents"]
        );
    }
    println!(
        "full lint / parse-only: {:.2}x (1 thread), {:.2}x (2 threads)",
        time("lint", "1") / time("parse", "1"),
        time("lint", "2") / time("parse", "2")
    );
    println!(
        "2 threads vs 1: parse {:.2}x faster, lint {:.2}x faster",
        time("parse", "1") / time("parse", "2"),
        time("lint", "1") / time("lint", "2")
    );
    let cli = me.with_file_name("kubelint");
    for cli_dir in cli_dirs {
        let mut walls = Vec::new();
        let mut rss = 0.0f64;
        let mut summary = serde_json::Value::Null;
        for _ in 0..repeat.parse().unwrap_or(5) {
            let (wall, peak, out) = run_child(Command::new(&cli).args([
                "check",
                cli_dir,
                "--format",
                "json",
                "--no-config",
            ]));
            walls.push(wall);
            rss = rss.max(peak);
            if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&out) {
                summary = value["summary"].clone();
            }
        }
        println!("kubelint check {cli_dir}: {:.3} s wall (median), peak RSS {rss:.1} MB, summary {summary}", median(walls));
    }
}
