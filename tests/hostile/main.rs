//! Hostile input, end to end through the `kubelint` binary.
//!
//! Every case: no panic, no hang (each run has a timeout and is killed past
//! it), bounded memory (peak RSS from `wait4`), a clear message with the path
//! and line:column, the documented exit code (2 unreadable or unparsable
//! input, 1 findings only, 0 clean), and the known finding of a normal
//! manifest linted in the same run still reported.
//!
//! Small cases are files in `fixtures/hostile/`; big ones (alias bombs, deep
//! nesting, 100 MB files, 1 MB lines) are generated into a temp dir here.

mod fix;
mod output;
mod support;
mod suppression;

use std::fs;
use std::path::Path;
use support::*;

/// Committed fixtures: file, exit code when linted with the known manifest,
/// and its diagnostics (rule, line, column, message fragment).
const FIXTURES: &[(&str, i32, &[Expect])] = &[
    (
        "tabs.yaml",
        2,
        &[expect(
            "invalid-yaml",
            4,
            2,
            "tabs disallowed within this context",
        )],
    ),
    (
        "unterminated-double-quote.yaml",
        2,
        &[expect(
            "invalid-yaml",
            4,
            9,
            "while scanning a quoted scalar, found unexpected end of stream",
        )],
    ),
    (
        "unterminated-single-quote.yaml",
        2,
        &[expect(
            "invalid-yaml",
            4,
            9,
            "while scanning a quoted scalar, found unexpected end of stream",
        )],
    ),
    (
        "bad-indentation.yaml",
        2,
        &[expect(
            "invalid-yaml",
            3,
            11,
            "mapping values are not allowed in this context",
        )],
    ),
    (
        "unclosed-flow.yaml",
        2,
        &[expect(
            "invalid-yaml",
            3,
            19,
            "did not find expected ',' or '}'",
        )],
    ),
    (
        "unknown-alias.yaml",
        2,
        &[expect("invalid-yaml", 3, 18, "unknown anchor")],
    ),
    (
        "recursive-alias.yaml",
        2,
        &[expect("invalid-yaml", 3, 17, "recursive alias")],
    ),
    (
        "invalid-utf8.yaml",
        2,
        &[expect(
            "invalid-yaml",
            4,
            12,
            "invalid UTF-8: `kubectl apply` replaces it with U+FFFD",
        )],
    ),
    (
        "utf16-bom.yaml",
        2,
        &[expect(
            "invalid-yaml",
            1,
            1,
            "file is UTF-16 encoded: `kubectl apply` converts it to UTF-8",
        )],
    ),
    (
        "binary.yaml",
        2,
        &[expect(
            "invalid-yaml",
            1,
            8,
            "file looks binary (it contains a NUL byte)",
        )],
    ),
    ("empty.yaml", 1, &[]),
    ("only-comments.yaml", 1, &[]),
    ("only-dashes.yaml", 1, &[]),
    ("only-markers.yaml", 1, &[]),
    (
        "crlf-bom.yaml",
        1,
        &[expect("host-namespaces", 6, 12, "(hostPID: true)")],
    ),
    (
        "cr-only.yaml",
        2,
        &[
            expect("host-namespaces", 5, 12, "(hostPID: true)"),
            // go-yaml reads `\r---\r` as a second document inside what
            // apimachinery frames as one, and decodes only the first.
            expect(
                "invalid-yaml",
                6,
                1,
                "`kubectl apply` ignores this document",
            ),
            expect("host-namespaces", 11, 16, "(hostNetwork: true)"),
        ],
    ),
    (
        "bom-before-marker.yaml",
        2,
        &[
            expect("invalid-yaml", 4, 1, "a byte order mark before `---`"),
            expect("host-namespaces", 8, 17, "(hostIPC: true)"),
        ],
    ),
    (
        // A document is a YAML stream of its own to kubectl (go-yaml skips
        // a byte order mark at its start): the second Pod is applied.
        "bom-inside-document.yaml",
        1,
        &[expect("host-namespaces", 4, 17, "(hostPID: true)")],
    ),
    (
        "marker-in-block-scalar.yaml",
        1,
        &[expect("host-namespaces", 11, 17, "(hostPID: true)")],
    ),
    ("helm-template.yaml", 1, &[]),
    (
        "go-template-values.yaml",
        1,
        &[expect("host-namespaces", 11, 21, "(hostNetwork: true)")],
    ),
    (
        // Reported where it takes effect: at the container's `*l39` (the
        // value, written under `&l0`, is a secondary label).
        "merge-chain.yaml",
        1,
        &[expect("privileged-container", 52, 11, "runs privileged")],
    ),
    (
        KNOWN,
        1,
        &[expect("privileged-container", 14, 19, "runs privileged")],
    ),
];

