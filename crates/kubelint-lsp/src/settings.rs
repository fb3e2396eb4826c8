//! The `kubelint` settings section the editors send (initializationOptions,
//! `workspace/configuration`, `workspace/didChangeConfiguration`), and how it
//! is layered over a project's `.kubelint.yaml`.
//!
//! ```json
//! { "enable": true, "select": ["all"], "ignore": ["latest-image-tag"],
//!   "severity": {"privileged-container": "warning"}, "configPath": null,
//!   "inlineIgnores": true }
//! ```
//!
//! Settings files are hand-edited and Lua tables serialise oddly (an empty
//! table is `[]`), so reading is lenient: a field of the wrong type keeps
//! its default, unknown fields are ignored, and nothing here fails.

use kubelint::config::{OverrideList, Overrides};
use kubelint::rules::profiles::Profile;
use kubelint::{Config, Severity};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The settings section's name.
pub const SECTION: &str = "kubelint";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// `false` turns every diagnostic and action off.
    pub enable: bool,
    /// Rules to turn on beyond the project's selection; `all` for every rule.
    pub select: Vec<String>,
    /// Rules to turn off.
    pub ignore: Vec<String>,
    /// Severity per rule; `None` is "off".
    pub severity: BTreeMap<String, Option<Severity>>,
    /// A `.kubelint.yaml` to use instead of the one found upward.
    pub config_path: Option<String>,
    /// `false`: audit mode, suppressions written in the manifests are not
    /// honoured (`inline-ignores` in `.kubelint.yaml`); `None` keeps the
    /// project's choice.
    pub inline_ignores: Option<bool>,
    /// The profile that replaces the project's `profile:` (`profile`:
    /// `security`, `pss-baseline`, `pss-restricted`, `cis`, `all`); `None`
    /// keeps the project's.
    pub profile: Option<String>,
    /// Delay between an edit and its lint (`debounceMs`; not part of the
    /// editor contract, used by benchmarks and tests).
    pub debounce: Option<Duration>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            enable: true,
            select: Vec::new(),
            ignore: Vec::new(),
            severity: BTreeMap::new(),
            config_path: None,
            inline_ignores: None,
            profile: None,
            debounce: None,
        }
    }
}

impl Settings {
    /// Reads a settings object: the section itself, or an object holding it
    /// under `kubelint` (`{settings: {kubelint: …}}` minus `settings`).
    /// `None` when `value` holds no settings at all (null, or another
    /// server's section).
    pub fn from_json(value: &Value) -> Option<Settings> {
        // An object without any of our keys (`{}`, another server's
        // settings) says nothing about kubelint.
        const KEYS: &[&str] = &[
            "enable",
            "select",
            "ignore",
            "severity",
            "configPath",
            "inlineIgnores",
            "profile",
        ];
        let section = match value.get(SECTION) {
            Some(inner) if inner.is_object() => inner,
            Some(_) => return None,
            None if KEYS.iter().any(|k| value.get(k).is_some()) => value,
            None => return None,
        };
        let mut settings = Settings::default();
        if let Some(enable) = section.get("enable").and_then(Value::as_bool) {
            settings.enable = enable;
        }
        settings.select = string_list(section.get("select"));
        settings.ignore = string_list(section.get("ignore"));
        if let Some(levels) = section.get("severity").and_then(Value::as_object) {
            for (rule, level) in levels {
                let level = match level.as_str() {
                    Some("off") => None,
                    Some(text) => match Severity::parse(text) {
                        Some(severity) => Some(severity),
                        None => continue,
                    },
                    None => continue,
                };
                settings.severity.insert(rule.clone(), level);
            }
        }
        settings.config_path = section
            .get("configPath")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned);
        settings.inline_ignores = section.get("inlineIgnores").and_then(Value::as_bool);
        settings.profile = section
            .get("profile")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned);
        settings.debounce = section
            .get("debounceMs")
            .and_then(Value::as_u64)
            .map(|ms| Duration::from_millis(ms.min(10_000)));
        Some(settings)
    }

    /// Layers these settings over a project configuration as its
    /// [`Overrides`], the layer the command line's `--enable`/`--disable`
    /// use too (same names, aliases and precedence). Returns a note for
    /// every name that is not a rule.
    pub fn apply(&self, config: &mut Config) -> Vec<String> {
        let mut overrides = Overrides::default();
        overrides.enable.clone_from(&self.select);
        overrides.disable.clone_from(&self.ignore);
        overrides.severity.clone_from(&self.severity);
        overrides.inline_ignores = self.inline_ignores;
        let mut notes: Vec<String> = Vec::new();
        match self.profile.as_deref().map(Profile::parse) {
            Some(Ok(profile)) => overrides.profile = Some(profile),
            Some(Err(message)) => notes.push(format!("kubelint.profile: {message}")),
            None => {}
        }
        notes.extend(overrides.resolve_names().into_iter().map(|unknown| {
            let setting = match unknown.list {
                OverrideList::Enable => "select",
                OverrideList::Disable => "ignore",
                OverrideList::Severity => "severity",
            };
            format!("kubelint.{setting}: {}", unknown.message)
        }));
        config.overrides = overrides;
        notes
    }

    /// `configPath` as a path: `~/` is the home directory, a relative path
    /// is relative to the workspace root.
    pub fn config_file(&self, workspace_root: Option<&Path>) -> Option<PathBuf> {
        let raw = self.config_path.as_deref()?;
        let path = match raw.strip_prefix("~/") {
            Some(rest) => std::env::var_os("HOME")
                .map_or_else(|| PathBuf::from(raw), |home| Path::new(&home).join(rest)),
            None => PathBuf::from(raw),
        };
        Some(match workspace_root {
            Some(root) if path.is_relative() => root.join(path),
            _ => path,
        })
    }
}

