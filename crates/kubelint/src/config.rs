//! Configuration: `.kubelint.yaml`, found upward from the linted path.
//!
//! ```yaml
//! enable: [image-pull-policy-not-always]   # rules off by default to turn on ("all" for every rule)
//! disable: [run-as-root]                    # rules to turn off
//! rules:
//!   latest-image-tag: warning               # error | warning | info | off
//!   image-registry-not-allowed:
//!     severity: error
//!     options: {allowed-registries: [registry.example.com]}
//! exclude: ["charts/**", "**/*.generated.yaml"]
//! limits: {max-file-size: 64MiB, max-depth: 1000, alias-budget: 1000000, max-documents: 10000, max-nodes: 2000000}
//! default-namespace: shop                   # where objects without metadata.namespace land (default: default)
//! require-reason: true                      # suppressions must say why: `-- reason`
//! inline-ignores: false                     # audit: ignore suppressions written in the manifests
//! ```
//!
//! Errors in the file are `invalid-config` diagnostics with spans.

use crate::diagnostic::{Diagnostic, Finding, Severity};
use crate::rules;
use crate::source::{decode, LineIndex, Span};
use crate::yaml::{parse_document, split_documents, Limits, NodeRef};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// File names searched for, in order.
pub const CONFIG_FILE_NAMES: &[&str] = &[".kubelint.yaml", ".kubelint.yml"];

/// What the configuration says about one rule.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleConfig {
    /// `None` keeps the rule's default; `Some(None)` turns it off.
    pub level: Option<Option<Severity>>,
    pub options: Map<String, Value>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Rules to turn on beyond the defaults; `all` turns on every rule.
    pub enable: Vec<String>,
    pub disable: Vec<String>,
    pub rules: BTreeMap<String, RuleConfig>,
    /// Globs of paths not to lint, relative to `root`.
    pub exclude: Vec<String>,
    pub limits: Limits,
    /// Worker threads; `None` uses every core, `Some(1)` works on the
    /// calling thread only.
    pub threads: Option<usize>,
    /// Skip files ignored by `.gitignore` and friends.
    pub respect_gitignore: bool,
    /// The oldest Kubernetes release the manifests must suit
    /// (`kubernetes-version: "1.30"`); `None` means the newest. Rules whose
    /// verdict depends on the release take it as their
    /// `kubernetes-version` option unless they set their own.
    pub kubernetes_version: Option<crate::k8s::KubernetesVersion>,
    /// The directory the configuration file is in (globs are relative to it).
    pub root: Option<PathBuf>,
    /// The configuration file this came from.
    pub source: Option<PathBuf>,
    /// The namespace an object without `metadata.namespace` is created in
    /// (`kubectl apply` without `-n` uses the context's, usually `default`).
    /// Set rules relate objects by it.
    pub default_namespace: String,
    /// Honour suppressions written in the manifests (`# kubelint-ignore`
    /// comments, `kubelint/ignore` annotations). `false` is an audit run.
    pub inline_ignores: bool,
    /// A suppression without `-- reason` suppresses nothing and is reported.
    pub require_reason: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            enable: Vec::new(),
            disable: Vec::new(),
            rules: BTreeMap::new(),
            exclude: Vec::new(),
            limits: Limits::default(),
            threads: None,
            respect_gitignore: true,
            kubernetes_version: None,
            root: None,
            source: None,
            default_namespace: DEFAULT_NAMESPACE.to_owned(),
            inline_ignores: true,
            require_reason: false,
        }
    }
}

/// Where Kubernetes puts an object that names no namespace.
pub const DEFAULT_NAMESPACE: &str = "default";

/// Rules whose verdict depends on the Kubernetes release, and so read the
/// `kubernetes-version` option.
const VERSION_AWARE_RULES: &[&str] = &[
    "deprecated-api-version",
    "host-probes-lifecycle",
    "proc-mount-unmasked",
    "unsafe-sysctls",
];

