//! Reports for CI: SARIF against the SARIF 2.1.0 schema, JUnit XML,
//! several reports from one run (`--output`), `--stdin-filename`,
//! `--exit-zero`, `--statistics`, colour, completions and the man page.

use crate::support::{kubelint, TempDir};
use kubelint::rules::docs::docs_url;
use serde_json::Value;
use std::path::Path;

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: \"ünï\"}\nspec:\n  hostPID: true\n  containers: []\n";

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(workspace().join("tests/cli/data/sarif-schema-2.1.0.json"))
        .expect("vendored SARIF schema");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn schema_errors(validator: &jsonschema::Validator, sarif: &Value) -> Vec<String> {
    validator
        .iter_errors(sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn sarif_of_the_fixtures_is_valid_and_every_rule_has_severity_and_docs() {
    let run = kubelint(
        workspace(),
        &[
            "check",
            "--no-config",
            "--enable",
            "all",
            "-f",
            "sarif",
            "fixtures",
        ],
        None,
    );
    assert!(matches!(run.code, 1 | 2), "{}", run.stderr);
    let sarif: Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    let validator = sarif_validator();
    let errors = schema_errors(&validator, &sarif);
    assert!(errors.is_empty(), "{errors:#?}");

    let run0 = &sarif["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    // Every rule with fixtures fires on them, the input rules too.
    assert!(rules.len() > 70, "{} rules", rules.len());
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        assert_eq!(rule["helpUri"], docs_url(id), "{id}");
        let severity: f64 = rule["properties"]["security-severity"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{id}: no security-severity"));
        assert!((0.1..=10.0).contains(&severity), "{id}: {severity}");
        assert!(
            rule["properties"]["tags"]
                .as_array()
                .unwrap()
                .contains(&"security".into()),
            "{id}"
        );
    }
    let results = run0["results"].as_array().unwrap();
    assert!(results.len() > 100);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let location = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(location["uriBaseId"], "%SRCROOT%");
        assert!(location["uri"].as_str().unwrap().starts_with("fixtures/"));
    }
    let root = run0["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );

    // The schema check can fail: a result without a message is refused.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!schema_errors(&validator, &broken).is_empty());
}

#[test]
fn sarif_uris_are_percent_encoded_and_stdin_is_named() {
    let dir = TempDir::new("sarif-uri");
    dir.write("dir with space/pod #1.yaml", POD);
    let run = kubelint(dir.path(), &["check", "-f", "sarif", "."], None);
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(schema_errors(&sarif_validator(), &sarif).is_empty());
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "dir%20with%20space/pod%20%231.yaml"
    );
    assert_eq!(location["region"]["startLine"], 5);

    let run = kubelint(
        dir.path(),
        &[
            "check",
            "-f",
            "sarif",
            "--stdin-filename",
            "k8s/äpp.yaml",
            "-",
        ],
        Some(POD),
    );
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
            ["uri"],
        "k8s/%C3%A4pp.yaml"
    );
}

#[test]
fn stdin_filename_names_stdin_in_every_format() {
    let dir = TempDir::new("stdin-name");
    let args = |format| {
        vec![
            "check",
            "-f",
            format,
            "--stdin-filename",
            "k8s/pod.yaml",
            "-",
        ]
    };
    let concise = kubelint(dir.path(), &args("concise"), Some(POD));
    assert_eq!(concise.code, 1);
    assert!(
        concise
            .stdout
            .starts_with("k8s/pod.yaml:5:12: error[host-namespaces]"),
        "{}",
        concise.stdout
    );
    let human = kubelint(dir.path(), &args("human"), Some(POD));
    assert!(
        human.stdout.contains("[k8s/pod.yaml:5:12]"),
        "{}",
        human.stdout
    );
    let github = kubelint(dir.path(), &args("github"), Some(POD));
    assert!(
        github.stdout.contains("file=k8s/pod.yaml,line=5"),
        "{}",
        github.stdout
    );
    // Without it, stdin is `-`.
    let plain = kubelint(dir.path(), &["check", "-f", "concise", "-"], Some(POD));
    assert!(plain.stdout.starts_with("-:5:12:"), "{}", plain.stdout);
}

#[test]
fn stdin_filename_finds_the_configuration_from_that_name() {
    let dir = TempDir::new("stdin-config");
    dir.write("k8s/.kubelint.yaml", "disable: [host-namespaces]\n");
    let run = kubelint(
        dir.path(),
        &[
            "check",
            "-f",
            "concise",
            "--stdin-filename",
            "k8s/pod.yaml",
            "-",
        ],
        Some(POD),
    );
    assert!(!run.stdout.contains("host-namespaces"), "{}", run.stdout);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn junit_has_a_case_per_finding_and_errors_for_unreadable_input() {
    let dir = TempDir::new("junit");
    dir.write("pod.yaml", POD);
    dir.write("broken.yaml", "apiVersion: v1\nkind: Pod\nspec: [\n");
    let run = kubelint(dir.path(), &["check", "-f", "junit", "."], None);
    assert_eq!(run.code, 2);
    let xml = &run.stdout;
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"kubelint\" tests=\"2\" failures=\"1\" errors=\"1\" skipped=\"0\">"), "{xml}");
    assert!(
        xml.contains("<testsuite name=\"broken.yaml\" tests=\"1\" failures=\"0\" errors=\"1\">"),
        "{xml}"
    );
    assert!(xml.contains("<error type=\"error\" message="), "{xml}");
    assert!(xml.contains(
        "<testcase classname=\"pod.yaml\" name=\"host-namespaces at 5:12\" file=\"pod.yaml\" line=\"5\">"
    ), "{xml}");
    assert!(
        xml.contains("pod.yaml:5:12: error[host-namespaces] pod shares"),
        "{xml}"
    );
    assert!(xml.contains("object: Pod/ünï"), "{xml}");
    assert_well_formed(xml);

    // A clean run is one passing test case; what was not linted, skipped cases.
    let clean = TempDir::new("junit-clean");
    clean.write("workflow.yaml", "name: ci\non: push\n");
    let run = kubelint(clean.path(), &["check", "-f", "junit", "."], None);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains(
            "<testsuites name=\"kubelint\" tests=\"2\" failures=\"0\" errors=\"0\" skipped=\"1\">"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("<testcase classname=\"workflow.yaml\" name=\"not-a-manifest\">\n      <skipped message=\"file not linted"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("<testcase classname=\"kubelint\" name=\"1 file, 0 objects\"/>"),
        "{}",
        run.stdout
    );
    assert_well_formed(&run.stdout);
}

#[test]
fn gitlab_code_quality_has_an_issue_per_finding() {
    let dir = TempDir::new("gitlab");
    dir.write("k8s/pod.yaml", POD);
    let run = kubelint(dir.path(), &["check", "-f", "gitlab"], None);
    assert_eq!(run.code, 1);
    let issues: Value = serde_json::from_str(&run.stdout).unwrap();
    let issue = &issues[0];
    assert_eq!(issue["check_name"], "host-namespaces");
    assert_eq!(issue["severity"], "critical");
    assert_eq!(issue["location"]["path"], "k8s/pod.yaml");
    assert_eq!(issue["location"]["lines"]["begin"], 5);
    assert!(issue["description"]
        .as_str()
        .unwrap()
        .starts_with("pod shares"));
    let fingerprint = issue["fingerprint"].as_str().unwrap();
    assert_eq!(fingerprint.len(), 16);
    // The same finding has the same fingerprint in the next run.
    let again: Value =
        serde_json::from_str(&kubelint(dir.path(), &["check", "-f", "gitlab"], None).stdout)
            .unwrap();
    assert_eq!(again[0]["fingerprint"], fingerprint);
}

fn assert_well_formed(xml: &str) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not XML: {e}\n{xml}"),
        }
    }
    assert_eq!(depth, 0, "unbalanced:\n{xml}");
}

