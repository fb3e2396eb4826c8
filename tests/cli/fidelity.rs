//! Manifests that Kubernetes reads as privileged but that a linter reading
//! the YAML spec (or skipping what it does not understand) would pass:
//! each is checked with the real binary on the files in
//! `fixtures/fidelity/`. What Kubernetes decodes from each was checked with
//! `kubectl annotate --local -o json` and with the reference decoder of
//! `oracle/` (which also runs on these files).

use crate::support::{json, kubelint, positions_of};
use std::path::Path;

fn fixture_dir() -> &'static Path {
    // The CLI's package is the workspace root.
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/fidelity"))
}

/// `(file, line, column)` of the `privileged: true` value Kubernetes applies.
const PRIVILEGED: &[(&str, u32, u32)] = &[
    // `!!binary UG9k` is the kind `Pod` to go-yaml.
    ("binary-tagged-kind.yaml", 9, 19),
    // A merge written after an explicit key overrides it (go-yaml applies
    // merges where they stand).
    ("merge-after-explicit-key.yaml", 10, 24),
    // go-yaml ends the comment at U+2028: the key after it is real.
    ("comment-then-line-separator.yaml", 9, 36),
    // Items of a typed list inherit its kind and apiVersion.
    ("typed-list-kindless-items.yaml", 10, 21),
    // A file starting with `{` is a stream of JSON objects.
    ("concatenated-json.json", 3, 99),
    // Any object with `items` is a list to kubectl: the items are applied,
    // the object itself is not.
    ("items-on-a-pod.yaml", 13, 37),
    // kubectl refuses a list in a list; kubelint still lints it.
    ("nested-list.yaml", 14, 39),
    // A tab after `key:` is a blank to go-yaml.
    ("float-uid-and-tab.yaml", 11, 19),
    ("verbatim-merge-tag.yaml", 10, 51),
    // `{{ }}` in a string value of another document is text, not a template.
    ("helm-value-in-another-document.yaml", 15, 19),
    // A custom resource nests pod templates (Ray's workerGroupSpecs).
    ("crd-nested-pod-template.yaml", 19, 25),
];

#[test]
fn finds_the_privileged_container_kubernetes_would_run() {
    for &(file, line, column) in PRIVILEGED {
        let run = kubelint(fixture_dir(), &["check", file, "--format", "json"], None);
        let report = json(&run);
        assert_eq!(
            positions_of(&report, &["privileged-container"]),
            [("privileged-container".to_owned(), line, column)],
            "{file}: {}",
            run.stdout
        );
        assert!(run.code >= 1, "{file}");
    }
}

#[test]
fn objects_kubectl_would_not_apply_are_not_judged() {
    // The Pod that carries `items` is not applied: its decoy container
    // must not be reported, only the item.
    let run = kubelint(
        fixture_dir(),
        &[
            "check",
            "items-on-a-pod.yaml",
            "--format",
            "json",
            "--enable",
            "all",
        ],
        None,
    );
    let report = json(&run);
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.object.as_deref() == Some("Pod/real")),
        "{}",
        run.stdout
    );
}

#[test]
fn a_run_as_user_written_as_a_float_is_root() {
    let run = kubelint(
        fixture_dir(),
        &["check", "float-uid-and-tab.yaml", "--format", "json"],
        None,
    );
    let report = json(&run);
    assert_eq!(
        positions_of(&report, &["run-as-root"]),
        [("run-as-root".to_owned(), 6, 16)]
    );
}

#[test]
fn where_kubectl_stops_reading_is_an_error_and_the_rest_is_still_linted() {
    let dir = crate::support::TempDir::new("framing");
    dir.write(
        "invalid-separator.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n--- {apiVersion: v1, kind: Pod, metadata: {name: b}, spec: {hostPID: true, containers: [{name: c, image: x}]}}\n",
    );
    let run = kubelint(
        dir.path(),
        &["check", "invalid-separator.yaml", "--format", "json"],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(
        positions_of(&report, &["invalid-yaml", "host-namespaces"]),
        [
            ("invalid-yaml".to_owned(), 4, 1),
            ("host-namespaces".to_owned(), 4, 70)
        ]
    );
    assert!(report.diagnostics[0]
        .message
        .contains("kubectl apply` rejects this line"));
}

#[test]
fn utf16_and_invalid_utf8_are_linted_as_kubectl_converts_them() {
    let dir = crate::support::TempDir::new("encodings");
    let manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: caf\u{e9}}\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContext: {privileged: true}\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(manifest.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.path().join("utf16.yaml"), utf16).unwrap();
    // "café" in Latin-1: 0xE9 alone is not UTF-8.
    let latin1: Vec<u8> = manifest
        .replace('\u{e9}', "?")
        .bytes()
        .map(|b| if b == b'?' { 0xE9 } else { b })
        .collect();
    std::fs::write(dir.path().join("latin1.yaml"), latin1).unwrap();
    for file in ["utf16.yaml", "latin1.yaml"] {
        let run = kubelint(dir.path(), &["check", file, "--format", "json"], None);
        assert_eq!(run.code, 2, "{file}: {}", run.stderr);
        let report = json(&run);
        let found = positions_of(&report, &["invalid-yaml", "privileged-container"]);
        assert!(
            found.contains(&("privileged-container".to_owned(), 8, 35)),
            "{file}: {found:?}"
        );
        assert_eq!(
            found
                .iter()
                .filter(|(rule, ..)| rule == "invalid-yaml")
                .count(),
            1,
            "{file}"
        );
    }
}
