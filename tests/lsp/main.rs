//! Protocol tests of `kubelint lsp`: the real binary, spoken to over stdio
//! the way editors do (see `client.rs`). Every wait has a deadline.

mod client;

use client::{capabilities, file_uri, Client};
use kubelint::rules::docs::docs_url;
use kubelint::source::{LineIndex, PositionEncoding};
use kubelint::{Config, Linter};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_kubelint"))
}

/// A server with no debounce, so tests do not wait for it.
fn start(pull: bool, utf8: bool, options: Value, root: Option<&Path>) -> (Client, Value) {
    let mut client = Client::spawn(bin(), &[("KUBELINT_LSP_DEBOUNCE_MS", "0")]);
    let caps = client.initialize(capabilities(pull, utf8), options, root);
    (client, caps)
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kubelint-lsp-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: web
          image: nginx:latest
          securityContext:
            allowPrivilegeEscalation: false
            privileged: true
";

const CLEAN: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: web
          image: nginx:1.27.2
          resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 200m, memory: 64Mi}}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
";

/// Where `needle` is in the first occurrence of `context`, e.g. the value
/// `true` of `privileged: true`: `(line, character)`, 0-based, counted in
/// `encoding`.
fn position_of(text: &str, context: &str, needle: &str, encoding: PositionEncoding) -> (u32, u32) {
    let at = text
        .find(context)
        .unwrap_or_else(|| panic!("{context:?} not in text"));
    let within = context
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {context:?}"));
    LineIndex::new(text).position(text, (at + within) as u32, encoding)
}

fn range_of(text: &str, context: &str, needle: &str, encoding: PositionEncoding) -> Value {
    let (line, start) = position_of(text, context, needle, encoding);
    let width: u32 = match encoding {
        PositionEncoding::Utf8 => needle.len() as u32,
        _ => needle.chars().map(|c| c.len_utf16() as u32).sum(),
    };
    json!({"start": {"line": line, "character": start}, "end": {"line": line, "character": start + width}})
}

fn by_code<'a>(diagnostics: &'a Value, code: &str) -> Vec<&'a Value> {
    diagnostics
        .as_array()
        .map(|all| all.iter().filter(|d| d["code"] == code).collect())
        .unwrap_or_default()
}