#[test]
fn every_fixture_has_an_expectation() {
    let mut names: Vec<String> = fs::read_dir(fixtures())
        .expect("fixtures/hostile")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    let mut listed: Vec<&str> = FIXTURES.iter().map(|(name, ..)| *name).collect();
    listed.sort();
    assert_eq!(names, listed);
}

#[test]
fn all_fixtures_in_one_run() {
    let run = check_json(&fixtures(), &["."]);
    run.assert_code(2).assert_peak_rss_below_mib(100);
    let report = run.report();
    for (name, _, expected) in FIXTURES {
        assert_diagnostics(&report, name, expected);
    }
    assert_known_finding(&report);
    assert_eq!(report.summary.skipped_templates, ["helm-template.yaml"]);
    assert_eq!(report.summary.files, FIXTURES.len());
}

#[test]
fn each_fixture_next_to_the_known_manifest() {
    for (name, code, expected) in FIXTURES.iter().filter(|(name, ..)| *name != KNOWN) {
        let run = check_json(&fixtures(), &[name, KNOWN]);
        assert_eq!(run.code, *code, "{name}: {}", run.stdout);
        run.assert_peak_rss_below_mib(100);
        let report = run.report();
        assert_diagnostics(&report, name, expected);
        assert_known_finding(&report);
    }
}

#[test]
fn human_output_names_path_line_and_column() {
    let run = kubelint(
        &fixtures(),
        ["check", "--no-config", "-f", "concise", "tabs.yaml", KNOWN],
    );
    run.assert_code(2);
    assert!(
        run.stdout.contains(
            "tabs.yaml:4:2: error[invalid-yaml] invalid YAML: tabs disallowed within this context"
        ),
        "{}",
        run.stdout
    );
    let run = kubelint(&fixtures(), ["check", "--no-config", "helm-template.yaml"]);
    run.assert_code(0);
    assert!(
        run.stderr
            .contains("note: helm-template.yaml:4:9: template document not linted"),
        "{}",
        run.stderr
    );
}

#[test]
fn clean_and_empty_inputs_exit_zero() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["empty.yaml", "only-comments.yaml", "only-dashes.yaml"] {
        fs::copy(fixtures().join(name), dir.path().join(name)).expect("copy");
    }
    fs::copy(
        workspace().join("examples/shop/hardened.yaml"),
        dir.path().join("hardened.yaml"),
    )
    .expect("copy");
    let run = check_json(dir.path(), &["."]);
    run.assert_code(0);
    assert!(run.report().diagnostics.is_empty(), "{}", run.stdout);
}

/// Writes `text` into a scratch dir next to the known manifest, lints both
/// and checks the file's one diagnostic, the exit code and the memory.
fn generated(name: &str, text: &[u8], code: i32, expected: &[Expect], max_rss_mib: u64) -> Run {
    let dir = scratch();
    fs::write(dir.path().join(name), text).expect("write");
    let run = check_json(dir.path(), &["."]);
    run.assert_code(code).assert_peak_rss_below_mib(max_rss_mib);
    let report = run.report();
    assert_diagnostics(&report, name, expected);
    assert_known_finding(&report);
    run
}

const CONFIGMAP: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: hostile}\n";

#[test]
fn billion_laughs() {
    let mut text = format!("{CONFIGMAP}data:\n  a: &a [{}]\n", ["\"lol\""; 9].join(","));
    for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
        text += &format!(
            "  {name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        );
    }
    let run = generated(
        "laughs.yaml",
        text.as_bytes(),
        2,
        // The first alias of the sequence that crosses the budget.
        &[expect(
            "invalid-yaml",
            11,
            10,
            "expanding aliases would exceed the budget of 1000000 nodes (limits.alias-budget)",
        )],
        64,
    );
    assert!(run.elapsed.as_secs() < 30, "{:?}", run.elapsed);
}

