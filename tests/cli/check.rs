//! `kubelint check`: findings, positions, exit codes, discovery.

use crate::support::{json, kubelint, positions, positions_of, TempDir};

const DONE_WHEN: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  securityContext:
    runAsNonRoot: true
  containers:
  - name: web
    image: nginx:latest
    securityContext:
      allowPrivilegeEscalation: false
      privileged: yes
---
apiVersion: v1
kind: Secret
metadata:
  name: db
stringData:
  password: hunter2
";

#[test]
fn reports_each_risk_at_the_offending_value_and_exits_1() {
    let dir = TempDir::new("done-when");
    dir.write("app.yaml", DONE_WHEN);
    let run = kubelint(dir.path(), &["check", "app.yaml", "--format", "json"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    let rules = [
        "latest-image-tag",
        "privileged-container",
        "plaintext-secret",
    ];
    assert_eq!(
        positions_of(&report, &rules),
        vec![
            ("latest-image-tag".to_owned(), 10, 18),
            ("privileged-container".to_owned(), 13, 19),
            ("plaintext-secret".to_owned(), 20, 3),
        ]
    );
    let of = |rule: &str| {
        report
            .diagnostics
            .iter()
            .find(|d| d.rule == rule)
            .expect(rule)
    };
    let latest = of("latest-image-tag");
    assert_eq!(
        &DONE_WHEN[latest.range.start as usize..latest.range.end as usize],
        "latest"
    );
    assert_eq!((latest.end.line, latest.end.column), (10, 24));
    let privileged = of("privileged-container");
    assert_eq!(
        &DONE_WHEN[privileged.range.start as usize..privileged.range.end as usize],
        "yes"
    );
    assert_eq!(
        privileged.message,
        "container \"web\" runs privileged: it gets every capability and the host's devices"
    );
    assert_eq!(
        of("plaintext-secret").message,
        "Secret `db` commits a password in `password` (in plain text under `stringData`)"
    );
}

#[test]
fn human_output_shows_path_line_column_snippet_rule_and_help() {
    let dir = TempDir::new("human");
    dir.write("app.yaml", DONE_WHEN);
    let run = kubelint(dir.path(), &["check", "app.yaml", "--color", "never"], None);
    assert_eq!(run.code, 1);
    let out = &run.stdout;
    assert!(out.contains("× container \"web\" runs privileged"), "{out}");
    assert!(out.contains("[app.yaml:13:19]"), "{out}");
    assert!(out.contains("13 │       privileged: yes"), "{out}");
    assert!(out.contains("╰── privileged-container"), "{out}");
    assert!(out.contains("help: set `privileged: false`"), "{out}");
    assert!(out.contains("[app.yaml:10:18]"), "{out}");
    assert!(
        run.stderr.starts_with("Found ") && run.stderr.contains(" in 1 file, 2 objects ("),
        "{}",
        run.stderr
    );
}

#[test]
fn broken_document_does_not_hide_the_next_one_and_exits_2() {
    let dir = TempDir::new("broken");
    dir.write(
        "multi.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: [broken\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: third}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: \"c:1\"}]\n",
    );
    let run = kubelint(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--disable",
            "run-as-root",
            "--disable",
            "privilege-escalation-allowed",
        ],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    let report = json(&run);
    assert_eq!(
        positions_of(&report, &["invalid-yaml", "host-namespaces"]),
        vec![
            ("invalid-yaml".to_owned(), 7, 25),
            ("host-namespaces".to_owned(), 13, 16)
        ]
    );
    assert!(
        report.diagnostics[0].message.starts_with("invalid YAML: "),
        "{}",
        report.diagnostics[0].message
    );
}

/// A pod every default-on rule accepts.
const HARDENED: &str = "\
apiVersion: v1
kind: Pod
metadata: {name: ok}
spec:
  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
  containers:
  - name: c
    image: nginx:1.27
    resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 200m, memory: 64Mi}}
    securityContext:
      allowPrivilegeEscalation: false
      readOnlyRootFilesystem: true
      capabilities: {drop: [ALL]}
