use crate::source::Span;

/// One document's slice of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocumentChunk {
    /// Byte range in the file, including its `---` line if it has one.
    pub span: Span,
    /// Whether the chunk holds anything but blank lines, comments and markers.
    pub has_content: bool,
}

/// Splits a file into documents at `---` and `...` markers in column 0.
///
/// YAML forbids a document marker inside a scalar or a flow collection at
/// column 0, so this split never cuts a valid node in two, and a syntax error
/// in one document cannot swallow the ones after it. The `---` line belongs
/// to the document it opens (it may carry content: `--- !tag {}`), a `...` line
/// to the document it closes. Directives (`%YAML`) stay with the `---` they
/// precede. `start` is where the text begins (after a BOM).
pub fn split_documents(text: &str, start: usize) -> Vec<DocumentChunk> {
    let bytes = text.as_bytes();
    let mut chunks = Vec::new();
    let mut chunk_start = start;
    let mut has_marker = false;
    let mut has_content = false;
    let mut line_start = start;
    while line_start < bytes.len() {
        let line_end = crate::source::next_line_start(bytes, line_start);
        // A byte order mark may open any document of a stream (`cat` of
        // files saved by Windows editors), so `\u{feff}---` is a marker too.
        let line = &bytes[line_start..line_end];
        let line = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line);
        if is_marker(line, b'-') {
            if has_marker || has_content {
                chunks.push(chunk(chunk_start, line_start, has_content));
                chunk_start = line_start;
                has_content = false;
            }
            has_marker = true;
            // `--- value` puts content on the marker line itself.
            has_content |= !is_blank_or_comment(&line[3..]);
        } else if is_marker(line, b'.') {
            chunks.push(chunk(chunk_start, line_end, has_content));
            chunk_start = line_end;
            has_marker = false;
            has_content = false;
        } else if !has_content && !is_blank_or_comment(line) && line.first() != Some(&b'%') {
            has_content = true;
        }
        line_start = line_end;
    }
    if chunk_start < bytes.len() || chunks.is_empty() {
        chunks.push(chunk(chunk_start, bytes.len(), has_content));
    }
    chunks
}

fn chunk(start: usize, end: usize, has_content: bool) -> DocumentChunk {
    DocumentChunk {
        span: Span::new(start as u32, end as u32),
        has_content,
    }
}

/// `---` or `...` followed by whitespace or the end of the line.
fn is_marker(line: &[u8], ch: u8) -> bool {
    line.len() >= 3
        && line[0] == ch
        && line[1] == ch
        && line[2] == ch
        && line
            .get(3)
            .is_none_or(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

fn is_blank_or_comment(line: &[u8]) -> bool {
    match line
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    {
        None => true,
        Some(b) => *b == b'#',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<(&str, bool)> {
        split_documents(text, 0)
            .iter()
            .map(|c| (&text[c.span.range()], c.has_content))
            .collect()
    }

    #[test]
    fn splits_at_markers_in_column_zero() {
        let text = "a: 1\n---\nb: 2\n--- \n# only a comment\n---\nc: |\n  ---x\n ---\n";
        assert_eq!(
            pieces(text),
            vec![
                ("a: 1\n", true),
                ("---\nb: 2\n", true),
                ("--- \n# only a comment\n", false),
                ("---\nc: |\n  ---x\n ---\n", true),
            ]
        );
    }

    #[test]
    fn leading_marker_and_directives_stay_with_their_document() {
        assert_eq!(
            pieces("# header\n---\na: 1\n"),
            vec![("# header\n---\na: 1\n", true)]
        );
        assert_eq!(
            pieces("a: 1\n...\n%YAML 1.1\n---\nb: 2\n"),
            vec![("a: 1\n...\n", true), ("%YAML 1.1\n---\nb: 2\n", true)]
        );
        assert_eq!(
            pieces("--- {a: 1}\n---x: 2\n"),
            vec![("--- {a: 1}\n---x: 2\n", true)]
        );
        assert_eq!(pieces(""), vec![("", false)]);
    }

    #[test]
    fn markers_after_a_byte_order_mark_and_lone_carriage_returns() {
        // Both used to hide every document after the first: the splitter did
        // not see the marker, the parser did, and stopped there.
        assert_eq!(
            pieces("a: 1\n\u{feff}---\nb: 2\n"),
            vec![("a: 1\n", true), ("\u{feff}---\nb: 2\n", true)]
        );
        assert_eq!(
            pieces("a: 1\r---\rb: 2\r"),
            vec![("a: 1\r", true), ("---\rb: 2\r", true)]
        );
        assert_eq!(pieces("\u{feff}\n"), vec![("\u{feff}\n", false)]);
    }

    #[test]
    fn crlf_markers() {
        assert_eq!(
            pieces("a: 1\r\n---\r\nb: 2\r\n"),
            vec![("a: 1\r\n", true), ("---\r\nb: 2\r\n", true)]
        );
    }
}
