//! Telling Helm templates from manifests that merely contain `{{`.
//!
//! Alerting rules, Argo workflows and Go-templated ConfigMaps carry `{{ }}`
//! inside string values and are real manifests. A Helm template has
//! template actions in the structure itself, which either fails to parse or
//! leaves `{{` outside any scalar value.

use crate::yaml::{Document, NodeKind};

/// Whether a file whose text contains `{{` is a template, not a manifest.
pub fn is_template(text: &str, documents: &[Document<'_>]) -> bool {
    if documents.iter().any(Document::is_broken) {
        return true;
    }
    let in_text = memchr::memmem::find_iter(text.as_bytes(), "{{").count();
    let mut in_scalars = 0;
    for doc in documents {
        for id in 0..doc.node_count() as u32 {
            if let NodeKind::Scalar(scalar) = &doc.node(id).kind {
                let value = &scalar.value;
                if value.contains("{{") {
                    if ["Values.", "Release.", "Chart.", "include \"", "template \""]
                        .iter()
                        .any(|h| value.contains(h))
                    {
                        return true;
                    }
                    in_scalars += memchr::memmem::find_iter(value.as_bytes(), "{{").count();
                }
            }
        }
    }
    in_text > in_scalars
}
