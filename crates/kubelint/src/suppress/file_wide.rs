//! `# kubelint-ignore-file` in leading comments.
//!
//! A file-wide suppression is honoured only among the comments a reader
//! sees first: the lines before the file's first content (blank lines,
//! comments, `---` markers and `%` directives). Rendered Helm output is one
//! file made of many authors' templates, each document opened by
//! `# Source: <chart>/templates/<file>`; there a suppression that follows a
//! `# Source:` line among a document's leading comments came from that
//! template, and covers that template's documents only — one chart cannot
//! silence another. Lines that only look like comments (inside a block
//! scalar) are never leading comments: the first content line ends them.

use super::comments::{leading_comments_end, FILE_WIDE_MISPLACED};
use super::{Scope, Suppression};
use crate::source::{bom_len, next_line_start, Span};
use crate::yaml::split_documents;

const MARKER: &str = "kubelint-ignore-file";
const HELM_SOURCE: &str = "# Source:";

/// The file-wide suppressions of `text`. Cheap when there are none: one
/// substring search.
pub fn file_suppressions(text: &str) -> Vec<Suppression> {
    if memchr::memmem::find(text.as_bytes(), MARKER.as_bytes()).is_none() {
        return Vec::new();
    }
    let chunks = split_documents(text, bom_len(text));
    // Each document's leading comments, and the Helm template it came from.
    let heads: Vec<(Span, Option<&str>)> = chunks
        .iter()
        .map(|chunk| {
            let head = Span::new(chunk.span.start, leading_comments_end(text, chunk.span));
            let source = head_lines(text, head).find_map(|(_, line)| helm_source(line));
            (head, source)
        })
        .collect();
    let mut out = Vec::new();
    let mut file_head = true;
    for (chunk, &(head, _)) in chunks.iter().zip(&heads) {
        let mut source = None;
        for (line_span, line) in head_lines(text, head) {
            source = helm_source(line).or(source);
            let Some(rest) = line
                .trim_start()
                .strip_prefix('#')
                .map(str::trim_start)
                .and_then(|c| c.strip_prefix(MARKER))
                .and_then(|c| c.trim_start().strip_prefix(':'))
            else {
                continue;
            };
            let comment_start = line_span.start + (line.len() - line.trim_start().len()) as u32;
            let comment = Span::new(comment_start, line_span.end);
            let (scope, misplaced) = match source {
                Some(template) => {
                    let documents = chunks
                        .iter()
                        .zip(&heads)
                        .filter(|(_, (_, s))| *s == Some(template))
                        .map(|(c, _)| c.span)
                        .collect();
                    (Scope::Documents(documents), None)
                }
                None if file_head => (Scope::File, None),
                None => (Scope::Nothing, Some(FILE_WIDE_MISPLACED)),
            };
            let mut suppression = Suppression::new(comment, scope, rest);
            if suppression.rules.is_empty() {
                continue;
            }
            suppression.misplaced = misplaced;
            out.push(suppression);
        }
        file_head &= head.end == chunk.span.end;
    }
    out
}

/// The lines of `head` with their spans (line breaks excluded).
fn head_lines(text: &str, head: Span) -> impl Iterator<Item = (Span, &str)> {
    let bytes = text.as_bytes();
    let mut start = head.start as usize;
    std::iter::from_fn(move || {
        if start >= head.end as usize {
            return None;
        }
        let next = next_line_start(bytes, start).min(head.end as usize);
        let line = text[start..next].trim_end_matches(['\n', '\r']);
        let span = Span::new(start as u32, (start + line.len()) as u32);
        start = next;
        Some((span, line))
    })
}

/// The template path of a `# Source: <path>` line.
fn helm_source(line: &str) -> Option<&str> {
    let path = line.trim_start().strip_prefix(HELM_SOURCE)?.trim();
    (!path.is_empty()).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(text: &str) -> Vec<(&str, Scope, bool)> {
        file_suppressions(text)
            .into_iter()
            .map(|s| (&text[s.span.range()], s.scope, s.misplaced.is_some()))
            .collect()
    }

    #[test]
    fn only_the_files_leading_comments_cover_the_file() {
        let text = "# header\n# kubelint-ignore-file: a -- why\n---\n# kubelint-ignore-file: b\napiVersion: v1\n# kubelint-ignore-file: c\n---\n# kubelint-ignore-file: d\nkind: x\n";
        assert_eq!(
            summary(text),
            [
                ("# kubelint-ignore-file: a -- why", Scope::File, false),
                ("# kubelint-ignore-file: b", Scope::File, false),
                ("# kubelint-ignore-file: d", Scope::Nothing, true),
            ]
        );
    }

    #[test]
    fn a_leading_chunk_without_content_still_leads() {
        let text = "---\n# kubelint-ignore-file: a\n---\nkind: x\n";
        assert_eq!(
            summary(text),
            [("# kubelint-ignore-file: a", Scope::File, false)]
        );
    }

    #[test]
    fn block_scalar_lines_are_not_leading_comments() {
        let text = "--- |\n  # kubelint-ignore-file: a\n";
        assert!(summary(text).is_empty());
    }

    #[test]
    fn helm_templates_cover_their_own_documents() {
        let a1 = "---\n# Source: chart/templates/a.yaml\n# kubelint-ignore-file: all\nkind: A\n";
        let b = "---\n# Source: sub/templates/b.yaml\nkind: B\n";
        let a2 = "---\n# Source: chart/templates/a.yaml\nkind: A2\n";
        let text = format!("{a1}{b}{a2}");
        let (a1_end, b_end) = (a1.len() as u32, (a1.len() + b.len()) as u32);
        assert_eq!(
            summary(&text),
            [(
                "# kubelint-ignore-file: all",
                Scope::Documents(vec![
                    Span::new(0, a1_end),
                    Span::new(b_end, text.len() as u32)
                ]),
                false
            )]
        );
        // Before any `# Source:` line, the stream's own leading comments
        // cover the whole stream.
        let text = format!("# kubelint-ignore-file: all\n{a1}");
        assert_eq!(summary(&text)[0].1, Scope::File);
    }
}
