//! A crate that depends on `kubelint` (by path, as a user's tool would by
//! version) gets byte for byte the findings of the `kubelint` command: the
//! patched YAML parser travels with the library (it is the published crate
//! `kubelint-saphyr-parser`, not a `[patch]` of this workspace, which a
//! dependent would never see).
//!
//! The dependent is written to a temporary directory and built offline with
//! this workspace's Cargo.lock and the local registry cache, in the
//! workspace's target directory (so its dependencies are already built).

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Kubernetes (go-yaml) accepts a flow sequence closed left of its key;
/// upstream saphyr-parser reports "invalid indentation".
const CLOSED_LEFT_OF_ITS_KEY: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: tekton}\nspec:\n  containers:\n  - name: a\n    image: nginx:latest\n    args: [\n      \"-x\",\n  ]\n";

fn dependent_crate(dir: &Path) {
    let kubelint = workspace().join("crates/kubelint");
    let manifest = format!(
        r#"[package]
name = "kubelint-dependent"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
kubelint = {{ path = {kubelint:?} }}
serde_json = "1"

[workspace]

# As in kubelint's workspace, so the dependencies built there are reused.
[profile.dev.package."*"]
opt-level = 2
"#,
        kubelint = kubelint.to_string_lossy()
    );
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(
        dir.join("src/main.rs"),
        r#"//! Lints the paths it is given with the library and prints the JSON report.
fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args_os().skip(1).map(Into::into).collect();
    let report = kubelint::Linter::new(kubelint::Config::default()).lint_paths(&paths);
    let mut out = serde_json::to_string_pretty(&report.to_json()).expect("JSON");
    out.push('\n');
    print!("{out}");
}
"#,
    )
    .unwrap();
    // The workspace's versions, resolved offline (cargo drops what the
    // dependent does not use).
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}

/// Standard output of a run that did not crash (exit 0, 1 findings, or 2:
/// the hostile fixtures hold unreadable input).
fn run(command: &mut Command) -> Vec<u8> {
    let output = command.output().expect("spawn");
    assert!(
        matches!(output.status.code(), Some(0..=2)),
        "{command:?} failed: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

#[test]
fn a_dependent_crate_gets_the_findings_of_the_cli() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().join("dependent");
    dependent_crate(&dir);
    let target_dir = workspace().join("target");
    let build = Command::new(env!("CARGO"))
        .args(["build", "--offline", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target_dir)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    assert!(
        build.status.success(),
        "building the dependent crate failed:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let dependent: PathBuf = target_dir.join("debug").join(if cfg!(windows) {
        "kubelint-dependent.exe"
    } else {
        "kubelint-dependent"
    });

    let inputs = scratch.path().join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::write(inputs.join("closed-left.yaml"), CLOSED_LEFT_OF_ITS_KEY).unwrap();
    let paths = [
        workspace().join("fixtures"),
        workspace().join("examples"),
        inputs,
    ];

    let library = run(Command::new(&dependent).args(&paths));
    let cli = run(Command::new(env!("CARGO_BIN_EXE_kubelint"))
        .args(["check", "--no-config", "--format", "json"])
        .args(&paths));
    let report: serde_json::Value = serde_json::from_slice(&cli).unwrap();
    assert!(report["diagnostics"].as_array().unwrap().len() > 100);
    // The patched parser reached the dependent: no invalid-yaml, and the
    // container's finding is there.
    let closed_left: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"].as_str().unwrap().ends_with("closed-left.yaml"))
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(closed_left.contains(&"latest-image-tag"), "{closed_left:?}");
    assert!(!closed_left.contains(&"invalid-yaml"), "{closed_left:?}");
    assert!(
        library == cli,
        "the library and the CLI disagree:\n--- library\n{}\n--- cli\n{}",
        String::from_utf8_lossy(&library),
        String::from_utf8_lossy(&cli)
    );
}
