//! Running the `kubelint` binary under a watchdog: every run has a timeout
//! (the child is killed, and the test fails, when it is exceeded) and its peak
//! resident memory is measured by `wait4`'s rusage.

use kubelint::Diagnostic;
use kubelint::JsonReport;
use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Generous for a debug build on a loaded 2-core machine; the hostile
/// cases finish in well under a second each.
pub const TIMEOUT: Duration = Duration::from_secs(120);

/// A normal manifest with one known finding, linted next to every hostile file.
pub const KNOWN: &str = "known-finding.yaml";

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

pub fn fixtures() -> PathBuf {
    workspace().join("fixtures/hostile")
}

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    /// Peak resident set size of the child, in KiB.
    pub peak_rss_kib: u64,
    pub elapsed: Duration,
}

impl Run {
    /// The `--format json` output.
    pub fn report(&self) -> JsonReport {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not the JSON report ({e}):\n{}\nstderr:\n{}",
                truncate(&self.stdout),
                self.stderr
            )
        })
    }

    pub fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code,
            code,
            "exit code; stdout:\n{}\nstderr:\n{}",
            truncate(&self.stdout),
            self.stderr
        );
        self
    }

    pub fn assert_peak_rss_below_mib(&self, mib: u64) -> &Run {
        assert!(
            self.peak_rss_kib < mib * 1024,
            "peak RSS {} KiB, expected below {mib} MiB",
            self.peak_rss_kib
        );
        self
    }
}

fn truncate(text: &str) -> &str {
    let mut end = text.len().min(4000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Runs `kubelint` with `args` in `cwd`, `stdin` as its standard input.
pub fn kubelint_with_stdin<I, S>(cwd: &Path, args: I, stdin: Option<&[u8]>) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run_program(env!("CARGO_BIN_EXE_kubelint").as_ref(), cwd, args, stdin)
}

/// Runs any program (the binary, or a tracer around it) under the watchdog.
pub fn run_program<I, S>(program: &OsStr, cwd: &Path, args: I, stdin: Option<&[u8]>) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    let started = Instant::now();
    // Reaped with waitpid below (std's `wait` would not give us the polling
    // and timeout we need).
    #[allow(clippy::zombie_processes)]
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program:?}: {e}"));
    let pid = child.id() as libc::pid_t;
    // Pipes are drained on threads so a chatty child never blocks on a full pipe.
    let stdin_writer = child.stdin.take().map(|mut pipe| {
        let bytes = stdin.unwrap_or_default().to_vec();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        })
    });
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut out = Vec::new();
            let _ = pipe.read_to_end(&mut out);
            String::from_utf8_lossy(&out).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr")));
    // Peak RSS is the child's own VmHWM, polled until it exits. (wait4's
    // ru_maxrss is no use here: Linux carries the pre-exec high-water mark
    // of the forked test process, hundreds of MB, into the child's.) VmHWM
    // only grows, so polling misses at most the last millisecond or so.
    let status_file = format!("/proc/{pid}/status");
    let mut peak_rss_kib = 0;
    let status = loop {
        if let Some(hwm) = read_vm_hwm(&status_file) {
            peak_rss_kib = peak_rss_kib.max(hwm);
        }
        let mut status: libc::c_int = 0;
        // SAFETY: a plain syscall on our own child's pid with a valid pointer.
        let reaped = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        if reaped == pid {
            break status;
        }
        assert!(
            reaped == 0,
            "waitpid failed: {}",
            std::io::Error::last_os_error()
        );
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            // SAFETY: as above; reaps the killed child.
            unsafe { libc::waitpid(pid, &mut status, 0) };
            panic!("{program:?} did not finish within {TIMEOUT:?} (killed)");
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    let elapsed = started.elapsed();
    if let Some(writer) = stdin_writer {
        let _ = writer.join();
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        panic!(
            "kubelint was killed by signal {} (a crash?); stderr:\n{}",
            libc::WTERMSIG(status),
            stderr.join().unwrap_or_default()
        );
    };
    let run = Run {
        code,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        peak_rss_kib,
        elapsed,
    };
    assert!(
        !run.stderr.contains("panicked"),
        "kubelint panicked:\n{}",
        run.stderr
    );
    run
}

/// `VmHWM` (peak resident set) of a live process, in KiB.
fn read_vm_hwm(status_file: &str) -> Option<u64> {
    let status = std::fs::read_to_string(status_file).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

pub fn kubelint<I, S>(cwd: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    kubelint_with_stdin(cwd, args, None)
}

/// `kubelint check --no-config --format json <paths>` in `cwd`.
pub fn check_json(cwd: &Path, paths: &[&str]) -> Run {
    let mut args = vec!["check", "--no-config", "--format", "json"];
    args.extend(paths);
    kubelint(cwd, args)
}

/// A scratch directory holding the known manifest.
pub fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(fixtures().join(KNOWN), dir.path().join(KNOWN)).expect("copy known");
    dir
}

/// The diagnostics of one file, as `(rule, line, column, message)`.
pub fn of_file<'a>(report: &'a JsonReport, file: &str) -> Vec<&'a Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.file == file || d.file.ends_with(&format!("/{file}")))
        .collect()
}

/// The known manifest's finding is in the report.
pub fn assert_known_finding(report: &JsonReport) {
    let known = of_file(report, KNOWN);
    assert!(
        known.iter().any(|d| d.rule == "privileged-container"
            && (d.start.line, d.start.column) == (14, 19)),
        "the known finding is missing: {known:#?}\nall: {:#?}",
        report.diagnostics
    );
}

/// One expected diagnostic.
#[derive(Clone, Copy, Debug)]
pub struct Expect {
    pub rule: &'static str,
    pub line: u32,
    pub column: u32,
    pub message: &'static str,
}

pub const fn expect(rule: &'static str, line: u32, column: u32, message: &'static str) -> Expect {
    Expect {
        rule,
        line,
        column,
        message,
    }
}

/// The file's diagnostics are exactly `expected` (in order), each with its
/// rule, line:column and a fragment of its message.
pub fn assert_diagnostics(report: &JsonReport, file: &str, expected: &[Expect]) {
    // Every input problem counts; of the other rules only those expected, so
    // a new workload rule does not change what this suite is about.
    let input_rules = [
        "invalid-yaml",
        "unreadable-file",
        "duplicate-key",
        "invalid-config",
        "unused-suppression",
    ];
    let actual: Vec<&Diagnostic> = of_file(report, file)
        .into_iter()
        .filter(|d| {
            input_rules.contains(&d.rule.as_str()) || expected.iter().any(|e| e.rule == d.rule)
        })
        .collect();
    let summary: Vec<String> = actual
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {}",
                d.rule, d.start.line, d.start.column, d.message
            )
        })
        .collect();
    assert_eq!(
        actual.len(),
        expected.len(),
        "{file}: expected {expected:#?}, got {summary:#?}"
    );
    for (d, e) in actual.iter().zip(expected) {
        assert!(
            d.rule == e.rule
                && (d.start.line, d.start.column) == (e.line, e.column)
                && d.message.contains(e.message),
            "{file}: expected {e:?}, got {summary:#?}"
        );
    }
}