fn codes(diagnostics: &Value) -> Vec<String> {
    diagnostics
        .as_array()
        .map(|all| {
            all.iter()
                .map(|d| d["code"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Applies LSP text edits (UTF-16 positions) to `text`.
fn apply(text: &str, edits: &[Value]) -> String {
    let index = LineIndex::new(text);
    let offset = |p: &Value| {
        index.offset(
            text,
            p["line"].as_u64().unwrap() as u32,
            p["character"].as_u64().unwrap() as u32,
            PositionEncoding::Utf16,
        )
    };
    let edits: Vec<kubelint::Edit> = edits
        .iter()
        .map(|e| kubelint::Edit {
            range: kubelint::source::Span::new(
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
            ),
            replacement: e["newText"].as_str().unwrap().to_owned(),
        })
        .collect();
    kubelint::edit::apply_edits(text, &edits).expect("edits apply")
}

/// The text edits of a code action for `uri` (plain `changes` form).
fn action_edits(action: &Value, uri: &str) -> Vec<Value> {
    action["edit"]["changes"][uri]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("no edits for {uri} in {action}"))
}

fn code_actions(
    client: &mut Client,
    uri: &str,
    at: (u32, u32),
    context: Value,
    only: Option<Value>,
) -> Vec<Value> {
    let mut ctx = json!({"diagnostics": context});
    if let Some(only) = only {
        ctx["only"] = only;
    }
    let cursor = json!({"line": at.0, "character": at.1});
    client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": {"start": cursor, "end": cursor}, "context": ctx}),
        )
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn initialize_negotiates_encoding_and_capabilities() {
    let (client, caps) = start(false, true, Value::Null, None);
    assert_eq!(caps["positionEncoding"], "utf-8");
    assert_eq!(caps["textDocumentSync"]["change"], 1, "full sync");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["hoverProvider"], true);
    let kinds = &caps["codeActionProvider"]["codeActionKinds"];
    assert!(
        kinds.as_array().unwrap().contains(&json!("quickfix")),
        "{kinds}"
    );
    assert!(
        kinds
            .as_array()
            .unwrap()
            .contains(&json!("source.fixAll.kubelint")),
        "{kinds}"
    );
    assert!(
        caps.get("diagnosticProvider").is_none(),
        "a push client must not be offered pull"
    );
    assert!(client.shutdown().success());

    let (client, caps) = start(true, false, Value::Null, None);
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["diagnosticProvider"]["identifier"], "kubelint");
    assert_eq!(caps["diagnosticProvider"]["workspaceDiagnostics"], false);
    assert!(client.shutdown().success());
}

#[test]
fn push_diagnostics_carry_the_version_and_exact_ranges() {
    let (mut client, _) = start(false, false, Value::Null, None);
    let uri = "file:///ws/deploy.yaml";
    client.open(uri, 1, DEPLOYMENT);
    let published = client.published(uri, 1);
    let diagnostics = &published["diagnostics"];
    let privileged = by_code(diagnostics, "privileged-container");
    assert_eq!(privileged.len(), 1, "{diagnostics}");
    let d = privileged[0];
    assert_eq!(
        d["range"],
        range_of(
            DEPLOYMENT,
            "privileged: true",
            "true",
            PositionEncoding::Utf16
        )
    );
    assert_eq!(d["source"], "kubelint");
    assert_eq!(d["severity"], 1);
    assert_eq!(
        d["codeDescription"]["href"],
        docs_url("privileged-container")
    );
    let latest = by_code(diagnostics, "latest-image-tag");
    assert_eq!(latest.len(), 1, "{diagnostics}");
    assert_eq!(
        latest[0]["range"],
        range_of(
            DEPLOYMENT,
            "nginx:latest",
            "latest",
            PositionEncoding::Utf16
        )
    );
    let severity = kubelint::rules::by_id("latest-image-tag").unwrap().severity;
    let expected = match severity {
        kubelint::Severity::Error => 1,
        kubelint::Severity::Warning => 2,
        kubelint::Severity::Info => 3,
    };
    assert_eq!(latest[0]["severity"], expected);

    // Findings clear: an empty list, with the new version.
    client.change(uri, 2, CLEAN);
    let published = client.published(uri, 2);
    assert_eq!(published["diagnostics"], json!([]));

    // Closing clears the document's diagnostics too.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let cleared = client.wait_for("diagnostics cleared on close", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["version"].is_null()
    });
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
    assert!(client.shutdown().success());
}

#[test]
fn pull_diagnostics_answer_unchanged_only_for_the_same_text() {
    let (mut client, _) = start(true, false, Value::Null, None);
    let uri = "file:///ws/deploy.yaml";
    client.open(uri, 1, DEPLOYMENT);
    let pull = |client: &mut Client, previous: Option<&str>| {
        client.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}, "previousResultId": previous}),
        )
    };
    let first = pull(&mut client, None);
    assert_eq!(first["kind"], "full");
    assert_eq!(
        by_code(&first["items"], "privileged-container").len(),
        1,
        "{first}"
    );
    let id = first["resultId"].as_str().expect("a result id").to_owned();

    let again = pull(&mut client, Some(&id));
    assert_eq!(again, json!({"kind": "unchanged", "resultId": id}));

    // A new version with the same text is still unchanged.
    client.change(uri, 2, DEPLOYMENT);
    assert_eq!(pull(&mut client, Some(&id))["kind"], "unchanged");

    // New text: a full report, even if an old id is sent.
    client.change(uri, 3, CLEAN);
    let third = pull(&mut client, Some(&id));
    assert_eq!(third["kind"], "full");
    assert_eq!(third["items"], json!([]));
    assert_ne!(third["resultId"], json!(id));

    // A client that sends another text under the same version gets the
    // findings of that text, not those cached for the version (found by
    // the `lsp` fuzz target: code actions came back for the old text).
    client.change(uri, 3, DEPLOYMENT);
    let reused = pull(&mut client, None);
    assert_eq!(
        by_code(&reused["items"], "privileged-container").len(),
        1,
        "{reused}"
    );

    // A pull client is never pushed to.
    let pushed: Vec<Value> = client
        .drain(Duration::from_millis(300))
        .into_iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect();
    assert!(pushed.is_empty(), "pushed to a pull client: {pushed:?}");
    assert!(client.shutdown().success());
}

