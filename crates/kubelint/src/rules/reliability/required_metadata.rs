use crate::diagnostic::Severity;
use crate::rules::options::{OptionKind, Pattern, RuleOption};
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};
use crate::source::Span;
use crate::yaml::NodeRef;
use std::sync::OnceLock;

declare_rule! {
    /// ## What it flags
    /// An object without the labels and annotations the team requires of
    /// it: by default an `owner` label (any value) and an `email`
    /// annotation holding an email address. Only objects that run pods
    /// (workloads, bare Pods, custom resources with a pod template) are
    /// judged unless `kinds` names others; patches are not judged. A
    /// missing key is reported at the object's `labels` or `annotations`
    /// key (at `metadata`, or `kind`, when that map is not written); a
    /// value that does not match its pattern, at the value.
    ///
    /// The defaults decide what kube-linter's `required-label-owner` and
    /// `required-annotation-email` decide, except that the whole annotation
    /// must be an address (kube-linter's pattern is unanchored, so
    /// `"on-call: ops@example.com"` passes there). Polaris'
    /// `metadataAndInstanceMismatched` requires the label
    /// `app.kubernetes.io/instance` and its value to be the object's name:
    /// add the label to `labels` here and enable `instance-label-mismatch`.
    ///
    /// ## Why it matters
    /// During an incident — a vulnerable image, a crash-looping workload, a
    /// pod that exfiltrates data — responders must find who owns the object
    /// in minutes. Ownership written on the object itself survives renames
    /// and team changes better than a wiki page, and lets policy engines
    /// and cost reports route findings to the right team.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    ///   labels: {app: web}
    ///   annotations: {email: payments team}
    /// spec:
    ///   selector: {matchLabels: {app: web}}
    ///   template:
    ///     metadata: {labels: {app: web}}
    ///     spec:
    ///       containers:
    ///       - {name: web, image: registry.example.com/web:1.0.0}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    ///   labels: {app: web, owner: payments}
    ///   annotations: {email: payments@example.com}
    /// spec:
    ///   selector: {matchLabels: {app: web}}
    ///   template:
    ///     metadata: {labels: {app: web}}
    ///     spec:
    ///       containers:
    ///       - {name: web, image: registry.example.com/web:1.0.0}
    /// ```
    ///
    /// ## How to fix
    /// Add the label and annotation, ideally from one place (a kustomization's
    /// `labels`/`commonAnnotations`, a Helm helper) so every object gets them.
    ///
    /// ## References
    /// - [Recommended labels](https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/)
    /// - [Annotations](https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/) (contact information as an example use)
    pub static RULE = Rule {
        id: "required-metadata",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Object lacks a required label or annotation (owner, email)",
        practice: Practice::DisasterRecovery,
        equivalents: &[
            Tool::KubeLinter.same("required-label-owner"),
            Tool::KubeLinter.inspired("required-annotation-email"),
            Tool::Polaris.inspired("metadataAndInstanceMismatched"),
        ],
        options: &[LABELS, ANNOTATIONS, KINDS],
        fix: None,
        check: Check::Object(check),
    };
}

const LABELS: RuleOption = RuleOption {
    name: "labels",
    doc: "the label keys every judged object must carry, with any value (an empty list requires none)",
    kind: OptionKind::Strings {
        default: DEFAULT_LABELS,
    },
};

const ANNOTATIONS: RuleOption = RuleOption {
    name: "annotations",
    doc: "the annotation keys every judged object must carry, each with a regular expression its value must match (`\"\"` accepts any value); when not set, `email` holding one email address",
    kind: OptionKind::Patterns,
};

const KINDS: RuleOption = RuleOption {
    name: "kinds",
    doc: "the object kinds to judge (`\"*\"` for all); when not set, the objects that run pods",
    kind: OptionKind::Strings { default: &[] },
};

const DEFAULT_LABELS: &[&str] = &["owner"];

/// One address, the whole value: kube-linter's character classes, anchored.
const EMAIL: &str = r"^[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9.-]+$";

