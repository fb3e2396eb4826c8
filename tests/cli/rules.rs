//! `kubelint rules` and `kubelint explain`.

use crate::support::{kubelint, TempDir};

#[test]
fn rules_lists_every_rule() {
    let dir = TempDir::new("rules");
    let run = kubelint(dir.path(), &["rules"], None);
    assert_eq!(run.code, 0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].starts_with("RULE"));
    assert_eq!(lines.len() - 1, kubelint::rules::all().len());
    assert!(run
        .stdout
        .lines()
        .any(|l| l.starts_with("privileged-container")
            && l.contains("pod-security")
            && l.contains("error")));
    let json: serde_json::Value =
        serde_json::from_str(&kubelint(dir.path(), &["rules", "--format", "json"], None).stdout)
            .unwrap();
    let privileged = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "privileged-container")
        .unwrap();
    assert_eq!(privileged["equivalents"]["Checkov"][0], "CKV_K8S_16");
    assert!(privileged["aliases"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("runAsPrivileged")));
}

#[test]
fn explain_prints_the_rule_docs() {
    let dir = TempDir::new("explain");
    let run = kubelint(dir.path(), &["explain", "latest-image-tag"], None);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("# latest-image-tag\n"));
    assert!(run.stdout.contains("## Why it matters"));
    assert!(run.stdout.contains("| kube-linter | `latest-tag` |"));
    let unknown = kubelint(dir.path(), &["explain", "nope"], None);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("unknown rule `nope`"));
    // Another tool's id of the same check names the rule.
    let alias = kubelint(dir.path(), &["explain", "latest-tag"], None);
    assert!(alias.stdout.starts_with("# latest-image-tag\n"));
}