/// A finding after an emoji and CJK text on its own line.
const WIDE: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: wide
  annotations: {note: \"😀 日本語\"}
spec:
  securityContext: {runAsNonRoot: true}
  containers:
  - {name: app, image: \"registry.example.com/app:1.0\", securityContext: {\"説明😀\": x, allowPrivilegeEscalation: false, privileged: true}}
";

#[test]
fn positions_count_utf16_or_utf8_as_negotiated() {
    for (utf8, encoding) in [
        (false, PositionEncoding::Utf16),
        (true, PositionEncoding::Utf8),
    ] {
        let (mut client, _) = start(false, utf8, Value::Null, None);
        let uri = "file:///ws/wide.yaml";
        client.open(uri, 1, WIDE);
        let published = client.published(uri, 1);
        let privileged = by_code(&published["diagnostics"], "privileged-container");
        assert_eq!(privileged.len(), 1, "{published}");
        assert_eq!(
            privileged[0]["range"],
            range_of(WIDE, "privileged: true", "true", encoding),
            "utf8: {utf8}"
        );
        assert!(client.shutdown().success());
    }
}

#[test]
fn hover_shows_the_rule_documentation() {
    let (mut client, _) = start(false, false, Value::Null, None);
    let uri = "file:///ws/deploy.yaml";
    client.open(uri, 1, DEPLOYMENT);
    let published = client.published(uri, 1);
    let range = by_code(&published["diagnostics"], "privileged-container")[0]["range"].clone();
    let (line, character) = position_of(
        DEPLOYMENT,
        "privileged: true",
        "true",
        PositionEncoding::Utf16,
    );
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character + 2}}),
    );
    assert_eq!(hover["contents"]["kind"], "markdown");
    let markdown = hover["contents"]["value"].as_str().unwrap();
    let rule = kubelint::rules::by_id("privileged-container").unwrap();
    assert!(
        markdown.contains(&kubelint::rules::docs::rule_page(rule)),
        "{markdown}"
    );
    assert!(markdown.contains("runs privileged"), "{markdown}");
    assert_eq!(hover["range"], range);

    let nothing = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}}),
    );
    assert_eq!(nothing, Value::Null);
    assert!(client.shutdown().success());
}

#[test]
fn code_actions_fix_and_ignore_a_finding() {
    let (mut client, _) = start(false, false, Value::Null, None);
    let uri = "file:///ws/deploy.yaml";
    client.open(uri, 1, DEPLOYMENT);
    let published = client.published(uri, 1);
    let at = position_of(
        DEPLOYMENT,
        "privileged: true",
        "true",
        PositionEncoding::Utf16,
    );
    // Editors send the diagnostics of the cursor's line as context.
    let context: Vec<Value> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["range"]["start"]["line"] == at.0)
        .cloned()
        .collect();
    let actions = code_actions(&mut client, uri, at, json!(context), None);
    let titled =
        |title: &str| -> Vec<&Value> { actions.iter().filter(|a| a["title"] == title).collect() };

    let fix = titled("Set privileged: false");
    assert_eq!(fix.len(), 1, "exactly one quick fix: {actions:?}");
    assert_eq!(fix[0]["kind"], "quickfix");
    assert_eq!(fix[0]["diagnostics"][0]["code"], "privileged-container");
    let fixed = apply(DEPLOYMENT, &action_edits(fix[0], uri));
    assert_eq!(
        fixed,
        DEPLOYMENT.replace("privileged: true", "privileged: false")
    );

    let ignore = titled("Ignore privileged-container on this line");
    assert_eq!(ignore.len(), 1, "{actions:?}");
    let ignored = apply(DEPLOYMENT, &action_edits(ignore[0], uri));
    assert!(
        ignored.contains("            allowPrivilegeEscalation: false\n            # kubelint-ignore: privileged-container -- <reason>\n            privileged: true\n"),
        "{ignored}"
    );
    // The core honours the comment: the finding is gone in the editor...
    client.change(uri, 2, &ignored);
    let after = client.published(uri, 2);
    let left = codes(&after["diagnostics"]);
    assert!(
        !left.contains(&"privileged-container".to_owned()),
        "{left:?}"
    );
    assert!(!left.contains(&"unused-suppression".to_owned()), "{left:?}");
    assert!(left.contains(&"latest-image-tag".to_owned()), "{left:?}");
    // ...and in the CLI's core.
    let cli = kubelint::lint_str("deploy.yaml", &ignored, &Config::default());
    assert!(cli.iter().all(|d| d.rule != "privileged-container"));

    // Asking for source actions only gives no quick fixes.
    let only_source = code_actions(&mut client, uri, at, json!([]), Some(json!(["source"])));
    assert!(
        only_source.iter().all(|a| a["kind"] != "quickfix"),
        "{only_source:?}"
    );
    assert!(client.shutdown().success());
}

