//! Configuration: `.kubelint.yaml`, found upward from the linted path.
//!
//! ```yaml
//! profile: cis                              # security (default) | pss-baseline | pss-restricted | cis | all
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

mod overrides;
mod read;
mod schema;

pub use overrides::{OverrideList, Overrides, UnknownRuleName};
pub use read::MAX_CONFIG_SIZE;
pub use schema::{json_schema, json_schema_text, SCHEMA_URL};

use crate::diagnostic::{Diagnostic, Finding, Severity};
use crate::rules::{self, options::OptionValue, profiles::Profile};
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

/// The project configuration (`.kubelint.yaml`) merged with the
/// command line's or editor's overrides: which rules run, at what
/// severity, with which options, over which files. `Config::default()` runs
/// the default rule set; [`Config::load`] and [`Config::from_yaml`] read a
/// file and return the problems found as `invalid-config` findings.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Config {
    /// The rules that run when nothing names them (`profile:`); `None` is
    /// the default profile, [`Profile::Security`].
    pub profile: Option<Profile>,
    /// Rules to turn on beyond the defaults; `all` turns on every rule.
    pub enable: Vec<String>,
    /// Rules to turn off; `all` turns off every rule not enabled by name.
    pub disable: Vec<String>,
    /// Per-rule settings (`rules.<id>`: severity, enabled, options), by rule id.
    pub rules: BTreeMap<String, RuleConfig>,
    /// Globs of paths not to lint, relative to `root`.
    pub exclude: Vec<String>,
    /// Parser limits that bound memory and time on hostile input.
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
    /// The command line's or the editor's selection on top of the file.
    pub overrides: Overrides,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            profile: None,
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
            overrides: Overrides::default(),
        }
    }
}

/// Where Kubernetes puts an object that names no namespace.
pub const DEFAULT_NAMESPACE: &str = "default";

