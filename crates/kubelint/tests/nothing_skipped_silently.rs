//! Nothing is skipped without saying so: template detection per document,
//! broken documents and limits always reported, documents and files that are
//! not Kubernetes objects listed, and every pod spec of an object linted.

use kubelint::config::Config;
use kubelint::yaml::Limits;
use kubelint::{Diagnostic, Linter};
use kubelint::{Report, Skip};

fn lint(text: &str) -> Report {
    lint_with(Config::default(), text)
}

fn lint_with(config: Config, text: &str) -> Report {
    Linter::new(config).lint_sources(vec![("in.yaml".to_owned(), text.to_owned())])
}

/// `(rule, line, column, text at the span)` of each diagnostic.
fn found<'a>(report: &Report, text: &'a str) -> Vec<(String, u32, u32, &'a str)> {
    report
        .diagnostics
        .iter()
        .map(|d: &Diagnostic| {
            (
                d.rule.clone(),
                d.start.line,
                d.start.column,
                &text[d.range.range()],
            )
        })
        .collect()
}

fn of_rule<'a>(report: &Report, text: &'a str, rule: &str) -> Vec<(u32, u32, &'a str)> {
    found(report, text)
        .into_iter()
        .filter(|(r, ..)| r == rule)
        .map(|(_, line, column, at)| (line, column, at))
        .collect()
}

/// `(reason, line)` of each skipped entry.
fn skipped(report: &Report) -> Vec<(Skip, Option<u32>)> {
    report
        .skipped
        .iter()
        .map(|s| (s.reason, s.start.map(|p| p.line)))
        .collect()
}

const PRIVILEGED_POD: &str = "\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    image: nginx:1.25
    securityContext:
      privileged: true
";

#[test]
fn a_template_in_a_string_does_not_hide_the_file() {
    let text = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c}}\ndata:\n  note: install with {{{{ .Values.tag }}}}\n---\n{PRIVILEGED_POD}"
    );
    let report = lint(&text);
    assert_eq!(
        of_rule(&report, &text, "privileged-container"),
        [(15, 19, "true")]
    );
    assert_eq!(skipped(&report), []);
    assert_eq!(report.objects, 2);
}

#[test]
fn only_the_template_document_is_skipped() {
    let text = format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  {{{{- if .Values.hostNetwork }}}}\n  hostNetwork: true\n  {{{{- end }}}}\n---\n{PRIVILEGED_POD}"
    );
    let report = lint(&text);
    assert_eq!(
        of_rule(&report, &text, "privileged-container"),
        [(18, 19, "true")]
    );
    assert_eq!(skipped(&report), [(Skip::Template, Some(6))]);
    let template = &report.skipped[0];
    assert_eq!(template.start.map(|p| p.column), Some(3));
    assert!(
        template.message.contains("helm template"),
        "{}",
        template.message
    );
    assert_eq!(report.exit_code(kubelint::Severity::Info), 1);
    // No invalid-yaml for the template.
    assert_eq!(of_rule(&report, &text, "invalid-yaml"), []);
}

#[test]
fn a_template_that_parses_but_cannot_be_decoded_is_a_template() {
    // `{{ .Release.Name }}` parses as a mapping with a mapping for a key,
    // which Kubernetes cannot decode: the document never runs.
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  hostPID: true\n  containers: []\n";
    let report = lint(text);
    assert_eq!(found(&report, text), []);
    assert_eq!(skipped(&report), [(Skip::Template, Some(4))]);
    // Without template syntax, the same undecodable key is an input error.
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  ? [name]\n  : web\n";
    let report = lint(text);
    assert_eq!(of_rule(&report, text, "invalid-yaml").len(), 1);
    assert_eq!(skipped(&report), []);
}

#[test]
fn a_broken_document_is_invalid_yaml_even_without_apiversion_or_kind() {
    // Before: a broken document in a file without objects made the file
    // "not a manifest" and its error vanished.
    let text = "a: [1, 2\nb: 3\n";
    let report = lint(text);
    assert_eq!(
        found(&report, text)
            .iter()
            .map(|(rule, line, ..)| (rule.as_str(), *line))
            .collect::<Vec<_>>(),
        [("invalid-yaml", 2)]
    );
    assert_eq!(skipped(&report), []);
    assert_eq!(report.exit_code(kubelint::Severity::Error), 2);
    // Braces in a string do not turn a broken document into a template.
    let text = "note: \"{{ x }}\"\nb: [\n";
    assert_eq!(of_rule(&lint(text), text, "invalid-yaml").len(), 1);
}

