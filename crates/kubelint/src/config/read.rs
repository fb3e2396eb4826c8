//! Reading `.kubelint.yaml`: every mistake is a problem at its span, with
//! a "did you mean" where a name is misspelt, and the rest of the file is
//! still read.

use super::{Config, RuleConfig};
use crate::diagnostic::Severity;
use crate::k8s::KubernetesVersion;
use crate::rules::names::{did_you_mean, RuleName};
use crate::rules::profiles::Profile;
use crate::rules::Rule;
use crate::source::Span;
use crate::yaml::{Limits, NodeRef};
use std::path::Path;

/// A problem in the configuration: where, and what is wrong.
pub(super) type Problems = Vec<(Span, String)>;

/// The top-level keys of `.kubelint.yaml` and what each holds (for the
/// JSON Schema and for the "expected one of" of an unknown key).
pub(crate) const KEYS: &[(&str, &str)] = &[
    ("enable", "Rules to turn on beyond the defaults: rule ids, or `all` for every rule."),
    ("disable", "Rules to turn off: rule ids, or `all`."),
    ("rules", "Per rule: a severity (`error`, `warning`, `info`, `off`) or `{severity, options}`."),
    ("exclude", "Globs of paths not to lint, relative to this file's directory."),
    ("limits", "Input limits: `max-file-size` (bytes or a size like `64MiB`), `max-depth`, `alias-budget`, `max-documents`, `max-nodes`."),
    ("threads", "Worker threads (default: one per core)."),
    ("respect-gitignore", "Skip files that `.gitignore` and friends ignore (default: true)."),
    ("kubernetes-version", "The oldest Kubernetes release the manifests must suit, e.g. \"1.30\"; rules whose verdict depends on the release use it (default: the newest)."),
    ("default-namespace", "The namespace objects without `metadata.namespace` are created in (default: `default`)."),
    ("require-reason", "Suppressions must give a reason (`-- why`); those that do not suppress nothing."),
    ("inline-ignores", "Honour the suppressions written in the manifests (default: true); `false` is an audit run."),
    ("profile", "The rules that run unless named in `enable`/`disable`/`rules`: `security` (default: the rules on by default), `pss-baseline`, `pss-restricted`, `cis` or `all`."),
];

/// The limits under `limits:`.
pub(crate) const LIMIT_KEYS: &[&str] = &[
    "max-file-size",
    "max-depth",
    "alias-budget",
    "max-documents",
    "max-nodes",
];

/// Largest configuration file read. A configuration is a few hundred bytes;
/// this keeps `--config /dev/zero` or a multi-gigabyte `.kubelint.yaml` from
/// hanging the run or exhausting memory.
pub const MAX_CONFIG_SIZE: u64 = 1 << 20;

pub(super) fn read_config_file(path: &Path) -> Result<Vec<u8>, String> {
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

pub(super) fn read_config(root: NodeRef<'_>, config: &mut Config, problems: &mut Problems) {
    if !root.is_mapping() {
        problems.push((root.span(), "the configuration must be a mapping".into()));
        return;
    }
    for (key, value) in root.entries() {
        match key.text().unwrap_or("") {
            "profile" => match value.as_str().map(Profile::parse) {
                Some(Ok(profile)) => config.profile = Some(profile),
                Some(Err(message)) => problems.push((value.span(), message)),
                None => problems.push((value.span(), "`profile` must be a profile name".into())),
            },
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
            "kubernetes-version" => match value.text().and_then(KubernetesVersion::parse) {
                Some(version) => config.kubernetes_version = Some(version),
                None => problems.push((
                    value.span(),
                    "`kubernetes-version` must be a release such as \"1.32\"".into(),
                )),
            },
            other => problems.push((
                key.span(),
                unknown(&format!("key `{other}`"), other, KEYS.iter().map(|(k, _)| *k)),
            )),
        }
    }
}

/// "unknown key `x`; did you mean `y`? (expected one of a, b, c)", where
/// `what` is "key `x`" and `name` is `x`.
fn unknown<'a>(what: &str, name: &str, known: impl Iterator<Item = &'a str> + Clone) -> String {
    let list: Vec<&str> = known.clone().collect();
    format!(
        "unknown {what}{} (expected one of {})",
        did_you_mean(name, known),
        list.join(", ")
    )
}

