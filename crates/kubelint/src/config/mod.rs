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

mod read;
mod schema;

pub use read::MAX_CONFIG_SIZE;
pub use schema::{json_schema, json_schema_text, SCHEMA_URL};

use crate::diagnostic::{Diagnostic, Finding, Severity};
use crate::rules::{self, options::OptionValue};
use crate::source::{decode, LineIndex, Span};
use crate::yaml::{parse_document, split_documents, Limits};
use read::{read_config, read_config_file};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// File names searched for, in order.
pub const CONFIG_FILE_NAMES: &[&str] = &[".kubelint.yaml", ".kubelint.yml"];

/// What the configuration says about one rule.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleConfig {
    /// `None` keeps the rule's default; `Some(None)` turns it off.
    pub level: Option<Option<Severity>>,
    /// `rules.<id>.options`, checked against the rule's declarations.
    pub options: BTreeMap<String, OptionValue>,
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
    /// verdict depends on the release (they declare a
    /// [`OptionKind::KubernetesVersion`](crate::rules::options::OptionKind)
    /// option) use it unless their own option is set.
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

impl Config {
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

fn error(path: &str, text: &str, span: Span, message: String) -> Diagnostic {
    Finding::new(rules::input::invalid_config::RULE.id, span, message).into_diagnostic(
        path,
        text,
        &LineIndex::new(text),
        Severity::Error,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_full_configuration() {
        let text = "enable: [all]\ndisable: run-as-root\nrules:\n  latest-image-tag: error\n  host-namespaces:\n    severity: off\n  replicas-too-low: {options: {min-replicas: 3}}\nexclude: [\"charts/**\"]\nlimits: {max-file-size: 64MiB, max-depth: 50}\n";
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
            config.rules["replicas-too-low"].options["min-replicas"],
            OptionValue::Integer(3)
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
        assert!(
            summary[2].2.starts_with("unknown key `limts`; did you mean `limits`? (expected one of enable, disable, rules,"),
            "{}",
            summary[2].2
        );
        assert!(problems.iter().all(|d| d.rule == "invalid-config"));
    }

    #[test]
    fn options_are_checked_against_the_rules_declarations() {
        let text = "\
rules:
  image-registry-not-allowed:
    options: {allowed-registrys: [registry.example.com]}
  replicas-too-low:
    options:
      min-replicas: \"three\"
  run-as-root: {options: {strict: true}}
  unsafe-sysctls: {options: {kubernetes-version: \"2.0\"}}
  resources-missing: {options: {ignore-cpu-limit: yes}}
";
        let (config, problems) = Config::from_yaml(".kubelint.yaml", text);
        let summary: Vec<_> = problems
            .iter()
            .map(|d| (d.start.line, d.start.column, d.message.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                (3, 15, "unknown option `allowed-registrys` of `image-registry-not-allowed`; did you mean `allowed-registries`? (expected one of allowed-registries)"),
                (6, 21, "`min-replicas` must be a whole number of at least 1"),
                (7, 27, "unknown option `strict`: `run-as-root` has no options"),
                (8, 50, "`kubernetes-version` must be a Kubernetes release such as \"1.32\""),
            ]
        );
        assert!(problems.iter().all(|d| d.rule == "invalid-config"));
        assert_eq!(
            config.rules["resources-missing"].options["ignore-cpu-limit"],
            OptionValue::Bool(true)
        );
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
