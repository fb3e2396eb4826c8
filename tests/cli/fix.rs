//! `kubelint check --fix` / `--unsafe-fixes` end to end: before/after
//! snapshots on a fixture, the fixed text still parses with the same
//! objects, a second run changes nothing, and stdin prints the fixed text.

use kubelint::{Config, Linter};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const FIXTURE: &str = "fixtures/fix/workloads.yaml";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn fixture() -> String {
    std::fs::read_to_string(workspace().join(FIXTURE)).unwrap()
}

/// A scratch directory holding a copy of the fixture as `workloads.yaml`.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kubelint-fix-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("workloads.yaml"), fixture()).unwrap();
    dir
}

fn kubelint(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kubelint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

/// Output with the run time (`(0.01s)`) taken out.
fn stable(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|line| match (line.rfind(" ("), line.ends_with("s).")) {
            (Some(at), true) => format!("{} (<time>).", &line[..at]),
            _ => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn snapshot_of(before: &str, after: &str, output: &Output) -> String {
    format!(
        "exit code: {:?}\n----- before -----\n{before}----- after -----\n{after}----- stdout -----\n{}\n----- stderr -----\n{}\n",
        output.status.code(),
        stable(&output.stdout),
        stable(&output.stderr)
    )
}

/// What set rules and parsers see: no parse problems, the same objects.
fn assert_parses_like(original: &str, fixed: &str) {
    let linter = Linter::new(Config::default());
    let problems: Vec<_> = linter
        .lint_str("fixed.yaml", fixed)
        .into_iter()
        .filter(|d| d.rule == "invalid-yaml" || d.rule == "duplicate-key")
        .collect();
    assert!(
        problems.is_empty(),
        "fixed text does not parse: {problems:?}\n{fixed}"
    );
    let (a, b) = (linter.analyze(0, original), linter.analyze(0, fixed));
    assert_eq!((a.documents, a.objects), (b.documents, b.objects));
}

#[test]
fn unsafe_fixes_before_and_after() {
    let dir = scratch("unsafe");
    let before = fixture();
    let output = kubelint(
        &dir,
        &[
            "check",
            "--unsafe-fixes",
            "--format",
            "concise",
            "workloads.yaml",
        ],
        None,
    );
    let after = std::fs::read_to_string(dir.join("workloads.yaml")).unwrap();
    insta::assert_snapshot!("unsafe_fixes", snapshot_of(&before, &after, &output));
    assert_parses_like(&before, &after);

    // Fixed once, fixed for good: a second run changes nothing.
    let again = kubelint(
        &dir,
        &[
            "check",
            "--unsafe-fixes",
            "--format",
            "concise",
            "workloads.yaml",
        ],
        None,
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("workloads.yaml")).unwrap(),
        after
    );
    assert!(
        stable(&again.stderr).contains("No fixes applied."),
        "{}",
        stable(&again.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn safe_fixes_before_and_after() {
    let dir = scratch("safe");
    let before = fixture();
    let output = kubelint(
        &dir,
        &["check", "--fix", "--format", "concise", "workloads.yaml"],
        None,
    );
    let after = std::fs::read_to_string(dir.join("workloads.yaml")).unwrap();
    insta::assert_snapshot!("safe_fixes", snapshot_of(&before, &after, &output));
    assert_parses_like(&before, &after);
    let again = kubelint(
        &dir,
        &["check", "--fix", "--format", "concise", "workloads.yaml"],
        None,
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("workloads.yaml")).unwrap(),
        after
    );
    assert!(stable(&again.stderr).contains("No fixes applied."));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn stdin_prints_the_fixed_text_and_reports_on_stderr() {
    let dir = scratch("stdin");
    let output = kubelint(
        &dir,
        &["check", "--unsafe-fixes", "--format", "concise", "-"],
        Some(&fixture()),
    );
    // The same text as fixing the file in place.
    let in_place = kubelint(
        &dir,
        &["check", "--unsafe-fixes", "-q", "workloads.yaml"],
        None,
    );
    assert_eq!(in_place.status.code(), Some(1));
    let fixed = std::fs::read_to_string(dir.join("workloads.yaml")).unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), fixed);
    let stderr = stable(&output.stderr);
    // The unfixable finding is reported on the fixed text (its line moved).
    assert!(
        stderr.contains(
            ": warning[latest-image-tag] container \"web\" uses the mutable tag `latest`"
        ),
        "{stderr}"
    );
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("Fixed ") && l.ends_with(" findings in 1 file.")),
        "{stderr}"
    );
    assert_eq!(output.status.code(), Some(1), "findings remain");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn files_without_fixes_are_not_rewritten() {
    let dir = scratch("untouched");
    let clean = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n";
    let path = dir.join("cm.yaml");
    std::fs::write(&path, clean).unwrap();
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let output = kubelint(&dir, &["check", "--unsafe-fixes", "cm.yaml"], None);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("kubelint-fix")),
        "{names:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
