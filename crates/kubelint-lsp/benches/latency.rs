//! Edit-to-diagnostics latency and memory of `kubelint lsp`.
//!
//! `cargo bench -p kubelint-lsp` (release build). For each manifest size it
//! starts a server with the debounce off (`KUBELINT_LSP_DEBOUNCE_MS=0`),
//! opens the file, then repeatedly sends a full-text `didChange` and times
//! until the `publishDiagnostics` for that version arrives — everything a
//! keystroke costs after the debounce: JSON in, lint, JSON out, over pipes.
//! Idle RSS is read from /proc after startup and after the runs.
//!
//! Memory: the server's peak RSS (VmHWM) holding a 55,000-line manifest
//! (14,000 findings) through 30 edits, next to the peak of a one-shot lint
//! of the same file in a child process (`<bench> check FILE`, what
//! `kubelint check -f json` does). The server keeps findings for code
//! actions and re-analyses only edited documents, so it needs more; the
//! target is at most three times the one-shot lint.
//!
//! The server is this binary re-run as `<bench> lsp` (the same code as
//! `kubelint lsp`); set `KUBELINT_BIN=target/release/kubelint` to measure
//! the shipped binary instead.

#[path = "../../../tests/lsp/client.rs"]
mod client;

use client::{capabilities, Client};
use kubelint::{Config, Linter};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("lsp") => std::process::exit(i32::from(kubelint_lsp::run_stdio())),
        Some("check") => {
            let report = kubelint::lint_paths(&args[2..], &Config::default());
            let stdout = std::io::stdout().lock();
            serde_json::to_writer(stdout, &report.to_json()).expect("write the report");
            return;
        }
        _ => {}
    }
    let server = std::env::var_os("KUBELINT_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::current_exe().expect("own path"));
    println!("server: {}", server.display());
    for (lines, rounds) in [(200, 300), (5_000, 100)] {
        latency(&server, lines, rounds, Edit::OneDocument);
        latency(&server, lines, rounds, Edit::EveryDocument);
    }
    idle_rss(&server);
    for edit in [Edit::OneDocument, Edit::EveryDocument] {
        memory(&server, 55_000, 30, edit);
    }
}

/// Peak RSS of the server through `rounds` edits of a `lines`-line
/// manifest, against a one-shot lint of the same text.
fn memory(server: &Path, lines: usize, rounds: i64, edit: Edit) {
    let text = manifest(lines);
    let edited = match edit {
        Edit::OneDocument => text.replacen("privileged: true", "privileged: false", 1),
        Edit::EveryDocument => text.replace("privileged: ", "privileged: !!bool "),
    };
    let dir = std::env::temp_dir().join(format!("kubelint-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("manifest.yaml");
    std::fs::write(&file, &text).expect("write the manifest");
    let one_shot = one_shot_peak_kib(&file);
    let mut client = start(server);
    let uri = "file:///bench/big.yaml";
    client.open(uri, 0, &text);
    client.published(uri, 0);
    for version in 1..=rounds {
        let body = if version % 2 == 1 { &edited } else { &text };
        client.send_raw(&frame(&json!({
            "jsonrpc": "2.0",
            "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": body}]},
        })));
        client.published(uri, version);
    }
    let server_peak = status_kib(client.pid(), "VmHWM:").unwrap_or(0);
    drop(client);
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "{:>5} lines ({:>4} KiB), {edit:?}, {rounds} edits: server peak RSS {:>6} KiB; one-shot lint peak RSS {:>6} KiB; {:.1}x",
        text.lines().count(),
        text.len() / 1024,
        server_peak,
        one_shot,
        server_peak as f64 / one_shot.max(1) as f64,
    );
}

