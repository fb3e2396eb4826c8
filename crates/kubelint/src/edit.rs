//! Text edits on byte ranges that keep comments and formatting: what a
//! rule's fix is made of.
//!
//! Rules describe *what* to change (set this key to that value); these
//! builders work out *how* for block and flow YAML, matching the indentation
//! and line endings of the surrounding text. Each returns the [`Edit`], or
//! `None` where no edit is safe (the value is shared through an anchor, comes
//! from a merge, or sits in a layout the builder does not recognise);
//! [`IntoFix::into_fix`] turns it into a titled [`Fix`]. This module sits
//! below the rules; applying fixes to a whole text and re-linting is
//! [`crate::fix`], above the engine.

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::k8s::Container;
use crate::source::Span;
use crate::yaml::{NodeRef, ScalarStyle};

/// Turns a builder's edit into a fix with a title and an applicability.
pub trait IntoFix {
    /// `None` stays `None`: no edit, no fix.
    fn into_fix(self, title: &str, applicability: Applicability) -> Option<Fix>;
}

impl IntoFix for Option<Edit> {
    fn into_fix(self, title: &str, applicability: Applicability) -> Option<Fix> {
        Some(Fix {
            title: title.to_owned(),
            applicability,
            edits: vec![self?],
        })
    }
}

/// The edit that replaces a scalar's text (quotes included) with `new_text`.
pub fn replace_scalar(node: NodeRef<'_>, new_text: &str) -> Option<Edit> {
    if node.is_shared() || node.scalar().is_none() {
        return None;
    }
    Some(Edit {
        range: node.span(),
        replacement: new_text.to_owned(),
    })
}

/// Set a key of a container's `securityContext`, creating it if needed.
pub fn set_in_container_security_context(
    container: &Container<'_>,
    key: &str,
    value: &str,
    applicability: Applicability,
) -> Option<Fix> {
    set_path(container.node, &["securityContext", key], value)
        .into_fix(&format!("Set {key}: {value}"), applicability)
}

/// The edit that sets `path` (mapping keys, last one the leaf) under
/// `mapping` to the YAML scalar `value`, creating the missing mappings on
/// the way.
pub fn set_path(mapping: NodeRef<'_>, path: &[&str], value: &str) -> Option<Edit> {
    let (first, rest) = path.split_first()?;
    if mapping.is_shared() || !mapping.is_mapping() {
        return None;
    }
    match mapping.get(first) {
        Some(child) if rest.is_empty() => {
            if child.is_shared() || child.scalar().is_none() {
                return None;
            }
            let scalar = child.scalar()?;
            if scalar.style == ScalarStyle::Plain && child.span().is_empty() {
                // An empty value (`key:`) has an empty span at the end of
                // its key; the value goes after the colon.
                let colon = colon_after(mapping, first)?;
                return Some(Edit {
                    range: Span::at(colon + 1),
                    replacement: format!(" {value}"),
                });
            }
            Some(Edit {
                range: child.span(),
                replacement: value.to_owned(),
            })
        }
        Some(child) if child.is_mapping() => set_path(child, rest, value),
        // `securityContext:` with no value (or `~`, `null`): write the
        // missing mappings in its place.
        Some(child) if child.is_null() && !child.is_shared() => {
            replace_null_value(mapping, first, rest, value)
        }
        Some(_) => None,
        None => insert_entry(mapping, path, value),
    }
}

/// Replaces the null value of `key` in `mapping` with the mappings of `path`.
fn replace_null_value(mapping: NodeRef<'_>, key: &str, path: &[&str], value: &str) -> Option<Edit> {
    // Only a key written in this mapping: one from a merge lives elsewhere.
    let (key_node, child) = mapping
        .raw_entries()
        .filter(|(k, _)| k.as_str() == Some(key))
        .last()?;
    let text = mapping.document().text();
    let colon = colon_after(mapping, key)?;
    let range = Span::new(colon + 1, child.span().end.max(colon + 1));
    if is_flow_collection(mapping) {
        return Some(Edit {
            range,
            replacement: format!(" {{{}}}", flow_value(path, value)),
        });
    }
    let key_start = key_node.span().start as usize;
    let indent = key_start - line_start(text, key_start) + 2;
    let newline = line_break_near(text, key_start);
    Some(Edit {
        range,
        replacement: format!(
            "{newline}{}{}",
            " ".repeat(indent),
            block_value(path, value, indent, newline)
        ),
    })
}

