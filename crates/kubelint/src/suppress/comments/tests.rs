use super::*;
use crate::yaml::{parse_document, split_documents, Limits};

/// Each suppression found: the comment's text, the text of the line it
/// covers (`None`: no line), and whether it is misplaced.
fn found(text: &str) -> Vec<(String, Option<String>, bool)> {
    let mut out = Vec::new();
    for (i, chunk) in split_documents(text, 0).iter().enumerate() {
        let doc = parse_document(text, chunk.span, i, &Limits::default());
        comment_suppressions(&doc, &mut out);
    }
    out.iter()
        .map(|s| {
            let covered = match &s.scope {
                Scope::Line(line) => Some(text[line.range()].to_owned()),
                _ => None,
            };
            (
                text[s.span.range()].to_owned(),
                covered,
                s.misplaced.is_some(),
            )
        })
        .collect()
}

fn comments(text: &str) -> Vec<String> {
    found(text).into_iter().map(|(c, _, _)| c).collect()
}

#[test]
fn finds_comment_suppressions_and_their_lines() {
    let text = "a: 1 # kubelint-ignore: r1, r2 -- legacy\n# kubelint-ignore: r3\n\n# note\nb: 2\nc: \"# kubelint-ignore: nope\"\n# kubelint-ignore-file: r4\n";
    assert_eq!(
        found(text),
        [
            (
                "# kubelint-ignore: r1, r2 -- legacy".into(),
                Some("a: 1 # kubelint-ignore: r1, r2 -- legacy".into()),
                false
            ),
            ("# kubelint-ignore: r3".into(), Some("b: 2".into()), false),
            // Not in the leading comments: it covers nothing, and says so.
            ("# kubelint-ignore-file: r4".into(), None, true),
        ]
    );
}

#[test]
fn text_inside_values_is_not_a_comment() {
    let text = r##"apiVersion: v1
kind: ConfigMap
metadata:
  name: s
  annotations:
    note: "line one
      # kubelint-ignore: a
      line three"
    "# kubelint-ignore: b": quoted key
    single: 'x # kubelint-ignore: c'
    json: '{"k": "v", "x": "# kubelint-ignore: d"}'
data:
  run.sh: |
    echo hi
    # kubelint-ignore: e
  folded: >-
    text
      # kubelint-ignore: f
  flow: {k: "# kubelint-ignore: g", l: [x, "y # kubelint-ignore: h"]}
  plain: a#kubelint-ignore: i
"##;
    assert!(comments(text).is_empty(), "{:?}", found(text));
}

#[test]
fn real_comments_next_to_values_are_comments() {
    let text = r##"data:
  flow: {k: v, # kubelint-ignore: a
    l: w}
  plain: multi
    line # kubelint-ignore: b
  run.sh: |
    echo hi
  # kubelint-ignore: c
  next: x
  quoted: "v" # kubelint-ignore: d
"##;
    assert_eq!(
        found(text),
        [
            (
                "# kubelint-ignore: a".into(),
                Some("  flow: {k: v, # kubelint-ignore: a".into()),
                false
            ),
            (
                "# kubelint-ignore: b".into(),
                Some("    line # kubelint-ignore: b".into()),
                false
            ),
            // Less indented than the block scalar's content: after it.
            (
                "# kubelint-ignore: c".into(),
                Some("  next: x".into()),
                false
            ),
            (
                "# kubelint-ignore: d".into(),
                Some("  quoted: \"v\" # kubelint-ignore: d".into()),
                false
            ),
        ]
    );
}

#[test]
fn explicit_block_indentation_is_taken_as_content() {
    let text = "data:\n  run.sh: |2\n      echo\n    # kubelint-ignore: a\n  next: x\n";
    assert!(comments(text).is_empty(), "{:?}", found(text));
}

#[test]
fn a_broken_document_honours_only_its_leading_comments() {
    // The unterminated quote makes the rest of the document one string.
    let text = "# kubelint-ignore: a\nkey: \"open\n# kubelint-ignore: b\n---\n# kubelint-ignore: c\nok: 1\n";
    assert_eq!(
        found(text),
        [
            (
                "# kubelint-ignore: a".into(),
                Some("key: \"open".into()),
                false
            ),
            ("# kubelint-ignore: c".into(), Some("ok: 1".into()), false),
        ]
    );
}

#[test]
fn a_comment_before_the_next_marker_covers_nothing() {
    let text = "a: 1\n# kubelint-ignore: r\n---\nb: 2\n";
    assert_eq!(found(text), [("# kubelint-ignore: r".into(), None, false)]);
}

#[test]
fn the_marker_must_follow_its_hash() {
    let text = "a: 1 # see kubelint-ignore: r\nb: 2 #kubelint-ignore: s\nc: x#kubelint-ignore:t\n";
    assert_eq!(comments(text), ["#kubelint-ignore: s"]);
}

#[test]
fn a_run_of_comments_is_scanned_once() {
    let n = 50_000;
    let text: String = std::iter::repeat_n("# kubelint-ignore: r\n", n)
        .chain(["a: 1\n"])
        .collect();
    let found = found(&text);
    assert_eq!(found.len(), n);
    assert!(found
        .iter()
        .all(|(_, line, _)| line.as_deref() == Some("a: 1")));
}