/// Peak RSS of `<bench> check <file>`, polled from /proc until it exits.
fn one_shot_peak_kib(file: &Path) -> u64 {
    let exe = std::env::current_exe().expect("own path");
    let mut child = std::process::Command::new(exe)
        .arg("check")
        .arg(file)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("run the one-shot lint");
    let mut peak = 0;
    loop {
        if let Some(hwm) = status_kib(child.id(), "VmHWM:") {
            peak = peak.max(hwm);
        }
        if child.try_wait().expect("wait").is_some() {
            return peak;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// A `/proc/<pid>/status` field in KiB.
fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line[field.len()..].split_whitespace().next()?.parse().ok()
}

/// A manifest of about `lines` lines: Deployments with findings in each.
fn manifest(lines: usize) -> String {
    let mut text = String::new();
    let mut i = 0;
    while text.lines().count() < lines {
        text.push_str(&format!(
            "apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{i}
  namespace: shop
  labels: {{app: app-{i}, tier: backend}}
  annotations:
    owner: team-{i}@example.com
spec:
  replicas: 3
  selector:
    matchLabels: {{app: app-{i}}}
  template:
    metadata:
      labels: {{app: app-{i}, tier: backend}}
    spec:
      serviceAccountName: app-{i}
      containers:
        - name: app
          image: registry.example.com/app-{i}:latest
          ports:
            - containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
          resources:
            limits: {{cpu: 500m, memory: 256Mi}}
          securityContext:
            privileged: {}
            readOnlyRootFilesystem: true
        - name: proxy
          image: registry.example.com/envoy:1.30.{i}
          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: false
---
",
            if i % 3 == 0 { "true" } else { "false" }
        ));
        i += 1;
    }
    text
}

fn frame(message: &Value) -> Vec<u8> {
    let body = serde_json::to_vec(message).unwrap();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(&body);
    out
}

fn start(server: &Path) -> Client {
    let mut client = Client::spawn(server, &[("KUBELINT_LSP_DEBOUNCE_MS", "0")]);
    client.initialize(capabilities(false, false), Value::Null, None);
    client
}

/// What each round changes.
#[derive(Clone, Copy, Debug)]
enum Edit {
    /// One value in one document: typing.
    OneDocument,
    /// A value in every document: a paste, a search-and-replace.
    EveryDocument,
}

fn latency(server: &Path, lines: usize, rounds: usize, edit: Edit) {
    let text = manifest(lines);
    // A second version that changes findings, so every round re-lints.
    let edited = match edit {
        Edit::OneDocument => text.replacen("privileged: true", "privileged: false", 1),
        Edit::EveryDocument => text.replace("privileged: ", "privileged: !!bool "),
    };
    assert_ne!(edited, text);
    let mut client = start(server);
    let uri = "file:///bench/manifest.yaml";
    client.open(uri, 0, &text);
    client.published(uri, 0);
    let mut times = Vec::with_capacity(rounds);
    for version in 1..=rounds as i64 {
        let body = if version % 2 == 1 { &edited } else { &text };
        let message = frame(&json!({
            "jsonrpc": "2.0",
            "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": body}]},
        }));
        let started = Instant::now();
        client.send_raw(&message);
        client.published(uri, version);
        times.push(started.elapsed());
    }
    // A full lint by the core alone, in this process, for comparison (the
    // server re-analyses only the edited document).
    let linter = Linter::new(Config::default());
    let mut core = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Instant::now();
        std::hint::black_box(linter.lint_str("manifest.yaml", &text));
        core.push(started.elapsed());
    }
    println!(
        "{:>5} lines ({:>4} KiB), {edit:?}: didChange -> publishDiagnostics median {:>7.3} ms, p90 {:>7.3} ms, min {:>7.3} ms ({rounds} rounds); full core lint_str: median {:.3} ms",
        text.lines().count(),
        text.len() / 1024,
        ms(median(&mut times)),
        ms(percentile(&mut times, 0.9)),
        ms(*times.iter().min().unwrap()),
        ms(median(&mut core)),
    );
    println!("        RSS after the runs: {}", rss(client.pid()));
    drop(client);
}

fn idle_rss(server: &Path) {
    let mut client = start(server);
    // Let startup settle (settings fetch, watcher registration).
    let _ = client.drain(Duration::from_millis(300));
    println!("idle RSS after initialize: {}", rss(client.pid()));
    let uri = "file:///bench/small.yaml";
    client.open(uri, 0, &manifest(200));
    client.published(uri, 0);
    let _ = client.drain(Duration::from_millis(300));
    println!(
        "idle RSS with a 200-line document open: {}",
        rss(client.pid())
    );
}

fn rss(pid: u32) -> String {
    status_kib(pid, "VmRSS:").map_or_else(
        || "unknown (no /proc)".to_owned(),
        |kib| format!("{kib} kB"),
    )
}

fn median(times: &mut [Duration]) -> Duration {
    percentile(times, 0.5)
}

fn percentile(times: &mut [Duration], p: f64) -> Duration {
    times.sort();
    times[((times.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