impl Config {
    /// What `rule` reads of this configuration: its `rules.<id>.options`
    /// and the top-level `kubernetes-version`.
    pub(crate) fn rule_options(&self, rule: &'static rules::Rule) -> rules::RuleOptions<'_> {
        rules::RuleOptions::new(
            rule,
            self.rules.get(rule.id).map(|r| &r.options),
            self.kubernetes_version,
        )
    }

    /// The severity a rule runs at, or `None` if it does not run.
    ///
    /// One precedence for the project file and the [`Overrides`] (command
    /// line, editor settings):
    /// 1. a setting that names the rule beats `all`;
    /// 2. then the overrides beat the project file;
    /// 3. then, within one of them, a severity (`rules.<id>`, the editor's
    ///    `severity`) beats `disable`, which beats `enable`;
    /// 4. with no setting at all, the profile's choice: the overrides'
    ///    profile, else the project's, else [`Profile::Security`] (the
    ///    rules on by default).
    ///
    /// So `disable: [all]` with `enable: [a, b]` runs just `a` and `b`, and
    /// `kubelint check --enable x` runs `x` even where the project turns it
    /// off. The severity is the overrides', else the project's, else the
    /// rule's. Rules whose findings mean input was not checked always run.
    pub fn rule_severity(&self, rule: &rules::Rule) -> Option<Severity> {
        if rule.means_not_checked() {
            return Some(rule.severity);
        }
        let project = Layer {
            enable: &self.enable,
            disable: &self.disable,
            level: self.rules.get(rule.id).and_then(|r| r.level),
        };
        let overrides = Layer {
            enable: &self.overrides.enable,
            disable: &self.overrides.disable,
            level: self.overrides.severity.get(rule.id).copied(),
        };
        // The settings about the rule, each with its rank (higher wins):
        // (names the rule, from the overrides, severity > disable > enable).
        let mut decision: Option<((bool, bool, u8), bool)> = None;
        for (from_overrides, layer) in [(false, &project), (true, &overrides)] {
            for (named, id) in [(false, "all"), (true, rule.id)] {
                let mut say = |kind: u8, on: bool| {
                    let rank = (named, from_overrides, kind);
                    if decision.is_none_or(|(best, _)| rank > best) {
                        decision = Some((rank, on));
                    }
                };
                if layer.enable.iter().any(|x| x == id) {
                    say(0, true);
                }
                if layer.disable.iter().any(|x| x == id) {
                    say(1, false);
                }
                if let (true, Some(level)) = (named, layer.level) {
                    say(2, level.is_some());
                }
            }
        }
        let profile = self.profile();
        let on = decision.map_or_else(|| profile.includes(rule), |(_, on)| on);
        let severity = [overrides.level, project.level]
            .into_iter()
            .find_map(|level| level.flatten())
            .unwrap_or(rule.severity);
        on.then_some(severity)
    }

    /// The profile in effect: the overrides' (`--profile`), else the
    /// project's (`profile:`), else [`Profile::Security`].
    pub fn profile(&self) -> Profile {
        self.overrides.profile.or(self.profile).unwrap_or_default()
    }

    /// Whether suppressions written in the manifests are honoured: the
    /// overrides' word, else the project's `inline-ignores`.
    pub fn honours_inline_ignores(&self) -> bool {
        self.overrides.inline_ignores.unwrap_or(self.inline_ignores)
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

    /// Reads the configuration file at `path`, strictly: any problem (an
    /// unreadable file, bad YAML, an unknown rule or option, a mistyped
    /// value) is an error carrying every `invalid-config` finding.
    pub fn from_path(path: &Path) -> Result<Config, ConfigError> {
        ConfigError::check(Config::load(path))
    }

    /// Parses configuration text strictly; `path` names it in the errors.
    pub fn parse(path: &str, text: &str) -> Result<Config, ConfigError> {
        ConfigError::check(Config::from_yaml(path, text))
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

/// One source of rule settings: the project file or the overrides.
struct Layer<'a> {
    enable: &'a [String],
    disable: &'a [String],
    /// The severity setting of the rule, if any (`Some(None)`: off).
    level: Option<Option<Severity>>,
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
    fn overrides_beat_the_project_at_equal_reach() {
        let (mut config, problems) = Config::from_yaml(
            ".kubelint.yaml",
            "disable: [run-as-root, all]\nenable: [latest-image-tag]\nrules:\n  host-namespaces: off\n  privileged-container: info\n  host-port: error\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let severity = |config: &Config, id| config.rule_severity(rules::by_id(id).unwrap());
        assert_eq!(severity(&config, "run-as-root"), None);
        assert_eq!(
            severity(&config, "latest-image-tag"),
            Some(Severity::Warning)
        );
        assert_eq!(
            severity(&config, "privileged-container"),
            Some(Severity::Info)
        );
        assert_eq!(severity(&config, "seccomp-unconfined"), None);

        config.overrides.enable = vec![
            "run-as-root".into(),
            "host-namespaces".into(),
            "host-port".into(),
        ];
        config.overrides.disable = vec!["latest-image-tag".into()];
        config
            .overrides
            .severity
            .insert("privileged-container".into(), Some(Severity::Warning));
        assert!(config.overrides.resolve_names().is_empty());
        // Named by the overrides: on, even where the project turns them off.
        assert_eq!(severity(&config, "run-as-root"), Some(Severity::Warning));
        assert_eq!(severity(&config, "host-namespaces"), Some(Severity::Error));
        // The project's severity stays when the overrides only enable.
        assert_eq!(severity(&config, "host-port"), Some(Severity::Error));
        assert_eq!(severity(&config, "latest-image-tag"), None);
        assert_eq!(
            severity(&config, "privileged-container"),
            Some(Severity::Warning)
        );

        // `all` in the overrides beats `all` in the project, not a rule the
        // project names.
        config.overrides = Overrides::default();
        config.overrides.enable = vec!["all".into()];
        assert_eq!(
            severity(&config, "seccomp-unconfined"),
            Some(Severity::Error)
        );
        assert_eq!(severity(&config, "run-as-root"), None);
        // Within the overrides, a severity beats `disable`, which beats `enable`.
        config.overrides.enable = vec!["ssh-port-exposed".into()];
        config.overrides.disable = vec!["ssh-port-exposed".into(), "host-ipc".into()];
        assert_eq!(severity(&config, "ssh-port-exposed"), None);
        config
            .overrides
            .severity
            .insert("ssh-port-exposed".into(), Some(Severity::Info));
        assert_eq!(severity(&config, "ssh-port-exposed"), Some(Severity::Info));
        // Input that was not checked is always reported.
        config.overrides.disable = vec!["invalid-yaml".into()];
        assert_eq!(severity(&config, "invalid-yaml"), Some(Severity::Error));
    }

    #[test]
    fn profiles_choose_the_rules_nothing_names() {
        let severity = |config: &Config, id| config.rule_severity(rules::by_id(id).unwrap());
        let text = "profile: cis\ndisable: [apiserver-audit-log]\nenable: [latest-image-tag]\n";
        let (mut config, problems) = Config::from_yaml(".kubelint.yaml", text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.profile, Some(Profile::Cis));
        // In the profile, off by default: on.
        assert_eq!(
            severity(&config, "rbac-create-workloads"),
            rules::by_id("rbac-create-workloads").map(|r| r.severity)
        );
        // Not in the profile: off, unless the configuration names it.
        assert_eq!(severity(&config, "ssh-port-exposed"), None);
        assert!(severity(&config, "latest-image-tag").is_some());
        assert_eq!(severity(&config, "apiserver-audit-log"), None);
        // The command line's profile replaces the project's; named rules stay.
        config.overrides.profile = Some(Profile::PssBaseline);
        assert!(severity(&config, "host-port").is_some());
        assert_eq!(severity(&config, "ssh-port-exposed"), None);
        assert_eq!(severity(&config, "rbac-create-workloads"), None);
        assert!(severity(&config, "latest-image-tag").is_some());
        // Input that was not checked is always reported.
        assert!(severity(&config, "invalid-yaml").is_some());

        let (_, problems) = Config::from_yaml(".kubelint.yaml", "profile: pss-restriced\n");
        let summary: Vec<_> = problems
            .iter()
            .map(|d| (d.start.line, d.start.column, d.message.as_str()))
            .collect();
        assert_eq!(
            summary,
            [(1, 10, "unknown profile `pss-restriced`; did you mean `pss-restricted`? (expected one of security, pss-baseline, pss-restricted, cis, all)")]
        );
        let (_, problems) = Config::from_yaml(".kubelint.yaml", "profile: [cis]\n");
        assert_eq!(problems[0].message, "`profile` must be a profile name");
    }

    #[test]
    fn override_names_resolve_aliases_and_suggest() {
        let mut overrides = Overrides {
            enable: vec![
                "latest-tag".into(),
                "latest-image-tag".into(),
                "privileged-containers".into(),
            ],
            ..Overrides::default()
        };
        overrides.severity.insert("CKV_K8S_16".into(), None);
        let unknown = overrides.resolve_names();
        assert_eq!(overrides.enable, ["latest-image-tag"]);
        assert_eq!(
            overrides.severity.keys().collect::<Vec<_>>(),
            ["privileged-container"]
        );
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].list, OverrideList::Enable);
        assert!(
            unknown[0]
                .message
                .contains("did you mean `privileged-container`?"),
            "{unknown:?}"
        );
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

/// A configuration that could not be read as written: every problem found,
/// as `invalid-config` findings with their file and line:column.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConfigError {
    /// The `invalid-config` findings, in file order.
    pub problems: Vec<Diagnostic>,
}

impl ConfigError {
    fn check((config, problems): (Config, Vec<Diagnostic>)) -> Result<Config, ConfigError> {
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(ConfigError { problems })
        }
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, d) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(
                f,
                "{}:{}:{}: {}",
                d.file, d.start.line, d.start.column, d.message
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}