/// The offset of the `:` after `key` in `mapping` (the key as written in
/// this mapping, not one brought in by a merge).
fn colon_after(mapping: NodeRef<'_>, key: &str) -> Option<u32> {
    let (key_node, value) = mapping
        .raw_entries()
        .filter(|(k, _)| k.as_str() == Some(key))
        .last()?;
    let text = mapping.document().text();
    let from = key_node.span().end as usize;
    let to = (value.span().start as usize).max(line_end_exclusive(text, from));
    let colon = from + text.get(from..to)?.find(':')?;
    Some(colon as u32)
}

/// Inserts `path[0]: …` as a new entry of `mapping`.
fn insert_entry(mapping: NodeRef<'_>, path: &[&str], value: &str) -> Option<Edit> {
    let text = mapping.document().text();
    let span = mapping.span();
    if is_flow_collection(mapping) {
        let nested = flow_value(path, value);
        let close = span.end.checked_sub(1)?;
        // Insert after the last entry so the closing brace keeps its place.
        let (at, replacement) = match mapping.raw_entries().last() {
            Some((_, last)) => (last.span().end, format!(", {nested}")),
            None => (close, nested),
        };
        return Some(Edit {
            range: crate::source::Span::at(at),
            replacement,
        });
    }
    // A new key goes on its own line after the mapping's last entry, at the
    // column of its first key (which for `- name: app` is after the dash).
    let (first_key, _) = mapping.raw_entries().next()?;
    let key_start = first_key.span().start as usize;
    let indent = key_start - line_start(text, key_start);
    let (last_key, last_value) = mapping.raw_entries().last()?;
    let last_end = last_value.span().end.max(last_key.span().end) as usize;
    let at = line_end_exclusive(text, last_end);
    let newline = line_break_near(text, at);
    let mut replacement = String::from(newline);
    replacement.push_str(&" ".repeat(indent));
    replacement.push_str(&block_value(path, value, indent, newline));
    Some(Edit {
        range: crate::source::Span::at(at as u32),
        replacement,
    })
}

/// `a:\n  b: value` for a path `[a, b]`, continuation lines indented from
/// `indent`; no newline at the end.
fn block_value(path: &[&str], value: &str, indent: usize, newline: &str) -> String {
    let mut out = String::new();
    for (depth, key) in path.iter().enumerate() {
        if depth > 0 {
            out.push_str(newline);
            out.push_str(&" ".repeat(indent + 2 * depth));
        }
        out.push_str(key);
        out.push(':');
    }
    out.push(' ');
    out.push_str(value);
    out
}

