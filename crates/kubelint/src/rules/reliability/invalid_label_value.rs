use super::common::holds_placeholder;
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};
use crate::yaml::NodeRef;

declare_rule! {
    /// ## What it flags
    /// A label value — in the object's `metadata.labels` or a pod
    /// template's — that Kubernetes refuses: not a string (`version: 1.0`,
    /// `enabled: true`), longer than 63 characters, or not made of letters,
    /// digits, `-`, `_` and `.` beginning and ending with a letter or digit
    /// (empty is allowed). The value is reported. Values holding a
    /// placeholder (`${VAR}`, `{{ .x }}`) are filled in before apply and
    /// not judged.
    ///
    /// ## Why it matters
    /// `kubectl apply` fails: a number or boolean does not decode into the
    /// string map (`cannot unmarshal number into Go struct field
    /// ObjectMeta.metadata.labels of type string`), and the API server
    /// rejects the rest ("a valid label must be an empty string or consist
    /// of alphanumeric characters…").
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    ///   labels: {version: 1.0, owner: team/payments}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    ///   labels: {version: "1.0", owner: team-payments}
    /// ```
    ///
    /// ## How to fix
    /// Quote numbers and booleans, and keep values to 63 letters, digits,
    /// `-`, `_` and `.` (put free text in an annotation).
    ///
    /// ## References
    /// - [Labels: syntax and character set](https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set)
    pub static RULE = Rule {
        id: "invalid-label-value",
        severity: Severity::Error,
        default_enabled: false,
        summary: "Label value that Kubernetes refuses",
        practice: Practice::ValidInput,
        equivalents: &[Tool::KubeScore.same("label-values")],
        fix: None,
        check: Check::Object(check),
    };
}

/// Why `value` is not a label value (apimachinery `IsValidLabelValue`).
fn problem(value: &str) -> Option<&'static str> {
    if value.len() > 63 {
        return Some("longer than 63 characters");
    }
    if value.is_empty() {
        return None;
    }
    let inner_ok = value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    let ends_ok = value.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && value.bytes().last().is_some_and(|b| b.is_ascii_alphanumeric());
    (!(inner_ok && ends_ok))
        .then_some("only letters, digits, `-`, `_` and `.`, beginning and ending with a letter or digit")
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    let mut maps: Vec<NodeRef<'_>> = object.labels().into_iter().collect();
    maps.extend(ctx.pods.iter().filter_map(|pod| {
        // A Pod's template metadata is the object's own: counted once.
        (object.kind != "Pod").then(|| pod.labels()).flatten()
    }));
    for labels in maps.into_iter().filter(|m| m.is_mapping()) {
        for (key, value) in labels.entries() {
            let key = key.as_str().unwrap_or_default();
            let message = match value.as_str() {
                Some(text) if holds_placeholder(text) => continue,
                Some(text) => match problem(text) {
                    Some(why) => format!("label `{key}` has the value `{text}`, which Kubernetes refuses: {why}"),
                    None => continue,
                },
                None if value.is_null() => continue,
                None => format!(
                    "label `{key}` has the value {}, which is not a string: kubectl refuses to decode it",
                    value.text().unwrap_or("(a collection)")
                ),
            };
            findings
                .report_at(value, message)
                .help("quote numbers and booleans; keep values to 63 letters, digits, `-`, `_` and `.`");
        }
    }
}
