//! Building fixes: text edits on byte ranges that keep comments and formatting.
//!
//! Rules describe *what* to change (set this key to that value); these
//! helpers work out *how* for block and flow YAML, matching the indentation
//! and line endings of the surrounding text.

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::k8s::Container;
use crate::yaml::{NodeRef, ScalarStyle};

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
    let line_start = text[..at as usize].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let indent = at as usize - line_start;
    let newline = line_break_near(text, at as usize);
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

/// `a: {b: value}` for a path `[a, b]`.
fn flow_value(path: &[&str], value: &str) -> String {
    match path.split_first() {
        Some((key, [])) => format!("{key}: {value}"),
        Some((key, rest)) => format!("{key}: {{{}}}", flow_value(rest, value)),
        None => value.to_owned(),
    }
}

/// Applies non-overlapping edits to `text`; `None` if any overlap or fall
/// outside the text or off a character boundary.
pub fn apply_edits(text: &str, edits: &[Edit]) -> Option<String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0usize;
    for edit in sorted {
        let (start, end) = (edit.range.start as usize, edit.range.end as usize);
        if start < pos
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

    #[test]
    fn many_fixes_in_a_big_file_cost_linear_time() {
        // Each insertion fix used to scan the whole file for "\r\n": 3,000
        // pods with fixes took minutes in a debug build. Now well under a
        // second; the bound only catches a return of the quadratic scan.
        let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    securityContext:\n      runAsUser: 0\n";
        let text: String = (0..3000).map(|_| format!("---\n{pod}")).collect();
        let started = std::time::Instant::now();
        let diagnostics = crate::lint_str("pods.yaml", &text, &crate::Config::default());
        let with_fixes = diagnostics.iter().filter(|d| d.fix.is_some()).count();
        assert!(with_fixes >= 3000, "{with_fixes} fixes");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "took {:?}",
            started.elapsed()
        );
    }
}
