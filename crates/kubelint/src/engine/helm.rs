//! Telling Helm templates from manifests that merely contain `{{`.
//!
//! Alerting rules, Argo workflows and Go-templated ConfigMaps carry `{{ }}`
//! inside string values and are real manifests. A Helm template has
//! template actions in the structure itself, which either fails to parse or
//! leaves `{{` outside any scalar value.
//!
//! The evidence is gathered one document at a time, so a file's documents
//! never have to be in memory together.

use crate::yaml::{Document, NodeKind};

/// What one or more documents of a file say about it being a template.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TemplateEvidence {
    /// Some document does not parse.
    broken: bool,
    /// Some scalar uses Helm's objects or functions (`.Values.`, `include`).
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
            if let NodeKind::Scalar(scalar) = &doc.node(id).kind {
                let value = &scalar.value;
                if value.contains("{{") {
                    if ["Values.", "Release.", "Chart.", "include \"", "template \""]
                        .iter()
                        .any(|h| value.contains(h))
                    {
                        evidence.helm_words = true;
                    }
                    evidence.braces_in_scalars +=
                        memchr::memmem::find_iter(value.as_bytes(), "{{").count();
                }
            }
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
        if self.broken || self.helm_words {
            return true;
        }
        braces_outside_comments(text) > self.braces_in_scalars
    }
}

/// How many `{{` the text holds outside comment lines: a comment that
/// mentions `{{ }}` does not make a manifest a template (it used to, and the
/// manifest was skipped).
fn braces_outside_comments(text: &str) -> usize {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, "{{")
        .filter(|&at| {
            let line_start = memchr::memrchr2(b'\n', b'\r', &bytes[..at]).map_or(0, |i| i + 1);
            !text[line_start..at].trim_start().starts_with('#')
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{parse_document, split_documents, Limits};

    fn evidence(text: &str) -> TemplateEvidence {
        split_documents(text, 0)
            .iter()
            .enumerate()
            .map(|(i, c)| {
                TemplateEvidence::of(&parse_document(text, c.span, i, &Limits::default()))
            })
            .fold(TemplateEvidence::default(), TemplateEvidence::and)
    }

    #[test]
    fn templates_are_told_from_manifests_with_braces() {
        let manifest =
            "# uses {{ $labels }} below\nkind: ConfigMap\ndata: {rule: \"{{ $labels.x }}\"}\n";
        assert!(!evidence(manifest).is_template(manifest));
        let helm = "kind: Pod\nmetadata:\n  name: {{ .Values.name }}\n";
        assert!(evidence(helm).is_template(helm));
        // Structure from a template action in a later document still counts.
        let later = "kind: A\n---\nkind: B\n{{- if .x }}\nspec: {}\n{{- end }}\n";
        assert!(evidence(later).is_template(later));
    }
}
