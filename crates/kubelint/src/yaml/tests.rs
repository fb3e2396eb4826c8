//! Parser tests: every YAML shape Kubernetes users write, with exact spans.

use super::*;
use crate::source::{bom_len, LineIndex, Span};

fn parse(text: &str) -> Vec<Document<'_>> {
    split_documents(text, bom_len(text))
        .iter()
        .enumerate()
        .map(|(i, c)| parse_document(text, c.span, i, &Limits::default()))
        .collect()
}

fn one(text: &str) -> Document<'_> {
    let mut docs = parse(text);
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

/// `line:col-line:col` of a span, 1-based.
fn at(text: &str, span: Span) -> String {
    let index = LineIndex::new(text);
    let (s, e) = (
        index.line_col(text, span.start),
        index.line_col(text, span.end),
    );
    format!("{}:{}-{}:{}", s.line, s.column, e.line, e.column)
}

#[test]
fn scalar_and_collection_spans() {
    let text = "kind: Pod\nspec:\n  containers:\n  - name: app\n    image: \"nginx:latest\"\n    args: [a, 'b']\n";
    let doc = one(text);
    let root = doc.root().unwrap();
    assert_eq!(at(text, root.span()), "1:1-6:19");
    let container = root
        .path(&["spec", "containers"])
        .unwrap()
        .items()
        .next()
        .unwrap();
    assert_eq!(at(text, container.span()), "4:5-6:19");
    let image = container.get("image").unwrap();
    assert_eq!(image.as_str(), Some("nginx:latest"));
    assert_eq!(&text[image.span().range()], "\"nginx:latest\"");
    assert_eq!(&text[image.value_subspan(6..12).range()], "latest");
    let args = container.get("args").unwrap();
    assert_eq!(&text[args.span().range()], "[a, 'b']");
    assert_eq!(
        args.items()
            .map(|i| i.as_str().unwrap())
            .collect::<Vec<_>>(),
        ["a", "b"]
    );
    let (key, _) = container.get_entry("args").unwrap();
    assert_eq!(at(text, key.span()), "6:5-6:9");
}

#[test]
fn spans_are_exact_on_non_ascii_crlf_and_bom() {
    let text = "\u{feff}metadata:\r\n  name: \"ünïcødé ✓\"\r\n  x: täg\r\n";
    let doc = one(text);
    let root = doc.root().unwrap();
    let x = root.path(&["metadata", "x"]).unwrap();
    assert_eq!(&text[x.span().range()], "täg");
    assert_eq!(at(text, x.span()), "3:6-3:9");
    let name = root.path(&["metadata", "name"]).unwrap();
    assert_eq!(at(text, name.span()), "2:9-2:20");
    let (key, _) = root.get_entry("metadata").unwrap();
    assert_eq!(at(text, key.span()), "1:1-1:9");
}

#[test]
fn block_scalars_span_their_content() {
    let text = "data:\n  key: |\n    line one\n    line two\n\nnext: 1\n";
    let doc = one(text);
    let value = doc.root().unwrap().path(&["data", "key"]).unwrap();
    assert_eq!(value.as_str(), Some("line one\nline two\n"));
    assert_eq!(&text[value.span().range()], "line one\n    line two");
}

#[test]
fn yaml_1_1_resolution_like_kubernetes() {
    let text = "a: yes\nb: off\nc: 0644\nd: \"yes\"\ne: ~\nf: !!str true\ng: !!bool 'true'\nh:\n";
    let doc = one(text);
    let root = doc.root().unwrap();
    assert_eq!(root.get("a").unwrap().as_bool(), Some(true));
    assert_eq!(root.get("b").unwrap().as_bool(), Some(false));
    assert_eq!(root.get("c").unwrap().as_i64(), Some(420));
    assert_eq!(root.get("d").unwrap().as_bool(), None);
    assert_eq!(root.get("d").unwrap().as_str(), Some("yes"));
    assert!(root.get("e").unwrap().is_null());
    assert_eq!(root.get("f").unwrap().as_bool(), None);
    assert_eq!(root.get("g").unwrap().as_bool(), Some(true));
    assert!(root.get("h").unwrap().is_null());
}