#[test]
fn several_reports_from_one_run() {
    let dir = TempDir::new("outputs");
    dir.write("pod.yaml", POD);
    let args = [
        "check",
        "-f",
        "concise",
        "-o",
        "sarif=out/k.sarif",
        "-o",
        "junit=junit.xml",
        "-o",
        "json=k.json",
    ];
    let run = kubelint(dir.path(), &args, None);
    // out/ does not exist: that report fails, the others are written, exit 2.
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot write out/k.sarif"),
        "{}",
        run.stderr
    );
    std::fs::create_dir_all(dir.path().join("out")).unwrap();
    let run = kubelint(dir.path(), &args, None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("pod.yaml:5:12: error[host-namespaces]"),
        "{}",
        run.stdout
    );
    // Each file holds exactly what that format prints on stdout.
    for (format, file) in [
        ("sarif", "out/k.sarif"),
        ("junit", "junit.xml"),
        ("json", "k.json"),
    ] {
        let alone = kubelint(dir.path(), &["check", "-f", format], None);
        assert_eq!(
            std::fs::read_to_string(dir.path().join(file)).unwrap(),
            alone.stdout,
            "{format}"
        );
    }
    // `--output FILE` moves the --format report off stdout.
    let run = kubelint(
        dir.path(),
        &["check", "-f", "json", "-o", "only.json"],
        None,
    );
    assert_eq!(run.stdout, "");
    assert!(std::fs::read_to_string(dir.path().join("only.json"))
        .unwrap()
        .contains("host-namespaces"));
    // Two reports cannot share stdout.
    let run = kubelint(dir.path(), &["check", "-o", "json=-"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("only one report can go to standard output"),
        "{}",
        run.stderr
    );
}

