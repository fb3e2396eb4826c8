//! The YAML layer: split a file into documents and parse each one. Nothing
//! may panic, and every span the tree or its issues carry must lie inside
//! the document's chunk, on UTF-8 character boundaries.
#![no_main]

use kubelint::source::{decode, Span};
use kubelint::yaml::{parse_document, split_documents, Limits, NodeKind, NodeRef};
use libfuzzer_sys::fuzz_target;

fn check_span(text: &str, chunk: Span, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what}: reversed span {span:?}");
    assert!(
        chunk.start <= span.start && span.end <= chunk.end,
        "{what}: span {span:?} outside its document {chunk:?}"
    );
    assert!(
        text.is_char_boundary(span.start as usize) && text.is_char_boundary(span.end as usize),
        "{what}: span {span:?} not on a character boundary"
    );
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data) else {
        return;
    };
    // Small limits so the fuzzer reaches them.
    let limits = Limits {
        max_depth: 64,
        alias_budget: 10_000,
        ..Limits::default()
    };
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let chunks = split_documents(text, bom);
    let mut previous_end = bom as u32;
    for (index, chunk) in chunks.iter().enumerate() {
        // Chunks tile the text after the BOM, in order.
        assert_eq!(chunk.span.start, previous_end, "chunks must tile the text");
        previous_end = chunk.span.end;
        check_span(text, Span::new(0, text.len() as u32), chunk.span, "chunk");
        let doc = parse_document(text, chunk.span, index, &limits);
        for issue in &doc.issues {
            check_span(text, chunk.span, issue.span, "issue");
            if let Some((span, _)) = &issue.related {
                check_span(text, chunk.span, *span, "related");
            }
        }
        for id in 0..doc.node_count() as u32 {
            let node = doc.node(id);
            check_span(text, chunk.span, node.span, "node");
            let node_ref = NodeRef::new(&doc, id);
            match &node.kind {
                NodeKind::Mapping { .. } => {
                    // Lookups follow merges and aliases; they must terminate.
                    let _ = node_ref.entries();
                    let _ = node_ref.get("kind");
                }
                NodeKind::Scalar(scalar) => {
                    let len = scalar.value.len();
                    let sub = node_ref.value_subspan(len / 2..len);
                    check_span(text, chunk.span, sub, "value_subspan");
                    let _ = (node_ref.as_bool(), node_ref.as_i64(), node_ref.is_null());
                }
                _ => {}
            }
        }
    }
    assert_eq!(
        previous_end as usize,
        text.len(),
        "chunks must reach the end"
    );
});
