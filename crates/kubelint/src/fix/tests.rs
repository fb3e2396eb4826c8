use super::*;
use crate::diagnostic::{Finding, Severity};
use crate::source::LineIndex;
use crate::Config;

const POD: &str = "\
apiVersion: v1
kind: Pod
metadata: {name: web} # the web pod
spec:
  securityContext:
    runAsNonRoot: true
  containers:
  - name: web
    image: nginx:latest
    securityContext:
      # needed for the GPU driver?
      privileged: yes
      allowPrivilegeEscalation: false
";

/// The rules these tests are written against, so that new rules with
/// fixes do not change them.
fn linter() -> Linter {
    let rules = [
        "privileged-container",
        "privilege-escalation-allowed",
        "run-as-root",
        "host-namespaces",
        "latest-image-tag",
    ];
    Linter::new(Config {
        disable: vec!["all".into()],
        enable: rules.iter().map(|r| r.to_string()).collect(),
        ..Config::default()
    })
}

fn fixable(linter: &Linter, text: &str, include_unsafe: bool) -> Vec<String> {
    linter
        .lint_str("pod.yaml", text)
        .into_iter()
        .filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| include_unsafe || f.applicability == Applicability::Safe)
        })
        .map(|d| d.rule)
        .collect()
}

/// A finding with a fix, as a rule would report it, for a made-up rule.
fn synthetic(text: &str, rule: &'static str, find: &str, replacement: &str) -> Option<Diagnostic> {
    let start = text.find(find)? as u32;
    let span = Span::new(start, start + find.len() as u32);
    let mut finding = Finding::new(rule, span, "synthetic");
    finding.fix(Some(Fix {
        title: format!("Replace {find}"),
        applicability: Applicability::Safe,
        edits: vec![Edit {
            range: span,
            replacement: replacement.to_owned(),
        }],
    }));
    Some(finding.into_diagnostic("pod.yaml", text, &LineIndex::new(text), Severity::Warning))
}

#[test]
fn applies_unsafe_fixes_only_when_asked_and_keeps_comments() {
    let linter = linter();
    let safe_only = linter.fix_str("pod.yaml", POD, false);
    assert_eq!(safe_only.text, POD);
    assert!(safe_only.applied.is_empty());
    assert_eq!(safe_only.unsafe_available, 1);

    let outcome = linter.fix_str("pod.yaml", POD, true);
    assert_eq!(
        outcome.applied,
        [AppliedFix {
            rule: "privileged-container".into(),
            title: "Set privileged: false".into()
        }]
    );
    assert_eq!(
        outcome.text,
        POD.replace("privileged: yes", "privileged: false")
    );
    assert!(outcome.text.contains("# needed for the GPU driver?"));
    assert!(outcome.text.contains("# the web pod"));
    assert!(fixable(&linter, &outcome.text, true).is_empty());
}

#[test]
fn fixing_twice_changes_nothing() {
    let linter = linter();
    let bare = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      hostPID: on\n      containers:\n      - name: web\n        image: nginx:1.27\n      - name: sidecar\n        image: envoy:1.30\n        securityContext: {runAsUser: 0}\n";
    let first = linter.fix_str("d.yaml", bare, true);
    assert!(first.skipped.is_empty(), "{:?}", first.skipped);
    let second = linter.fix_str("d.yaml", &first.text, true);
    assert_eq!(second.text, first.text);
    assert!(second.applied.is_empty());
    // Both containers asked for the same pod-level `runAsNonRoot: true`: it
    // is inserted once.
    assert_eq!(
        first.text.matches("runAsNonRoot: true").count(),
        1,
        "{}",
        first.text
    );
    assert_eq!(
        first
            .text
            .matches("allowPrivilegeEscalation: false")
            .count(),
        2,
        "{}",
        first.text
    );
    assert!(first.text.contains("hostPID: false"));
    let after = linter.lint_str("d.yaml", &first.text);
    assert!(after
        .iter()
        .all(|d| d.rule != "invalid-yaml" && d.rule != "duplicate-key"));
}

