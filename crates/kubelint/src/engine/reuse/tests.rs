use super::*;
use crate::Config;
use std::path::Path;

/// Every fixture manifest of the repository; `None` in the published
/// package (`cargo package` adds `Cargo.toml.orig`), which does not carry the
/// repository's fixtures. In the repository they must be there.
fn fixtures() -> Option<Vec<String>> {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    if crate_dir.join("Cargo.toml.orig").exists() {
        eprintln!("skipped: the repository's fixtures are not in the published package");
        return None;
    }
    let root = crate_dir.join("../../fixtures");
    let mut texts = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                texts.extend(std::fs::read_to_string(&path).ok());
            }
        }
    }
    assert!(texts.len() > 5, "fixtures not found");
    Some(texts)
}

/// A named edit: the new text as a function of the old.
type TextEdit = (&'static str, fn(&str) -> String);

/// Edits an editor might make.
fn edits() -> Vec<TextEdit> {
    vec![
        ("prepend a document", |t| {
            format!("apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: new}}\n---\n{t}")
        }),
        ("blank lines on top", |t| format!("\n\n# moved\n{t}")),
        ("flip a value", |t| {
            t.replacen("true", "false", 1).replacen(": yes", ": no", 1)
        }),
        ("type in the middle", |t| {
            let mid = t.len() / 2;
            let at = (0..=mid)
                .rev()
                .find(|&i| t.is_char_boundary(i))
                .unwrap_or(0);
            format!("{}x{}", &t[..at], &t[at..])
        }),
        ("break the yaml", |t| {
            t.replacen("\n  ", "\n  bad: [\n  ", 1)
        }),
        ("drop the first document", |t| {
            t.split_once("\n---\n")
                .map_or(String::new(), |(_, rest)| rest.to_owned())
        }),
        ("split a document", |t| {
            t.replacen("\nspec:", "\n---\nspec:", 1)
        }),
        ("duplicate everything", |t| format!("{t}\n---\n{t}")),
        ("not a manifest any more", |_| "a: 1\n".to_owned()),
        ("a helm template", |t| {
            format!("{t}\n---\nkind: {{{{ .Values.kind }}}}\n")
        }),
    ]
}

fn assert_same(linter: &Linter, what: &str, text: &str, reused: &FileAnalysis) {
    let fresh = linter.analyze(0, text);
    assert_eq!(reused.findings, fresh.findings, "{what}: findings");
    assert_eq!(
        reused.suppressions, fresh.suppressions,
        "{what}: suppressions"
    );
    assert_eq!(reused.workloads, fresh.workloads, "{what}: workloads");
    assert_eq!(
        reused.set_documents, fresh.set_documents,
        "{what}: set documents"
    );
    assert_eq!(
        (reused.documents, reused.objects, &reused.skipped),
        (fresh.documents, fresh.objects, &fresh.skipped),
        "{what}: counts"
    );
    assert_eq!(reused.parts, fresh.parts, "{what}: parts");
    assert_eq!(
        linter.finish("f.yaml", text, reused, Vec::new()),
        linter.finish("f.yaml", text, &fresh, Vec::new()),
        "{what}: diagnostics"
    );
}

#[test]
fn reusing_documents_gives_what_a_full_analysis_gives() {
    let linter = Linter::new(Config {
        enable: vec!["all".into()],
        ..Config::default()
    });
    let Some(mut texts) = fixtures() else {
        return;
    };
    texts.push(texts.join("\n---\n"));
    for (i, before) in texts.iter().enumerate() {
        let previous = linter.analyze(0, before);
        for (name, edit) in edits() {
            let after = edit(before);
            let reused = linter.reanalyze(0, &after, before, &previous);
            assert_same(&linter, &format!("text {i}, {name}"), &after, &reused);
            // And again from the reused analysis, as the editor chains them.
            let again = edit(&after);
            let chained = linter.reanalyze(0, &again, &after, &reused);
            assert_same(
                &linter,
                &format!("text {i}, {name} twice"),
                &again,
                &chained,
            );
        }
    }
}

#[test]
fn only_changed_documents_are_parsed_again() {
    let linter = Linter::new(Config::default());
    let doc = |name: &str| {
        format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec:\n  containers:\n  - {{name: c, image: \"nginx:latest\"}}\n")
    };
    let before = [doc("a"), doc("b"), doc("c")].join("---\n");
    let previous = linter.analyze(0, &before);
    let after = [doc("a"), doc("bb"), doc("c")].join("---\n");
    let reused = linter.reanalyze(0, &after, &before, &previous);
    // Parts 0 and 2 are copies (same findings, the third moved by one byte).
    assert_eq!(reused.parts[0].findings, previous.parts[0].findings);
    let third = &reused.findings[reused.parts[2].findings.clone()];
    let third_before = &previous.findings[previous.parts[2].findings.clone()];
    assert_eq!(third.len(), third_before.len());
    for (a, b) in third.iter().zip(third_before) {
        assert_eq!(a.span.start, b.span.start + 1);
    }
    assert_same(&linter, "renamed pod", &after, &reused);
}
