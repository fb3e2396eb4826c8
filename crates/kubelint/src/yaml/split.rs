use crate::source::Span;

/// One document's slice of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocumentChunk {
    /// Byte range in the file, including its `---` line if it has one.
    pub span: Span,
    /// Whether the chunk holds anything but blank lines, comments and markers.
    pub has_content: bool,
    /// Where `kubectl` reads the stream differently from here on.
    pub framing: Option<Framing>,
}

/// A place where `kubectl apply` stops reading a file that kubelint goes on
/// linting (deliberately stricter: what follows is still checked).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// A `---` line with more than a comment after it (`--- {a: 1}`):
    /// apimachinery refuses it ("invalid Yaml document separator").
    InvalidSeparator,
    /// In a file read as a stream of JSON objects (it starts with `{`),
    /// text that is not one JSON value.
    NotJson,
    /// A `---` after a byte order mark: not a separator to apimachinery,
    /// and go-yaml fails on the mark inside its document.
    BomBeforeSeparator,
    /// A document kubectl never sends: it follows a `...` end marker, or a
    /// `---` after a lone `\r`, in what apimachinery reads as one document,
    /// and go-yaml decodes only the first document of each.
    IgnoredByKubectl,
}

impl Framing {
    /// What to tell the user, at the chunk's start.
    pub fn message(self) -> &'static str {
        match self {
            Framing::InvalidSeparator => "a `---` document separator may only be followed by a comment; `kubectl apply` rejects this line and applies nothing from here on (kubelint still lints it)",
            Framing::NotJson => "this file starts with `{`, so `kubectl apply` reads it as a stream of JSON objects, and this is not valid JSON: kubectl applies nothing from here on (kubelint still lints it)",
            Framing::BomBeforeSeparator => "a byte order mark before `---`: `kubectl apply` does not split the file here and fails to read the document before it and this one (kubelint lints both)",
            Framing::IgnoredByKubectl => "`kubectl apply` ignores this document: it follows a `...` end marker or a `---` after a lone carriage return, and Kubernetes reads only the first document up to the next `---` line (kubelint still lints it)",
        }
    }

    /// Whether kubectl sends none of this chunk's objects (for the others,
    /// kubectl stops only after this chunk).
    pub fn kubectl_skips_chunk(self) -> bool {
        matches!(self, Framing::IgnoredByKubectl)
    }
}

/// Splits a file into documents the way `kubectl apply` frames them
/// (k8s.io/apimachinery's `YAMLOrJSONDecoder`).
///
/// A file whose first 4096 bytes begin, after white space, with `{` is a
/// stream of concatenated JSON values, one document each. Anything else is
/// YAML, cut at lines that start with `---` followed only by white space
/// or a comment (Unicode white space: `---` + NBSP is a separator too), and,
/// stricter than kubectl, at `...` lines and at markers after a lone `\r`
/// (go-yaml would read those as ends of documents and ignore what follows
/// in the same chunk; kubelint lints it). A marker cannot occur inside a
/// scalar or a flow collection at column 0, so splitting never cuts a valid
/// node in two, and a syntax error in one document cannot swallow the ones
/// after it. The `---` line belongs to the document it opens, unless it is a
/// separator only apimachinery accepts (`---#x`), whose line is left out so
/// the parser does not read it as content. `start` is where the text begins
/// (after a BOM).
pub fn split_documents(text: &str, start: usize) -> Vec<DocumentChunk> {
    if is_json_stream(&text[start..]) {
        return split_json(text, start);
    }
    split_yaml(text, start, start, Vec::new())
}

