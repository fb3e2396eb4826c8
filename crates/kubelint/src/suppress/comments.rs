//! `# kubelint-ignore` comments of one document, and only real comments.
//!
//! saphyr-parser does not report comments, so they are found in the text
//! and checked against the parsed document: a `#` starts a comment only if
//! it is at the start of a line or after a blank, and lies outside every
//! scalar of the document — the text of a block scalar (a script in a
//! ConfigMap), of a quoted or multi-line plain scalar, of a quoted key, of a
//! JSON string. A comment cannot sit inside a scalar, and the scalars cover
//! every other place a `#` can be, so this is exact for a document that
//! parses.
//!
//! In a document that does not parse, nothing after its first token can be
//! shown to be a comment (an unterminated quote turns the rest of the text
//! into one string), so only its leading comments are honoured; the syntax
//! error is reported anyway. The same holds past the point where the parser
//! stopped reading a document (an unsplit second document).

use super::{Scope, Suppression, COMMENT_MARKER};
use crate::source::{next_line_start, Span};
use crate::yaml::{Document, NodeKind, ScalarStyle, YamlIssueKind};

/// What a file-wide suppression in a document's body is told.
pub(crate) const FILE_WIDE_MISPLACED: &str = "a file-wide suppression takes effect only in the file's leading comments (or, in rendered Helm output, in a template's comments right after its `# Source:` line); this one suppresses nothing";

/// The `# kubelint-ignore` suppressions of `doc` (its line suppressions and
/// misplaced file-wide ones; file-wide suppressions in leading comments are
/// [`super::file_suppressions`]' business). Cheap when there are none: one
/// substring search.
pub fn comment_suppressions(doc: &Document<'_>, out: &mut Vec<Suppression>) {
    let text = doc.text();
    let chunk = doc.span;
    let finder = memchr::memmem::Finder::new(COMMENT_MARKER);
    let found: Vec<usize> = finder
        .find_iter(&text.as_bytes()[chunk.range()])
        .map(|at| at + chunk.start as usize)
        .collect();
    if found.is_empty() {
        return;
    }
    let leading_end = leading_comments_end(text, chunk);
    let values = ValueSpans::of(doc);
    let mut next_code: Option<(usize, Span)> = None;
    for at in found {
        let line = line_around(text, chunk, at);
        let line_text = &text[line.range()];
        let rel = at - line.start as usize;
        let Some(hash) = comment_start(line_text, rel) else {
            continue;
        };
        let hash_at = line.start + hash as u32;
        let in_leading = hash_at < leading_end;
        if !in_leading && !values.is_comment(text, hash_at) {
            continue;
        }
        let after = &line_text[rel + COMMENT_MARKER.len()..];
        let (file_wide, rest) = match after.strip_prefix("-file") {
            Some(rest) => (true, rest),
            None => (false, after),
        };
        let Some(rest) = rest.trim_start().strip_prefix(':') else {
            continue;
        };
        let comment = Span::new(hash_at, line.end);
        let scope = if file_wide {
            if in_leading {
                continue; // file_suppressions reads the leading comments
            }
            Scope::Nothing
        } else if line_text[..hash].trim().is_empty() {
            let next = next_code_line(text, chunk, line.end as usize, &mut next_code);
            if next.is_empty() && next.start >= chunk.end {
                Scope::Nothing
            } else {
                Scope::Line(next)
            }
        } else {
            Scope::Line(line)
        };
        let mut suppression = Suppression::new(comment, scope, rest);
        if suppression.rules.is_empty() {
            continue;
        }
        if file_wide {
            suppression.misplaced = Some(FILE_WIDE_MISPLACED);
        }
        out.push(suppression);
    }
}

/// Where the `#` that starts the comment holding the marker at `rel` is:
/// the marker must directly follow it (blanks between allowed), and it must
/// start the line or follow a blank.
fn comment_start(line_text: &str, rel: usize) -> Option<usize> {
    let before = line_text[..rel].trim_end_matches([' ', '\t']);
    let hash = before.strip_suffix('#').map(str::len)?;
    (hash == 0 || line_text[..hash].ends_with([' ', '\t'])).then_some(hash)
}

/// The line (without its break) holding byte `at`, within `chunk`.
fn line_around(text: &str, chunk: Span, at: usize) -> Span {
    let bytes = text.as_bytes();
    let start = memchr::memrchr2(b'\n', b'\r', &bytes[chunk.start as usize..at])
        .map_or(chunk.start as usize, |i| chunk.start as usize + i + 1);
    let end = memchr::memchr2(b'\n', b'\r', &bytes[at..chunk.end as usize])
        .map_or(chunk.end as usize, |i| at + i);
    Span::new(start as u32, end as u32)
}

