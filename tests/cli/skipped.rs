//! Nothing is skipped silently: template documents, documents and files that
//! are not Kubernetes objects, excluded files, limits; pod specs nested in
//! custom resources; `--fail-if-no-objects`; `.gitignore` of the repository
//! only. Each skip is asserted in every output format.

use crate::support::{json, kubelint, positions_of, TempDir};

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

/// A ConfigMap whose value mentions a Helm action, then a privileged pod.
fn note_then_pod() -> String {
    format!("apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c}}\ndata:\n  note: install with {{{{ .Values.tag }}}}\n---\n{PRIVILEGED_POD}")
}

/// A template document (does not parse), then a privileged pod.
fn template_then_pod() -> String {
    format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  {{{{- if .Values.hostNetwork }}}}\n  hostNetwork: true\n  {{{{- end }}}}\n---\n{PRIVILEGED_POD}")
}

#[test]
fn a_braces_value_does_not_hide_a_privileged_pod_in_a_file_or_on_stdin() {
    let dir = TempDir::new("braces-value");
    dir.write("app.yaml", &note_then_pod());
    let run = kubelint(dir.path(), &["check", "app.yaml", "-f", "json"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(
        positions_of(&report, &["privileged-container"]),
        [("privileged-container".to_owned(), 15, 19)]
    );
    assert_eq!(report.summary.skipped, []);
    assert_eq!(report.summary.objects, 2);
    // `helm template … | kubelint check -`: rendered output keeps such
    // values, and `# Source:` comments.
    let rendered = format!("---\n# Source: app/templates/cm.yaml\n{}", note_then_pod());
    let run = kubelint(
        dir.path(),
        &["check", "-", "-f", "concise"],
        Some(&rendered),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("-:17:19: error[privileged-container]"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_template_document_is_skipped_with_a_note_in_every_format() {
    let dir = TempDir::new("template");
    dir.write("chart.yaml", &template_then_pod());
    let only = ["--disable", "all", "--enable", "privileged-container"];
    let args = |format: &'static str| {
        let mut args = vec!["check", "chart.yaml", "-f", format];
        args.extend(only);
        args
    };
    // The pod after the template is linted: the run fails.
    let run = kubelint(dir.path(), &args("json"), None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(
        positions_of(&report, &["privileged-container", "invalid-yaml"]),
        [("privileged-container".to_owned(), 18, 19)]
    );
    assert_eq!(report.summary.skipped_templates, ["chart.yaml"]);
    let skipped = &report.summary.skipped;
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].file, "chart.yaml");
    assert_eq!(skipped[0].reason, kubelint::Skip::Template);
    assert_eq!(skipped[0].start.map(|p| (p.line, p.column)), Some((6, 3)));
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["summary"]["skipped"][0]["reason"], "template");

    let note = "note: chart.yaml:6:3: template document not linted";
    for format in ["human", "concise"] {
        let run = kubelint(dir.path(), &args(format), None);
        assert_eq!(run.code, 1);
        assert!(run.stderr.contains(note), "{format}: {}", run.stderr);
        assert!(
            run.stderr.contains("; not linted: 1 template document ("),
            "{format}: {}",
            run.stderr
        );
    }
    // `--quiet` drops the counts, not the note.
    let mut quiet = args("concise");
    quiet.push("--quiet");
    let run = kubelint(dir.path(), &quiet, None);
    assert!(run.stderr.contains(note), "{}", run.stderr);
    assert!(!run.stderr.contains("Found"), "{}", run.stderr);

    let run = kubelint(dir.path(), &args("sarif"), None);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let notification = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(notification["descriptor"]["id"], "template");
    assert_eq!(notification["level"], "note");
    let location = &notification["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "chart.yaml");
    assert_eq!(location["region"]["startLine"], 6);
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
    assert_eq!(
        sarif["runs"][0]["results"][0]["ruleId"],
        "privileged-container"
    );

    let run = kubelint(dir.path(), &args("github"), None);
    assert!(
        run.stdout.lines().any(|l| l.starts_with(
            "::notice file=chart.yaml,line=6,col=3,title=kubelint: not linted (template)::template document not linted"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn broken_yaml_without_apiversion_or_kind_is_an_input_error() {
    let dir = TempDir::new("broken-any");
    dir.write("values.yaml", "image: {repository: nginx\ntag: latest\n");
    let run = kubelint(dir.path(), &["check", "-f", "json"], None);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let report = json(&run);
    assert_eq!(
        positions_of(&report, &["invalid-yaml"]),
        [("invalid-yaml".to_owned(), 2, 4)]
    );
    assert_eq!(report.summary.skipped, []);
}

#[test]
fn limits_reach_the_report_in_files_without_objects() {
    let dir = TempDir::new("limits");
    dir.write(
        ".kubelint.yaml",
        "limits: {max-depth: 3, alias-budget: 10, max-nodes: 50, max-documents: 2, max-file-size: 200}\n",
    );
    dir.write("deep.yaml", "a: [[[[[1]]]]]\n");
    dir.write(
        "bomb.yaml",
        "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b]\n",
    );
    dir.write(
        "nodes.yaml",
        &format!("a: [{}]\n", vec!["1"; 60].join(", ")),
    );
    dir.write("documents.yaml", "a: 1\n---\nb: 2\n---\nc: 3\n");
    dir.write("large.yaml", &format!("# {}\na: 1\n", "x".repeat(300)));
    let run = kubelint(dir.path(), &["check", "-f", "json"], None);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let report = json(&run);
    let by_file: Vec<(String, String)> = report
        .diagnostics
        .iter()
        .map(|d| (d.file.clone(), d.rule.clone()))
        .collect();
    let expected = [
        ("bomb.yaml", "invalid-yaml"),
        ("deep.yaml", "invalid-yaml"),
        ("documents.yaml", "unreadable-file"),
        ("large.yaml", "unreadable-file"),
        ("nodes.yaml", "invalid-yaml"),
    ];
    assert_eq!(
        by_file,
        expected
            .iter()
            .map(|(f, r)| ((*f).to_owned(), (*r).to_owned()))
            .collect::<Vec<_>>()
    );
    let messages: Vec<&str> = report
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    for (message, limit) in messages.iter().zip([
        "alias",
        "limits.max-depth",
        "limits.max-documents",
        "limits.max-file-size",
        "limits.max-nodes",
    ]) {
        assert!(message.contains(limit), "{message} should name {limit}");
    }
}

#[test]
fn a_privileged_container_in_a_custom_resource_pod_template_is_found() {
    let dir = TempDir::new("crd");
    dir.write(
        "ray.yaml",
        "\
apiVersion: ray.io/v1
kind: RayCluster
metadata: {name: ray}
spec:
  headGroupSpec:
    template:
      spec:
        containers:
        - {name: head, image: rayproject/ray:2.9}
  workerGroupSpecs:
  - groupName: gpu
    template:
      spec:
        hostPID: true
        containers:
        - name: worker
          image: rayproject/ray:2.9
          securityContext: {privileged: true}
",
    );
    dir.write(
        "jobset.yaml",
        "\
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata: {name: train}
spec:
  replicatedJobs:
  - name: workers
    template:
      spec:
        template:
          spec:
            hostNetwork: true
            containers: [{name: jax, image: jax:0.4, securityContext: {privileged: true}}]
",
    );
    let run = kubelint(
        dir.path(),
        &[
            "check",
            "-f",
            "json",
            "--enable",
            "automount-service-account-token",
        ],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    let rules = [
        "privileged-container",
        "host-namespaces",
        "automount-service-account-token",
    ];
    let found: Vec<(String, String, u32, u32)> = report
        .diagnostics
        .iter()
        .filter(|d| rules.contains(&d.rule.as_str()))
        .map(|d| (d.file.clone(), d.rule.clone(), d.start.line, d.start.column))
        .collect();
    let expected = [
        ("jobset.yaml", "automount-service-account-token", 9, 9),
        ("jobset.yaml", "host-namespaces", 11, 26),
        ("jobset.yaml", "privileged-container", 12, 84),
        ("ray.yaml", "automount-service-account-token", 6, 5),
        ("ray.yaml", "automount-service-account-token", 12, 5),
        ("ray.yaml", "host-namespaces", 14, 18),
        ("ray.yaml", "privileged-container", 18, 41),
    ];
    assert_eq!(
        found,
        expected
            .iter()
            .map(|(f, r, l, c)| ((*f).to_owned(), (*r).to_owned(), *l, *c))
            .collect::<Vec<_>>()
    );
    let worker = report
        .diagnostics
        .iter()
        .find(|d| d.rule == "privileged-container" && d.file == "ray.yaml")
        .unwrap();
    assert_eq!(worker.object.as_deref(), Some("RayCluster/ray"));
    assert_eq!(
        worker.message,
        "container \"worker\" runs privileged: it gets every capability and the host's devices"
    );
}

#[test]
fn fail_if_no_objects_fails_a_run_that_linted_nothing() {
    let dir = TempDir::new("no-objects");
    dir.write(
        "chart/templates/deploy.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  {{- toYaml .Values.spec | nindent 2 }}\n",
    );
    dir.write("chart/values.yaml", "replicaCount: 1\n");
    let run = kubelint(dir.path(), &["check", "."], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = kubelint(dir.path(), &["check", ".", "--fail-if-no-objects"], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: no Kubernetes object was linted in 2 files (--fail-if-no-objects)"),
        "{}",
        run.stderr
    );
    dir.write("pod.yaml", PRIVILEGED_POD);
    let run = kubelint(
        dir.path(),
        &[
            "check",
            ".",
            "--fail-if-no-objects",
            "--fail-on",
            "error",
            "--disable",
            "privileged-container",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn files_and_documents_that_are_not_objects_are_listed() {
    let dir = TempDir::new("not-objects");
    dir.write(
        ".github/workflows/ci.yaml",
        "on: push\njobs: {build: {runs-on: ubuntu-latest}}\n",
    );
    dir.write("compose.yaml", "services: {web: {image: nginx}}\n");
    dir.write(
        "mixed.yaml",
        &format!("{PRIVILEGED_POD}---\nkind: Pod\nspec: {{hostPID: true}}\n"),
    );
    let run = kubelint(dir.path(), &["check", "-f", "concise"], None);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("note: mixed.yaml:11:1: document not linted: it is not a Kubernetes object"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("note: 2 files not linted, no Kubernetes objects in them: .github/workflows/ci.yaml, compose.yaml"),
        "{}",
        run.stderr
    );
    let run = kubelint(dir.path(), &["check", "-f", "json"], None);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let skipped: Vec<(String, String)> = value["summary"]["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["file"].as_str().unwrap().to_owned(),
                s["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        skipped,
        [
            (
                ".github/workflows/ci.yaml".to_owned(),
                "not-a-manifest".to_owned()
            ),
            ("compose.yaml".to_owned(), "not-a-manifest".to_owned()),
            ("mixed.yaml".to_owned(), "not-an-object".to_owned()),
        ]
    );
    let run = kubelint(dir.path(), &["check", "-f", "github"], None);
    assert!(
        run.stdout.contains("::notice title=kubelint: not linted (not-a-manifest)::2 file(s) hold no Kubernetes objects and were not linted: .github/workflows/ci.yaml, compose.yaml"),
        "{}",
        run.stdout
    );
    let run = kubelint(dir.path(), &["check", "-f", "sarif"], None);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let ids: Vec<&str> = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["descriptor"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["not-a-manifest", "not-a-manifest", "not-an-object"]);
}

#[test]
fn only_the_repository_gitignore_counts_and_named_files_are_linted() {
    let outer = TempDir::new("gitignore");
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostIPC: true\n  containers: []\n";
    // A .gitignore above the repository must not hide its files.
    outer.write(".gitignore", "*.yaml\n");
    outer.write("repo/.gitignore", "generated/\n");
    std::fs::create_dir_all(outer.path().join("repo/.git")).unwrap();
    outer.write("repo/app/pod.yaml", pod);
    outer.write("repo/generated/pod.yaml", pod);
    let repo = outer.path().join("repo");
    let files = |run: &crate::support::Run| -> Vec<String> {
        run.stdout
            .lines()
            .map(|l| l.split(':').next().unwrap().to_owned())
            .collect()
    };
    let run = kubelint(&repo, &["check", "-f", "concise"], None);
    assert_eq!(files(&run), ["app/pod.yaml"], "{}", run.stderr);
    // Named on the command line, a gitignored file is linted.
    let run = kubelint(
        &repo,
        &["check", "generated/pod.yaml", "-f", "concise"],
        None,
    );
    assert_eq!(files(&run), ["generated/pod.yaml"], "{}", run.stderr);
    // Outside any repository, no .gitignore counts.
    let plain = TempDir::new("no-repo");
    plain.write(".gitignore", "ignored/\n");
    plain.write("ignored/pod.yaml", pod);
    let run = kubelint(plain.path(), &["check", "-f", "concise"], None);
    assert_eq!(files(&run), ["ignored/pod.yaml"], "{}", run.stderr);
}

#[test]
fn an_excluded_file_named_on_the_command_line_is_reported() {
    let dir = TempDir::new("excluded");
    dir.write(".kubelint.yaml", "exclude: [\"vendor/**\"]\n");
    dir.write("vendor/pod.yaml", PRIVILEGED_POD);
    let run = kubelint(
        dir.path(),
        &["check", "vendor/pod.yaml", "-f", "concise"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stderr.contains("note: vendor/pod.yaml: file not linted: named on the command line but matched by an `exclude` pattern"),
        "{}",
        run.stderr
    );
    let run = kubelint(
        dir.path(),
        &["check", "vendor/pod.yaml", "-f", "json"],
        None,
    );
    let report = json(&run);
    assert_eq!(report.summary.skipped.len(), 1);
    assert_eq!(report.summary.skipped[0].reason, kubelint::Skip::Excluded);
    let run = kubelint(
        dir.path(),
        &["check", "vendor/pod.yaml", "--fail-if-no-objects"],
        None,
    );
    assert_eq!(run.code, 2);
    let run = kubelint(
        dir.path(),
        &["check", "vendor/pod.yaml", "-f", "github"],
        None,
    );
    assert!(
        run.stdout
            .starts_with("::notice file=vendor/pod.yaml,title=kubelint: not linted (excluded)::"),
        "{}",
        run.stdout
    );
}