#[test]
fn ten_thousand_deep_flow_nesting() {
    let seq = format!(
        "{CONFIGMAP}data: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    generated(
        "deep-flow-seq.yaml",
        seq.as_bytes(),
        2,
        &[expect(
            "invalid-yaml",
            4,
            262,
            "nested deeper than 255 levels",
        )],
        64,
    );
    let map = format!(
        "{CONFIGMAP}data: {}x{}\n",
        "{a: ".repeat(10_000),
        "}".repeat(10_000)
    );
    generated(
        "deep-flow-map.yaml",
        map.as_bytes(),
        2,
        &[expect(
            "invalid-yaml",
            4,
            1027,
            "nested deeper than 255 levels",
        )],
        64,
    );
}

#[test]
fn ten_thousand_deep_block_nesting() {
    let seq = format!("{CONFIGMAP}data:\n{}x\n", "- ".repeat(10_000));
    generated(
        "deep-block-seq.yaml",
        seq.as_bytes(),
        2,
        &[expect(
            "invalid-yaml",
            5,
            1999,
            "nesting is deeper than the limit of 1000 levels (limits.max-depth)",
        )],
        64,
    );
    // Block mappings cannot share a line: 10,000 levels at one space each is
    // 50 MB of indentation.
    let mut map = String::with_capacity(51 << 20);
    map += CONFIGMAP;
    map += "data:\n";
    for depth in 1..=10_000 {
        map.extend(std::iter::repeat_n(' ', depth));
        map += "k:\n";
    }
    let run = generated(
        "deep-block-map.yaml",
        map.as_bytes(),
        2,
        &[expect("invalid-yaml", 1004, 1001, "(limits.max-depth)")],
        // The 50 MB text, read once, plus the parser's first 1000 levels.
        200,
    );
    eprintln!(
        "deep block map: {} MB, {:?}, peak RSS {} MiB",
        map.len() >> 20,
        run.elapsed,
        run.peak_rss_kib >> 10
    );
}

#[test]
fn a_one_megabyte_line() {
    // A Pod on one line, its image at the far end of a 1 MB line: the column
    // must count every character before it.
    let padding: String = (0..45_000)
        .map(|i| format!("{{name: V{i}, value: x}}, "))
        .collect();
    let line = format!(
        "{{apiVersion: v1, kind: Pod, metadata: {{name: long}}, spec: {{containers: [{{name: c, env: [{padding}], image: \"nginx:latest\"}}]}}}}"
    );
    assert!(line.len() > 1 << 20);
    let column = line.find("latest").expect("latest") as u32 + 1;
    let text = format!("# one line\n{line}\n");
    let dir = scratch();
    fs::write(dir.path().join("long-line.yaml"), &text).expect("write");
    let run = check_json(dir.path(), &["."]);
    run.assert_code(1).assert_peak_rss_below_mib(200);
    let report = run.report();
    let latest: Vec<_> = of_file(&report, "long-line.yaml")
        .into_iter()
        .filter(|d| d.rule == "latest-image-tag")
        .collect();
    assert_eq!(latest.len(), 1, "{:#?}", report.diagnostics.len());
    assert_eq!((latest[0].start.line, latest[0].start.column), (2, column));
    assert_eq!(&text[latest[0].range.range()], "latest");
    assert_known_finding(&report);
}