impl Config {
    /// Gives the top-level `kubernetes-version` to every rule that reads
    /// one and does not set its own.
    fn apply_kubernetes_version(&mut self) {
        let Some(version) = self.kubernetes_version else {
            return;
        };
        for id in VERSION_AWARE_RULES {
            self.rules
                .entry((*id).to_owned())
                .or_default()
                .options
                .entry("kubernetes-version")
                .or_insert_with(|| Value::String(version.to_string()));
        }
    }

    /// The severity a rule runs at, or `None` if it does not run.
    ///
    /// The most specific setting wins: `rules.<id>` over `enable`/`disable`
    /// naming the rule over `enable`/`disable: [all]` over the rule's
    /// default. So `disable: [all]` with `enable: [a, b]` runs just `a` and
    /// `b`. Rules that report unreadable input always run.
    pub fn rule_severity(&self, rule: &rules::Rule) -> Option<Severity> {
        if rule.means_not_checked() {
            return Some(rule.severity);
        }
        let names = |list: &[String], id: &str| list.iter().any(|x| x == id);
        let mut on = rule.default_enabled;
        for (id, enable) in [
            ("all", true),
            ("all", false),
            (rule.id, true),
            (rule.id, false),
        ] {
            let list = if enable { &self.enable } else { &self.disable };
            if names(list, id) {
                on = enable;
            }
        }
        let mut severity = rule.severity;
        if let Some(level) = self.rules.get(rule.id).and_then(|r| r.level) {
            on = level.is_some();
            severity = level.unwrap_or(severity);
        }
        on.then_some(severity)
    }

    pub fn rule_options(&self, id: &str) -> Option<&Map<String, Value>> {
        self.rules
            .get(id)
            .map(|r| &r.options)
            .filter(|o| !o.is_empty())
    }

    /// Finds `.kubelint.yaml` in `start` (a file's directory or a directory)
    /// or its ancestors.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let start = if start.is_file() {
            start.parent()?
        } else {
            start
        };
        // `kubelint check pod.yaml`: the parent of a bare file name is "",
        // which does not canonicalize; it means the current directory (the
        // configuration next to the file was silently ignored).
        let start = if start.as_os_str().is_empty() {
            Path::new(".")
        } else {
            start
        };
        let start = std::fs::canonicalize(start).ok()?;
        start.ancestors().find_map(|dir| {
            CONFIG_FILE_NAMES
                .iter()
                .map(|name| dir.join(name))
                .find(|path| path.is_file())
        })
    }

    /// Loads a configuration file. Problems come back as `invalid-config`
    /// diagnostics; the configuration is still usable (bad entries are
    /// ignored) but callers should treat them as errors.
    pub fn load(path: &Path) -> (Config, Vec<Diagnostic>) {
        let display = path.display().to_string();
        match read_config_file(path) {
            Ok(bytes) => match decode(&bytes) {
                Ok(text) => {
                    let (mut config, diagnostics) = Config::from_yaml(&display, text);
                    config.root = path.parent().map(Path::to_path_buf);
                    config.source = Some(path.to_path_buf());
                    (config, diagnostics)
                }
                Err(e) => (
                    Config::default(),
                    vec![error(&display, "", Span::at(0), e.message)],
                ),
            },
            Err(e) => (Config::default(), vec![error(&display, "", Span::at(0), e)]),
        }
    }

    /// Parses configuration text; `path` is only used in diagnostics.
    pub fn from_yaml(path: &str, text: &str) -> (Config, Vec<Diagnostic>) {
        let mut config = Config::default();
        let mut problems: Vec<(Span, String)> = Vec::new();
        let chunks = split_documents(text, crate::source::bom_len(text));
        let docs: Vec<_> = chunks
            .iter()
            .enumerate()
            .map(|(i, c)| parse_document(text, c.span, i, &Limits::default()))
            .collect();
        for doc in &docs {
            for issue in &doc.issues {
                problems.push((issue.span, issue.message.clone()));
            }
        }
        if let Some(root) = docs.iter().find_map(|d| d.root()).filter(|r| !r.is_null()) {
            read_config(root, &mut config, &mut problems);
        }
        config.apply_kubernetes_version();
        let index = LineIndex::new(text);
        let diagnostics =
            problems
                .into_iter()
                .map(|(span, message)| {
                    Finding::new(rules::input::invalid_config::RULE.id, span, message)
                        .into_diagnostic(path, text, &index, Severity::Error)
                })
                .collect();
        (config, diagnostics)
    }
}