fn split_yaml(
    text: &str,
    start: usize,
    mut chunk_start: usize,
    mut chunks: Vec<DocumentChunk>,
) -> Vec<DocumentChunk> {
    let bytes = text.as_bytes();
    let mut has_marker = false;
    let mut has_content = false;
    let mut framing = None;
    // Whether kubectl is inside a chunk whose first document has ended
    // (after `...`, or a `---` it did not split at): go-yaml ignores the
    // rest of that chunk.
    let mut ignoring = false;
    // Whether apimachinery's reader has buffered nothing since the file's
    // start or the last separator it consumed. A `---` line read into an
    // empty buffer is not consumed: it goes to go-yaml with the document.
    let mut kubectl_buffer_empty = true;
    // Where the line after the last consumed separator starts.
    let mut after_separator = None;
    let mut line_start = start;
    while line_start < bytes.len() {
        let line_end = crate::source::next_line_start(bytes, line_start);
        // apimachinery reads lines ending in `\n`; a lone `\r` ends a line
        // for YAML and for this splitter only.
        let at_kubectl_line_start =
            line_start == 0 || bytes[line_start - 1] == b'\n' || line_start == start;
        // A byte order mark may open any document of a stream (`cat` of
        // files saved by Windows editors), so `\u{feff}---` is a marker too.
        let line = &bytes[line_start..line_end];
        let bom = if line.starts_with(b"\xef\xbb\xbf") {
            3
        } else {
            0
        };
        let line = &line[bom..];
        let consumed = at_kubectl_line_start && bom == 0 && !kubectl_buffer_empty;
        if at_kubectl_line_start {
            kubectl_buffer_empty = false;
        }
        if let Some(separator) = separator(line) {
            if has_marker || has_content {
                chunks.push(chunk(chunk_start, line_start, has_content, framing));
                chunk_start = line_start;
                has_content = false;
            }
            ignoring = !at_kubectl_line_start && (ignoring || has_marker || !chunks.is_empty());
            framing = if bom > 0 {
                Some(Framing::BomBeforeSeparator)
            } else {
                ignoring.then_some(Framing::IgnoredByKubectl)
            };
            has_marker = true;
            after_separator = None;
            match separator {
                Separator::Yaml => {}
                // Consumed, the line never reaches go-yaml, and the parser
                // would read it as content: leave it out.
                Separator::KubernetesOnly if consumed => chunk_start = line_end,
                // Not consumed, go-yaml reads it as content (`---#x` is a
                // scalar to YAML), and so does kubelint.
                Separator::KubernetesOnly => has_content = true,
                // `--- value` puts content on the marker line itself.
                Separator::Invalid => {
                    framing = Some(Framing::InvalidSeparator);
                    has_content = true;
                }
            }
            if consumed {
                kubectl_buffer_empty = true;
                after_separator = Some(line_end);
            }
        } else if is_marker(line, b'.') {
            chunks.push(chunk(chunk_start, line_end, has_content, framing));
            chunk_start = line_end;
            has_marker = false;
            has_content = false;
            ignoring = true;
            framing = None;
            after_separator = None;
        } else if !has_content && !is_blank_or_comment(line) && line.first() != Some(&b'%') {
            has_content = true;
            if ignoring && !has_marker {
                framing = Some(Framing::IgnoredByKubectl);
            }
            // A document (apimachinery's chunk) is a stream of its own to
            // go-yaml, which skips a byte order mark at its start: the
            // parser reads it from after the mark.
            if bom > 0 && after_separator == Some(line_start) {
                chunk_start = line_start + bom;
            }
        }
        line_start = line_end;
    }
    if chunk_start < bytes.len() || chunks.is_empty() {
        chunks.push(chunk(chunk_start, bytes.len(), has_content, framing));
    }
    chunks
}

fn chunk(start: usize, end: usize, has_content: bool, framing: Option<Framing>) -> DocumentChunk {
    DocumentChunk {
        span: Span::new(start as u32, end.max(start) as u32),
        has_content,
        framing,
    }
}

enum Separator {
    /// `---` alone or with blanks and a comment: a marker to YAML too.
    Yaml,
    /// A separator to apimachinery (`---#x`, `---` + NBSP) that YAML
    /// would read as a scalar.
    KubernetesOnly,
    /// `---` with content after it: apimachinery's error.
    Invalid,
}

/// How a line starting with `---` separates documents, if it does.
/// apimachinery trims Unicode white space after the `---` and allows
/// nothing but a `#` comment; YAML wants a blank right after `---`.
fn separator(line: &[u8]) -> Option<Separator> {
    let rest = line.strip_prefix(b"---")?;
    let rest = String::from_utf8_lossy(rest);
    let rest = rest.trim_end_matches(['\r', '\n']);
    let after_blanks = rest.trim_start_matches([' ', '\t']);
    let yaml_marker = rest.is_empty()
        || (after_blanks.len() < rest.len()
            && (after_blanks.is_empty() || after_blanks.starts_with('#')));
    let trimmed = rest.trim();
    Some(if yaml_marker {
        Separator::Yaml
    } else if trimmed.is_empty() || trimmed.starts_with('#') {
        Separator::KubernetesOnly
    } else {
        Separator::Invalid
    })
}

/// `...` followed by whitespace or the end of the line.
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

/// apimachinery's `GuessJSONStream`: the first 4096 bytes, after Unicode
/// white space, start with `{`.
fn is_json_stream(text: &str) -> bool {
    let mut end = text.len().min(4096);
    // A character cut at 4096 bytes is not white space to Go (RuneError).
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].trim_start().starts_with('{')
}