/// Manifests to check fix-all on: this file's, and every rule's failing
/// documentation examples (so rules that gain safe fixes are covered).
fn fix_all_cases() -> Vec<(String, String)> {
    let mut cases = vec![("deploy".to_owned(), DEPLOYMENT.to_owned())];
    for rule in kubelint::rules::all() {
        let docs = rule.documentation();
        for (i, block) in docs.split("```yaml fail\n").skip(1).enumerate() {
            if let Some(example) = block.split("```").next() {
                cases.push((format!("{}-{i}", rule.id), example.to_owned()));
            }
        }
    }
    cases
}

#[test]
fn fix_all_applies_exactly_what_check_fix_applies() {
    let (mut client, _) = start(false, false, Value::Null, None);
    let linter = Linter::new(Config::default());
    for (version, (name, text)) in fix_all_cases().into_iter().enumerate() {
        let uri = format!("file:///ws/{name}.yaml");
        client.open(&uri, version as i32, &text);
        client.published(&uri, version as i64);
        let actions = code_actions(
            &mut client,
            &uri,
            (0, 0),
            json!([]),
            Some(json!(["source.fixAll"])),
        );
        // The CLI's `--fix` (safe fixes only) on the same text.
        let expected = linter.fix_str(&format!("{name}.yaml"), &text, false).text;
        if expected == text {
            assert!(
                actions.is_empty(),
                "{name}: nothing safe to fix, yet {actions:?}"
            );
        } else {
            assert_eq!(actions.len(), 1, "{name}: {actions:?}");
            assert_eq!(actions[0]["kind"], "source.fixAll.kubelint");
            let fixed = apply(&text, &action_edits(&actions[0], &uri));
            assert_eq!(fixed, expected, "{name}");
        }
        client.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
    }
    assert!(client.shutdown().success());
}

#[test]
fn rapid_edits_publish_the_last_version_last() {
    // The default debounce, as editors get it.
    let mut client = Client::spawn(bin(), &[]);
    client.initialize(capabilities(false, false), Value::Null, None);
    let uri = "file:///ws/deploy.yaml";
    client.open(uri, 0, DEPLOYMENT);
    let last = 1000;
    for version in 1..=last {
        let text = if version % 2 == 0 { DEPLOYMENT } else { CLEAN };
        client.change(uri, version, text);
    }
    // Every push, in arrival order, up to the last version's and for a
    // while after it.
    let mut pushes = Vec::new();
    loop {
        let push = client.wait_for(&format!("publishDiagnostics up to v{last}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
        });
        let version = push["params"]["version"].as_i64().unwrap_or(-1);
        pushes.push(push);
        if version == i64::from(last) {
            break;
        }
    }
    pushes.extend(
        client
            .drain(Duration::from_millis(500))
            .into_iter()
            .filter(|m| m["method"] == "textDocument/publishDiagnostics"),
    );
    let versions: Vec<i64> = pushes
        .iter()
        .map(|m| m["params"]["version"].as_i64().unwrap_or(-1))
        .collect();
    assert!(
        versions.windows(2).all(|w| w[0] <= w[1]),
        "versions out of order: {versions:?}"
    );
    assert_eq!(versions.last(), Some(&i64::from(last)), "{versions:?}");
    // Debounced: far fewer lints than edits.
    assert!(
        versions.len() < 100,
        "{} pushes for {last} edits",
        versions.len()
    );
    // `last` is even: the text with findings.
    let published = &pushes.last().unwrap()["params"];
    assert_eq!(
        by_code(&published["diagnostics"], "privileged-container").len(),
        1
    );
    // The server still answers promptly.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(hover, Value::Null);
    assert!(client.shutdown().success());
}

