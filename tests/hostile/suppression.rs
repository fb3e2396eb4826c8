//! Suppressions that must not work: text in values posing as comments,
//! file-wide comments outside the leading comments or in another chart's
//! template, annotations reaching other objects through shared anchors.
//! And the audit switches: `require-reason`, `--no-inline-ignores`.

use super::*;
use kubelint::JsonReport;

/// `(rule, line, column)` of the file's findings of these rules.
fn found(report: &JsonReport, file: &str, rules: &[&str]) -> Vec<(String, u32, u32)> {
    of_file(report, file)
        .into_iter()
        .filter(|d| rules.contains(&d.rule.as_str()))
        .map(|d| (d.rule.clone(), d.start.line, d.start.column))
        .collect()
}

fn at(rule: &str, line: u32, column: u32) -> (String, u32, u32) {
    (rule.to_owned(), line, column)
}

/// `rule` at the 1-based line and column where the `nth` (0-based) `needle`
/// of `text` starts.
fn at_text(rule: &str, text: &str, needle: &str, nth: usize) -> (String, u32, u32) {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("no {needle:?} #{nth}"))
        .0;
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count() as u32
        + 1;
    (rule.to_owned(), line, column)
}

/// Lints `text` as `name` next to the known manifest with extra `args`.
fn lint(name: &str, text: &str, args: &[&str]) -> JsonReport {
    let dir = scratch();
    fs::write(dir.path().join(name), text).expect("write");
    let mut all = vec!["check", "--no-config", "--format", "json"];
    all.extend(args);
    all.push(".");
    let run = kubelint(dir.path(), all);
    run.assert_code(1);
    let report = run.report();
    assert_known_finding(&report);
    report
}

const PRIVILEGED_POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: c
    image: registry.example.com/app:1.0
    securityContext:
      privileged: true
";

#[test]
fn text_in_values_suppresses_nothing() {
    // A script, a multi-line quoted annotation right above the finding,
    // and a JSON string on the finding's own line.
    let script = format!(
        "apiVersion: v1
kind: ConfigMap
metadata:
  name: scripts
data:
  run.sh: |
    #!/bin/sh
    # kubelint-ignore-file: all
    echo hi
---
{PRIVILEGED_POD}"
    );
    let report = lint("script.yaml", &script, &[]);
    assert_eq!(
        found(
            &report,
            "script.yaml",
            &["privileged-container", "unused-suppression"]
        ),
        [at_text("privileged-container", &script, "true", 0)]
    );
    let quoted = PRIVILEGED_POD.replace(
        "    securityContext:\n",
        "    securityContext:\n      seLinuxOptions: {type: \"spc_t\n        # kubelint-ignore: privileged-container\"}\n",
    );
    let report = lint("quoted.yaml", &quoted, &[]);
    assert_eq!(
        found(
            &report,
            "quoted.yaml",
            &["privileged-container", "unused-suppression"]
        ),
        [at_text("privileged-container", &quoted, "true", 0)]
    );
    let json = r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"}, "spec": {"containers": [{"name": "c", "image": "registry.example.com/app:1.0", "securityContext": {"seLinuxOptions": {"type": " # kubelint-ignore: privileged-container"}, "privileged": true}}]}}
"#;
    let report = lint("json.yaml", json, &[]);
    assert_eq!(
        found(
            &report,
            "json.yaml",
            &["privileged-container", "unused-suppression"]
        ),
        [at_text("privileged-container", json, "true", 0)]
    );
}

#[test]
fn real_comments_still_suppress() {
    let text = PRIVILEGED_POD.replace(
        "      privileged: true\n",
        "      # kubelint-ignore: privileged-container -- device plugin\n      privileged: true\n",
    );
    let text =
        format!("# kubelint-ignore-file: latest-image-tag -- pinned by digest upstream\n{text}")
            .replace("app:1.0", "app:latest");
    let report = lint("commented.yaml", &text, &[]);
    assert!(
        found(
            &report,
            "commented.yaml",
            &[
                "privileged-container",
                "latest-image-tag",
                "unused-suppression"
            ]
        )
        .is_empty(),
        "{:#?}",
        of_file(&report, "commented.yaml")
    );
}

