//! YAML the way Kubernetes reads it, as a spanned tree.
//!
//! A file is first [split](split_documents) into documents (a `---` or `...` at
//! column 0 cannot occur inside a scalar), then each document is parsed from
//! `saphyr-parser` events into an arena [`Document`] whose nodes carry exact,
//! file-absolute byte spans. Scalars keep their raw text and style and are
//! resolved with YAML 1.1 rules (`yes`, `on`, `0644`) on demand, as
//! `sigs.k8s.io/yaml` does. Aliases stay references to the anchored node, and
//! merge keys (`<<`) are honoured by lookups.
//!
//! `saphyr-parser` is used only in the `parse` module; nothing else sees its types.

mod binary;
mod char_offsets;
mod document;
mod json;
mod node_ref;
mod parse;
mod resolve;
mod split;

pub use document::{
    Document, Node, NodeId, NodeKind, Scalar, ScalarStyle, Tag, YamlIssue, YamlIssueKind,
};
pub use json::NotJson;
pub use node_ref::NodeRef;
pub use parse::{parse_chunk, parse_document, Limits};
pub use resolve::{resolve_plain, resolve_scalar, Resolved};
pub use split::{split_documents, DocumentChunk, Framing};

#[cfg(test)]
mod tests;
