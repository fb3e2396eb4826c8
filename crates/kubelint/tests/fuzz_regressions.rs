//! Every input a fuzz target ever crashed on (`fuzz/regressions/`) is
//! replayed here with the targets' invariants, so a fixed crash stays fixed
//! without running the fuzzer. The focused unit tests next to each fix say
//! what went wrong; this keeps the raw inputs honest.

// The `fix` target's invariants, the very code the fuzzer runs.
#[path = "../../../fuzz/src/fix.rs"]
mod fix_target;

use kubelint::source::{decode, LineIndex, Span};
use kubelint::yaml::{parse_document, split_documents, Limits, NodeKind, NodeRef};
use kubelint::{lint_str, Config};
use std::path::Path;

fn inside(text: &str, outer: Span, span: Span, what: &str, input: &str) {
    assert!(
        outer.start <= span.start && span.start <= span.end && span.end <= outer.end,
        "{input}: {what} {span:?} outside {outer:?}"
    );
    assert!(
        text.is_char_boundary(span.start as usize) && text.is_char_boundary(span.end as usize),
        "{input}: {what} {span:?} off a character boundary"
    );
}

#[test]
fn fuzz_regressions_hold_the_invariants() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz/regressions") {
        let path = entry.expect("entry").path();
        let input = path.display().to_string();
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("lsp-"))
        {
            continue; // a message script, replayed by kubelint-lsp's tests
        }
        let bytes = std::fs::read(&path).expect("read");
        // Every input, whichever target found it, also goes through the fix
        // loop with the `fix` target's checks.
        fix_target::check(&bytes);
        let Ok(text) = decode(&bytes) else { continue };
        count += 1;
        let whole = Span::new(0, text.len() as u32);
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        for (i, chunk) in split_documents(text, bom).iter().enumerate() {
            inside(text, whole, chunk.span, "chunk", &input);
            let doc = parse_document(text, chunk.span, i, &Limits::default());
            for issue in &doc.issues {
                inside(text, chunk.span, issue.span, "issue", &input);
            }
            for id in 0..doc.node_count() as u32 {
                let node = doc.node(id);
                inside(text, chunk.span, node.span, "node", &input);
                if let NodeKind::Scalar(scalar) = &node.kind {
                    let len = scalar.value.len();
                    let sub = NodeRef::new(&doc, id).value_subspan(len / 2..len);
                    inside(text, chunk.span, sub, "value_subspan", &input);
                }
            }
        }
        let config = {
            let mut config = Config::default();
            config.enable = vec!["all".into()];
            config
        };
        let index = LineIndex::new(text);
        for d in lint_str("fuzz.yaml", text, &config) {
            inside(text, whole, d.range, &d.rule, &input);
            assert_eq!(index.line_col(text, d.range.start), d.start, "{input}");
        }
    }
    assert!(
        count >= 2,
        "no regression inputs found in {}",
        dir.display()
    );
}