#[test]
fn merge_keys_and_aliases() {
    let text = "base: &base\n  privileged: true\n  runAsUser: 0\nsc:\n  <<: *base\n  runAsUser: 1000\nlist: [*base]\n";
    let doc = one(text);
    let root = doc.root().unwrap();
    let sc = root.get("sc").unwrap();
    assert_eq!(sc.get("privileged").unwrap().as_bool(), Some(true));
    assert_eq!(sc.get("runAsUser").unwrap().as_i64(), Some(1000));
    let keys: Vec<_> = sc
        .entries()
        .iter()
        .map(|(k, _)| k.as_str().unwrap())
        .collect();
    // In go-yaml's order: the merge where it stands, then the override.
    assert_eq!(keys, ["privileged", "runAsUser"]);
    // A value reached through an aliased merge takes effect at the alias;
    // it is written under the anchor.
    let privileged = sc.get("privileged").unwrap();
    assert_eq!(&text[privileged.span().range()], "*base");
    assert_eq!(at(text, privileged.written_span()), "2:15-2:19");
    assert!(privileged.through_alias());
    assert!(!sc.get("runAsUser").unwrap().through_alias());
    let alias = root.get("list").unwrap().items().next().unwrap();
    assert!(alias.is_alias());
    assert_eq!(&text[alias.span().range()], "*base");
    assert_eq!(alias.get("runAsUser").unwrap().as_i64(), Some(0));
    let merged_list = one("a: &a {x: 1}\nb: &b {z: 2, x: 3}\nc: {<<: [*a, *b]}\n");
    let c = merged_list.root().unwrap().get("c").unwrap();
    assert_eq!(c.get("x").unwrap().as_i64(), Some(1));
    assert_eq!(c.get("z").unwrap().as_i64(), Some(2));
}

/// Each case checked with `kubectl annotate --local -o json` (1.32).
#[test]
fn merges_apply_where_they_stand_like_go_yaml() {
    let value = |text: &str, key: &str| {
        let doc = one(text);
        let root = doc.root().unwrap();
        let got = root
            .get("m")
            .unwrap()
            .get(key)
            .map(|v| v.as_str().unwrap().to_owned());
        got
    };
    // A merge after an explicit key overrides it; a key after it wins.
    assert_eq!(
        value("m:\n  p: \"no\"\n  <<: {p: \"yes\"}\n", "p").as_deref(),
        Some("yes")
    );
    assert_eq!(
        value("m:\n  <<: {p: \"yes\"}\n  p: \"no\"\n", "p").as_deref(),
        Some("no")
    );
    // Of two merges the later wins; within a list the first wins.
    assert_eq!(
        value("m:\n  <<: {p: a}\n  <<: {p: b}\n", "p").as_deref(),
        Some("b")
    );
    assert_eq!(
        value("m:\n  <<: [{p: a}, {p: b}]\n", "p").as_deref(),
        Some("a")
    );
    // `! <<`, `!!merge` and the verbatim tag merge; `"<<"` and `!!str <<` are keys.
    assert_eq!(
        value("m:\n  p: x\n  ! <<: {p: a}\n", "p").as_deref(),
        Some("a")
    );
    assert_eq!(
        value("m:\n  p: x\n  !!merge \"<<\": {p: a}\n", "p").as_deref(),
        Some("a")
    );
    assert_eq!(
        value("m:\n  p: x\n  !<tag:yaml.org,2002:merge> <<: {p: a}\n", "p").as_deref(),
        Some("a")
    );
    assert_eq!(
        value("m:\n  p: x\n  \"<<\": {p: a}\n", "p").as_deref(),
        Some("x")
    );
    assert_eq!(
        value("m:\n  p: x\n  !!str <<: {p: a}\n", "p").as_deref(),
        Some("x")
    );
    let doc = one("m:\n  p: x\n  !!str <<: {p: a}\n");
    let m = doc.root().unwrap().get("m").unwrap();
    assert!(m.get("<<").unwrap().is_mapping());
}

