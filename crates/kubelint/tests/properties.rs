//! Properties over generated Kubernetes-like YAML (proptest):
//!
//! - every span (tree nodes, issues, diagnostics, labels, fix edits) lies
//!   inside the file, on UTF-8 boundaries, with line:column matching it;
//! - the output is the same with 1 and 2 threads;
//! - the JSON report round-trips through serde;
//! - a file's object-rule findings do not depend on the other files of the run.
//!
//! The generator writes mappings and sequences of Kubernetes keys in block
//! and flow style, with scalars that are plain, quoted, escaped, non-ASCII,
//! YAML 1.1 booleans and numbers; then line endings (LF, CRLF, lone CR), an
//! optional BOM, and sometimes a stray character that breaks the YAML.

use kubelint::edit::apply_edits;
use kubelint::rules;
use kubelint::source::{LineCol, LineIndex, Span};
use kubelint::yaml::{parse_document, split_documents, Limits};
use kubelint::JsonReport;
use kubelint::{Config, Diagnostic, Linter};
use proptest::prelude::*;
use std::path::PathBuf;

#[derive(Clone, Debug)]
enum Node {
    Scalar(String),
    Map(Vec<(String, Node)>, bool),
    Seq(Vec<Node>, bool),
}

const KEYS: &[&str] = &[
    "apiVersion",
    "kind",
    "metadata",
    "name",
    "namespace",
    "annotations",
    "labels",
    "spec",
    "template",
    "containers",
    "initContainers",
    "image",
    "securityContext",
    "privileged",
    "runAsUser",
    "runAsNonRoot",
    "allowPrivilegeEscalation",
    "hostPID",
    "hostNetwork",
    "env",
    "value",
    "stringData",
    "data",
    "items",
    "<<",
    "kubelint/ignore",
    "nämé",
    "ключ",
];

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just("true".to_owned()),
        3 => Just("yes".to_owned()),
        3 => Just("off".to_owned()),
        3 => Just("0".to_owned()),
        3 => Just("0644".to_owned()),
        3 => Just("v1".to_owned()),
        3 => Just("Pod".to_owned()),
        3 => Just("Deployment".to_owned()),
        3 => Just("nginx:latest".to_owned()),
        3 => Just("all".to_owned()),
        3 => Just("~".to_owned()),
        3 => Just("".to_owned()),
        3 => "[a-zé✓😀 ]{1,8}".prop_map(|s| s.trim().to_owned()),
        3 => "[a-zé✓😀 :#-]{0,8}".prop_map(|s| format!("\"{s}\"")),
        3 => "[a-zé✓ ']{0,6}".prop_map(|s| format!("'{}'", s.replace('\'', "''"))),
        3 => Just("\"caf\\u00e9 \\\"q\\\" \\n\"".to_owned()),
        3 => Just("sk_live_51HxKzq2eZvKYlo2C0123456789".to_owned()),
        1 => Just("*a".to_owned()),
        1 => Just("&a x".to_owned()),
    ]
}

fn node() -> impl Strategy<Value = Node> {
    scalar()
        .prop_map(Node::Scalar)
        .prop_recursive(5, 48, 5, |inner| {
            prop_oneof![
                (
                    prop::collection::vec((prop::sample::select(KEYS), inner.clone()), 0..5),
                    any::<bool>()
                )
                    .prop_map(|(entries, flow)| Node::Map(
                        entries
                            .into_iter()
                            .map(|(k, v)| (k.to_owned(), v))
                            .collect(),
                        flow
                    )),
                (prop::collection::vec(inner, 0..4), any::<bool>())
                    .prop_map(|(items, flow)| Node::Seq(items, flow)),
            ]
        })
}

