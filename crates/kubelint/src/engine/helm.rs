//! Telling Helm templates from manifests that merely contain `{{`.
//!
//! Alerting rules, Argo workflows, Istio injector ConfigMaps and comments
//! carry `{{ }}` inside strings and are real manifests. A Helm template has
//! template actions in the structure itself: it either fails to parse, or
//! leaves `{{` outside any scalar value and comment, or has Helm's objects
//! (`.Values`, `.Release`, `.Chart`) in an unquoted value.
//!
//! The evidence is gathered one document at a time, so a file's documents
//! never have to be in memory together.

use crate::yaml::{Document, NodeKind, ScalarStyle};

/// What one or more documents of a file say about it being a template.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TemplateEvidence {
    /// Some document does not parse.
    broken: bool,
    /// Some unquoted scalar uses Helm's objects or functions.
    helm_words: bool,
    /// How many `{{` the scalar values hold.
    braces_in_scalars: usize,
}

impl TemplateEvidence {
    /// The evidence in one document.
    pub fn of(doc: &Document<'_>) -> TemplateEvidence {
        let mut evidence = TemplateEvidence {
            broken: doc.is_broken(),
            ..TemplateEvidence::default()
        };
        for id in 0..doc.node_count() as u32 {
            let NodeKind::Scalar(scalar) = &doc.node(id).kind else {
                continue;
            };
            let value = &scalar.value;
            if !value.contains("{{") {
                continue;
            }
            // Quoted and block strings legitimately carry templates for other
            // tools; an unquoted `.Values` is Helm.
            if scalar.style == ScalarStyle::Plain
                && [".Values", ".Release", ".Chart", "include \""]
                    .iter()
                    .any(|h| value.contains(h))
            {
                evidence.helm_words = true;
            }
            evidence.braces_in_scalars += memchr::memmem::find_iter(value.as_bytes(), "{{").count();
        }
        evidence
    }

    /// The evidence of two sets of documents together.
    pub fn and(self, other: TemplateEvidence) -> TemplateEvidence {
        TemplateEvidence {
            broken: self.broken || other.broken,
            helm_words: self.helm_words || other.helm_words,
            braces_in_scalars: self.braces_in_scalars + other.braces_in_scalars,
        }
    }

    /// Whether a file whose text contains `{{` and whose documents gave this
    /// evidence is a template, not a manifest.
    pub fn is_template(self, text: &str) -> bool {
        self.broken || self.helm_words || braces_outside_comments(text) > self.braces_in_scalars
    }
}

/// How many `{{` the text holds outside `#` comments: a comment that
/// mentions `{{ }}` does not make a manifest a template.
fn braces_outside_comments(text: &str) -> usize {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, "{{")
        .filter(|&at| {
            let line_start = memchr::memrchr2(b'\n', b'\r', &bytes[..at]).map_or(0, |i| i + 1);
            let before = &text[line_start..at];
            !(before.trim_start().starts_with('#')
                || before.contains(" #")
                || before.contains("\t#"))
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{parse_document, split_documents, Limits};

    fn template(text: &str) -> bool {
        split_documents(text, 0)
            .iter()
            .enumerate()
            .map(|(i, c)| {
                TemplateEvidence::of(&parse_document(text, c.span, i, &Limits::default()))
            })
            .fold(TemplateEvidence::default(), TemplateEvidence::and)
            .is_template(text)
    }

    #[test]
    fn templates_are_told_from_manifests_with_braces() {
        assert!(template("metadata:\n  name: {{ .Release.Name }}\n"));
        assert!(template(
            "spec:\n  {{- if .Values.x }}\n  a: 1\n  {{- end }}\n"
        ));
        assert!(template("metadata:\n  name: app-{{ .Release.Name }}\n"));
        // Structure from a template action in a later document still counts.
        assert!(template(
            "kind: A\n---\nkind: B\n{{- if .x }}\nspec: {}\n{{- end }}\n"
        ));
        assert!(!template(
            "# uses {{path}} variables\nkind: ApplicationSet\nspec: {name: '{{path.basename}}'}\n"
        ));
        assert!(!template(
            "kind: PrometheusRule\nannotations:\n  summary: \"{{ $labels.instance }} down\"\n"
        ));
        assert!(!template(
            "kind: Pod\nargs: ['http://grafana:{{ .Values.grafana.port }}']\n"
        ));
        assert!(!template(
            "kind: ConfigMap # templated by {{ tool }}\ndata: {}\n"
        ));
    }
}