/// Cuts a JSON stream into its values. Each chunk runs from the end of the
/// previous value to the end of its own. Text that is not one JSON value
/// ends the JSON stream (kubectl stops there); the rest is linted as YAML
/// with a [`Framing::NotJson`] note.
fn split_json(text: &str, start: usize) -> Vec<DocumentChunk> {
    let bytes = text.as_bytes();
    let mut chunks = Vec::new();
    let mut at = start;
    loop {
        let value_start = at
            + bytes[at..]
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
                .count();
        if value_start == bytes.len() {
            if at < bytes.len() || chunks.is_empty() {
                chunks.push(chunk(at, bytes.len(), false, None));
            }
            return chunks;
        }
        let end = json_value_end(bytes, value_start);
        let valid = end.is_some_and(|end| {
            serde_json::from_str::<serde::de::IgnoredAny>(&text[value_start..end]).is_ok()
        });
        match end {
            Some(end) if valid => {
                chunks.push(chunk(at, end, true, None));
                at = end;
            }
            _ => {
                let mut rest = split_yaml(text, value_start, at, Vec::new());
                if let Some(first) = rest.first_mut() {
                    first.framing = Some(Framing::NotJson);
                }
                chunks.extend(rest);
                return chunks;
            }
        }
    }
}

/// Where the JSON value starting at `start` ends: its closing bracket or
/// quote, or the end of a bare word or number. `None` if it never closes.
fn json_value_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    let mut in_string = false;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => {
                    in_string = false;
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                b' ' | b'\t' | b'\r' | b'\n' if depth == 0 => return Some(i),
                _ => {}
            }
        }
        i += 1;
    }
    (depth == 0 && !in_string && i > start).then_some(bytes.len())
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
        assert_eq!(pieces(""), vec![("", false)]);
    }

    fn framed(text: &str) -> Vec<(&str, Option<Framing>)> {
        split_documents(text, 0)
            .iter()
            .filter(|c| c.has_content)
            .map(|c| (&text[c.span.range()], c.framing))
            .collect()
    }

    /// Each case checked with `kubectl annotate --local -o json` (1.32).
    #[test]
    fn separators_as_apimachinery_reads_them() {
        use Framing::*;
        // Content after `---` (or `----`): kubectl refuses the rest.
        assert_eq!(
            framed("--- {a: 1}\n---x: 2\n"),
            vec![
                ("--- {a: 1}\n", Some(InvalidSeparator)),
                ("---x: 2\n", Some(InvalidSeparator))
            ]
        );
        // A comment, even without a blank, and Unicode white space separate;
        // the line is left out where YAML would read it as content.
        assert_eq!(
            framed("a: 1\n---#c\nb: 2\n---\u{a0}\nc: 3\n--- # ok\nd: 4\n"),
            vec![
                ("a: 1\n", None),
                ("b: 2\n", None),
                ("c: 3\n", None),
                ("--- # ok\nd: 4\n", None)
            ]
        );
        // A separator apimachinery reads into an empty buffer is not
        // consumed: go-yaml (and kubelint) read `---#c` as content.
        assert_eq!(framed("---#c\na: 1\n"), vec![("---#c\na: 1\n", None)]);
        assert_eq!(
            framed("a: 1\n---\n---#c\nb: 2\n"),
            vec![("a: 1\n", None), ("---#c\nb: 2\n", None)]
        );
        // After `...` or a `---` following a lone CR, go-yaml has ended the
        // document kubectl decodes: the rest of its chunk is ignored.
        assert_eq!(
            framed("a: 1\n...\nb: 2\n---\nc: 3\n"),
            vec![
                ("a: 1\n...\n", None),
                ("b: 2\n", Some(IgnoredByKubectl)),
                ("---\nc: 3\n", None)
            ]
        );
        assert_eq!(
            framed("a: 1\r---\rb: 2\n---\nc: 3\n"),
            vec![
                ("a: 1\r", None),
                ("---\rb: 2\n", Some(IgnoredByKubectl)),
                ("---\nc: 3\n", None)
            ]
        );
        // A byte order mark at a document's start is skipped by go-yaml.
        assert_eq!(
            framed("a: 1\n---\n\u{feff}b: 2\n"),
            vec![("a: 1\n", None), ("b: 2\n", None)]
        );
    }

    #[test]
    fn json_streams_split_into_values() {
        assert_eq!(
            framed("{\"a\": \"}{\"}{\"b\": [1, {}]}\n {\"c\": 3}"),
            vec![
                ("{\"a\": \"}{\"}", None),
                ("{\"b\": [1, {}]}", None),
                ("\n {\"c\": 3}", None)
            ]
        );
        // Not JSON after the first value: kubectl stops; kubelint goes on.
        assert_eq!(
            framed("{\"a\": 1}\n---\nb: 2\n"),
            vec![
                ("{\"a\": 1}", None),
                ("\n---\nb: 2\n", Some(Framing::NotJson))
            ]
        );
        // A flow mapping is YAML, not JSON.
        assert_eq!(
            framed("{a: 1}\n"),
            vec![("{a: 1}\n", Some(Framing::NotJson))]
        );
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