";

#[test]
fn exit_0_when_clean_and_fail_on_filters() {
    let dir = TempDir::new("clean");
    dir.write("ok.yaml", HARDENED);
    let run = kubelint(dir.path(), &["check"], None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("No findings in 1 file, 1 object"),
        "{}",
        run.stderr
    );
    dir.write("warn.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: w}\nspec:\n  securityContext: {runAsNonRoot: true}\n  containers: [{name: c, image: nginx, securityContext: {allowPrivilegeEscalation: false}}]\n");
    assert_eq!(kubelint(dir.path(), &["check"], None).code, 1);
    assert_eq!(
        kubelint(dir.path(), &["check", "--fail-on", "error"], None).code,
        0
    );
}

#[test]
fn stdin_and_helm_templates() {
    let dir = TempDir::new("stdin");
    let run = kubelint(dir.path(), &["check", "-", "-f", "concise"], Some("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n  containers: []\n"));
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("-:5:12: error[host-namespaces]"),
        "{}",
        run.stdout
    );

    dir.write("chart/templates/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  {{- if .Values.hostNetwork }}\n  hostNetwork: true\n  {{- end }}\n");
    dir.write(
        "chart/values.yaml",
        "replicaCount: 1\nimage: {repository: nginx, tag: latest}\n",
    );
    dir.write(
        ".github/workflows/ci.yaml",
        "on: push\njobs: {build: {runs-on: ubuntu-latest}}\n",
    );
    let run = kubelint(dir.path(), &["check", "."], None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("note: chart/templates/deploy.yaml:4:9: template document not linted: it has template syntax (`{{`, `{%`) outside strings and comments, and Kubernetes cannot decode it as it is; render it first, e.g. `helm template . | kubelint check -`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("note: 2 files not linted, no Kubernetes objects in them: .github/workflows/ci.yaml, chart/values.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn walks_directories_respecting_gitignore_and_excludes() {
    let dir = TempDir::new("walk");
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostIPC: true\n  containers: []\n";
    dir.write("a/pod.yaml", pod);
    dir.write("a/pod.yml", pod);
    dir.write("a/pod.json", "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"j\"}, \"spec\": {\"hostIPC\": true, \"containers\": []}}");
    dir.write("a/notes.txt", pod);
    dir.write("a/.kubelint.yml", "exclude: []\n");
    dir.write("ignored/pod.yaml", pod);
    dir.write("vendor/pod.yaml", pod);
    dir.write(".gitignore", "ignored/\n");
    // A git repository: its .gitignore counts.
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    let run = kubelint(
        dir.path(),
        &["check", "--exclude", "vendor", "-f", "concise"],
        None,
    );
    let files: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        files,
        ["a/pod.json", "a/pod.yaml", "a/pod.yml"],
        "{}",
        run.stdout
    );
    // A configuration file found by the walk is configuration, not a
    // manifest without objects.
    assert!(!run.stderr.contains("not linted"), "{}", run.stderr);
    // Named explicitly, any extension is linted.
    let run = kubelint(dir.path(), &["check", "a/notes.txt", "-f", "concise"], None);
    assert!(
        run.stdout
            .starts_with("a/notes.txt:5:12: error[host-namespaces]"),
        "{}",
        run.stdout
    );
}

#[test]
fn unreadable_paths_are_errors_but_the_run_goes_on() {
    let dir = TempDir::new("unreadable");
    dir.write("good.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n  containers: []\n");
    let run = kubelint(
        dir.path(),
        &["check", "missing.yaml", "good.yaml", "-f", "json"],
        None,
    );
    assert_eq!(run.code, 2);
    let report = json(&run);
    assert_eq!(
        positions(&report),
        vec![
            ("host-namespaces".to_owned(), 5, 12),
            ("unreadable-file".to_owned(), 1, 1)
        ]
    );
    assert_eq!(
        report.diagnostics[1].message,
        "cannot read missing.yaml: no such file or directory"
    );
}

#[test]
fn configuration_file_is_found_upward_and_its_errors_have_positions() {
    let dir = TempDir::new("config");
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n  containers: [{name: c, image: nginx}]\n";
    dir.write("k8s/app/pod.yaml", pod);
    dir.write(".kubelint.yaml", "disable: [run-as-root, privilege-escalation-allowed]\nrules:\n  host-namespaces: warning\n  latest-image-tag: off\n");
    let run = kubelint(dir.path(), &["check", "k8s", "-f", "concise"], None);
    let host: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("host-namespaces"))
        .collect();
    assert_eq!(host, ["k8s/app/pod.yaml:5:12: warning[host-namespaces] pod shares the host's process namespace: it can see and signal every process on the node (hostPID: true)"]);
    for off in [
        "latest-image-tag",
        "run-as-root",
        "privilege-escalation-allowed",
    ] {
        assert!(
            !run.stdout.contains(off),
            "{off} is disabled by the config:\n{}",
            run.stdout
        );
    }
    dir.write(".kubelint.yaml", "rules:\n  privileged-containers: off\n");
    let run = kubelint(dir.path(), &["check", "k8s", "-f", "json"], None);
    assert_eq!(run.code, 2);
    let report = json(&run);
    let config_error = report
        .diagnostics
        .iter()
        .find(|d| d.rule == "invalid-config")
        .expect("config error");
    assert!(config_error.file.ends_with(".kubelint.yaml"));
    assert_eq!((config_error.start.line, config_error.start.column), (2, 3));
    assert!(config_error
        .message
        .contains("did you mean `privileged-container`"));
    // --no-config ignores it.
    assert_eq!(
        kubelint(dir.path(), &["check", "k8s", "--no-config", "-q"], None).code,
        1
    );
}