#[test]
fn every_output_format_survives_hostile_input() {
    // The human format (the default) used to panic inside miette on a line
    // longer than 65,535 columns ("Formatting argument out of range").
    let dir = scratch();
    for entry in fs::read_dir(fixtures()).expect("fixtures") {
        let path = entry.expect("entry").path();
        fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    let long_key = format!("{CONFIGMAP}data:\n  {}: v\n", "k".repeat(100_000));
    fs::write(dir.path().join("long-key.yaml"), long_key).expect("write");
    let long_value = format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  hostPID: true\n  containers:\n  - {{name: c, image: \"nginx:latest\", args: [{}]}}\n",
        vec!["a"; 40_000].join(", ")
    );
    fs::write(dir.path().join("long-value.yaml"), long_value).expect("write");
    for format in ["human", "concise", "json", "sarif", "github"] {
        let run = kubelint(
            dir.path(),
            [
                "check",
                "--no-config",
                "--color",
                "always",
                "--format",
                format,
                ".",
            ],
        );
        run.assert_code(2);
        let needle = match format {
            "json" | "sarif" => "long-value.yaml",
            "github" => "file=long-value.yaml,line=7,",
            _ => "long-value.yaml:7:",
        };
        assert!(
            run.stdout.contains(needle),
            "{format}: {}",
            &run.stdout[..run.stdout.len().min(3000)]
        );
        assert!(run.stdout.contains("known-finding.yaml"), "{format}");
    }
    let run = kubelint(
        dir.path(),
        ["check", "--no-config", "long-key.yaml", "long-value.yaml"],
    );
    assert!(
        run.stdout
            .contains("at long-value.yaml:7:29 [latest-image-tag] (the line is too long to show)"),
        "{}",
        run.stdout
    );
}

#[test]
fn human_output_of_many_findings_in_a_big_file_is_linear() {
    // miette located every snippet by scanning the file from its start:
    // 10,000 findings in 2 MB took 73 s in a release build. Now ~1 s here.
    let deployment =
        fs::read_to_string(workspace().join("examples/shop/deployment.yaml")).expect("example");
    let text: String = (0..2500).map(|_| format!("---\n{deployment}")).collect();
    let dir = scratch();
    fs::write(dir.path().join("many.yaml"), &text).expect("write");
    let run = kubelint(dir.path(), ["check", "--no-config", "many.yaml", KNOWN]);
    run.assert_code(1);
    assert!(run.elapsed.as_secs() < 60, "took {:?}", run.elapsed);
    let snippets = run.stdout.matches("╭─[many.yaml:").count();
    assert!(snippets >= 10_000, "{snippets} snippets");
    assert!(
        run.stdout.contains("╭─[known-finding.yaml:14:19]"),
        "{}",
        &run.stdout[..2000]
    );
}

#[test]
fn a_key_longer_than_yaml_allows() {
    let text = format!("{CONFIGMAP}data:\n  {}: v\n", "k".repeat(2_000_000));
    generated(
        "huge-key.yaml",
        text.as_bytes(),
        2,
        &[expect(
            "invalid-yaml",
            5,
            2_000_003,
            "a key before `:` may be at most 1024 characters long",
        )],
        128,
    );
}

/// 100 MB of manifests: ConfigMaps carrying 1 MB scripts, then a Pod with a
/// finding at the very end, which must be found at the right line.
#[test]
fn a_hundred_megabyte_file() {
    let script_line = format!("    echo {}\n", "x".repeat(90));
    let block: String = script_line.repeat((1 << 20) / script_line.len());
    let mut text = String::with_capacity(101 << 20);
    let mut i = 0;
    while text.len() < 100 << 20 {
        text += &format!("---\n{CONFIGMAP}data:\n  script-{i}.sh: |\n{block}");
        i += 1;
    }
    text += "---\napiVersion: v1\nkind: Pod\nmetadata: {name: last}\nspec:\n  hostPID: true\n";
    let line = text.lines().count() as u32;
    let run = generated(
        "big.yaml",
        text.as_bytes(),
        1,
        &[expect("host-namespaces", line, 12, "(hostPID: true)")],
        // The text (100 MB) once, its line index, and working memory.
        400,
    );
    eprintln!(
        "100 MB file: {:?}, peak RSS {} MiB",
        run.elapsed,
        run.peak_rss_kib >> 10
    );
}

#[test]
fn a_file_above_the_size_limit_is_not_read() {
    // 300 MB, sparse: above the default 256 MiB limit, and refused from its
    // metadata without reading it.
    let dir = scratch();
    let file = fs::File::create(dir.path().join("huge.yaml")).expect("create");
    file.set_len(300 << 20).expect("set_len");
    let run = check_json(dir.path(), &["."]);
    run.assert_code(2).assert_peak_rss_below_mib(64);
    let report = run.report();
    assert_diagnostics(
        &report,
        "huge.yaml",
        &[expect(
            "unreadable-file",
            1,
            1,
            "file is 314572800 bytes, larger than the limit of 268435456 bytes (limits.max-file-size)",
        )],
    );
    assert_known_finding(&report);
}

mod filesystem {
    use super::*;

    const HOST_PID: &str =
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n";

    #[test]
    fn a_directory_named_like_a_manifest_is_walked() {
        let dir = scratch();
        fs::create_dir(dir.path().join("dir.yaml")).expect("mkdir");
        fs::write(dir.path().join("dir.yaml/inner.yaml"), HOST_PID).expect("write");
        for args in [&["."][..], &["dir.yaml", KNOWN][..]] {
            let run = check_json(dir.path(), args);
            run.assert_code(1);
            let report = run.report();
            assert_diagnostics(
                &report,
                "dir.yaml/inner.yaml",
                &[expect("host-namespaces", 5, 12, "(hostPID: true)")],
            );
            assert_known_finding(&report);
        }
    }

    #[test]
    fn symlink_loops() {
        let dir = scratch();
        std::os::unix::fs::symlink(".", dir.path().join("loop")).expect("symlink");
        let run = check_json(dir.path(), &["."]);
        run.assert_code(2);
        let report = run.report();
        assert_diagnostics(
            &report,
            "loop",
            &[expect(
                "unreadable-file",
                1,
                1,
                "symbolic link loop back to",
            )],
        );
        assert_known_finding(&report);

        let dir = scratch();
        std::os::unix::fs::symlink("self.yaml", dir.path().join("self.yaml")).expect("symlink");
        let run = check_json(dir.path(), &["self.yaml", KNOWN]);
        run.assert_code(2);
        let report = run.report();
        assert_diagnostics(
            &report,
            "self.yaml",
            &[expect(
                "unreadable-file",
                1,
                1,
                "cannot read self.yaml: symbolic link loop",
            )],
        );
        assert_known_finding(&report);
    }

    #[test]
    fn an_unreadable_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch();
        let path = dir.path().join("secret.yaml");
        fs::write(&path, HOST_PID).expect("write");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod");
        // Root (CAP_DAC_OVERRIDE) reads it anyway: then it is linted like any
        // other file. Both behaviours are asserted, whichever applies here.
        let readable = fs::read(&path).is_ok();
        let run = check_json(dir.path(), &["."]);
        let report = run.report();
        if readable {
            run.assert_code(1);
            assert_diagnostics(
                &report,
                "secret.yaml",
                &[expect("host-namespaces", 5, 12, "(hostPID: true)")],
            );
        } else {
            run.assert_code(2);
            assert_diagnostics(
                &report,
                "secret.yaml",
                &[expect(
                    "unreadable-file",
                    1,
                    1,
                    "cannot read secret.yaml: permission denied",
                )],
            );
        }
        assert_known_finding(&report);
    }

    pub(super) fn mkfifo(path: &Path) {
        let c_path = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("path");
        // SAFETY: a valid NUL-terminated path.
        let made = unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) };
        assert_eq!(made, 0, "mkfifo: {}", std::io::Error::last_os_error());
    }

    #[test]
    fn a_fifo_is_refused_not_waited_on() {
        let dir = scratch();
        mkfifo(&dir.path().join("pipe.yaml"));
        // Named, and found by the walk: nobody ever writes to it, so opening
        // it for reading would block forever.
        for args in [&["pipe.yaml", KNOWN][..], &["."][..]] {
            let run = check_json(dir.path(), args);
            run.assert_code(2);
            let report = run.report();
            assert_diagnostics(
                &report,
                "pipe.yaml",
                &[expect(
                    "unreadable-file",
                    1,
                    1,
                    "cannot read pipe.yaml: it is not a regular file",
                )],
            );
            assert_known_finding(&report);
            assert!(run.elapsed.as_secs() < 30, "{:?}", run.elapsed);
        }
    }

    #[test]
    fn devices_and_missing_paths() {
        let dir = scratch();
        let run = check_json(dir.path(), &["/dev/zero", "missing.yaml", KNOWN]);
        run.assert_code(2).assert_peak_rss_below_mib(64);
        let report = run.report();
        assert_diagnostics(
            &report,
            "/dev/zero",
            &[expect(
                "unreadable-file",
                1,
                1,
                "cannot read /dev/zero: it is not a regular file",
            )],
        );
        assert_diagnostics(
            &report,
            "missing.yaml",
            &[expect(
                "unreadable-file",
                1,
                1,
                "cannot read missing.yaml: no such file or directory",
            )],
        );
        assert_known_finding(&report);
    }

    #[test]
    fn binary_on_stdin() {
        let dir = scratch();
        let run = kubelint_with_stdin(
            dir.path(),
            ["check", "--no-config", "-f", "json", "-", KNOWN],
            Some(&fs::read(fixtures().join("binary.yaml")).expect("read")),
        );
        run.assert_code(2);
        let report = run.report();
        assert_diagnostics(
            &report,
            "-",
            &[expect("invalid-yaml", 1, 8, "file looks binary")],
        );
        assert_known_finding(&report);
    }
}

