//! The tool itself is safe: it makes no network calls and runs nothing it
//! reads, whatever the input says.

use super::*;
use std::ffi::OsStr;
use std::process::Command;

/// Input that would do harm if anything evaluated it.
const BAIT: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: bait
  annotations:
    run: "$(touch pwned-subshell)"
    backticks: "`touch pwned-backticks`"
    template: '{{ exec "touch" "pwned-template" }}'
    url: http://127.0.0.1:9/kubelint-must-not-fetch
spec:
  containers:
  - name: c
    image: registry.example.invalid/app:1.0
    command: ["/bin/sh", "-c", "touch pwned-command"]
"#;

fn find_in_path(program: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|p| p.is_file())
    })
}

#[test]
fn no_network_calls_and_no_programs_run() {
    let strace = find_in_path("strace").unwrap_or_else(|| {
        panic!("this test needs strace: run scripts/setup-hostile.sh (apt-get install strace)")
    });
    let dir = scratch();
    fs::write(dir.path().join("bait.yaml"), BAIT).expect("write");
    fs::write(
        dir.path().join("helm.yaml"),
        "kind: Pod\nname: {{ .Values.x | quote }}\n",
    )
    .expect("write");
    let trace = dir.path().join("trace.txt");
    let bin = env!("CARGO_BIN_EXE_kubelint");
    let args: Vec<&OsStr> = vec![
        "-f".as_ref(),
        "-qq".as_ref(),
        "-e".as_ref(),
        "trace=network,execve,execveat,fork,vfork".as_ref(),
        "-o".as_ref(),
        trace.as_os_str(),
        bin.as_ref(),
        "check".as_ref(),
        "--no-config".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        ".".as_ref(),
    ];
    let run = run_program(strace.as_os_str(), dir.path(), args, None);
    let trace = fs::read_to_string(&trace).expect("strace wrote no trace (is ptrace allowed?)");
    // strace exits with the traced program's code: findings, no input error.
    run.assert_code(1);
    assert_known_finding(&run.report());
    let calls: Vec<&str> = trace
        .lines()
        .filter(|l| !l.contains("+++ exited") && !l.contains("--- SIG"))
        .collect();
    // The trace works: it holds the start of kubelint itself...
    assert!(
        calls
            .iter()
            .any(|l| l.contains("execve(") && l.contains(bin)),
        "no execve of kubelint in the trace:\n{trace}"
    );
    // ...and nothing else: no other program, no socket, connect, sendto.
    let unexpected: Vec<&&str> = calls
        .iter()
        .filter(|l| !(l.contains("execve(") && l.contains(bin)))
        .collect();
    assert!(
        unexpected.is_empty(),
        "kubelint made calls it must not make:\n{unexpected:#?}"
    );
    for name in [
        "pwned-subshell",
        "pwned-backticks",
        "pwned-template",
        "pwned-command",
    ] {
        assert!(!dir.path().join(name).exists(), "{name} was created");
    }
}

#[test]
fn no_networking_crates_are_linked() {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    for package in ["kubelint", "kubelint-cli"] {
        let output = Command::new(&cargo)
            .args([
                "tree",
                "--offline",
                "--locked",
                "-e",
                "normal",
                "--prefix",
                "none",
                "-p",
            ])
            .arg(package)
            .current_dir(workspace())
            .output()
            .expect("run cargo tree");
        assert!(
            output.status.success(),
            "cargo tree failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let tree = String::from_utf8_lossy(&output.stdout);
        let crates: Vec<&str> = tree
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        // The listing is real: it holds what the package certainly uses.
        assert!(crates.contains(&"kubelint-saphyr-parser"), "{tree}");
        for banned in [
            "reqwest",
            "hyper",
            "ureq",
            "curl",
            "isahc",
            "surf",
            "attohttpc",
            "h2",
            "rustls",
            "native-tls",
            "openssl",
            "tungstenite",
        ] {
            assert!(
                !crates.contains(&banned),
                "{package} links the networking crate {banned}:\n{tree}"
            );
        }
    }
}