#[test]
fn exit_zero_ignores_findings_but_not_unreadable_input() {
    let dir = TempDir::new("exit-zero");
    dir.write("pod.yaml", POD);
    assert_eq!(
        kubelint(dir.path(), &["check", "--exit-zero"], None).code,
        0
    );
    dir.write("broken.yaml", "kind: Pod\nspec: [\n");
    assert_eq!(
        kubelint(dir.path(), &["check", "--exit-zero"], None).code,
        2
    );
}

#[test]
fn statistics_count_findings_per_rule() {
    let dir = TempDir::new("statistics");
    dir.write("a.yaml", POD);
    dir.write("b.yaml", &POD.replace("ünï", "b"));
    let run = kubelint(dir.path(), &["check", "--statistics", "--no-config"], None);
    assert_eq!(run.code, 1);
    let first = run.stdout.lines().next().unwrap();
    assert!(first.starts_with("2  host-namespaces"), "{}", run.stdout);
    assert!(first.contains("error"), "{first}");
    let json = kubelint(dir.path(), &["check", "--statistics", "-f", "json"], None);
    let list: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(list[0]["rule"], "host-namespaces");
    assert_eq!(list[0]["count"], 2);
    let sarif = kubelint(dir.path(), &["check", "--statistics", "-f", "sarif"], None);
    assert_eq!(sarif.code, 2);
}

#[test]
fn concise_is_coloured_only_when_asked_or_on_a_terminal() {
    let dir = TempDir::new("concise-colour");
    dir.write("pod.yaml", POD);
    let always = kubelint(
        dir.path(),
        &["check", "-f", "concise", "--color", "always"],
        None,
    );
    assert!(
        always.stdout.starts_with(
            "\x1b[1mpod.yaml:5:12:\x1b[0m \x1b[1;31merror\x1b[0m[\x1b[2mhost-namespaces\x1b[0m]"
        ),
        "{:?}",
        always.stdout
    );
    // A pipe is not a terminal.
    let auto = kubelint(dir.path(), &["check", "-f", "concise"], None);
    assert!(!auto.stdout.contains('\x1b'), "{:?}", auto.stdout);
}

#[test]
fn help_lists_exit_codes() {
    let dir = TempDir::new("help");
    for args in [&["--help"][..], &["check", "--help"]] {
        let run = kubelint(dir.path(), args, None);
        assert!(
            run.stdout.contains("Exit codes:\n  0  no findings"),
            "{}",
            run.stdout
        );
        assert!(run
            .stdout
            .contains("  2  a file or the configuration could not be read"));
    }
}

#[test]
fn completions_and_man_pages_are_generated() {
    let dir = TempDir::new("completions");
    for (shell, marker) in [
        ("bash", "complete -F _kubelint"),
        ("zsh", "#compdef kubelint"),
        ("fish", "complete -c kubelint"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = kubelint(dir.path(), &["completions", shell], None);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains(marker), "{shell}");
        assert!(run.stdout.contains("--stdin-filename"), "{shell}");
    }
    let man = kubelint(dir.path(), &["man"], None);
    assert_eq!(man.code, 0);
    assert!(man.stdout.contains(".TH kubelint 1"), "{}", man.stdout);
    assert!(man.stdout.contains("Exit codes:"), "{}", man.stdout);
    let run = kubelint(dir.path(), &["man", "--dir", "man1"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let check = std::fs::read_to_string(dir.path().join("man1/kubelint-check.1")).unwrap();
    assert!(check.contains("\\-\\-exit\\-zero"), "{check}");
    assert!(dir.path().join("man1/kubelint.1").is_file());
}