#[test]
fn settings_layer_over_the_project_configuration() {
    let dir = temp_dir("settings");
    std::fs::write(
        dir.join(".kubelint.yaml"),
        "rules:\n  privileged-container: warning\n",
    )
    .unwrap();
    let path = dir.join("deploy.yaml");
    let uri = file_uri(&path);
    let options = json!({"enable": true, "select": [], "ignore": ["latest-image-tag", "no-such-rule"], "severity": [], "configPath": null, "unknown": 1});
    let (mut client, _) = start(false, false, options, Some(&dir));
    client.open(&uri, 1, DEPLOYMENT);
    let published = client.published(&uri, 1);
    assert!(
        by_code(&published["diagnostics"], "latest-image-tag").is_empty(),
        "ignored in settings"
    );
    let privileged = by_code(&published["diagnostics"], "privileged-container");
    assert_eq!(privileged[0]["severity"], 2, "warning from .kubelint.yaml");
    // A misspelt rule id in the settings is said in the log, not fatal.
    client.wait_for("a warning about the unknown rule id", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["type"] == 2
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("unknown rule `no-such-rule`"))
    });

    // The editor's severity wins over the project's.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"kubelint": {"severity": {"privileged-container": "info"}}}}),
    );
    let published = client.wait_for("re-published diagnostics with the new settings", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && by_code(&m["params"]["diagnostics"], "privileged-container")
                .first()
                .is_some_and(|d| d["severity"] == 3)
    });
    assert_eq!(
        by_code(&published["params"]["diagnostics"], "latest-image-tag").len(),
        1
    );

    // Settings pulled with workspace/configuration when the notification
    // carries none.
    client.configuration = json!({"enable": false});
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    client.wait_for("no diagnostics once disabled", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["diagnostics"] == json!([])
    });
    assert!(client
        .server_requests
        .iter()
        .any(|r| r["method"] == "workspace/configuration"
            && r["params"]["items"][0]["section"] == "kubelint"));
    assert!(client.shutdown().success());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn project_configuration_changes_are_picked_up_from_watched_files() {
    let dir = temp_dir("watch");
    let path = dir.join("deploy.yaml");
    std::fs::write(&path, DEPLOYMENT).unwrap();
    let uri = file_uri(&path);
    let (mut client, _) = start(false, false, Value::Null, Some(&dir));
    client.open(&uri, 1, DEPLOYMENT);
    let published = client.published(&uri, 1);
    assert_eq!(
        by_code(&published["diagnostics"], "latest-image-tag").len(),
        1
    );

    // The server asked to watch kubelint configuration files.
    let registration = client.wait_for_server_request("client/registerCapability");
    let watchers = &registration["params"]["registrations"][0]["registerOptions"]["watchers"];
    assert!(
        watchers
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["globPattern"] == "**/.kubelint.{yaml,yml}"),
        "{registration}"
    );

    let config = dir.join(".kubelint.yaml");
    let watched = |client: &mut Client, kind: u32| {
        client.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": file_uri(&config), "type": kind}]}),
        );
    };
    let latest_severity = |m: &Value| -> Option<Value> {
        (m["method"] == "textDocument/publishDiagnostics")
            .then(|| {
                by_code(&m["params"]["diagnostics"], "latest-image-tag")
                    .first()
                    .map(|d| d["severity"].clone())
            })
            .map(|s| s.unwrap_or(Value::Null))
    };
    std::fs::write(&config, "disable: [latest-image-tag]\n").unwrap();
    watched(&mut client, 1);
    client.wait_for("latest-image-tag disabled by the new .kubelint.yaml", |m| {
        latest_severity(m) == Some(Value::Null)
    });
    std::fs::write(&config, "rules:\n  latest-image-tag: error\n").unwrap();
    watched(&mut client, 2);
    client.wait_for("latest-image-tag as an error", |m| {
        latest_severity(m) == Some(json!(1))
    });
    std::fs::remove_file(&config).unwrap();
    watched(&mut client, 3);
    client.wait_for("latest-image-tag back to its default", |m| {
        latest_severity(m) == Some(json!(2))
    });
    assert!(client.shutdown().success());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Sorted `(line, character)` starts of `rule`'s diagnostics.
