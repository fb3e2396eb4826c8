//! Output that cannot be abused: values and file names from manifests
//! cannot drive the terminal or start a GitHub Actions workflow command,
//! and a reader that goes away early (`| head -1`) ends the run quietly.

use super::*;
use std::os::fd::{FromRawFd, OwnedFd};
use std::process::{Command, Stdio};

/// A container name with an escape sequence, a carriage return, a
/// bidirectional override and a line that would be a workflow command.
const HOSTILE_NAME: &str =
    r#""c\e[2J\e]0;owned\a\r\u202e\n::add-mask::hunter2\n::error file=x::forged""#;

/// A file name with a line break, a workflow command and an escape.
const HOSTILE_FILE: &str = "pod\n::warning::forged\u{1b}[31m,x:y.yaml";

fn hostile_pod() -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n  - name: {HOSTILE_NAME}\n    image: registry.example.com/app:1.0\n    securityContext: {{privileged: true}}\n"
    )
}

/// Whatever a terminal or the Actions runner would act on.
fn assert_inert(output: &str, format: &str) {
    assert!(
        !output.contains(['\u{1b}', '\u{7}', '\r', '\u{202e}', '\u{9b}']),
        "{format}: raw control characters in {output:?}"
    );
    for line in output.lines() {
        assert!(
            !line.trim_start().starts_with("::") || format == "github",
            "{format}: a line reads as a workflow command: {line:?}"
        );
    }
}

fn scratch_with_hostile_files() -> tempfile::TempDir {
    let dir = scratch();
    fs::write(dir.path().join("pod.yaml"), hostile_pod()).expect("write");
    fs::write(dir.path().join(HOSTILE_FILE), hostile_pod()).expect("write");
    // Raw control characters make a file invalid YAML; its snippet shows
    // the line they are on.
    fs::write(
        dir.path().join("raw.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata: {name: \u{1b}[2Jraw\u{7}}\r::error::forged\n",
    )
    .expect("write");
    dir
}

#[test]
fn human_and_concise_output_escape_values_and_file_names() {
    let dir = scratch_with_hostile_files();
    for format in ["human", "concise"] {
        let run = kubelint(dir.path(), ["check", "--no-config", "-f", format, "."]);
        run.assert_code(2);
        assert_inert(&run.stdout, format);
        assert_inert(&run.stderr, format);
        // Shown, not dropped.
        assert!(
            run.stdout
                .contains(r#"container "c\u{1b}[2J\u{1b}]0;owned\u{7}\r\u{202e}\n::add-mask::hunter2\n::error file=x::forged""#),
            "{format}: {}",
            run.stdout
        );
        assert!(
            run.stdout
                .contains(r"pod\n::warning::forged\u{1b}[31m,x:y.yaml"),
            "{format}: {}",
            run.stdout
        );
        assert!(run.stdout.contains("known-finding.yaml"), "{}", run.stdout);
    }
    // The snippet of the broken file shows its line with the controls
    // replaced, at the same columns.
    let run = kubelint(dir.path(), ["check", "--no-config", "raw.yaml"]);
    run.assert_code(2);
    assert_inert(&run.stdout, "human");
    assert!(
        run.stdout.contains("metadata: {name: ?[2Jraw?}"),
        "{}",
        run.stdout
    );
}

#[test]
fn github_annotations_escape_data_and_properties() {
    let dir = scratch_with_hostile_files();
    let run = kubelint(dir.path(), ["check", "--no-config", "-f", "github", "."]);
    run.assert_code(2);
    // One annotation per line, each a command kubelint wrote.
    for line in run.stdout.lines() {
        assert!(
            ["::error ", "::warning ", "::notice "]
                .iter()
                .any(|p| line.starts_with(p)),
            "{line:?}"
        );
        assert!(!line.contains('\r'), "{line:?}");
    }
    let privileged: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("title=kubelint privileged-container::"))
        .collect();
    assert_eq!(privileged.len(), 3, "{}", run.stdout);
    assert!(
        privileged.contains(
            &"::error file=pod%0A%3A%3Awarning%3A%3Aforged\u{1b}[31m%2Cx%3Ay.yaml,line=8,col=35,endLine=8,endColumn=39,title=kubelint privileged-container::container \"c\u{1b}[2J\u{1b}]0;owned\u{7}%0D\u{202e}%0A::add-mask::hunter2%0A::error file=x::forged\" runs privileged: it gets every capability and the host's devices"
        ),
        "{privileged:#?}"
    );
}

/// Runs kubelint with a standard output nobody reads any more (the read
/// end of its pipe is closed before it starts), like `kubelint … | head -1`
/// once `head` has exited.
fn with_closed_stdout(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let mut fds = [0; 2];
    // SAFETY: `pipe` fills two fresh descriptors, which are owned below.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: both descriptors were just created and are owned only here.
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    drop(read);
    let output = Command::new(env!("CARGO_BIN_EXE_kubelint"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::from(write))
        .stderr(Stdio::piped())
        .output()
        .expect("run kubelint");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let dir = scratch();
    let mut cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["rules"], 0),
        (vec!["rules", "--format", "json"], 0),
        (vec!["explain", "privileged-container"], 0),
        (vec!["--help"], 0),
        (vec!["--version"], 0),
    ];
    for format in ["human", "concise", "json", "sarif", "github"] {
        cases.push((vec!["check", "--no-config", "-f", format, KNOWN], 1));
    }
    for (args, code) in cases {
        let (status, stderr) = with_closed_stdout(dir.path(), &args);
        assert_eq!(status, Some(code), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("cannot write"), "{args:?}: {stderr}");
    }
}