fn default_annotations() -> &'static [(String, Pattern)] {
    static DEFAULT: OnceLock<Vec<(String, Pattern)>> = OnceLock::new();
    DEFAULT.get_or_init(|| {
        Pattern::new(EMAIL)
            .map(|email| vec![("email".to_owned(), email)])
            .unwrap_or_default()
    })
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    let judged = match ctx.options.strings_set(&KINDS) {
        Some(kinds) => kinds.iter().any(|k| k == "*" || k == object.kind),
        None => !ctx.pods.is_empty(),
    };
    // A patch (listed in a kustomization, or pod specs without
    // containers) has what it leaves out in the object it patches.
    let partial = !ctx.pods.is_empty() && ctx.pods.iter().all(|p| p.is_partial());
    if !judged || object.patch || partial {
        return;
    }
    let name = object.display_name();
    let metadata = object.metadata().filter(|m| m.is_mapping());
    for key in ctx.options.strings(&LABELS) {
        if map_value(metadata, "labels", key).is_none() {
            findings
                .report(
                    missing_span(ctx, metadata, "labels"),
                    format!("{name} has no `{key}` label"),
                )
                .help(format!("add the label `{key}` to metadata.labels"));
        }
    }
    let annotations: &[(String, Pattern)] = match ctx.options.patterns(&ANNOTATIONS) {
        Some(configured) => configured,
        None => default_annotations(),
    };
    for (key, pattern) in annotations {
        let Some(value) = map_value(metadata, "annotations", key) else {
            findings
                .report(
                    missing_span(ctx, metadata, "annotations"),
                    format!("{name} has no `{key}` annotation"),
                )
                .help(format!("add the annotation `{key}` to metadata.annotations"));
            continue;
        };
        // A null value decodes as ""; a number or boolean does not decode
        // (`invalid-label-value`'s kind of error) and matches nothing.
        let text = match value.as_str() {
            Some(text) => text,
            None if value.is_null() => "",
            None => value.text().unwrap_or("(a collection)"),
        };
        let decodes = value.as_str().is_some() || value.is_null();
        if decodes && pattern.is_match(text) {
            continue;
        }
        let expected = if key == "email" && pattern.as_str() == EMAIL {
            "an email address".to_owned()
        } else {
            format!("a value matching `{}`", pattern.as_str())
        };
        findings
            .report_at(
                value,
                format!("{name}'s `{key}` annotation is `{text}`, not {expected}"),
            )
            .help(format!("set the annotation `{key}` to {expected}"));
    }
}

/// `metadata.<map>.<key>`, when written (a null value counts: it decodes
/// as the empty string).
fn map_value<'d>(metadata: Option<NodeRef<'d>>, map: &str, key: &str) -> Option<NodeRef<'d>> {
    metadata?.get(map)?.get(key)
}

/// Where a missing key of `metadata.<map>` is reported: the map's key,
/// else `metadata`'s, else the object's `kind`.
fn missing_span(ctx: &ObjectCtx<'_>, metadata: Option<NodeRef<'_>>, map: &str) -> Span {
    let key_of = |node: Option<NodeRef<'_>>, key: &str| {
        node.and_then(|n| n.get_entry(key)).map(|(k, _)| k.span())
    };
    key_of(metadata, map)
        .or_else(|| key_of(Some(ctx.object.root), "metadata"))
        .unwrap_or_else(|| ctx.object.kind_span())
}

#[cfg(test)]
mod tests {
    use super::super::common::lint_with_options;

    /// `(line, message)` of the rule's findings with `options` configured,
    /// or the configuration's problems.
    fn lint(options: &str, manifest: &str) -> Result<Vec<(u32, String)>, Vec<String>> {
        lint_with_options("required-metadata", options, manifest)
            .map(|found| found.into_iter().map(|d| (d.start.line, d.message)).collect())
    }

    const CONFIG_MAP: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  labels: {team: a}\n  annotations: {runbook: 'wiki/settings'}\n";

    #[test]
    fn configured_keys_patterns_and_kinds_replace_the_defaults() {
        let options = "      labels: [team, tier]\n      annotations: {runbook: '^https://'}\n      kinds: [ConfigMap]\n";
        assert_eq!(
            lint(options, CONFIG_MAP),
            Ok(vec![
                (5, "ConfigMap/settings has no `tier` label".to_owned()),
                (
                    6,
                    "ConfigMap/settings's `runbook` annotation is `wiki/settings`, not a value matching `^https://`"
                        .to_owned()
                ),
            ])
        );
        // An empty list requires no label; "*" judges every kind.
        let options = "      labels: []\n      annotations: {runbook: ''}\n      kinds: ['*']\n";
        assert_eq!(lint(options, CONFIG_MAP), Ok(vec![]));
        // Without `kinds`, a ConfigMap runs no pods and is not judged.
        assert_eq!(lint("      labels: [tier]\n", CONFIG_MAP), Ok(vec![]));
    }

    #[test]
    fn a_pattern_that_does_not_compile_is_a_configuration_error() {
        let problems = lint("      annotations: {email: '[a-z'}\n", CONFIG_MAP).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("`annotations.email` is not a regular expression"),
            "{problems:?}"
        );
        let problems = lint("      annotations: [email]\n", CONFIG_MAP).unwrap_err();
        assert!(problems[0].contains("must map keys to regular expressions"), "{problems:?}");
    }
}