fn starts_of(diagnostics: &Value, rule: &str) -> Vec<(u64, u64)> {
    let mut starts: Vec<(u64, u64)> = by_code(diagnostics, rule)
        .iter()
        .map(|d| {
            let start = &d["range"]["start"];
            (
                start["line"].as_u64().unwrap_or(0),
                start["character"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    starts.sort();
    starts
}

/// Waits until the server says it indexed the workspace for set rules.
fn wait_for_index(client: &mut Client) {
    client.wait_for("the workspace index", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.starts_with("indexed "))
    });
}

/// Set rules relate objects across files. For every set rule, the
/// documents of its documentation examples are written to separate files
/// of a workspace; each file, opened in the editor, must get exactly the
/// findings its document gets when the whole example is linted at once (a
/// NetworkPolicy in another file counts, a missing one is missed).
#[test]
fn set_rules_see_the_workspace_on_disk() {
    let set_rules: Vec<_> = kubelint::rules::all()
        .iter()
        .filter(|r| r.is_set_rule())
        .collect();
    if set_rules.is_empty() {
        eprintln!(
            "no set rules yet: the cross-file check runs once one exists \
             (configuration reloads from watched files are tested above)"
        );
        return;
    }
    for rule in set_rules {
        let docs = rule.documentation();
        let examples = docs
            .split("```yaml fail\n")
            .skip(1)
            .chain(docs.split("```yaml pass\n").skip(1))
            .filter_map(|block| block.split("```").next());
        for (n, example) in examples.enumerate() {
            let documents: Vec<&str> = example.split("\n---\n").collect();
            if documents.len() < 2 {
                continue; // nothing to split across files
            }
            let mut config = Config::default();
            config.enable = vec![rule.id.to_owned()];
            let whole: Vec<_> = kubelint::lint_str("all.yaml", example, &config)
                .into_iter()
                .filter(|d| d.rule == rule.id)
                .collect();
            let dir = temp_dir(&format!("set-{}-{n}", rule.id));
            std::fs::write(
                dir.join(".kubelint.yaml"),
                format!("enable: [{}]\n", rule.id),
            )
            .unwrap();
            for (i, doc) in documents.iter().enumerate() {
                std::fs::write(dir.join(format!("doc-{i}.yaml")), format!("{doc}\n")).unwrap();
            }
            let (mut client, _) = start(true, false, Value::Null, Some(&dir));
            wait_for_index(&mut client);
            let mut start_of_doc = 0usize;
            for (i, doc) in documents.iter().enumerate() {
                let text = format!("{doc}\n");
                let index = LineIndex::new(&text);
                let end_of_doc = start_of_doc + doc.len();
                let mut expected: Vec<(u64, u64)> = whole
                    .iter()
                    .filter(|d| (start_of_doc..=end_of_doc).contains(&(d.range.start as usize)))
                    .map(|d| {
                        let local = d.range.start - start_of_doc as u32;
                        let (line, character) =
                            index.position(&text, local, PositionEncoding::Utf16);
                        (u64::from(line), u64::from(character))
                    })
                    .collect();
                expected.sort();
                let uri = file_uri(&dir.join(format!("doc-{i}.yaml")));
                client.open(&uri, 1, &text);
                let report = client.request(
                    "textDocument/diagnostic",
                    json!({"textDocument": {"uri": uri}}),
                );
                let got = starts_of(&report["items"], rule.id);
                assert_eq!(got, expected, "{} example {n}, document {i}", rule.id);
                start_of_doc = end_of_doc + "\n---\n".len();
            }
            // A pull client is asked to pull again when another document's
            // edit may change its findings.
            let refresh = "workspace/diagnostic/refresh";
            let before = client.server_request_count(refresh);
            let second = file_uri(&dir.join("doc-1.yaml"));
            client.change(&second, 2, "");
            client.request(
                "textDocument/diagnostic",
                json!({"textDocument": {"uri": second}}),
            );
            client.wait_for_server_requests(refresh, before + 1);
            assert!(client.shutdown().success());

            // Editing one document re-lints the others: with the second
            // document emptied in the editor (not on disk), the first gets
            // what linting the example without it gives.
            let (mut client, _) = start(false, false, Value::Null, Some(&dir));
            wait_for_index(&mut client);
            let uris: Vec<String> = (0..documents.len())
                .map(|i| file_uri(&dir.join(format!("doc-{i}.yaml"))))
                .collect();
            for (uri, doc) in uris.iter().zip(&documents) {
                client.open(uri, 1, &format!("{doc}\n"));
            }
            client.change(&uris[1], 2, "");
            let without: Vec<&str> = documents
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != 1)
                .map(|(_, d)| *d)
                .collect();
            let mut expected: Vec<(u64, u64)> =
                kubelint::lint_str("rest.yaml", &without.join("\n---\n"), &config)
                    .into_iter()
                    .filter(|d| d.rule == rule.id && (d.range.end as usize) <= documents[0].len())
                    .map(|d| (u64::from(d.start.line) - 1, u64::from(d.start.column) - 1))
                    .collect();
            expected.sort();
            let first = uris[0].clone();
            client.wait_for(
                &format!("{} on document 0 after emptying document 1", rule.id),
                |m| {
                    m["method"] == "textDocument/publishDiagnostics"
                        && m["params"]["uri"] == first
                        && starts_of(&m["params"]["diagnostics"], rule.id) == expected
                },
            );
            assert!(client.shutdown().success());

            // The same edit made on disk, with only the first document open,
            // arrives through workspace/didChangeWatchedFiles.
            let (mut client, _) = start(false, false, Value::Null, Some(&dir));
            wait_for_index(&mut client);
            client.open(&first, 1, &format!("{}\n", documents[0]));
            client.published(&first, 1);
            std::fs::write(dir.join("doc-1.yaml"), "").unwrap();
            client.notify(
                "workspace/didChangeWatchedFiles",
                json!({"changes": [{"uri": uris[1], "type": 2}]}),
            );
            client.wait_for(
                &format!("{} on document 0 after emptying doc-1.yaml", rule.id),
                |m| {
                    m["method"] == "textDocument/publishDiagnostics"
                        && m["params"]["uri"] == first
                        && starts_of(&m["params"]["diagnostics"], rule.id) == expected
                },
            );
            assert!(client.shutdown().success());
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }
}

#[test]
fn bad_input_never_takes_the_server_down() {
    let (mut client, _) = start(false, false, Value::Null, None);
    // Not JSON at all: a parse error reply, with a null id.
    client.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    let error = client.wait_for("a parse error", |m| m["error"]["code"] == -32700);
    assert_eq!(error["id"], Value::Null);
    // JSON, but not JSON-RPC.
    client.send(&json!({"hello": "world", "id": 41}));
    let invalid = client.wait_for("an invalid request error", |m| m["id"] == 41);
    assert_eq!(invalid["error"]["code"], -32600);
    // Junk between messages, and a header with no length.
    client.send_raw(b"garbage without headers\r\n\r\nX-Nothing: 1\r\n\r\n");
    // An unknown request gets "method not found"; an unknown notification nothing.
    let unknown = client.request_message("kubelint/noSuchThing", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    client.notify("kubelint/noSuchNotification", json!({}));
    // Edits and requests for documents never opened.
    client.change("file:///ws/never-opened.yaml", 3, "a: b\n");
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///ws/never-opened.yaml"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(hover, Value::Null);
    let actions = code_actions(
        &mut client,
        "file:///ws/never-opened.yaml",
        (0, 0),
        json!([]),
        None,
    );
    assert!(actions.is_empty());
    // Params of the wrong shape.
    let wrong = client.request_message("textDocument/hover", json!({"textDocument": 7}));
    assert_eq!(wrong["error"]["code"], -32602);
    // Invalid YAML is a diagnostic, not a failure.
    client.open(
        "file:///ws/broken.yaml",
        1,
        "apiVersion: v1\nkind: Pod\nspec: [unclosed\n",
    );
    let published = client.published("file:///ws/broken.yaml", 1);
    assert_eq!(codes(&published["diagnostics"]), ["invalid-yaml"]);
    // Still serving.
    client.open("file:///ws/deploy.yaml", 1, DEPLOYMENT);
    let published = client.published("file:///ws/deploy.yaml", 1);
    assert_eq!(
        by_code(&published["diagnostics"], "privileged-container").len(),
        1
    );
    assert!(client.shutdown().success());
}

#[test]
fn a_50000_line_file_is_linted_without_blocking_other_requests() {
    let (mut client, _) = start(false, false, Value::Null, None);
    let per_copy = DEPLOYMENT.lines().count() + 1;
    let big = format!("{DEPLOYMENT}---\n").repeat(50_000 / per_copy + 1);
    assert!(big.lines().count() >= 50_000);
    let count = big.matches("privileged: true").count();
    client.open("file:///ws/big.yaml", 1, &big);
    // Linting runs off the message loop: a request about another document
    // is answered while the big one is still being linted.
    client.open("file:///ws/small.yaml", 1, DEPLOYMENT);
    let (line, character) = position_of(
        DEPLOYMENT,
        "privileged: true",
        "true",
        PositionEncoding::Utf16,
    );
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///ws/small.yaml"}, "position": {"line": line, "character": character}}),
    );
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert!(
        !client.has_pending(|m| m["params"]["uri"] == "file:///ws/big.yaml"),
        "the big file was published before a hover on the small one was answered"
    );
    let published = client.published("file:///ws/big.yaml", 1);
    assert_eq!(
        by_code(&published["diagnostics"], "privileged-container").len(),
        count
    );
    assert!(client.shutdown().success());
}

#[test]
fn files_that_are_not_manifests_get_no_diagnostics_and_templates_a_notice() {
    let (mut client, _) = start(false, false, Value::Null, None);
    let cases = [
        (
            "file:///ws/.github/workflows/ci.yml",
            "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n    - run: make\n",
        ),
        (
            "file:///ws/chart/values.yaml",
            "image:\n  repository: nginx\n  tag: latest\nsecurityContext:\n  privileged: true\n",
        ),
    ];
    for (uri, text) in cases {
        client.open(uri, 1, text);
        let published = client.published(uri, 1);
        assert_eq!(published["diagnostics"], json!([]), "{uri}");
    }
    // A template document is not linted, and the editor says so where its
    // first template action is; the privileged pod after it is linted.
    let uri = "file:///ws/chart/templates/deploy.yaml";
    client.open(uri, 1, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n{{- if .Values.hostNetwork }}\n  hostNetwork: true\n{{- end }}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: nginx:1.25\n    securityContext: {privileged: true}\n");
    let published = client.published(uri, 1);
    let notices = by_code(&published["diagnostics"], "template");
    assert_eq!(notices.len(), 1, "{published}");
    assert_eq!(notices[0]["severity"], 3, "information");
    assert_eq!(notices[0]["source"], "kubelint");
    assert_eq!(
        notices[0]["range"],
        json!({"start": {"line": 5, "character": 0}, "end": {"line": 5, "character": 2}})
    );
    assert!(notices[0]["message"]
        .as_str()
        .unwrap()
        .contains("helm template"));
    let privileged = by_code(&published["diagnostics"], "privileged-container");
    assert_eq!(privileged.len(), 1, "{published}");
    assert_eq!(
        privileged[0]["range"]["start"],
        json!({"line": 16, "character": 34})
    );
    let logged: Vec<Value> = client
        .drain(Duration::from_millis(200))
        .into_iter()
        .filter(|m| m["method"] == "window/logMessage" && m["params"]["type"] == 1)
        .collect();
    assert!(logged.is_empty(), "errors logged: {logged:?}");
    assert!(client.shutdown().success());
}

#[test]
fn kubelint_configuration_files_are_checked_as_configuration() {
    let (mut client, _) = start(false, false, Value::Null, None);
    let uri = "file:///ws/.kubelint.yaml";
    client.open(uri, 1, "disable: [latest-image-tags]\n");
    let published = client.published(uri, 1);
    let diagnostics = by_code(&published["diagnostics"], "invalid-config");
    assert_eq!(diagnostics.len(), 1, "{published}");
    assert!(diagnostics[0]["message"]
        .as_str()
        .unwrap()
        .contains("did you mean `latest-image-tag`"));
    assert!(client.shutdown().success());
}

#[test]
fn shutdown_then_exit_ends_cleanly_and_a_closed_stdin_ends_too() {
    let (client, _) = start(false, false, Value::Null, None);
    let status = client.shutdown();
    assert_eq!(status.code(), Some(0));

    let (mut client, _) = start(false, false, Value::Null, None);
    client.close_stdin();
    let status = client.wait_exit();
    assert_eq!(status.code(), Some(1), "no shutdown request: exit code 1");

    // Requests after shutdown are refused, exit still works.
    let (mut client, _) = start(false, false, Value::Null, None);
    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    let refused = client.request_message(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///x"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(refused["error"]["code"], -32600);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit().code(), Some(0));
}