/// `--enable`/`--disable` are the layer the editor settings use: they win
/// over the project at equal specificity, accept other tools' ids of the
/// same check, and reject unknown names with a "did you mean".
#[test]
fn command_line_selection_beats_the_project() {
    let dir = TempDir::new("overrides");
    dir.write(
        "pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n  containers: [{name: c, image: nginx}]\n",
    );
    dir.write(
        ".kubelint.yaml",
        "disable: [latest-image-tag]\nrules:\n  host-namespaces: off\n",
    );
    let rules_of = |args: &[&str]| -> Vec<String> {
        let mut rules: Vec<String> = json(&kubelint(dir.path(), args, None))
            .diagnostics
            .into_iter()
            .map(|d| d.rule)
            .filter(|r| r == "latest-image-tag" || r == "host-namespaces" || r == "run-as-root")
            .collect();
        rules.dedup();
        rules
    };
    assert_eq!(
        rules_of(&["check", "pod.yaml", "-f", "json"]),
        ["run-as-root"]
    );
    assert_eq!(
        rules_of(&[
            "check",
            "pod.yaml",
            "-f",
            "json",
            "--enable",
            "host-namespaces",
            "--enable",
            "latest-tag",
            "--disable",
            "run-as-root",
        ]),
        ["host-namespaces", "latest-image-tag"]
    );
    let unknown = kubelint(
        dir.path(),
        &["check", "pod.yaml", "--enable", "host-namespace"],
        None,
    );
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains(
            "error: --enable: unknown rule `host-namespace`; did you mean `host-namespaces`?"
        ),
        "{}",
        unknown.stderr
    );
}

