//! Building fixes: text edits on byte ranges that keep comments and formatting.
//!
//! Rules describe *what* to change (set this key to that value); these
//! helpers work out *how* for block and flow YAML, matching the indentation
//! and line endings of the surrounding text.

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::k8s::Container;
use crate::yaml::{NodeRef, ScalarStyle};

mod fixpoint;
pub use fixpoint::{fix_text, AppliedFix, FixOutcome, SkippedFix, MAX_PASSES};

/// Replace a scalar's text (quotes included) with `new_text`.
pub fn replace_scalar(
    node: NodeRef<'_>,
    new_text: &str,
    title: &str,
    applicability: Applicability,
) -> Option<Fix> {
    if node.is_alias() || node.scalar().is_none() {
        return None;
    }
    single(
        title,
        applicability,
        Edit {
            range: node.span(),
            replacement: new_text.to_owned(),
        },
    )
}

/// Set `path` (mapping keys, last one the leaf) under `mapping` to the YAML
/// scalar `value`, creating the missing mappings on the way.
pub fn set_path(
    mapping: NodeRef<'_>,
    path: &[&str],
    value: &str,
    title: &str,
    applicability: Applicability,
) -> Option<Fix> {
    let edit = set_path_edit(mapping, path, value)?;
    single(title, applicability, edit)
}

/// Set a key of a container's `securityContext`, creating it if needed.
pub fn set_in_container_security_context(
    container: &Container<'_>,
    key: &str,
    value: &str,
    applicability: Applicability,
) -> Option<Fix> {
    set_path(
        container.node,
        &["securityContext", key],
        value,
        &format!("Set {key}: {value}"),
        applicability,
    )
}

fn single(title: &str, applicability: Applicability, edit: Edit) -> Option<Fix> {
    Some(Fix {
        title: title.to_owned(),
        applicability,
        edits: vec![edit],
    })
}

/// The edit that makes `path` under `mapping` hold `value`.
pub fn set_path_edit(mapping: NodeRef<'_>, path: &[&str], value: &str) -> Option<Edit> {
    let (first, rest) = path.split_first()?;
    if mapping.is_alias() || !mapping.is_mapping() {
        return None;
    }
    match mapping.get(first) {
        Some(child) if rest.is_empty() => {
            if child.is_alias() || child.scalar().is_none() {
                return None;
            }
            let scalar = child.scalar()?;
            // An empty value (`key:`) has an empty span right after the colon.
            let replacement = if scalar.style == ScalarStyle::Plain && child.span().is_empty() {
                format!(" {value}")
            } else {
                value.to_owned()
            };
            Some(Edit {
                range: child.span(),
                replacement,
            })
        }
        Some(child) if child.is_mapping() => set_path_edit(child, rest, value),
        Some(_) => None,
        None => insert_entry(mapping, path, value),
    }
}

/// Inserts `path[0]: …` as a new entry of `mapping`.
fn insert_entry(mapping: NodeRef<'_>, path: &[&str], value: &str) -> Option<Edit> {
    let text = mapping.document().text();
    let span = mapping.span();
    let is_flow = text[span.range()].starts_with('{');
    if is_flow {
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
    let (first_key, _) = mapping.raw_entries().next()?;
    let at = first_key.span().start;
    let line_start = text[..at as usize].rfind('\n').map_or(0, |i| i + 1);
    let indent = at as usize - line_start;
    let newline = line_break_at(text, at as usize);
    let mut replacement = String::new();
    for (depth, key) in path.iter().enumerate() {
        if depth > 0 {
            replacement.push_str(newline);
            replacement.push_str(&" ".repeat(indent + 2 * depth));
        }
        replacement.push_str(key);
        replacement.push(':');
    }
    replacement.push(' ');
    replacement.push_str(value);
    replacement.push_str(newline);
    replacement.push_str(&" ".repeat(indent));
    Some(Edit {
        range: crate::source::Span::at(at),
        replacement,
    })
}

/// The line break used by the line holding `at` (the previous line's on a
/// last line without one), so CRLF files stay CRLF. Looks at one line, not
/// the whole file: fixes are built for every finding.
fn line_break_at(text: &str, at: usize) -> &'static str {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..]
        .find('\n')
        .map(|i| at + i)
        .or_else(|| line_start.checked_sub(1));
    match end {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
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
mod line_break_tests {
    use super::line_break_at;

    #[test]
    fn line_breaks_follow_the_line() {
        assert_eq!(line_break_at("a: 1\r\nb: 2\r\n", 6), "\r\n");
        assert_eq!(line_break_at("a: 1\r\nb: 2", 6), "\r\n");
        assert_eq!(line_break_at("a: 1\nb: 2\n", 5), "\n");
        assert_eq!(line_break_at("a: 1", 0), "\n");
    }
}