#[test]
fn keys_are_read_as_json_keys() {
    // go-yaml resolves keys like values; sigs.k8s.io/yaml makes strings.
    let doc = one("m: {y: 1, 0x10: 2, !!binary cHJpdmlsZWdlZA==: 3, \"on\": 4, 1.5: 5}\n");
    let m = doc.root().unwrap().get("m").unwrap();
    let keys: Vec<_> = m
        .entries()
        .iter()
        .map(|(k, _)| k.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(keys, ["true", "16", "privileged", "on", "1.5"]);
    assert!(doc.issues.is_empty());
    // Keys JSON cannot have fail the document in Kubernetes.
    let doc = one("m: {~: 1}\n");
    assert_eq!(doc.issues[0].kind, YamlIssueKind::Rejected);
}

#[test]
fn tags_resolve_like_go_yaml() {
    let doc = one("kind: !!binary UG9k\na: !!str 123\nb: !!int \"5\"\nc: ! yes\nd: !foo true\ne: 0.0\nf: !!float 3\n");
    let root = doc.root().unwrap();
    assert!(doc.issues.is_empty(), "{:?}", doc.issues);
    assert_eq!(root.get("kind").unwrap().as_str(), Some("Pod"));
    assert_eq!(root.get("a").unwrap().as_i64(), None);
    assert_eq!(root.get("b").unwrap().as_i64(), Some(5));
    assert_eq!(root.get("c").unwrap().as_bool(), None);
    assert_eq!(root.get("d").unwrap().as_bool(), None);
    assert_eq!(root.get("e").unwrap().as_i64(), Some(0));
    assert_eq!(root.get("f").unwrap().as_i64(), Some(3));
    for rejected in [
        "a: !!int x\n",
        "a: .inf\n",
        "a: !!binary x\n",
        "a: {<<: 1}\n",
        "? [a]\n: b\n",
    ] {
        let doc = one(rejected);
        assert_eq!(doc.issues.len(), 1, "{rejected}");
        assert_eq!(doc.issues[0].kind, YamlIssueKind::Rejected, "{rejected}");
        assert!(!doc.is_broken());
    }
}

#[test]
fn unicode_line_breaks_end_lines_like_go_yaml() {
    // go-yaml ends a comment (and a line) at U+2028, U+2029 and U+0085.
    for brk in ["\u{2028}", "\u{2029}", "\u{85}"] {
        let text = format!("sc:\n  privileged: false # note{brk}  privileged: true\n");
        let doc = one(&text);
        let sc = doc.root().unwrap().get("sc").unwrap();
        assert_eq!(
            sc.get("privileged").unwrap().as_bool(),
            Some(true),
            "{brk:?}"
        );
        // Spans stay byte offsets into the original text.
        let value = sc.get("privileged").unwrap();
        assert_eq!(&text[value.span().range()], "true");
    }
}

#[test]
fn duplicate_keys_are_issues_and_last_wins() {
    let text = "a: 1\nb: 2\na: 3\n";
    let doc = one(text);
    assert_eq!(doc.issues.len(), 1);
    let issue = &doc.issues[0];
    assert_eq!(issue.kind, YamlIssueKind::DuplicateKey);
    assert_eq!(at(text, issue.span), "3:1-3:2");
    assert_eq!(at(text, issue.related.as_ref().unwrap().0), "1:1-1:2");
    assert!(!doc.is_broken());
    assert_eq!(doc.root().unwrap().get("a").unwrap().as_i64(), Some(3));
    let many: String = (0..40).map(|i| format!("k{i}: v\n")).collect::<String>() + "k7: again\n";
    let doc = one(&many);
    assert_eq!(doc.issues.len(), 1);
    assert_eq!(
        doc.issues[0].message,
        "duplicate key `k7`; Kubernetes keeps only the last value"
    );
}

#[test]
fn syntax_errors_have_positions_and_do_not_hide_other_documents() {
    let text = "kind: A\n---\nkey: [unclosed\n---\nkind: C\n";
    let docs = parse(text);
    assert_eq!(docs.len(), 3);
    assert!(!docs[0].is_broken());
    assert!(docs[1].is_broken());
    assert_eq!(docs[1].issues[0].kind, YamlIssueKind::Syntax);
    // The unclosed bracket is reported at the end of its document, not at the next `---`.
    assert_eq!(at(text, docs[1].issues[0].span), "3:15-3:15");
    assert_eq!(
        docs[2].root().unwrap().get("kind").unwrap().as_str(),
        Some("C")
    );
}

#[test]
fn unknown_and_recursive_aliases_are_errors() {
    let text = "a: *nope\n";
    let doc = one(text);
    assert!(doc.is_broken());
    assert!(
        doc.issues[0].message.contains("unknown anchor"),
        "{}",
        doc.issues[0].message
    );
    let text = "a: &x [1, *x]\n";
    let doc = one(text);
    assert_eq!(doc.issues[0].kind, YamlIssueKind::RecursiveAlias);
    assert_eq!(&text[doc.issues[0].span.range()], "*x");
}

#[test]
fn alias_bomb_hits_the_budget_quickly() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let prev = format!("*a{}", i - 1);
        text += &format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", "));
    }
    let doc = one(&text);
    assert_eq!(doc.issues[0].kind, YamlIssueKind::AliasBudget);
    assert!(doc.root().is_none());
    assert!(doc.node_count() < 200);
}

