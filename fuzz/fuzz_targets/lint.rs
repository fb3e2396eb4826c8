//! The whole per-file pipeline with every rule on: `lint_str`. Nothing may
//! panic; every diagnostic (and label and fix edit) must lie inside the text
//! on UTF-8 boundaries, with line:column matching its byte range.
#![no_main]

use kubelint::edit::apply_edits;
use kubelint::source::{decode, LineIndex, Span};
use kubelint::{lint_str, Config};
use libfuzzer_sys::fuzz_target;

fn check(
    text: &str,
    index: &LineIndex,
    span: Span,
    start: kubelint::source::LineCol,
    end: kubelint::source::LineCol,
    what: &str,
) {
    assert!(span.start <= span.end, "{what}: reversed {span:?}");
    assert!(
        span.end as usize <= text.len(),
        "{what}: {span:?} past the end"
    );
    assert!(
        text.is_char_boundary(span.start as usize) && text.is_char_boundary(span.end as usize),
        "{what}: {span:?} not on a character boundary"
    );
    assert_eq!(
        index.line_col(text, span.start),
        start,
        "{what}: start line:column"
    );
    assert_eq!(
        index.line_col(text, span.end),
        end,
        "{what}: end line:column"
    );
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data) else {
        return;
    };
    let config = {
        let mut config = Config::default();
        config.enable = vec!["all".into()];
        config.threads = Some(1);
        config
    };
    let diagnostics = lint_str("fuzz.yaml", text, &config);
    let index = LineIndex::new(text);
    for d in &diagnostics {
        check(text, &index, d.range, d.start, d.end, &d.rule);
        for label in &d.labels {
            check(text, &index, label.range, label.start, label.end, "label");
        }
        if let Some(fix) = &d.fix {
            assert!(
                apply_edits(text, &fix.edits).is_some(),
                "{}: fix edits overlap or leave the text",
                d.rule
            );
        }
    }
});