/// Every limit: exceeded through `.kubelint.yaml`, the message names the
/// limit's value and its configuration key.
mod limits {
    use super::*;

    fn with_config(config: &str, name: &str, text: &str) -> (Run, tempfile::TempDir) {
        let dir = scratch();
        fs::write(dir.path().join(".kubelint.yaml"), config).expect("config");
        fs::write(dir.path().join(name), text).expect("write");
        // Found upward from the linted path.
        let run = kubelint(dir.path(), ["check", "--format", "json", "."]);
        (run, dir)
    }

    #[test]
    fn max_file_size() {
        let text = format!("{CONFIGMAP}data: {{a: {}}}\n", "x".repeat(2000));
        let (run, dir) = with_config("limits:\n  max-file-size: 1KiB\n", "big.yaml", &text);
        run.assert_code(2);
        let report = run.report();
        let message = format!(
            "file is {} bytes, larger than the limit of 1024 bytes (limits.max-file-size)",
            text.len()
        );
        assert_eq!(of_file(&report, "big.yaml")[0].message, message);
        assert_known_finding(&report);
        // `--config FILE` works the same, and stdin has the same limit.
        let run = kubelint_with_stdin(
            dir.path(),
            ["check", "-f", "json", "--config", ".kubelint.yaml", "-"],
            Some(text.as_bytes()),
        );
        run.assert_code(2);
        assert!(run
            .stdout
            .contains("larger than the limit of 1024 bytes (limits.max-file-size)"));
    }