/// Largest configuration file read. A configuration is a few hundred bytes;
/// this keeps `--config /dev/zero` or a multi-gigabyte `.kubelint.yaml` from
/// hanging the run or exhausting memory.
pub const MAX_CONFIG_SIZE: u64 = 1 << 20;

fn read_config_file(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let metadata = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    // A FIFO or device would block or never end.
    if !metadata.is_file() {
        return Err("cannot read: it is not a regular file".into());
    }
    if metadata.len() > MAX_CONFIG_SIZE {
        return Err(format!(
            "the configuration file is {} bytes, larger than the limit of {MAX_CONFIG_SIZE} bytes",
            metadata.len()
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_CONFIG_SIZE + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_CONFIG_SIZE {
        return Err(format!(
            "the configuration file is larger than the limit of {MAX_CONFIG_SIZE} bytes"
        ));
    }
    Ok(bytes)
}

fn error(path: &str, text: &str, span: Span, message: String) -> Diagnostic {
    Finding::new(rules::input::invalid_config::RULE.id, span, message).into_diagnostic(
        path,
        text,
        &LineIndex::new(text),
        Severity::Error,
    )
}

fn read_config(root: NodeRef<'_>, config: &mut Config, problems: &mut Vec<(Span, String)>) {
    if !root.is_mapping() {
        problems.push((root.span(), "the configuration must be a mapping".into()));
        return;
    }
    for (key, value) in root.entries() {
        match key.text().unwrap_or("") {
            "enable" => config.enable = rule_list(value, problems),
            "disable" => config.disable = rule_list(value, problems),
            "rules" => read_rules(value, config, problems),
            "exclude" => config.exclude = string_list(value, problems),
            "limits" => read_limits(value, &mut config.limits, problems),
            "threads" => match value.as_i64() {
                Some(n) if n > 0 => config.threads = Some(n as usize),
                _ => problems.push((value.span(), "`threads` must be a positive integer".into())),
            },
            "respect-gitignore" => read_bool(value, "respect-gitignore", &mut config.respect_gitignore, problems),
            "inline-ignores" => read_bool(value, "inline-ignores", &mut config.inline_ignores, problems),
            "require-reason" => read_bool(value, "require-reason", &mut config.require_reason, problems),
            "default-namespace" => match value.as_str().filter(|s| is_namespace_name(s)) {
                Some(ns) => config.default_namespace = ns.to_owned(),
                None => problems.push((value.span(), "`default-namespace` must be a namespace name (lowercase letters, digits and `-`)".into())),
            },
            "kubernetes-version" => match value.text().and_then(crate::k8s::KubernetesVersion::parse) {
                Some(version) => config.kubernetes_version = Some(version),
                None => problems.push((
                    value.span(),
                    "`kubernetes-version` must be a release such as \"1.32\"".into(),
                )),
            },
            other => problems.push((
                key.span(),
                format!(
                    "unknown key `{other}`; expected one of enable, disable, rules, exclude, limits, threads, respect-gitignore, kubernetes-version, default-namespace, require-reason, inline-ignores"
                ),
            )),
        }
    }
}

fn read_bool(value: NodeRef<'_>, name: &str, into: &mut bool, problems: &mut Vec<(Span, String)>) {
    match value.as_bool() {
        Some(b) => *into = b,
        None => problems.push((value.span(), format!("`{name}` must be true or false"))),
    }
}

/// An RFC 1123 label, as namespace names are.
fn is_namespace_name(name: &str) -> bool {
    (1..=63).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

fn string_list(value: NodeRef<'_>, problems: &mut Vec<(Span, String)>) -> Vec<String> {
    if let Some(s) = value.text().filter(|_| !value.is_null()) {
        return vec![s.to_owned()];
    }
    if !value.is_sequence() {
        problems.push((value.span(), "expected a list of strings".into()));
        return Vec::new();
    }
    value
        .items()
        .filter_map(|item| match item.text() {
            Some(s) => Some(s.to_owned()),
            None => {
                problems.push((item.span(), "expected a string".into()));
                None
            }
        })
        .collect()
}

fn rule_list(value: NodeRef<'_>, problems: &mut Vec<(Span, String)>) -> Vec<String> {
    let ids = string_list(value, problems);
    let items: Vec<_> = if value.is_sequence() {
        value.items().collect()
    } else {
        vec![value]
    };
    for (id, node) in ids.iter().zip(items) {
        if id != "all" && rules::by_id(id).is_none() {
            problems.push((node.span(), unknown_rule(id)));
        }
    }
    ids
}

fn unknown_rule(id: &str) -> String {
    let suggestion = rules::all()
        .iter()
        .map(|r| r.id)
        .find(|known| known.starts_with(id.trim_end_matches('s')) || id.starts_with(known))
        .map(|known| format!("; did you mean `{known}`?"))
        .unwrap_or_default();
    format!("unknown rule `{id}`{suggestion} (`kubelint rules` lists them)")
}

fn level(value: NodeRef<'_>, problems: &mut Vec<(Span, String)>) -> Option<Option<Severity>> {
    if value.as_bool() == Some(false) || value.text() == Some("off") {
        return Some(None);
    }
    if value.as_bool() == Some(true) || value.text() == Some("on") {
        return None;
    }
    match value.text().and_then(Severity::parse) {
        Some(severity) => Some(Some(severity)),
        None => {
            problems.push((
                value.span(),
                "expected a severity: error, warning, info or off".into(),
            ));
            None
        }
    }
}

fn read_rules(value: NodeRef<'_>, config: &mut Config, problems: &mut Vec<(Span, String)>) {
    if !value.is_mapping() {
        problems.push((
            value.span(),
            "`rules` must map rule ids to a severity or settings".into(),
        ));
        return;
    }
    for (key, settings) in value.entries() {
        let id = key.text().unwrap_or("");
        if rules::by_id(id).is_none() {
            problems.push((key.span(), unknown_rule(id)));
            continue;
        }
        let mut rule = RuleConfig::default();
        if settings.is_mapping() {
            for (k, v) in settings.entries() {
                match k.text().unwrap_or("") {
                    "severity" | "level" => rule.level = level(v, problems),
                    "options" => match to_json(v) {
                        Value::Object(map) => rule.options = map,
                        _ => problems.push((v.span(), "`options` must be a mapping".into())),
                    },
                    other => problems.push((
                        k.span(),
                        format!("unknown rule setting `{other}`; expected severity or options"),
                    )),
                }
            }
        } else {
            rule.level = level(settings, problems);
        }
        config.rules.insert(id.to_owned(), rule);
    }
}

fn read_limits(value: NodeRef<'_>, limits: &mut Limits, problems: &mut Vec<(Span, String)>) {
    for (key, v) in value.entries() {
        let name = key.text().unwrap_or("");
        let parsed = match name {
            "max-file-size" => parse_size(v),
            "max-depth" | "alias-budget" | "max-documents" | "max-nodes" => {
                v.as_i64().filter(|n| *n > 0).map(|n| n as u64)
            }
            _ => {
                problems.push((
                    key.span(),
                    format!("unknown limit `{name}`; expected max-file-size, max-depth, alias-budget, max-documents or max-nodes"),
                ));
                continue;
            }
        };
        let Some(n) = parsed else {
            problems.push((
                v.span(),
                format!(
                    "`{name}` must be a positive number{}",
                    if name == "max-file-size" {
                        " or a size like 64MiB"
                    } else {
                        ""
                    }
                ),
            ));
            continue;
        };
        match name {
            "max-file-size" => limits.max_file_size = n,
            "max-depth" => limits.max_depth = n as usize,
            "alias-budget" => limits.alias_budget = n,
            "max-nodes" => limits.max_nodes = n as usize,
            _ => limits.max_documents = n as usize,
        }
    }
}

/// `1048576`, `512KB`, `64MiB`, `1GiB`.
fn parse_size(value: NodeRef<'_>) -> Option<u64> {
    if let Some(n) = value.as_i64() {
        return (n > 0).then_some(n as u64);
    }
    let text = value.text()?.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let n: u64 = digits.parse().ok()?;
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return None,
    };
    n.checked_mul(factor).filter(|n| *n > 0)
}

/// A YAML subtree as JSON, for rule options.
fn to_json(node: NodeRef<'_>) -> Value {
    if node.is_mapping() {
        let map = node
            .entries()
            .into_iter()
            .map(|(k, v)| (k.text().unwrap_or("").to_owned(), to_json(v)))
            .collect();
        return Value::Object(map);
    }
    if node.is_sequence() {
        return Value::Array(node.items().map(to_json).collect());
    }
    if node.is_null() {
        return Value::Null;
    }
    if let Some(b) = node.as_bool() {
        return Value::Bool(b);
    }
    if let Some(n) = node.as_i64() {
        return Value::from(n);
    }
    Value::String(node.text().unwrap_or("").to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_full_configuration() {
        let text = "enable: [all]\ndisable: run-as-root\nrules:\n  latest-image-tag: error\n  host-namespaces:\n    severity: off\n  secret-in-env: {options: {extra: [X]}}\nexclude: [\"charts/**\"]\nlimits: {max-file-size: 64MiB, max-depth: 50}\n";
        let (config, problems) = Config::from_yaml(".kubelint.yaml", text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            config.rule_severity(rules::by_id("latest-image-tag").unwrap()),
            Some(Severity::Error)
        );
        assert_eq!(
            config.rule_severity(rules::by_id("host-namespaces").unwrap()),
            None
        );
        assert_eq!(
            config.rule_severity(rules::by_id("run-as-root").unwrap()),
            None
        );
        assert_eq!(config.limits.max_file_size, 64 << 20);
        assert_eq!(config.limits.max_depth, 50);
        assert_eq!(config.exclude, ["charts/**"]);
        assert_eq!(
            config.rule_options("secret-in-env").unwrap()["extra"],
            serde_json::json!(["X"])
        );
    }

    #[test]
    fn errors_point_at_the_mistake() {
        let text = "rules:\n  privileged-containers: off\n  run-as-root: loud\nlimts: {}\n";
        let (_, problems) = Config::from_yaml(".kubelint.yaml", text);
        let summary: Vec<_> = problems
            .iter()
            .map(|d| (d.start.line, d.start.column, d.message.as_str()))
            .collect();
        assert_eq!(summary[0].0, 2);
        assert_eq!(summary[0].1, 3);
        assert!(
            summary[0].2.contains("did you mean `privileged-container`"),
            "{}",
            summary[0].2
        );
        assert_eq!((summary[1].0, summary[1].1), (3, 16));
        assert!(summary[2].2.starts_with("unknown key `limts`"));
        assert!(problems.iter().all(|d| d.rule == "invalid-config"));
    }

    #[test]
    fn reads_namespace_and_suppression_settings() {
        let (config, problems) = Config::from_yaml(
            ".kubelint.yaml",
            "default-namespace: shop\nrequire-reason: yes\ninline-ignores: false\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.default_namespace, "shop");
        assert!(config.require_reason && !config.inline_ignores);
        let (config, problems) = Config::from_yaml(
            ".kubelint.yaml",
            "default-namespace: Shop_1\nrequire-reason: 1\n",
        );
        assert_eq!(config.default_namespace, "default");
        let spans: Vec<_> = problems
            .iter()
            .map(|d| (d.start.line, d.start.column))
            .collect();
        assert_eq!(spans, [(1, 20), (2, 17)]);
    }
}