#[test]
fn suppression_comments_and_annotations() {
    let dir = TempDir::new("suppress");
    dir.write(
        "pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    kubelint/ignore: latest-image-tag\nspec:\n  # kubelint-ignore: host-namespaces -- node exporter\n  hostNetwork: true\n  hostPID: true\n  securityContext: {runAsNonRoot: true}\n  containers: [{name: c, image: nginx, securityContext: {allowPrivilegeEscalation: false}}]\n",
    );
    let run = kubelint(dir.path(), &["check", "-f", "concise"], None);
    let suppressible: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| {
            l.contains("host-namespaces")
                || l.contains("latest-image-tag")
                || l.contains("unused-suppression")
        })
        .collect();
    assert_eq!(suppressible.len(), 1, "{}", run.stdout);
    assert!(
        suppressible[0].starts_with("pod.yaml:10:12: error[host-namespaces]"),
        "{}",
        run.stdout
    );
}

#[test]
fn output_is_identical_with_one_and_two_threads() {
    let dir = TempDir::new("threads");
    for i in 0..40 {
        dir.write(
            &format!("f{i:02}.yaml"),
            &format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: p{i}}}\nspec:\n  hostPID: {}\n  containers: [{{name: c, image: \"nginx:{}\"}}]\n", i % 2 == 0, if i % 3 == 0 { "latest" } else { "1.0" }),
        );
    }
    let one = kubelint(dir.path(), &["check", "-j", "1", "-f", "json"], None);
    let two = kubelint(dir.path(), &["check", "-j", "2", "-f", "json"], None);
    assert_eq!(one.stdout, two.stdout);
    assert!(json(&one).diagnostics.len() > 40);
}

const BASE_DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: registry.example.com/web:2.1.0
";

/// A strategic-merge patch: partial, and one setting that is a risk.
const PATCH: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: web
        resources: {limits: {memory: 1Gi}}
        securityContext: {privileged: true}
";

#[test]
fn kustomize_patches_are_judged_for_what_they_set() {
    let dir = TempDir::new("kustomize-patch");
    dir.write("base/deploy.yaml", BASE_DEPLOYMENT);
    dir.write("base/kustomization.yaml", "resources: [deploy.yaml]\n");
    dir.write("overlay/patches/web.yaml", PATCH);
    dir.write(
        "overlay/kustomization.yaml",
        "resources: [../base]\npatches:\n- path: patches/web.yaml\n",
    );
    // The same text outside any kustomization is a whole Deployment.
    dir.write("loose/web.yaml", PATCH);
    let run = kubelint(dir.path(), &["check", ".", "--format", "json"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    let rules_in = |file: &str| -> Vec<String> {
        let mut rules: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.file == file)
            .map(|d| d.rule.clone())
            .collect();
        rules.dedup();
        rules
    };
    // What the patch sets is judged; what it leaves out is not.
    assert_eq!(
        rules_in("overlay/patches/web.yaml"),
        ["privileged-container"]
    );
    let loose = rules_in("loose/web.yaml");
    for missing in [
        "capabilities-not-dropped",
        "read-only-root-filesystem",
        "resources-missing",
        "run-as-root",
        "seccomp-profile-missing",
    ] {
        assert!(loose.contains(&missing.to_owned()), "{missing}: {loose:?}");
    }
    // The base is linted as a whole object.
    assert!(rules_in("base/deploy.yaml").contains(&"resources-missing".to_owned()));
    // `--fix` adds nothing for what the patch leaves out (the loose copy,
    // a whole object, gets its security context filled in).
    let run = kubelint(
        dir.path(),
        &["check", ".", "--fix", "--unsafe-fixes", "--format", "json"],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let patch = std::fs::read_to_string(dir.path().join("overlay/patches/web.yaml")).unwrap();
    assert!(
        !patch.contains("runAsNonRoot") && !patch.contains("readOnlyRootFilesystem"),
        "{patch}"
    );
    let loose = std::fs::read_to_string(dir.path().join("loose/web.yaml")).unwrap();
    assert!(loose.contains("readOnlyRootFilesystem"), "{loose}");
}