    #[test]
    fn a_bare_file_name_finds_the_configuration_next_to_it() {
        // `kubelint check deep.yaml` in the directory of .kubelint.yaml used
        // to ignore it (the parent of "deep.yaml" is "").
        let text = format!("{CONFIGMAP}data: {{a: {{b: {{c: {{d: {{e: {{f: 1}}}}}}}}}}}}\n");
        let (_, dir) = with_config("limits: {max-depth: 5}\n", "deep.yaml", &text);
        let run = kubelint(dir.path(), ["check", "-f", "json", "deep.yaml", KNOWN]);
        run.assert_code(2);
        assert_diagnostics(
            &run.report(),
            "deep.yaml",
            &[expect(
                "invalid-yaml",
                4,
                23,
                "the limit of 5 levels (limits.max-depth)",
            )],
        );
    }

    #[test]
    fn a_hostile_configuration_file_is_refused_not_read() {
        let dir = scratch();
        // A device, a FIFO and an oversized file: none may hang or fill memory.
        let fifo = dir.path().join("fifo.kubelint.yaml");
        super::filesystem::mkfifo(&fifo);
        let big = dir.path().join("big.kubelint.yaml");
        fs::write(&big, format!("# {}\n", "x".repeat(2 << 20))).expect("write");
        for (config, message) in [
            ("/dev/zero", "cannot read: it is not a regular file"),
            (
                "fifo.kubelint.yaml",
                "cannot read: it is not a regular file",
            ),
            (
                "big.kubelint.yaml",
                "the configuration file is 2097155 bytes, larger than the limit of 1048576 bytes",
            ),
        ] {
            let run = kubelint(
                dir.path(),
                ["check", "-f", "json", "--config", config, KNOWN],
            );
            run.assert_code(2).assert_peak_rss_below_mib(64);
            let report = run.report();
            assert_diagnostics(&report, config, &[expect("invalid-config", 1, 1, message)]);
            assert_known_finding(&report);
        }
    }