fn read_bool(value: NodeRef<'_>, name: &str, into: &mut bool, problems: &mut Problems) {
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

/// A list of strings; a single string counts as a list of one.
fn string_list(value: NodeRef<'_>, problems: &mut Problems) -> Vec<String> {
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

/// A list of rule names, as the ids they name; unknown names are problems.
fn rule_list(value: NodeRef<'_>, problems: &mut Problems) -> Vec<String> {
    let names = string_list(value, problems);
    let items: Vec<_> = if value.is_sequence() {
        value.items().collect()
    } else {
        vec![value]
    };
    names
        .iter()
        .zip(items)
        .filter_map(|(name, node)| match RuleName::resolve(name) {
            Ok(rule) => Some(rule.id().to_owned()),
            Err(message) => {
                problems.push((node.span(), message));
                None
            }
        })
        .collect()
}

fn level(value: NodeRef<'_>, problems: &mut Problems) -> Option<Option<Severity>> {
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

fn read_rules(value: NodeRef<'_>, config: &mut Config, problems: &mut Problems) {
    if !value.is_mapping() {
        problems.push((
            value.span(),
            "`rules` must map rule ids to a severity or settings".into(),
        ));
        return;
    }
    for (key, settings) in value.entries() {
        let name = key.text().unwrap_or("");
        let rule = match RuleName::resolve(name) {
            Ok(RuleName::Rule(rule)) => rule,
            Ok(RuleName::All) => {
                problems.push((
                    key.span(),
                    "`rules` takes rule ids, not `all`: use `enable: [all]`".into(),
                ));
                continue;
            }
            Err(message) => {
                problems.push((key.span(), message));
                continue;
            }
        };
        let mut rule_config = RuleConfig::default();
        if settings.is_mapping() {
            for (k, v) in settings.entries() {
                match k.text().unwrap_or("") {
                    "severity" | "level" => rule_config.level = level(v, problems),
                    "options" => read_options(rule, v, &mut rule_config, problems),
                    other => problems.push((
                        k.span(),
                        format!("unknown rule setting `{other}`; expected severity or options"),
                    )),
                }
            }
        } else {
            rule_config.level = level(settings, problems);
        }
        config.rules.insert(rule.id.to_owned(), rule_config);
    }
}

/// `rules.<id>.options`, checked against what the rule declares.
fn read_options(rule: &Rule, value: NodeRef<'_>, into: &mut RuleConfig, problems: &mut Problems) {
    if !value.is_mapping() {
        problems.push((value.span(), "`options` must be a mapping".into()));
        return;
    }
    for (key, node) in value.entries() {
        let name = key.text().unwrap_or("");
        let Some(option) = rule.options.iter().find(|o| o.name == name) else {
            let message = if rule.options.is_empty() {
                format!("unknown option `{name}`: `{}` has no options", rule.id)
            } else {
                unknown(
                    &format!("option `{name}` of `{}`", rule.id),
                    name,
                    rule.options.iter().map(|o| o.name),
                )
            };
            problems.push((key.span(), message));
            continue;
        };
        match option.read(node) {
            Ok(value) => {
                into.options.insert(option.name.to_owned(), value);
            }
            Err(message) => problems.push((node.span(), message)),
        }
    }
}

fn read_limits(value: NodeRef<'_>, limits: &mut Limits, problems: &mut Problems) {
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
                    unknown(&format!("limit `{name}`"), name, LIMIT_KEYS.iter().copied()),
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