fn flow(node: &Node) -> String {
    match node {
        Node::Scalar(s) => s.clone(),
        Node::Map(entries, _) => {
            let parts: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{k}: {}", flow(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Node::Seq(items, _) => format!(
            "[{}]",
            items.iter().map(flow).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn block(node: &Node, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match node {
        Node::Map(entries, false) if !entries.is_empty() => {
            for (k, v) in entries {
                out.push_str(&format!("{pad}{k}:"));
                value(v, indent, out);
            }
        }
        Node::Seq(items, false) if !items.is_empty() => {
            for item in items {
                out.push_str(&format!("{pad}-"));
                value(item, indent, out);
            }
        }
        other => out.push_str(&format!("{pad}{}\n", flow(other))),
    }
}

fn value(node: &Node, indent: usize, out: &mut String) {
    match node {
        Node::Map(entries, false) if !entries.is_empty() => {
            out.push('\n');
            block(node, indent + 2, out);
        }
        Node::Seq(items, false) if !items.is_empty() => {
            out.push('\n');
            block(node, indent + 2, out);
        }
        other => out.push_str(&format!(" {}\n", flow(other))),
    }
}

fn map(entries: Vec<(&str, Node)>, flow: bool) -> Node {
    Node::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
        flow,
    )
}

fn scalar_node(text: impl Into<String>) -> Node {
    Node::Scalar(text.into())
}

/// A container with the fields the security rules read.
fn container() -> impl Strategy<Value = Node> {
    (
        "[a-z]{1,5}",
        (scalar(), scalar(), scalar(), scalar()),
        any::<(bool, bool, bool)>(),
        prop::option::of(node()),
    )
        .prop_map(
            |(name, (image, privileged, user, value), (f1, f2, f3), extra)| {
                let security = map(
                    vec![
                        ("privileged", scalar_node(privileged)),
                        ("runAsUser", scalar_node(user)),
                    ],
                    f1,
                );
                let env = map(
                    vec![
                        ("name", scalar_node("API_KEY")),
                        ("value", scalar_node(value)),
                    ],
                    f2,
                );
                let mut entries = vec![
                    ("name", scalar_node(name)),
                    ("image", scalar_node(image)),
                    ("securityContext", security),
                    ("env", Node::Seq(vec![env], f3)),
                ];
                if let Some(extra) = extra {
                    entries.push(("args", extra));
                }
                map(entries, f1 && f2)
            },
        )
}

/// A workload body: metadata, a pod spec (directly or in a template), and
/// maybe a random extra entry.
fn body() -> impl Strategy<Value = Node> {
    (
        prop::collection::vec(container(), 0..3),
        scalar(),
        any::<(bool, bool, bool)>(),
        prop::option::of((prop::sample::select(KEYS), node())),
        prop::option::of(scalar()),
    )
        .prop_map(
            |(containers, host_pid, (templated, f1, f2), extra, ignore)| {
                let pod = map(
                    vec![
                        ("hostPID", scalar_node(host_pid)),
                        ("containers", Node::Seq(containers, f1)),
                    ],
                    f2,
                );
                let spec = if templated {
                    map(vec![("template", map(vec![("spec", pod)], false))], false)
                } else {
                    pod
                };
                let mut metadata = vec![("name", scalar_node("app"))];
                if let Some(ignore) = ignore {
                    let annotations = map(vec![("kubelint/ignore", scalar_node(ignore))], f1);
                    metadata.push(("annotations", annotations));
                }
                let mut entries = vec![("metadata", map(metadata, f2)), ("spec", spec)];
                if let Some((key, node)) = extra {
                    entries.push((key, node));
                }
                map(entries, false)
            },
        )
}

/// A whole file: documents with a Kubernetes header, line endings, BOM, damage.
fn file() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(
            (
                prop::sample::select(&["Pod", "Deployment", "Secret", "List"][..]),
                prop_oneof![3 => body(), 1 => node()],
            ),
            1..4,
        ),
        prop::sample::select(&["\n", "\r\n", "\r"][..]),
        any::<bool>(),
        prop::option::weighted(
            0.2,
            (
                any::<prop::sample::Index>(),
                prop::sample::select(&["\t", ":", "\"", "{", "- ", "\u{feff}", "é"][..]),
            ),
        ),
        prop::option::weighted(0.2, "# kubelint-ignore: [a-z-]{1,20}( -- why)?"),
    )
        .prop_map(|(docs, newline, bom, damage, comment)| {
            let mut text = String::new();
            for (kind, body) in docs {
                text += &format!("---\napiVersion: v1\nkind: {kind}\n");
                if let Some(c) = &comment {
                    text += c;
                    text.push('\n');
                }
                match &body {
                    Node::Map(..) => block(&body, 0, &mut text),
                    other => {
                        text += &format!("spec:{}", {
                            let mut v = String::new();
                            value(other, 0, &mut v);
                            v
                        })
                    }
                }
            }
            if let Some((at, junk)) = damage {
                let mut i = at.index(text.len() + 1);
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                text.insert_str(i, junk);
            }
            // Sometimes the file ends with a suppression comment, or with
            // no final line break (the last line is where off-by-ones live).
            if let Some(c) = &comment {
                if text.len() % 3 == 0 {
                    text += c;
                }
            }
            if text.len() % 2 == 0 && text.ends_with('\n') {
                text.pop();
            }
            let text = text.replace('\n', newline);
            if bom {
                format!("\u{feff}{text}")
            } else {
                text
            }
        })
}

fn all_rules() -> Config {
    {
        let mut config = Config::default();
        config.enable = vec!["all".into()];
        config
    }
}