#[test]
fn a_file_wide_comment_in_a_document_body_covers_nothing() {
    let text = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n# kubelint-ignore-file: all\n---\n{PRIVILEGED_POD}"
    );
    let report = lint("body.yaml", &text, &[]);
    assert_eq!(
        found(
            &report,
            "body.yaml",
            &["privileged-container", "unused-suppression"]
        ),
        [
            at("unused-suppression", 5, 1),
            at_text("privileged-container", &text, "true", 0)
        ]
    );
    let unused = of_file(&report, "body.yaml")
        .into_iter()
        .find(|d| d.rule == "unused-suppression")
        .expect("reported");
    assert!(
        unused.message.contains("leading comments"),
        "{}",
        unused.message
    );
}

#[test]
fn a_helm_template_cannot_silence_another() {
    let pod = |name: &str| PRIVILEGED_POD.replace("name: p", &format!("name: {name}"));
    let text = format!(
        "---\n# Source: app/templates/a.yaml\n# kubelint-ignore-file: privileged-container -- vendor chart\n{}---\n# Source: app/charts/db/templates/b.yaml\n{}",
        pod("a"),
        pod("b")
    );
    let report = lint("rendered.yaml", &text, &[]);
    assert_eq!(
        found(
            &report,
            "rendered.yaml",
            &["privileged-container", "unused-suppression"]
        ),
        [at_text("privileged-container", &text, "true", 1)]
    );
}

#[test]
fn an_annotation_covers_its_own_object_only() {
    // Pod b takes its securityContext from an anchor inside pod a, which
    // suppresses everything on itself.
    let text = "apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: a
    annotations:
      kubelint/ignore: all
  spec:
    containers:
    - name: c
      image: registry.example.com/app:1.0
      securityContext: &shared
        privileged: true
- apiVersion: v1
  kind: Pod
  metadata:
    name: b
  spec:
    containers:
    - name: c
      image: registry.example.com/app:1.0
      securityContext: *shared
";
    let report = lint("list.yaml", text, &[]);
    let privileged: Vec<(Option<&str>, u32)> = of_file(&report, "list.yaml")
        .into_iter()
        .filter(|d| d.rule == "privileged-container")
        .map(|d| (d.object.as_deref(), d.start.line))
        .collect();
    // Where pod b's finding points (the anchored value, or the alias that
    // uses it) is the alias handling's business; that it is reported is
    // this test's.
    assert_eq!(privileged.len(), 1, "{privileged:?}");
    assert_eq!(privileged[0].0, Some("Pod/b"));
    assert!([15, 24].contains(&privileged[0].1), "{privileged:?}");
}

#[test]
fn audit_mode_and_required_reasons() {
    let text = format!(
        "{}  annotations:\n    kubelint/ignore: privileged-container\n{}",
        &PRIVILEGED_POD[..PRIVILEGED_POD.find("spec:").unwrap()],
        &PRIVILEGED_POD[PRIVILEGED_POD.find("spec:").unwrap()..]
    )
    .replace(
        "image: registry.example.com/app:1.0",
        "image: nginx:latest # kubelint-ignore: latest-image-tag -- upstream pins it",
    );
    let rules = [
        "privileged-container",
        "latest-image-tag",
        "unused-suppression",
    ];
    let report = lint("audited.yaml", &text, &[]);
    assert!(found(&report, "audited.yaml", &rules).is_empty());
    let report = lint("audited.yaml", &text, &["--no-inline-ignores"]);
    assert_eq!(
        found(&report, "audited.yaml", &rules),
        [
            at_text("latest-image-tag", &text, "latest", 0),
            at_text("privileged-container", &text, "true", 0)
        ]
    );
    // require-reason: the annotation gives none, the comment does.
    let dir = scratch();
    fs::write(dir.path().join("audited.yaml"), &text).expect("write");
    fs::write(dir.path().join(".kubelint.yaml"), "require-reason: true\n").expect("write");
    let run = kubelint(dir.path(), ["check", "--format", "json", "."]);
    run.assert_code(1);
    let report = run.report();
    assert_eq!(
        found(&report, "audited.yaml", &rules),
        [
            at_text("unused-suppression", &text, "kubelint/ignore", 0),
            at_text("privileged-container", &text, "true", 0)
        ]
    );
}