/// The line break that ends the line holding `at` (or, on the last line, the
/// one before it), so an insertion matches its surroundings: `\n`, `\r\n`
/// or a lone `\r`. Only this line is looked at: scanning the whole file for
/// each fix made linting a file with many findings quadratic.
fn line_break_near(text: &str, at: usize) -> &'static str {
    let bytes = text.as_bytes();
    let at = at.min(bytes.len());
    let Some(end) = memchr::memchr2(b'\n', b'\r', &bytes[at..])
        .map(|i| at + i)
        .or_else(|| memchr::memrchr2(b'\n', b'\r', &bytes[..at]))
    else {
        return "\n";
    };
    match bytes[end] {
        b'\r' if bytes.get(end + 1) == Some(&b'\n') => "\r\n",
        b'\r' => "\r",
        _ if end > 0 && bytes[end - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// The offset where the line holding `offset` starts.
fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// The offset just past the line ending of the line holding `offset` (or
/// the end of the text).
fn line_end_inclusive(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    match memchr::memchr2(b'\n', b'\r', &bytes[offset..]).map(|i| offset + i) {
        Some(end) if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') => end + 2,
        Some(end) => end + 1,
        None => text.len(),
    }
}

/// The offset of the line break (`\r\n`, `\n` or a lone `\r`) of the line
/// holding `offset`, or the end of the text.
fn line_end_exclusive(text: &str, offset: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &text.as_bytes()[offset..]).map_or(text.len(), |i| offset + i)
}

/// Whether a collection is written in flow style (`{…}` or `[…]`). A flow
/// collection's span includes its anchor and tag (`&a {…}`).
/// `value` written as a YAML scalar that reads back as the string `value`
/// where `node` stands: plain when that is unambiguous, double-quoted
/// otherwise (a `,` inside a flow sequence would split the item in two).
pub fn yaml_string(node: NodeRef<'_>, value: &str) -> String {
    let text = node.document().text();
    let span = node.span();
    let after = text[span.end as usize..]
        .trim_start_matches([' ', '\t'])
        .chars()
        .next();
    let before = text[..span.start as usize]
        .trim_end_matches([' ', '\t'])
        .chars()
        .last();
    let in_flow = matches!(after, Some(',' | ']' | '}')) || matches!(before, Some('[' | '{' | ','));
    let first = value.chars().next();
    let needs_quotes = value.is_empty()
        || value.trim() != value
        || matches!(
            first,
            Some(
                '?' | ':'
                    | ','
                    | '['
                    | ']'
                    | '{'
                    | '}'
                    | '#'
                    | '&'
                    | '*'
                    | '!'
                    | '|'
                    | '>'
                    | '\''
                    | '"'
                    | '%'
                    | '@'
                    | '`'
            )
        )
        || value.starts_with("- ")
        || value.contains(": ")
        || value.contains(" #")
        || value.contains(['\n', '\r', '\t'])
        || (in_flow && value.contains([',', '[', ']', '{', '}']))
        // Anything go-yaml would read as a boolean, number or null.
        || crate::yaml::resolve_plain(value) != crate::yaml::Resolved::Str;
    if !needs_quotes {
        return value.to_owned();
    }
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for ch in value.chars() {
        match ch {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            _ => quoted.push(ch),
        }
    }
    quoted.push('"');
    quoted
}

fn is_flow_collection(node: NodeRef<'_>) -> bool {
    let text = node.document().text();
    let mut rest = text.get(node.span().range()).unwrap_or_default();
    loop {
        rest = rest.trim_start();
        if !rest.starts_with(['&', '!']) {
            break;
        }
        rest = rest.find(char::is_whitespace).map_or("", |i| &rest[i..]);
    }
    rest.starts_with(['{', '['])
}

/// The edit that removes `key` and its value from `mapping`, in block or flow style,
/// keeping the comments and layout around it. No fix when the key is not
/// written in this mapping (it comes from a merge), appears twice, or sits
/// in a layout the helper does not recognise.
pub fn remove_entry(mapping: NodeRef<'_>, key: &str) -> Option<Edit> {
    if mapping.is_shared() || !mapping.is_mapping() {
        return None;
    }
    let text = mapping.document().text();
    let entries: Vec<(u32, u32)> = mapping
        .raw_entries()
        .map(|(k, v)| (k.span().start, k.span().end.max(v.span().end)))
        .collect();
    let mut matching = mapping
        .raw_entries()
        .enumerate()
        .filter(|(_, (k, _))| k.as_str() == Some(key));
    let (index, _) = matching.next()?;
    if matching.next().is_some() {
        // Removing one of two duplicates would reveal the other.
        return None;
    }
    if is_flow_collection(mapping) {
        return Some(flow_removal(&entries, index));
    }
    let (start, end) = entries[index];
    let next = entries.get(index + 1).map(|&(s, _)| s);
    block_removal(text, start, end, next, "{}")
}

/// The edit that removes item `index` of `sequence`, in block or flow style. A block item
/// is removed with its whole lines (`- item` and any continuation lines).
pub fn remove_item(sequence: NodeRef<'_>, index: usize) -> Option<Edit> {
    if sequence.is_shared() || !sequence.is_sequence() {
        return None;
    }
    let text = sequence.document().text();
    let items: Vec<(u32, u32)> = sequence
        .items()
        .map(|item| (item.span().start, item.span().end))
        .collect();
    items.get(index)?;
    if is_flow_collection(sequence) {
        return Some(flow_removal(&items, index));
    }
    let (start, end) = items[index];
    let dash = dash_before(text, start as usize)?;
    Some(Edit {
        range: Span::new(
            line_start(text, dash) as u32,
            line_end_inclusive(text, end as usize) as u32,
        ),
        replacement: String::new(),
    })
}

/// The edit that appends `item` (YAML text) to `sequence`: `[a, item]` in flow style, a new
/// `- item` line with the same indentation in block style.
pub fn append_item(sequence: NodeRef<'_>, item: &str) -> Option<Edit> {
    if sequence.is_shared() || !sequence.is_sequence() {
        return None;
    }
    let text = sequence.document().text();
    let last = sequence.items().last();
    if is_flow_collection(sequence) {
        return Some(match last {
            Some(last) => Edit {
                range: Span::at(last.span().end),
                replacement: format!(", {item}"),
            },
            None => Edit {
                range: Span::at(sequence.span().end.checked_sub(1)?),
                replacement: item.to_owned(),
            },
        });
    }
    let last = last?;
    let dash = dash_before(text, last.span().start as usize)?;
    let indent = dash - line_start(text, dash);
    let at = line_end_exclusive(text, last.span().end as usize);
    Some(Edit {
        range: Span::at(at as u32),
        replacement: format!(
            "{}{}- {item}",
            line_break_near(text, at),
            " ".repeat(indent)
        ),
    })
}

/// The `-` of the block sequence item starting at `item_start`, when it is
/// the first thing on its line.
fn dash_before(text: &str, item_start: usize) -> Option<usize> {
    let before = text[..item_start].trim_end_matches([' ', '\t']);
    let dash = before.strip_suffix('-')?.len();
    let starts_line = text[line_start(text, dash)..dash]
        .bytes()
        .all(|b| b == b' ' || b == b'\t');
    starts_line.then_some(dash)
}

/// Removes entry or item `index` of a flow collection, with one separator.
fn flow_removal(spans: &[(u32, u32)], index: usize) -> Edit {
    let (start, end) = spans[index];
    let range = if let Some(&(next, _)) = spans.get(index + 1) {
        Span::new(start, next)
    } else if let Some(&(_, previous_end)) = index.checked_sub(1).and_then(|i| spans.get(i)) {
        Span::new(previous_end, end)
    } else {
        Span::new(start, end)
    };
    Edit {
        range,
        replacement: String::new(),
    }
}

/// Removes a block mapping entry `[start, end)` with its lines. An entry
/// that shares its line with a sequence dash (`- key: value`) hands the dash
/// to the next entry; when there is none it becomes `empty`.
fn block_removal(text: &str, start: u32, end: u32, next: Option<u32>, empty: &str) -> Option<Edit> {
    let (start, end) = (start as usize, end as usize);
    let first = line_start(text, start);
    let prefix = &text[first..start];
    if prefix.bytes().all(|b| b == b' ' || b == b'\t') {
        return Some(Edit {
            range: Span::new(first as u32, line_end_inclusive(text, end) as u32),
            replacement: String::new(),
        });
    }
    if prefix.trim() != "-" {
        return None;
    }
    let Some(next) = next.map(|n| n as usize) else {
        return Some(Edit {
            range: Span::new(start as u32, end as u32),
            replacement: empty.to_owned(),
        });
    };
    let after_line = line_end_inclusive(text, end);
    if after_line <= next && text[after_line..next].trim().is_empty() {
        // `- key: value\n  next: …` becomes `- next: …`.
        return Some(Edit {
            range: Span::new(start as u32, next as u32),
            replacement: String::new(),
        });
    }
    // Comments between the entry and the next one stay; the dash keeps an
    // indented block mapping below it.
    let dash_end = first + prefix.find('-')? + 1;
    Some(Edit {
        range: Span::new(dash_end as u32, line_end_exclusive(text, end) as u32),
        replacement: String::new(),
    })
}

/// `a: {b: value}` for a path `[a, b]`.
fn flow_value(path: &[&str], value: &str) -> String {
    match path.split_first() {
        Some((key, [])) => format!("{key}: {value}"),
        Some((key, rest)) => format!("{key}: {{{}}}", flow_value(rest, value)),
        None => value.to_owned(),
    }
}

/// Applies non-overlapping edits to `text`; `None` if any overlap, are
/// reversed, or fall outside the text or off a character boundary.
pub fn apply_edits(text: &str, edits: &[Edit]) -> Option<String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0usize;
    for edit in sorted {
        let (start, end) = (edit.range.start as usize, edit.range.end as usize);
        if start < pos
            || end < start
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            return None;
        }
        out.push_str(&text[pos..start]);
        out.push_str(&edit.replacement);
        pos = end;
    }
    out.push_str(&text[pos..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::bom_len;
    use crate::yaml::{parse_document, split_documents, Document, Limits};

    fn parse(text: &str) -> Document<'_> {
        let chunk = split_documents(text, bom_len(text))
            .into_iter()
            .find(|c| c.has_content)
            .expect("a document");
        let doc = parse_document(text, chunk.span, 0, &Limits::default());
        assert!(!doc.is_broken(), "{:?}", doc.issues);
        doc
    }

    /// Applies `edit` and checks the result still parses.
    fn apply(text: &str, edit: Option<Edit>) -> String {
        let edit = edit.expect("an edit");
        let out = apply_edits(text, &[edit]).expect("edit applies");
        parse(&out);
        out
    }

    fn node<'d>(doc: &'d Document<'d>, path: &[&str]) -> NodeRef<'d> {
        doc.root().unwrap().path(path).unwrap()
    }

    #[test]
    fn set_path_creates_nested_block_mappings() {
        let text = "spec:\n  containers:\n  - name: app\n    image: x\n";
        let doc = parse(text);
        let container = node(&doc, &["spec", "containers"]).items().next().unwrap();
        let edit = set_path(
            container,
            &["securityContext", "capabilities", "drop"],
            "[ALL]",
        );
        assert_eq!(
            apply(text, edit),
            "spec:\n  containers:\n  - name: app\n    image: x\n    securityContext:\n      capabilities:\n        drop: [ALL]\n"
        );
    }

    #[test]
    fn set_path_in_flow_mappings() {
        let text = "spec: {securityContext: {runAsUser: 1}}\n";
        let doc = parse(text);
        let edit = set_path(
            node(&doc, &["spec"]),
            &["securityContext", "seccompProfile", "type"],
            "RuntimeDefault",
        );
        assert_eq!(
            apply(text, edit),
            "spec: {securityContext: {runAsUser: 1, seccompProfile: {type: RuntimeDefault}}}\n"
        );
        let text = "spec: {securityContext: {}}\n";
        let doc = parse(text);
        let edit = set_path(node(&doc, &["spec"]), &["securityContext", "a"], "1");
        assert_eq!(apply(text, edit), "spec: {securityContext: {a: 1}}\n");
        // After a last key without a value, still inside the braces (found
        // by the `fix` fuzz target: the insertion went after the `}`).
        let text = "c: [{name: a, \"k\"}]\n";
        let doc = parse(text);
        let container = doc
            .root()
            .unwrap()
            .get("c")
            .unwrap()
            .items()
            .next()
            .unwrap();
        let edit = set_path(container, &["securityContext", "a"], "1");
        assert_eq!(
            apply(text, edit),
            "c: [{name: a, \"k\", securityContext: {a: 1}}]\n"
        );
    }

    #[test]
    fn set_path_replaces_null_values() {
        let text = "spec:\n  securityContext:\n  containers: []\n";
        let doc = parse(text);
        let edit = set_path(
            node(&doc, &["spec"]),
            &["securityContext", "seccompProfile", "type"],
            "RuntimeDefault",
        );
        assert_eq!(
            apply(text, edit),
            "spec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  containers: []\n"
        );
        let text = "- name: a\n  securityContext: ~ # none yet\n";
        let doc = parse(text);
        let item = doc.root().unwrap().items().next().unwrap();
        let edit = set_path(item, &["securityContext", "readOnlyRootFilesystem"], "true");
        assert_eq!(
            apply(text, edit),
            "- name: a\n  securityContext:\n    readOnlyRootFilesystem: true # none yet\n"
        );
        // An empty leaf gets its value after the colon.
        let text = "sc:\n  privileged:\n  x: 1\n";
        let doc = parse(text);
        let edit = set_path(doc.root().unwrap(), &["sc", "privileged"], "false");
        assert_eq!(apply(text, edit), "sc:\n  privileged: false\n  x: 1\n");
        let text = "a: {b: null}\n";
        let doc = parse(text);
        let edit = set_path(node(&doc, &["a"]), &["b", "c"], "1");
        assert_eq!(apply(text, edit), "a: {b: {c: 1}}\n");
    }

    #[test]
    fn replacing_a_quoted_value_keeps_the_comment_after_it() {
        // The quoted scalar's span used to run over the comment (found by
        // the `lsp` fuzz target), so the fix deleted it.
        let text = "sc:\n  privileged: \"true\" # needed for the GPU 😀\n  x: 1\n";
        let doc = parse(text);
        let edit = set_path(doc.root().unwrap(), &["sc", "privileged"], "false");
        assert_eq!(
            apply(text, edit),
            "sc:\n  privileged: false # needed for the GPU 😀\n  x: 1\n"
        );
    }

    #[test]
    fn set_path_keeps_crlf() {
        let text = "spec:\r\n  containers:\r\n  - name: app\r\n";
        let doc = parse(text);
        let container = node(&doc, &["spec", "containers"]).items().next().unwrap();
        let edit = set_path(container, &["securityContext", "privileged"], "false");
        assert_eq!(
            apply(text, edit),
            "spec:\r\n  containers:\r\n  - name: app\r\n    securityContext:\r\n      privileged: false\r\n"
        );
    }

    #[test]
    fn remove_entry_in_block_mappings() {
        let text =
            "ports:\n- containerPort: 80\n  # web\n  hostPort: 8080 # exposed\n  protocol: TCP\n";
        let doc = parse(text);
        let port = node(&doc, &["ports"]).items().next().unwrap();
        assert_eq!(
            apply(text, remove_entry(port, "hostPort")),
            "ports:\n- containerPort: 80\n  # web\n  protocol: TCP\n"
        );
        // The first entry of a sequence item hands its dash to the next.
        let text = "ports:\n- hostPort: 8080\n  containerPort: 80\n- hostPort: 1\n  # c\n  containerPort: 2\n";
        let doc = parse(text);
        let ports: Vec<_> = node(&doc, &["ports"]).items().collect();
        assert_eq!(
            apply(text, remove_entry(ports[0], "hostPort")),
            "ports:\n- containerPort: 80\n- hostPort: 1\n  # c\n  containerPort: 2\n"
        );
        assert_eq!(
            apply(text, remove_entry(ports[1], "hostPort")),
            "ports:\n- hostPort: 8080\n  containerPort: 80\n-\n  # c\n  containerPort: 2\n"
        );
        // A multi-line value goes with its key; CRLF stays CRLF.
        let text = "a: 1\r\nb:\r\n  c: 2\r\n  d: 3\r\ne: 4\r\n";
        let doc = parse(text);
        assert_eq!(
            apply(text, remove_entry(doc.root().unwrap(), "b")),
            "a: 1\r\ne: 4\r\n"
        );
        // The last line without a line ending.
        let text = "a: 1\nb: 2";
        let doc = parse(text);
        assert_eq!(
            apply(text, remove_entry(doc.root().unwrap(), "b")),
            "a: 1\n"
        );
        let text = "- only: 1\n";
        let doc = parse(text);
        let item = doc.root().unwrap().items().next().unwrap();
        assert_eq!(apply(text, remove_entry(item, "only")), "- {}\n");
    }

    #[test]
    fn remove_entry_in_flow_mappings() {
        let text = "p: {containerPort: 80, hostPort: 8080, protocol: TCP}\n";
        let doc = parse(text);
        let p = node(&doc, &["p"]);
        assert_eq!(
            apply(text, remove_entry(p, "hostPort")),
            "p: {containerPort: 80, protocol: TCP}\n"
        );
        assert_eq!(
            apply(text, remove_entry(p, "protocol")),
            "p: {containerPort: 80, hostPort: 8080}\n"
        );
        assert_eq!(
            apply(text, remove_entry(p, "containerPort")),
            "p: {hostPort: 8080, protocol: TCP}\n"
        );
        let text = "p: {hostPort: 8080}\n";
        let doc = parse(text);
        assert_eq!(
            apply(text, remove_entry(node(&doc, &["p"]), "hostPort")),
            "p: {}\n"
        );
    }

    #[test]
    fn remove_entry_refuses_merged_and_duplicate_keys() {
        let text = "base: &b {hostPort: 1}\np:\n  <<: *b\n  containerPort: 2\n";
        let doc = parse(text);
        assert!(remove_entry(node(&doc, &["p"]), "hostPort").is_none());
        assert!(remove_entry(node(&doc, &["p"]), "missing").is_none());
    }

    #[test]
    fn remove_items() {
        let text = "add:\n  - SYS_ADMIN # why\n  - CHOWN\nnext: 1\n";
        let doc = parse(text);
        let add = node(&doc, &["add"]);
        assert_eq!(
            apply(text, remove_item(add, 0)),
            "add:\n  - CHOWN\nnext: 1\n"
        );
        assert_eq!(
            apply(text, remove_item(add, 1)),
            "add:\n  - SYS_ADMIN # why\nnext: 1\n"
        );
        let text = "sysctls:\r\n- name: a\r\n  value: \"1\"\r\n- name: b\r\n  value: \"2\"\r\n";
        let doc = parse(text);
        assert_eq!(
            apply(text, remove_item(node(&doc, &["sysctls"]), 0)),
            "sysctls:\r\n- name: b\r\n  value: \"2\"\r\n"
        );
        let text = "add: [SYS_ADMIN, NET_RAW, CHOWN]\n";
        let doc = parse(text);
        let add = node(&doc, &["add"]);
        assert_eq!(apply(text, remove_item(add, 0)), "add: [NET_RAW, CHOWN]\n");
        assert_eq!(
            apply(text, remove_item(add, 2)),
            "add: [SYS_ADMIN, NET_RAW]\n"
        );
        let text = "add: [SYS_ADMIN]\n";
        let doc = parse(text);
        assert_eq!(
            apply(text, remove_item(node(&doc, &["add"]), 0)),
            "add: []\n"
        );
        assert!(remove_item(node(&doc, &["add"]), 1).is_none());
    }

    #[test]
    fn append_items() {
        let text = "drop:\n    - NET_RAW # raw sockets\nnext: 1\n";
        let doc = parse(text);
        assert_eq!(
            apply(text, append_item(node(&doc, &["drop"]), "ALL")),
            "drop:\n    - NET_RAW # raw sockets\n    - ALL\nnext: 1\n"
        );
        let text = "drop:\r\n- NET_RAW";
        let doc = parse(text);
        assert_eq!(
            apply(text, append_item(node(&doc, &["drop"]), "ALL")),
            "drop:\r\n- NET_RAW\r\n- ALL"
        );
        let text = "drop: [NET_RAW]\n";
        let doc = parse(text);
        assert_eq!(
            apply(text, append_item(node(&doc, &["drop"]), "ALL")),
            "drop: [NET_RAW, ALL]\n"
        );
        let text = "drop: []\n";
        let doc = parse(text);
        assert_eq!(
            apply(text, append_item(node(&doc, &["drop"]), "ALL")),
            "drop: [ALL]\n"
        );
    }

    #[test]
    fn anchored_flow_collections_stay_flow() {
        let text = "a: &x {b: 1}\nc: !!seq &y [1]\n";
        let doc = parse(text);
        let edit = set_path(node(&doc, &["a"]), &["d"], "2");
        assert_eq!(apply(text, edit), "a: &x {b: 1, d: 2}\nc: !!seq &y [1]\n");
        let edit = append_item(node(&doc, &["c"]), "2");
        assert_eq!(apply(text, edit), "a: &x {b: 1}\nc: !!seq &y [1, 2]\n");
    }

    #[test]
    fn aliases_are_not_edited() {
        let text = "a: &x [1]\nb: *x\n";
        let doc = parse(text);
        assert!(append_item(node(&doc, &["b"]), "2").is_none());
        assert!(remove_item(node(&doc, &["b"]), 0).is_none());
    }

    #[test]
    fn insertions_use_the_line_break_of_their_line() {
        assert_eq!(line_break_near("a: 1\nb: 2\n", 5), "\n");
        assert_eq!(line_break_near("a: 1\r\nb: 2\r\n", 6), "\r\n");
        assert_eq!(line_break_near("a: 1\rb: 2\r", 5), "\r");
        // The last line has no break of its own: the one before it counts.
        assert_eq!(line_break_near("a: 1\r\nb: 2", 6), "\r\n");
        assert_eq!(line_break_near("b: 2", 0), "\n");
        // A mixed file: the line decides, not the first CRLF anywhere.
        assert_eq!(line_break_near("a: 1\r\nb: 2\nc: 3\n", 11), "\n");
    }
}