fn check_span(text: &str, span: Span, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(span.start <= span.end, "{what}: reversed {span:?}");
    prop_assert!(
        span.end as usize <= text.len(),
        "{what}: {span:?} past the end"
    );
    prop_assert!(
        text.is_char_boundary(span.start as usize) && text.is_char_boundary(span.end as usize),
        "{what}: {span:?} off a character boundary"
    );
    Ok(())
}

/// line:column computed the slow, obvious way: `\r\n`, `\r` and `\n` end
/// lines (as in YAML), columns count characters, a leading BOM is no column.
fn naive_line_col(text: &str, offset: u32) -> LineCol {
    let (mut line, mut column) = (1, 1);
    let mut chars = text[..offset as usize].chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        match c {
            '\u{feff}' if first => {}
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => {
                line += 1;
                column = 1;
            }
            _ => column += 1,
        }
        first = false;
    }
    LineCol { line, column }
}

fn check_diagnostic(text: &str, index: &LineIndex, d: &Diagnostic) -> Result<(), TestCaseError> {
    check_span(text, d.range, &d.rule)?;
    prop_assert_eq!(
        naive_line_col(text, d.range.start),
        d.start,
        "{} start (naive)",
        &d.rule
    );
    prop_assert_eq!(
        naive_line_col(text, d.range.end),
        d.end,
        "{} end (naive)",
        &d.rule
    );
    prop_assert_eq!(
        index.line_col(text, d.range.start),
        d.start,
        "{} start",
        &d.rule
    );
    prop_assert_eq!(index.line_col(text, d.range.end), d.end, "{} end", &d.rule);
    for label in &d.labels {
        check_span(text, label.range, "label")?;
        prop_assert_eq!(index.line_col(text, label.range.start), label.start);
        prop_assert_eq!(index.line_col(text, label.range.end), label.end);
    }
    if let Some(fix) = &d.fix {
        for edit in &fix.edits {
            check_span(text, edit.range, "fix edit")?;
        }
        prop_assert!(
            apply_edits(text, &fix.edits).is_some(),
            "{}: fix does not apply",
            &d.rule
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn every_span_is_inside_the_file_on_a_boundary(text in file()) {
        // The tree: every node and issue inside its document.
        for (i, chunk) in split_documents(&text, if text.starts_with('\u{feff}') { 3 } else { 0 }).iter().enumerate() {
            let doc = parse_document(&text, chunk.span, i, &Limits::default());
            for id in 0..doc.node_count() as u32 {
                let span = doc.node(id).span;
                check_span(&text, span, "node")?;
                prop_assert!(chunk.span.start <= span.start && span.end <= chunk.span.end);
            }
            for issue in &doc.issues {
                check_span(&text, issue.span, "issue")?;
                prop_assert!(chunk.span.start <= issue.span.start && issue.span.end <= chunk.span.end);
            }
        }
        // The diagnostics, with every rule on.
        let index = LineIndex::new(&text);
        for d in kubelint::lint_str("gen.yaml", &text, &all_rules()) {
            check_diagnostic(&text, &index, &d)?;
        }
    }
}

fn set_rule_ids() -> Vec<&'static str> {
    rules::all()
        .iter()
        .filter(|r| r.is_set_rule())
        .map(|r| r.id)
        .collect()
}

fn write_files(files: &[String]) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = files
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let path = dir.path().join(format!("f{i}.yaml"));
            std::fs::write(&path, text).expect("write");
            path
        })
        .collect();
    (dir, paths)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn runs_agree_across_threads_json_and_file_sets(files in prop::collection::vec(file(), 1..5)) {
        let (dir, paths) = write_files(&files);
        let linter = |threads| {
            let mut config = all_rules();
            config.threads = Some(threads);
            Linter::new(config)
        };
        let one = linter(1).lint_paths(&[dir.path().to_path_buf()]);
        let two = linter(2).lint_paths(&[dir.path().to_path_buf()]);
        prop_assert_eq!(&one.diagnostics, &two.diagnostics);
        prop_assert_eq!(one.to_json(), two.to_json());

        // JSON round-trip.
        let json = serde_json::to_string(&one.to_json()).expect("serialize");
        let back: JsonReport = serde_json::from_str(&json).expect("deserialize");
        prop_assert_eq!(back, one.to_json());

        // A file alone gives the same object-rule findings as in the run.
        let set_rules = set_rule_ids();
        let object_findings = |diagnostics: &[Diagnostic], file: &str| -> Vec<Diagnostic> {
            diagnostics
                .iter()
                .filter(|d| d.file == file && !set_rules.contains(&d.rule.as_str()))
                .cloned()
                .collect()
        };
        for path in &paths {
            let file = path.display().to_string();
            let alone = linter(1).lint_paths(std::slice::from_ref(path));
            prop_assert_eq!(
                object_findings(&alone.diagnostics, &file),
                object_findings(&one.diagnostics, &file)
            );
        }
    }
}
