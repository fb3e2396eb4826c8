//! Machine formats: JSON schema, SARIF regions, GitHub annotations.

use crate::support::{json, kubelint, TempDir};

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: \"ünï\"}\nspec:\n  hostPID: true\n  containers: []\n";

#[test]
fn json_has_the_documented_fields() {
    let dir = TempDir::new("json");
    dir.write("pod.yaml", POD);
    let run = kubelint(dir.path(), &["check", "-f", "json"], None);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["version"], 1);
    assert_eq!(value["summary"]["files"], 1);
    assert_eq!(value["summary"]["errors"], 1);
    let d = &value["diagnostics"][0];
    assert_eq!(d["file"], "pod.yaml");
    assert_eq!(d["rule"], "host-namespaces");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["range"], serde_json::json!({"start": 68, "end": 72}));
    assert_eq!(d["start"], serde_json::json!({"line": 5, "column": 12}));
    assert_eq!(d["end"], serde_json::json!({"line": 5, "column": 16}));
    assert_eq!(d["object"], "Pod/ünï");
    assert!(d["help"].as_str().unwrap().contains("hostPID"));
    assert_eq!(d["fix"]["title"], "Set hostPID: false");
    // And it round-trips through the public type.
    assert_eq!(json(&run).diagnostics[0].rule, "host-namespaces");
}

#[test]
fn sarif_has_real_regions() {
    let dir = TempDir::new("sarif");
    dir.write("pod.yaml", POD);
    let run = kubelint(dir.path(), &["check", "-f", "sarif"], None);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["version"], "2.1.0");
    let result = &value["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "host-namespaces");
    assert_eq!(result["level"], "error");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(5), Some(12))
    );
    assert_eq!(
        value["runs"][0]["tool"]["driver"]["rules"][0]["id"],
        "host-namespaces"
    );
}

#[test]
fn github_annotations() {
    let dir = TempDir::new("github");
    dir.write("pod.yaml", POD);
    let run = kubelint(dir.path(), &["check", "-f", "github"], None);
    assert!(
        run.stdout.starts_with("::error file=pod.yaml,line=5,col=12,endLine=5,endColumn=16,title=kubelint host-namespaces::pod shares"),
        "{}",
        run.stdout
    );
}

#[test]
fn columns_agree_with_miette_on_non_ascii_bom_and_crlf() {
    let dir = TempDir::new("columns");
    let text = "\u{feff}apiVersion: v1\r\nkind: Pod\r\nmetadata: {name: \"日本語\"}\r\nspec: {hostPID: true, containers: []}\r\n";
    dir.write("pod.yaml", text);
    let run = kubelint(dir.path(), &["check", "-f", "json"], None);
    let d = &json(&run).diagnostics[0];
    assert_eq!((d.start.line, d.start.column), (4, 17));
    assert_eq!(&text[d.range.start as usize..d.range.end as usize], "true");
    let human = kubelint(dir.path(), &["check", "--color", "never"], None);
    assert!(human.stdout.contains("[pod.yaml:4:17]"), "{}", human.stdout);
}