fn string_list(value: Option<&Value>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let items: Vec<&Value> = match value {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single @ Value::String(_)) => vec![single],
        _ => Vec::new(),
    };
    for item in items {
        if let Some(id) = item.as_str().map(str::trim).filter(|s| !s.is_empty()) {
            if !out.iter().any(|o| o == id) {
                out.push(id.to_owned());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_contract_and_tolerates_junk() {
        let settings = Settings::from_json(&json!({
            "enable": true,
            "select": ["all", 3, "", "all"],
            "ignore": "latest-image-tag",
            "severity": {"privileged-container": "warning", "run-as-root": "off", "x": 1},
            "configPath": null,
            "somethingNew": {"a": 1}
        }))
        .unwrap();
        assert!(settings.enable);
        assert_eq!(settings.select, ["all"]);
        assert_eq!(settings.ignore, ["latest-image-tag"]);
        assert_eq!(
            settings.severity.get("privileged-container"),
            Some(&Some(Severity::Warning))
        );
        assert_eq!(settings.severity.get("run-as-root"), Some(&None));
        assert_eq!(settings.config_path, None);

        // Neovim sends an empty Lua table as `[]`; nulls everywhere are fine.
        let lua = Settings::from_json(
            &json!({"kubelint": {"severity": [], "select": null, "enable": null}}),
        );
        assert_eq!(lua, Some(Settings::default()));
        assert_eq!(Settings::from_json(&Value::Null), None);
        assert_eq!(Settings::from_json(&json!({"kubelint": null})), None);
        assert_eq!(Settings::from_json(&json!({})), None);
        assert_eq!(Settings::from_json(&json!({"yaml": {"a": 1}})), None);
        assert_eq!(
            Settings::from_json(&json!({"kubelint": {}})),
            Some(Settings::default())
        );
    }

    fn severity_in(config: &Config, id: &str) -> Option<Severity> {
        config.rule_severity(kubelint::rules::by_id(id).unwrap())
    }

    #[test]
    fn editor_settings_win_over_the_project() {
        let (mut config, _) = Config::from_yaml(
            ".kubelint.yaml",
            "disable: [run-as-root]\nrules:\n  host-namespaces: off\n",
        );
        let settings = Settings::from_json(&json!({
            "select": ["run-as-root", "host-namespaces"],
            "ignore": ["latest-image-tag"],
            "severity": {"privileged-container": "info", "no-such-rule": "error"}
        }))
        .unwrap();
        let notes = settings.apply(&mut config);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("no-such-rule"));
        let severity = |id| config.rule_severity(kubelint::rules::by_id(id).unwrap());
        assert_eq!(severity("run-as-root"), Some(Severity::Warning));
        assert_eq!(severity("host-namespaces"), Some(Severity::Error));
        assert_eq!(severity("latest-image-tag"), None);
        assert_eq!(severity("privileged-container"), Some(Severity::Info));
        assert!(config.honours_inline_ignores());
        // The editor's profile replaces the project's; named rules stay.
        let cis =
            Settings::from_json(&json!({"profile": "cis", "select": ["run-as-root"]})).unwrap();
        assert!(cis.apply(&mut config).is_empty());
        assert_eq!(severity_in(&config, "ssh-port-exposed"), None);
        assert!(severity_in(&config, "rbac-create-workloads").is_some());
        assert!(severity_in(&config, "run-as-root").is_some());
        let typo = Settings::from_json(&json!({"profile": "ciss"})).unwrap();
        let notes = typo.apply(&mut config);
        assert_eq!(
            notes,
            ["kubelint.profile: unknown profile `ciss`; did you mean `cis`? (expected one of security, pss-baseline, pss-restricted, cis, all)"]
        );
        let audit = Settings::from_json(&json!({"inlineIgnores": false})).unwrap();
        audit.apply(&mut config);
        assert!(!config.honours_inline_ignores());
    }

    #[test]
    fn config_path_is_relative_to_the_workspace() {
        let settings = Settings {
            config_path: Some("ops/.kubelint.yaml".into()),
            ..Settings::default()
        };
        assert_eq!(
            settings.config_file(Some(Path::new("/ws"))),
            Some(PathBuf::from("/ws/ops/.kubelint.yaml"))
        );
    }
}
