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
        memchr::memmem::find_iter(text.as_bytes(), "{{").count() > self.braces_in_scalars
    }
}