#[test]
fn every_limit_reaches_the_report_in_any_file() {
    let tight = Limits {
        max_depth: 3,
        alias_budget: 10,
        max_nodes: 14,
        max_documents: 2,
        ..Limits::default()
    };
    // None of these files has an object: before, their limit errors were
    // dropped with the file as "not a manifest".
    for (text, rule, limit) in [
        ("a: [[[[[[1]]]]]]\n", "invalid-yaml", "max-depth"),
        (
            "a: &a [x, x, x]\nb: [*a, *a, *a, *a]\n",
            "invalid-yaml",
            "alias-budget",
        ),
        (
            "a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]\n",
            "invalid-yaml",
            "max-nodes",
        ),
        (
            "a: 1\n---\nb: 2\n---\nc: 3\n",
            "unreadable-file",
            "max-documents",
        ),
    ] {
        let report = lint_with(
            {
                let mut config = Config::default();
                config.limits = tight.clone();
                config
            },
            text,
        );
        let rules: Vec<(&str, bool)> = report
            .diagnostics
            .iter()
            .map(|d| (d.rule.as_str(), d.message.contains(limit)))
            .collect();
        assert_eq!(rules, [(rule, true)], "{text}: {:?}", report.diagnostics);
        // An input error makes the file a manifest that could not be read.
        assert!(
            skipped(&report)
                .iter()
                .all(|(r, _)| *r != Skip::NotAManifest),
            "{text}"
        );
    }
}

#[test]
fn documents_and_files_that_are_not_objects_are_listed() {
    let text = format!(
        "{PRIVILEGED_POD}---\nfoo: bar\n---\napiVersion: v1\nkind: [Pod]\n---\n# only a comment\n"
    );
    let report = lint(&text);
    assert_eq!(
        skipped(&report),
        [(Skip::NotAnObject, Some(11)), (Skip::NotAnObject, Some(13))]
    );
    let workflow = "on: push\njobs: {build: {runs-on: ubuntu-latest}}\n";
    let report = lint(workflow);
    assert_eq!(skipped(&report), [(Skip::NotAManifest, None)]);
    assert!(report.diagnostics.is_empty());
}

const RAY: &str = "\
apiVersion: ray.io/v1
kind: RayCluster
metadata: {name: ray}
spec:
  headGroupSpec:
    template:
      spec:
        containers:
        - name: head
          image: rayproject/ray:2.9
  workerGroupSpecs:
  - groupName: gpu
    template:
      metadata:
        annotations:
          kubelint/ignore: host-namespaces -- reviewed
      spec:
        hostPID: true
        containers:
        - name: worker
          image: rayproject/ray:2.9
          securityContext:
            privileged: true
  - groupName: cpu
    template:
      spec:
        hostNetwork: true
        containers:
        - name: cpu
          image: rayproject/ray:2.9
";

#[test]
fn every_pod_spec_of_a_custom_resource_is_checked_at_its_own_place() {
    let mut config = Config::default();
    config.enable = vec!["automount-service-account-token".to_owned()];
    let report = lint_with(config, RAY);
    assert_eq!(
        of_rule(&report, RAY, "privileged-container"),
        [(23, 25, "true")]
    );
    // The gpu group's annotation suppresses its own hostPID only.
    assert_eq!(of_rule(&report, RAY, "host-namespaces"), [(27, 22, "true")]);
    // Something each pod lacks is reported at each pod's template key.
    assert_eq!(
        of_rule(&report, RAY, "automount-service-account-token"),
        [(6, 5, "template"), (13, 5, "template"), (25, 5, "template")]
    );
    // Each of those fixes edits its own pod spec.
    let fixes: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "automount-service-account-token")
        .map(|d| d.fix.as_ref().expect("fix").edits[0].range.start)
        .collect();
    assert!(fixes.windows(2).all(|w| w[0] < w[1]), "{fixes:?}");
}

#[test]
fn a_patch_is_judged_for_what_it_sets_not_for_what_it_leaves_out() {
    let patch = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      hostPID: true
      serviceAccountName: default
";
    // Every pod rule; replicas-too-low is about the Deployment, not its pods.
    let mut config = Config::default();
    config.enable = vec!["all".to_owned()];
    config.disable = vec!["replicas-too-low".to_owned()];
    let report = lint_with(config, patch);
    let rules: Vec<String> = found(&report, patch)
        .into_iter()
        .map(|(rule, line, ..)| format!("{rule}:{line}"))
        .collect();
    assert_eq!(
        rules,
        ["host-namespaces:7", "default-service-account:8"],
        "{rules:?}"
    );
}

#[test]
fn fixes_reach_every_pod_spec_of_an_object() {
    let mut config = Config::default();
    config.enable = vec!["automount-service-account-token".to_owned()];
    let linter = Linter::new(config);
    let outcome = linter.fix_str("ray.yaml", RAY, true);
    assert!(outcome.skipped.is_empty(), "{:?}", outcome.skipped);
    let after = linter.lint_str("ray.yaml", &outcome.text);
    let left: Vec<&str> = after
        .iter()
        .filter(|d| {
            [
                "privileged-container",
                "host-namespaces",
                "automount-service-account-token",
            ]
            .contains(&d.rule.as_str())
        })
        .map(|d| d.rule.as_str())
        .collect();
    assert_eq!(left, Vec::<&str>::new(), "{}", outcome.text);
    // Each pod spec got its own `automountServiceAccountToken: false`.
    assert_eq!(
        outcome
            .text
            .matches("automountServiceAccountToken: false")
            .count(),
        3,
        "{}",
        outcome.text
    );
}
