//! Telling Helm templates from manifests that merely contain `{{`.
//!
//! Alerting rules, Argo workflows, Istio injector ConfigMaps and comments
//! carry `{{ }}` inside strings and are real manifests. A Helm template has
//! template actions in the structure itself: it either fails to parse, or
//! leaves `{{` outside any scalar value, or has Helm's objects (`.Values`,
//! `.Release`, `.Chart`) in an unquoted value.

use crate::yaml::{Document, NodeKind, ScalarStyle};

/// Whether a file whose text contains `{{` is a template, not a manifest.
pub fn is_template(text: &str, documents: &[Document<'_>]) -> bool {
    if documents.iter().any(Document::is_broken) {
        return true;
    }
    let outside_comments = memchr::memmem::find_iter(text.as_bytes(), "{{")
        .filter(|&at| !in_comment(text, at))
        .count();
    let mut in_scalars = 0;
    for doc in documents {
        for id in 0..doc.node_count() as u32 {
            let NodeKind::Scalar(scalar) = &doc.node(id).kind else {
                continue;
            };
            let value = &scalar.value;
            if !value.contains("{{") {
                continue;
            }
            let helm_object = [".Values", ".Release", ".Chart", "include \""]
                .iter()
                .any(|h| value.contains(h));
            if scalar.style == ScalarStyle::Plain && helm_object {
                return true;
            }
            in_scalars += memchr::memmem::find_iter(value.as_bytes(), "{{").count();
        }
    }
    outside_comments > in_scalars
}

/// Whether the byte at `at` sits in a `#` comment of its line.
fn in_comment(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    before.trim_start().starts_with('#') || before.contains(" #") || before.contains("\t#")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{parse_document, split_documents, Limits};

    fn template(text: &str) -> bool {
        let docs: Vec<_> = split_documents(text, 0)
            .iter()
            .enumerate()
            .map(|(i, c)| parse_document(text, c.span, i, &Limits::default()))
            .collect();
        is_template(text, &docs)
    }

    #[test]
    fn templates_and_manifests_with_braces() {
        assert!(template("metadata:\n  name: {{ .Release.Name }}\n"));
        assert!(template(
            "spec:\n  {{- if .Values.x }}\n  a: 1\n  {{- end }}\n"
        ));
        assert!(template("metadata:\n  name: app-{{ .Release.Name }}\n"));
        assert!(!template(
            "# uses {{path}} variables\nkind: ApplicationSet\nspec: {name: '{{path.basename}}'}\n"
        ));
        assert!(!template(
            "kind: PrometheusRule\nannotations:\n  summary: \"{{ $labels.instance }} down\"\n"
        ));
        assert!(!template(
            "kind: Pod\nargs: ['http://grafana:{{ .Values.grafana.port }}']\n"
        ));
    }
}