/// Where the first line of `chunk` that is not blank, a comment, a `---`
/// marker (with nothing but a comment after it) or a `%` directive starts:
/// everything before it is the document's leading comments.
pub(crate) fn leading_comments_end(text: &str, chunk: Span) -> u32 {
    let bytes = text.as_bytes();
    let mut line_start = chunk.start as usize;
    while line_start < chunk.end as usize {
        let line_end = next_line_start(bytes, line_start).min(chunk.end as usize);
        let line = &text[line_start..line_end];
        let line = line.strip_prefix('\u{feff}').unwrap_or(line);
        let rest = match line.strip_prefix("---") {
            Some(rest) if rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']) => rest,
            _ => line,
        };
        let rest = rest.trim_start();
        if !(rest.is_empty() || rest.starts_with('#') || line.starts_with('%')) {
            return line_start as u32;
        }
        line_start = line_end;
    }
    chunk.end
}

/// The line after the one ending at `from` that is not blank and not only a
/// comment, within `chunk`; an empty span at the chunk's end if there is
/// none (a comment before the next `---` covers nothing).
///
/// `cache` holds the last answer as `(from, line)`: every line between
/// holds the same next code line, so a run of 100,000 suppression comments
/// is scanned once, not once per comment.
fn next_code_line(text: &str, chunk: Span, from: usize, cache: &mut Option<(usize, Span)>) -> Span {
    if let Some((cached_from, line)) = *cache {
        if cached_from <= from && from < line.start as usize {
            return line;
        }
    }
    let bytes = text.as_bytes();
    let mut start = next_line_start(bytes, from).min(chunk.end as usize);
    let found = loop {
        if start >= chunk.end as usize {
            break Span::at(chunk.end);
        }
        let line = line_around(text, chunk, start);
        let t = text[line.range()].trim_start();
        if !t.is_empty() && !t.starts_with('#') {
            break line;
        }
        start = next_line_start(bytes, start).min(chunk.end as usize);
    };
    *cache = Some((from, found));
    found
}

/// The spans of a document's scalars, in which a `#` is text, not a comment.
struct ValueSpans {
    /// `(span, block scalar)` sorted by start; scalars never overlap.
    spans: Vec<(Span, bool)>,
    /// Where the document stops being known: its end, the start of what
    /// the parser did not read, or its leading comments' end if it is broken.
    known_until: u32,
}

impl ValueSpans {
    fn of(doc: &Document<'_>) -> ValueSpans {
        let mut spans: Vec<(Span, bool)> = (0..doc.node_count() as u32)
            .filter_map(|id| {
                let node = doc.node(id);
                match &node.kind {
                    NodeKind::Scalar(s) if !node.span.is_empty() => Some((
                        node.span,
                        matches!(s.style, ScalarStyle::Literal | ScalarStyle::Folded),
                    )),
                    _ => None,
                }
            })
            .collect();
        spans.sort_unstable_by_key(|&(span, _)| span.start);
        let known_until = if doc.is_broken() {
            leading_comments_end(doc.text(), doc.span)
        } else {
            doc.issues
                .iter()
                .filter(|i| i.kind == YamlIssueKind::Unsplit)
                .map(|i| i.span.start)
                .min()
                .unwrap_or(doc.span.end)
        };
        ValueSpans { spans, known_until }
    }

    /// Whether the `#` at `at` (which starts its line or follows a blank)
    /// starts a comment rather than being text of a value.
    fn is_comment(&self, text: &str, at: u32) -> bool {
        if at >= self.known_until {
            return false;
        }
        let k = self.spans.partition_point(|(span, _)| span.start <= at);
        let Some(&(span, block)) = k.checked_sub(1).map(|k| &self.spans[k]) else {
            return true;
        };
        if !span.contains(at) {
            return true;
        }
        block && below_block_content(text, span, at)
    }
}

/// Whether the `#` at `at`, inside the span of a block scalar, is on a line
/// indented less than the scalar's content: a comment after the scalar that
/// its span (which runs to the next token) took in. With an explicit
/// indentation indicator (`|2`) the content's indentation depends on the
/// parent's, so such a `#` is taken as content.
fn below_block_content(text: &str, span: Span, at: u32) -> bool {
    let block = &text[span.range()];
    let header_end = block.find(['\n', '\r']).unwrap_or(block.len());
    let header = &block[..header_end];
    let indicators = header
        .rfind(['|', '>'])
        .and_then(|i| header[i + 1..].split_whitespace().next())
        .unwrap_or("");
    if indicators.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let content_indent = block[header_end..]
        .split(['\n', '\r'])
        .find(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start_matches(' ').len());
    let line_start = text[..at as usize].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_prefix = &text[line_start..at as usize];
    let indent = line_prefix.len();
    line_prefix.bytes().all(|b| b == b' ') && content_indent.is_some_and(|c| indent < c)
}

#[cfg(test)]
mod tests;