    #[test]
    fn max_depth() {
        let text = format!("{CONFIGMAP}data: {{a: {{b: {{c: {{d: {{e: {{f: 1}}}}}}}}}}}}\n");
        let (run, _dir) = with_config("limits: {max-depth: 5}\n", "deep.yaml", &text);
        run.assert_code(2);
        let report = run.report();
        assert_diagnostics(
            &report,
            "deep.yaml",
            &[expect(
                "invalid-yaml",
                4,
                23,
                "nesting is deeper than the limit of 5 levels (limits.max-depth)",
            )],
        );
        assert_known_finding(&report);
    }

    #[test]
    fn alias_budget() {
        let text = format!("{CONFIGMAP}x: &x [1, 2, 3, 4, 5]\ndata: [*x, *x, *x]\n");
        let (run, _dir) = with_config("limits: {alias-budget: 10}\n", "aliases.yaml", &text);
        run.assert_code(2);
        let report = run.report();
        assert_diagnostics(
            &report,
            "aliases.yaml",
            // The alias that pushes the root mapping over the budget.
            &[expect(
                "invalid-yaml",
                5,
                8,
                "exceed the budget of 10 nodes (limits.alias-budget)",
            )],
        );
        assert_known_finding(&report);
    }

    #[test]
    fn max_nodes() {
        // Two bytes of input a node: without the limit, memory (about 200
        // bytes a node) would grow a hundredfold over the file's size.
        let text = format!("{CONFIGMAP}data: [{}]\n", vec!["x"; 50_000].join(","));
        let (run, _dir) = with_config("limits: {max-nodes: 10000}\n", "dense.yaml", &text);
        run.assert_code(2).assert_peak_rss_below_mib(64);
        let report = run.report();
        assert_diagnostics(
            &report,
            "dense.yaml",
            &[expect(
                "invalid-yaml",
                4,
                // The 10,001st node: eleven come before the first `x` (at
                // column 8), so it is x number 9,990.
                8 + 2 * (10_001 - 11 - 1),
                "document has more than 10000 nodes, the limit (limits.max-nodes)",
            )],
        );
        assert_known_finding(&report);
    }

    #[test]
    fn max_documents() {
        let text: String = (0..5)
            .map(|i| format!("---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p{i}}}\n"))
            .collect();
        let (run, _dir) = with_config("limits: {max-documents: 3}\n", "many.yaml", &text);
        run.assert_code(2);
        let report = run.report();
        assert_diagnostics(
            &report,
            "many.yaml",
            &[expect(
                "unreadable-file",
                13,
                1,
                "file has 5 documents, more than the limit of 3 (limits.max-documents); the rest is not linted",
            )],
        );
        // Three of many.yaml and the known manifest's (the configuration
        // file the walk finds is configuration, not a manifest).
        assert_eq!(report.summary.documents, 3 + 1);
        assert_known_finding(&report);
    }

    #[test]
    fn invalid_limits_are_config_errors() {
        let (run, _dir) = with_config(
            "limits: {max-depth: -1, alias-budget: lots, max-file-size: 12XB, max-cats: 5}\n",
            "ok.yaml",
            "",
        );
        run.assert_code(2);
        let report = run.report();
        assert_diagnostics(
            &report,
            ".kubelint.yaml",
            &[
                expect(
                    "invalid-config",
                    1,
                    21,
                    "`max-depth` must be a positive number",
                ),
                expect(
                    "invalid-config",
                    1,
                    39,
                    "`alias-budget` must be a positive number",
                ),
                expect(
                    "invalid-config",
                    1,
                    60,
                    "`max-file-size` must be a positive number or a size like 64MiB",
                ),
                expect("invalid-config", 1, 66, "unknown limit `max-cats`"),
            ],
        );
        assert_known_finding(&report);
    }
}

mod safety;
