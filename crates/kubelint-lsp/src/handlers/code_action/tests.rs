use super::*;
use crate::documents::ResultKey;
use crate::lint::{lint, Snapshot};
use crate::linters::Linters;
use crate::settings::Settings;
use kubelint::edit::apply_edits;
use kubelint::source::{LineIndex, PositionEncoding};
use std::sync::Arc;
use tower_lsp_server::ls_types::Position;

const DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      securityContext: {runAsNonRoot: true}
      containers:
        - name: web
          image: nginx:1.27
          securityContext:
            allowPrivilegeEscalation: false
            privileged: true
";

fn linted(text: &str) -> (LintResult, LineIndex) {
    let linter = Linters::new(Settings::default(), None).for_document(None);
    let snapshot = Snapshot {
        uri: "file:///ws/d.yaml".parse().unwrap(),
        path: None,
        name: "d.yaml".into(),
        key: ResultKey {
            version: 1,
            revision: 1,
            generation: 1,
        },
        text: Arc::from(text),
        index: Arc::new(LineIndex::new(text)),
        is_config: false,
        cached: None,
    };
    let result = lint(&snapshot, &linter, &[], PositionEncoding::Utf16)
        .unwrap()
        .result;
    (result, LineIndex::new(text))
}

fn at<'a>(text: &'a str, index: &'a LineIndex) -> Positions<'a> {
    Positions {
        text,
        index,
        encoding: PositionEncoding::Utf16,
    }
}

fn edits(action: &CodeAction) -> Vec<TextEdit> {
    action
        .edit
        .as_ref()
        .and_then(|e| e.changes.as_ref())
        .map(|c| c.values().next().cloned().unwrap_or_default())
        .unwrap_or_default()
}

/// Applies an action's edits (positions → offsets) to `text`.
fn apply(text: &str, action: &CodeAction) -> String {
    let index = LineIndex::new(text);
    let at = at(text, &index);
    let edits: Vec<Edit> = edits(action)
        .into_iter()
        .map(|e| Edit {
            range: at.span(e.range),
            replacement: e.new_text,
        })
        .collect();
    apply_edits(text, &edits).unwrap()
}

#[test]
fn kinds_filter_like_the_protocol_says() {
    let quick = CodeActionKind::QUICKFIX;
    assert!(kind_requested(None, &quick));
    assert!(kind_requested(Some(&[CodeActionKind::QUICKFIX]), &quick));
    assert!(!kind_requested(Some(&[CodeActionKind::SOURCE]), &quick));
    for asked in ["source", "source.fixAll", "source.fixAll.kubelint"] {
        assert!(
            kind_requested(
                Some(&[CodeActionKind::from(asked.to_owned())]),
                &FIX_ALL_KIND
            ),
            "{asked}"
        );
    }
    assert!(!kind_requested(
        Some(&[CodeActionKind::from("source.fix".to_owned())]),
        &FIX_ALL_KIND
    ));
}

#[test]
fn cursor_on_a_finding_offers_its_fix_and_an_ignore_once() {
    let (result, index) = linted(DEPLOYMENT);
    let at = at(DEPLOYMENT, &index);
    let offset = DEPLOYMENT.find("true\n").unwrap() as u32;
    let cursor = at.position(offset);
    let target = Target {
        uri: &"file:///ws/d.yaml".parse().unwrap(),
        version: 1,
        versioned: false,
    };
    // The client also lists the diagnostic in the context: still one each.
    let context: Vec<_> = result
        .lsp_diagnostics()
        .filter(|d| d.range.start.line == cursor.line)
        .collect();
    let actions = quick_fixes(&result, at, Range::new(cursor, cursor), &context, target);
    let titles: Vec<_> = actions.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Set privileged: false",
            "Ignore privileged-container on this line"
        ]
    );
    let fixed = apply(DEPLOYMENT, &actions[0]);
    assert_eq!(
        fixed,
        DEPLOYMENT.replace("privileged: true", "privileged: false")
    );
    // Unsafe fixes are offered but not preferred.
    assert_eq!(actions[0].is_preferred, Some(false));

    let ignored = apply(DEPLOYMENT, &actions[1]);
    assert!(
        ignored.contains("          securityContext:\n            allowPrivilegeEscalation: false\n            # kubelint-ignore: privileged-container -- <reason>\n            privileged: true\n"),
        "{ignored}"
    );
    let (after, _) = linted(&ignored);
    let rules: Vec<_> = after.diagnostics.iter().map(|d| d.rule.as_str()).collect();
    assert!(!rules.contains(&"privileged-container"), "{rules:?}");
    assert!(!rules.contains(&"unused-suppression"), "{rules:?}");
}

#[test]
fn a_cursor_elsewhere_gets_nothing() {
    let (result, index) = linted(DEPLOYMENT);
    let at = at(DEPLOYMENT, &index);
    let target = Target {
        uri: &"file:///ws/d.yaml".parse().unwrap(),
        version: 1,
        versioned: true,
    };
    let actions = quick_fixes(
        &result,
        at,
        Range::new(Position::new(0, 2), Position::new(0, 2)),
        &[],
        target,
    );
    assert!(actions.is_empty());
}

#[test]
fn ignore_comments_keep_crlf_and_the_bom() {
    let text = "\u{feff}kind: Pod\r\nspec: {}\r\n";
    let index = LineIndex::new(text);
    let d = kubelint::diagnostic::Finding::new("run-as-root", Span::new(9, 12), "x")
        .into_diagnostic("f", text, &index, kubelint::Severity::Warning);
    let edit = ignore_comment(at(text, &index), &d);
    assert_eq!(edit.range, Span::at(3));
    assert_eq!(
        edit.replacement,
        "# kubelint-ignore: run-as-root -- <reason>\r\n"
    );
}

#[test]
fn minimal_edits_stay_on_character_boundaries() {
    let edit = minimal_edit("a: é1\n", "a: é2\n").unwrap();
    assert_eq!(edit.range, Span::new(5, 6));
    assert_eq!(edit.replacement, "2");
    // Two characters sharing a leading byte must not be split.
    let edit = minimal_edit("x: é", "x: è").unwrap();
    assert_eq!(edit.range, Span::new(3, 5));
    assert_eq!(edit.replacement, "è");
    assert!(minimal_edit("same", "same").is_none());
}