#[test]
fn a_fix_whose_result_does_not_parse_is_discarded() {
    let linter = linter();
    let lint = |text: &str| {
        let mut diagnostics = linter.lint_str("pod.yaml", text);
        // One fix that breaks the flow mapping, one that is fine.
        diagnostics.extend(synthetic(
            text,
            "synthetic-breaks",
            "{name: web}",
            "{name: web",
        ));
        diagnostics.extend(synthetic(
            text,
            "synthetic-good",
            "nginx:latest",
            "nginx:1.27",
        ));
        diagnostics
    };
    let outcome = fix_text(POD, false, lint);
    assert_eq!(outcome.text, POD.replace("nginx:latest", "nginx:1.27"));
    assert_eq!(outcome.applied.len(), 1);
    assert_eq!(outcome.applied[0].rule, "synthetic-good");
    assert_eq!(outcome.skipped.len(), 1);
    assert_eq!(outcome.skipped[0].rule, "synthetic-breaks");
    assert_eq!(outcome.skipped[0].line, 3);
    assert!(outcome.skipped[0].reason.contains("does not parse"));
}

#[test]
fn a_fix_that_never_settles_stops_at_the_pass_budget() {
    let mut lints = 0;
    let outcome = fix_text("a: 1\n", false, |text| {
        lints += 1;
        // Always asks to append one more line.
        synthetic(text, "synthetic-grow", "a: 1\n", "a: 1\na: 1\n")
            .map(|mut d| {
                // Keep the edit at the end so it never overlaps itself.
                let end = text.len() as u32;
                if let Some(fix) = d.fix.as_mut() {
                    fix.edits[0] = Edit {
                        range: Span::at(end),
                        replacement: "# more\n".into(),
                    };
                }
                d
            })
            .into_iter()
            .collect()
    });
    assert_eq!(outcome.applied.len(), MAX_PASSES);
    assert_eq!(lints, MAX_PASSES + 1);
    assert_eq!(outcome.skipped.len(), 1);
    assert!(outcome.skipped[0].reason.contains("did not settle"));
}

#[test]
fn fixes_at_the_same_spot_wait_for_the_next_pass() {
    let text = "k: v\n";
    let outcome = fix_text(text, false, |t| {
        let mut out = Vec::new();
        // Two findings that both want to insert at offset 0, until done.
        for (rule, line) in [("synthetic-a", "# a\n"), ("synthetic-b", "# b\n")] {
            if !t.contains(line) {
                let mut finding = Finding::new(rule, Span::at(0), "x");
                finding.fix(Some(Fix {
                    title: rule.into(),
                    applicability: Applicability::Safe,
                    edits: vec![Edit {
                        range: Span::at(0),
                        replacement: line.into(),
                    }],
                }));
                out.push(finding.into_diagnostic("f", t, &LineIndex::new(t), Severity::Info));
            }
        }
        out
    });
    assert_eq!(outcome.applied.len(), 2);
    assert!(outcome.text.ends_with("k: v\n"));
    assert_eq!(outcome.text.len(), text.len() + 8);
}

#[test]
fn a_discarded_fix_is_tried_again_once_the_text_changed() {
    // `open` breaks the YAML until `close` has been applied, and `close` is
    // only offered after `note`. Keeping `open` discarded would leave it
    // for the next `--fix` run to apply (found by the `fix` fuzz target).
    let linter = linter();
    const HEAD: &str = "apiVersion: v1\nkind: ConfigMap\n";
    let outcome = fix_text(&format!("{HEAD}k: v\n"), false, |t| {
        let mut diagnostics = linter.lint_str("k.yaml", t);
        let open = (!t.contains('[')).then(|| synthetic(t, "synthetic-open", "\nk:", "\nk: ["));
        let close = (t.contains("# go") && !t.contains("v]"))
            .then(|| synthetic(t, "synthetic-close", "v\n", "v]\n"));
        let note =
            (!t.contains("# go")).then(|| synthetic(t, "synthetic-note", "v\n", "v\n# go\n"));
        diagnostics.extend([open, close, note].into_iter().flatten().flatten());
        diagnostics
    });
    assert_eq!(outcome.text, format!("{HEAD}k: [ v]\n# go\n"));
    assert_eq!(outcome.skipped, []);
    let rules: Vec<_> = outcome.applied.iter().map(|a| a.rule.as_str()).collect();
    assert_eq!(
        rules,
        ["synthetic-note", "synthetic-open", "synthetic-close"]
    );
}