#[test]
fn deep_nesting_is_limited_not_fatal() {
    let text = "[".repeat(10_000) + &"]".repeat(10_000);
    let doc = one(&text);
    assert_eq!(doc.issues[0].kind, YamlIssueKind::TooDeep);
    let block: String = (0..3000)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    let doc = one(&block);
    assert_eq!(
        doc.issues[0].kind,
        YamlIssueKind::TooDeep,
        "{}",
        doc.issues[0].message
    );
}

#[test]
fn json_manifests_parse() {
    let text = "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"spec\": {\"hostPID\": true}}";
    let doc = one(text);
    let root = doc.root().unwrap();
    assert_eq!(root.get("kind").unwrap().as_str(), Some("Pod"));
    assert_eq!(
        root.path(&["spec", "hostPID"]).unwrap().as_bool(),
        Some(true)
    );
    assert_eq!(
        &text[root.path(&["spec", "hostPID"]).unwrap().span().range()],
        "true"
    );
}

#[test]
fn empty_documents_have_no_root() {
    for text in ["", "# only a comment\n", "---\n", "---\n---\n...\n"] {
        for doc in parse(text) {
            assert!(
                doc.root().is_none() || doc.root().unwrap().is_null(),
                "{text:?}"
            );
            assert!(!doc.is_broken(), "{text:?}");
        }
    }
}

#[test]
fn flow_collections_may_close_left_of_their_key() {
    // Accepted by Kubernetes (go-yaml/libyaml); see crates/kubelint-saphyr-parser/PATCHES.md.
    let text = "spec:\n  containers:\n  - name: a\n    args: [\n      \"-x\",\n  ]\n    env: []\nnote: 'multi\n line'\n";
    let doc = one(text);
    assert!(!doc.is_broken(), "{:?}", doc.issues);
    let container = doc
        .root()
        .unwrap()
        .path(&["spec", "containers"])
        .unwrap()
        .items()
        .next()
        .unwrap();
    assert_eq!(
        container
            .get("args")
            .unwrap()
            .items()
            .next()
            .unwrap()
            .as_str(),
        Some("-x")
    );
    assert!(container.get("env").unwrap().is_sequence());
}

#[test]
fn a_document_the_splitter_missed_is_reported_not_dropped() {
    // Parsing two documents as one chunk (a marker the splitter did not see)
    // keeps the first and says the rest is not linted.
    let text = "a: 1\n---\nb: 2\n";
    let doc = parse_document(text, Span::new(0, text.len() as u32), 0, &Limits::default());
    assert_eq!(doc.issues.len(), 1);
    assert_eq!(doc.issues[0].kind, YamlIssueKind::Unsplit);
    assert_eq!(at(text, doc.issues[0].span), "2:1-2:1");
    assert!(!doc.is_broken());
    assert_eq!(doc.root().unwrap().get("a").unwrap().as_i64(), Some(1));
}

#[test]
fn documents_after_a_bom_or_lone_cr_marker_are_parsed() {
    for text in [
        "kind: A\n\u{feff}---\nkind: B\n",
        "kind: A\r---\rkind: B\r",
        "\u{feff}---\r\nkind: A\r\n---\r\nkind: B\r\n",
    ] {
        let docs = parse(text);
        let kinds: Vec<_> = docs
            .iter()
            .map(|d| d.root().unwrap().get("kind").unwrap().as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["A", "B"], "{text:?}");
        assert!(docs.iter().all(|d| d.issues.is_empty()), "{text:?}");
    }
}