#[cfg(test)]
mod append_tests {
    use super::{append_item, apply_edits};
    use crate::yaml::{parse_document, split_documents, Limits};

    /// Appends `item` to the sequence at `key` of the document's root.
    fn append(text: &str, key: &str, item: &str) -> Option<String> {
        let chunks = split_documents(text, 0);
        let doc = parse_document(text, chunks[0].span, 0, &Limits::default());
        let sequence = doc.root()?.get(key)?;
        let edit = append_item(sequence, item)?;
        apply_edits(text, &[edit])
    }

    #[test]
    fn block_sequences_keep_indentation_and_comments() {
        assert_eq!(
            append(
                "args:\n  - --a=1 # why\n  - --b\nnext: 1\n",
                "args",
                "--c=2"
            )
            .as_deref(),
            Some("args:\n  - --a=1 # why\n  - --b\n  - --c=2\nnext: 1\n")
        );
        assert_eq!(
            append("args:\n- --a=1 # why\n", "args", "--c=2").as_deref(),
            Some("args:\n- --a=1 # why\n- --c=2\n")
        );
        assert_eq!(
            append("args:\r\n- --a\r\n", "args", "--c").as_deref(),
            Some("args:\r\n- --a\r\n- --c\r\n")
        );
        // At the end of the file without a newline.
        assert_eq!(
            append("args:\n- --a", "args", "--c").as_deref(),
            Some("args:\n- --a\n- --c")
        );
    }

    #[test]
    fn flow_sequences_get_a_comma() {
        assert_eq!(
            append("args: [--a, --b]\n", "args", "--c").as_deref(),
            Some("args: [--a, --b, --c]\n")
        );
        assert_eq!(
            append("args: []\n", "args", "--c").as_deref(),
            Some("args: [--c]\n")
        );
    }

    #[test]
    fn unusual_layouts_get_no_fix() {
        assert_eq!(append("args:\n- |\n  --a\n", "args", "--c"), None);
        assert_eq!(append("args: {a: 1}\n", "args", "--c"), None);
        assert_eq!(append("args:\n", "args", "--c"), None);
    }
}