#[test]
fn entries_of_a_huge_mapping_cost_linear_time() {
    // `entries()` compared every key with every earlier one: 100,000
    // annotations took minutes. Semantics kept: the last duplicate wins in
    // the first one's place, keys after a merge override merged ones.
    let mut text = String::from("base: &b {k0: merged, extra: merged}\nm:\n  <<: *b\n");
    for i in 0..100_000 {
        text += &format!("  k{i}: v{i}\n");
    }
    text += "  k1: last\n";
    let started = std::time::Instant::now();
    let doc = one(&text);
    let m = doc.root().unwrap().get("m").unwrap();
    let entries = m.entries();
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert_eq!(entries.len(), 100_001);
    let text_of = |i: usize| {
        let (k, v) = entries[i];
        (k.as_str().unwrap(), v.as_str().unwrap())
    };
    assert_eq!(text_of(0), ("k0", "v0"));
    assert_eq!(text_of(1), ("extra", "merged"));
    assert_eq!(text_of(2), ("k1", "last"));
}

#[test]
fn value_subspans_stay_on_character_boundaries() {
    // Found by the `parse` fuzz target: a range cutting a character of the
    // value gave a span that cut the file's text.
    let text = "k: aé✓\n";
    let doc = one(text);
    let value = doc.root().unwrap().get("k").unwrap();
    assert_eq!(&text[value.value_subspan(1..3).range()], "é");
    assert_eq!(value.value_subspan(1..2), value.span());
    assert_eq!(value.value_subspan(2..4), value.span());
}

#[test]
fn a_key_longer_than_yaml_allows_is_explained() {
    let text = format!("data:\n  {}: v\n", "k".repeat(2000));
    let doc = one(&text);
    assert_eq!(doc.issues.len(), 1);
    assert_eq!(
        doc.issues[0].message,
        "invalid YAML: mapping values are not allowed in this context; a key before `:` may be at most 1024 characters long"
    );
    assert_eq!(at(&text, doc.issues[0].span), "2:2003-2:2003");
}

#[test]
fn alias_budget_points_at_an_alias_even_deep_inside() {
    // The root mapping crosses the budget, but its aliases sit in a child:
    // the finding used to point at the end of the file.
    let text = "x: &x [1, 2, 3, 4, 5]\ndata: [*x, *x, *x]\nlast: 1\n";
    let limits = Limits {
        alias_budget: 10,
        ..Limits::default()
    };
    let doc = parse_document(text, Span::new(0, text.len() as u32), 0, &limits);
    assert_eq!(doc.issues[0].kind, YamlIssueKind::AliasBudget);
    assert_eq!(at(text, doc.issues[0].span), "2:8-2:10");
}

/// Spans of every node and issue lie inside their document, on character
/// boundaries (the `parse` fuzz target's invariant).
fn assert_spans_inside(text: &str) {
    for (i, chunk) in split_documents(text, bom_len(text)).iter().enumerate() {
        let doc = parse_document(text, chunk.span, i, &Limits::default());
        let spans = (0..doc.node_count() as u32)
            .map(|id| doc.node(id).span)
            .chain(doc.issues.iter().map(|issue| issue.span));
        for span in spans {
            assert!(
                chunk.span.start <= span.start
                    && span.start <= span.end
                    && span.end <= chunk.span.end,
                "{span:?} outside {:?} in {text:?}",
                chunk.span
            );
            assert!(
                text.is_char_boundary(span.start as usize)
                    && text.is_char_boundary(span.end as usize)
            );
        }
    }
}

#[test]
fn spans_stay_inside_their_document_when_the_parser_overshoots() {
    // Found by the `parse` fuzz target: saphyr-parser put the end of an empty
    // scalar before a misplaced directive past the end of its input.
    assert_spans_inside("---\n%0AG ag:x,\u{10}2b1c5a6d\u{35a}\u{259}1b2c3d8e\n");
    assert_spans_inside("---\n%0AG ag:x,\u{10}2b1c5a6d\u{35a}\u{259}1b2c3d8e:\n  - x\n");
}

#[test]
fn node_count_is_limited() {
    let text = format!("a: [{}]\n", vec!["x"; 100].join(","));
    let limits = Limits {
        max_nodes: 50,
        ..Limits::default()
    };
    let doc = parse_document(&text, Span::new(0, text.len() as u32), 0, &limits);
    assert_eq!(doc.issues.len(), 1);
    assert_eq!(doc.issues[0].kind, YamlIssueKind::TooManyNodes);
    assert_eq!(
        doc.issues[0].message,
        "document has more than 50 nodes, the limit (limits.max-nodes)"
    );
    // Nodes 1-3 are the root, `a` and the sequence: the 51st is the 48th `x`.
    assert_eq!(at(&text, doc.issues[0].span), "1:99-1:99");
    assert!(doc.root().is_none());
    assert!(doc.node_count() <= 50);
}

#[test]
fn long_merge_chains_are_followed() {
    // `privileged: true` at the end of a chain of 300 merges is still what
    // Kubernetes applies; lookups used to give up after 16.
    let mut text = String::from("base:\n  l0: &l0 {privileged: true}\n");
    for i in 1..300 {
        text += &format!("  l{i}: &l{i} {{<<: *l{}, level: {i}}}\n", i - 1);
    }
    text += "sc:\n  <<: *l299\n";
    let doc = one(&text);
    assert!(doc.issues.is_empty(), "{:?}", doc.issues);
    let sc = doc.root().unwrap().get("sc").unwrap();
    let privileged = sc.get("privileged").unwrap();
    assert_eq!(privileged.as_bool(), Some(true));
    assert_eq!(&text[privileged.span().range()], "*l299");
    assert_eq!(at(&text, privileged.written_span()), "2:24-2:28");
    assert_eq!(sc.get("level").unwrap().as_i64(), Some(299));
    assert_eq!(sc.entries().len(), 2);
}

#[test]
fn quoted_scalar_spans_end_at_the_closing_quote() {
    // Found by the `lsp` fuzz target: saphyr ends a quoted scalar's span
    // after the blanks and comment that follow it, so a finding on
    // `"nginx:latest" # 😀` covered the comment, a fix replacing the value
    // deleted it, and `value_subspan` sliced through the emoji and panicked.
    let cases = [
        ("image: \"nginx:latest\" # 😀😀\n", "\"nginx:latest\""),
        ("a: {n: \"😀 日本\"}\nimage: \"x\"   # é\n", "\"x\""),
        ("image: 'it''s' # '\n", "'it''s'"),
        ("image: \"a\\\"b\\\\\" # \"\n", "\"a\\\"b\\\\\""),
        ("image: \"one\n  two\"  # c\n", "\"one\n  two\""),
        ("image: \"x\"\t\n", "\"x\""),
    ];
    for (text, value) in cases {
        let doc = one(text);
        let image = doc.root().unwrap().get("image").unwrap();
        assert_eq!(&text[image.span().range()], value, "{text:?}");
        let len = image.scalar().unwrap().value.len();
        let sub = image.value_subspan(0..len);
        assert!(text.is_char_boundary(sub.end as usize));
    }
    // Items of flow collections end at their quotes too.
    let text = "a: [\"x\"  , \"é\" ]\n";
    let doc = one(text);
    let items: Vec<_> = doc
        .root()
        .unwrap()
        .get("a")
        .unwrap()
        .items()
        .map(|i| &text[i.span().range()])
        .collect();
    assert_eq!(items, ["\"x\"", "\"é\""]);
}

#[test]
fn empty_values_have_empty_spans() {
    // Found by the `fix` fuzz target: saphyr spans the empty value of a
    // flow key without `:` over the closing `}`, so a fix inserting after
    // the last entry wrote outside the mapping, again on every pass.
    let text =
        "c: [{\"name\": \"a\", \"k\"}]\nd: {a: 1, b}\ne:\n  f:\n  g: {j: }\n  ? odd\n\n# c\nh: 1\n";
    let doc = one(text);
    let root = doc.root().unwrap();
    let c = root.get("c").unwrap().items().next().unwrap();
    let spans = [
        c.get("k").unwrap().span(),
        root.get("d").unwrap().get("b").unwrap().span(),
        root.get("e").unwrap().get("f").unwrap().span(),
        root.get("e")
            .unwrap()
            .get("g")
            .unwrap()
            .get("j")
            .unwrap()
            .span(),
        root.get("e").unwrap().get("odd").unwrap().span(),
    ];
    // Empty, where saphyr puts the value: on its `:`, or without one
    // before the next token; when that is further on (after `? odd` it is
    // `h`, three lines down), right after the key.
    let at = |needle: &str| (text.find(needle).unwrap() + needle.len()) as u32;
    assert_eq!(
        spans,
        [
            Span::at(at("\"k\"")),
            Span::at(at(", b")),
            Span::at(at("f")),
            Span::at(at("{j")),
            Span::at(at("? odd")),
        ]
    );
}
