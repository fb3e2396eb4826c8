use super::Span;
use serde::{Deserialize, Serialize};

/// A 1-based line and 1-based column. The column counts Unicode scalar values
/// (characters), which is what editors and terminals show.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct LineCol {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in the unit asked for (characters by default).
    pub column: u32,
}

/// How a column is counted when talking to an editor (LSP `positionEncoding`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PositionEncoding {
    /// Columns count bytes.
    Utf8,
    /// Columns count UTF-16 code units (the LSP default).
    Utf16,
    /// Columns count characters (Unicode scalar values).
    Utf32,
}

/// Byte offsets of line starts, found with memchr. As in YAML (and the LSP),
/// `\n`, `\r\n` and a lone `\r` end a line; a `\r` before `\n` belongs to
/// the line it ends, so CRLF files get the same lines and columns as LF files,
/// and the parser, which also breaks lines at a lone `\r`, agrees with us.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    /// A UTF-8 BOM is not a column anyone sees.
    bom_len: u32,
}

impl LineIndex {
    /// Indexes the line starts of `text` (one pass, memchr).
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        let bytes = text.as_bytes();
        line_starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
                .map(|i| (i + 1) as u32),
        );
        LineIndex {
            line_starts,
            bom_len: super::decode::bom_len(text) as u32,
        }
    }

    /// How many lines `text` has (an empty text has one).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line containing `offset`.
    pub fn line_of(&self, offset: u32) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where the 0-based `line` starts (clamped to the last line).
    pub fn line_start(&self, line: usize) -> u32 {
        self.line_starts[line.min(self.line_starts.len() - 1)]
    }

    fn content_start(&self, line: usize) -> u32 {
        if line == 0 {
            self.bom_len
        } else {
            self.line_starts[line]
        }
    }

    /// Byte range of the 0-based `line`, without its line break.
    pub fn line_span(&self, text: &str, line: usize) -> Span {
        let start = self.line_start(line);
        let bytes = text.as_bytes();
        let mut end = self
            .line_starts
            .get(line + 1)
            .map_or(text.len() as u32, |next| next - 1);
        // `end` is at the `\n` or lone `\r`; a `\r` before a `\n` goes too.
        // (On the last line `end` is the end of the text: nothing to look at.)
        if end > start
            && bytes.get(end as usize) == Some(&b'\n')
            && bytes[end as usize - 1] == b'\r'
        {
            end -= 1;
        }
        Span::new(start, end.max(start))
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, text: &str, offset: u32) -> LineCol {
        let offset = offset.min(text.len() as u32);
        let line = self.line_of(offset);
        let start = self.content_start(line).min(offset) as usize;
        let column = text
            .get(start..offset as usize)
            .map_or(offset as usize - start, |s| s.chars().count());
        LineCol {
            line: line as u32 + 1,
            column: column as u32 + 1,
        }
    }

    /// 0-based line and column in `encoding` units, as the LSP wants.
    pub fn position(&self, text: &str, offset: u32, encoding: PositionEncoding) -> (u32, u32) {
        let offset = offset.min(text.len() as u32);
        let line = self.line_of(offset);
        let start = self.content_start(line).min(offset) as usize;
        let prefix = text.get(start..offset as usize).unwrap_or("");
        let column = match encoding {
            PositionEncoding::Utf8 => prefix.len(),
            PositionEncoding::Utf16 => prefix.chars().map(char::len_utf16).sum(),
            PositionEncoding::Utf32 => prefix.chars().count(),
        };
        (line as u32, column as u32)
    }

    /// Byte offset of a 0-based LSP position; columns past the end of the line
    /// clamp to the line end, lines past the end clamp to the end of the text.
    pub fn offset(&self, text: &str, line: u32, column: u32, encoding: PositionEncoding) -> u32 {
        if line as usize >= self.line_starts.len() {
            return text.len() as u32;
        }
        let mut span = self.line_span(text, line as usize);
        span.start = span
            .start
            .max(self.content_start(line as usize))
            .min(span.end);
        let line_text = &text[span.range()];
        let mut units = 0u32;
        for (i, ch) in line_text.char_indices() {
            if units >= column {
                return span.start + i as u32;
            }
            units += match encoding {
                PositionEncoding::Utf8 => ch.len_utf8() as u32,
                PositionEncoding::Utf16 => ch.len_utf16() as u32,
                PositionEncoding::Utf32 => 1,
            };
        }
        span.end
    }
}

/// Where the line after the one holding `from` starts: after its `\n`,
/// `\r\n` or lone `\r`, or the end of the text.
pub fn next_line_start(bytes: &[u8], from: usize) -> usize {
    let rest = bytes.get(from..).unwrap_or_default();
    match memchr::memchr2(b'\n', b'\r', rest) {
        None => bytes.len(),
        Some(i) => {
            let at = from + i;
            if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters() {
        let text = "a: b\nnäme: ü✓x\r\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, column: 1 });
        let x = text.find('x').unwrap() as u32;
        assert_eq!(index.line_col(text, x), LineCol { line: 2, column: 9 });
        let last = text.find("last").unwrap() as u32;
        assert_eq!(index.line_col(text, last), LineCol { line: 3, column: 1 });
        assert_eq!(
            index.line_span(text, 1),
            Span::new(5, text.find('\r').unwrap() as u32)
        );
    }

    #[test]
    fn lsp_positions_round_trip_in_utf16() {
        let text = "k: \"😀\" v\n";
        let index = LineIndex::new(text);
        let v = text.find('v').unwrap() as u32;
        assert_eq!(index.position(text, v, PositionEncoding::Utf16), (0, 8));
        assert_eq!(index.position(text, v, PositionEncoding::Utf8), (0, 10));
        assert_eq!(index.offset(text, 0, 8, PositionEncoding::Utf16), v);
        assert_eq!(
            index.offset(text, 0, 99, PositionEncoding::Utf16),
            (text.len() - 1) as u32
        );
        assert_eq!(
            index.offset(text, 7, 0, PositionEncoding::Utf16),
            text.len() as u32
        );
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line_as_in_yaml() {
        // Old Mac line endings, and a mix: the parser sees three lines here,
        // so must line:column (found by fuzzing-style probing: a CR-only file
        // reported every finding on line 1).
        let text = "a: 1\rb: 2\r\nc: 3\r\rd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 5);
        let c = text.find('c').unwrap() as u32;
        assert_eq!(index.line_col(text, c), LineCol { line: 3, column: 1 });
        let d = text.find('d').unwrap() as u32;
        assert_eq!(index.line_col(text, d), LineCol { line: 5, column: 1 });
        assert_eq!(&text[index.line_span(text, 0).range()], "a: 1");
        assert_eq!(&text[index.line_span(text, 1).range()], "b: 2");
        assert_eq!(&text[index.line_span(text, 2).range()], "c: 3");
        assert_eq!(&text[index.line_span(text, 3).range()], "");
        // The last line has no break (found by the `lint` fuzz target: a
        // suppression comment on it indexed past the end of the text).
        let text = "a: 1\r\n# kubelint-ignore: x";
        let index = LineIndex::new(text);
        assert_eq!(
            &text[index.line_span(text, 1).range()],
            "# kubelint-ignore: x"
        );
        assert_eq!(&text[index.line_span(text, 0).range()], "a: 1");
        let text = "a: 1\rb: 2\r\nc: 3\r\rd";
        assert_eq!(next_line_start(text.as_bytes(), 0), 5);
        assert_eq!(next_line_start(text.as_bytes(), 5), 11);
        assert_eq!(next_line_start(text.as_bytes(), 17), text.len());
        assert_eq!(next_line_start(text.as_bytes(), 99), text.len());
    }

    #[test]
    fn bom_is_not_a_column() {
        let text = "\u{feff}kind: Pod\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 3), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(text, 9), LineCol { line: 1, column: 7 });
        assert_eq!(index.offset(text, 0, 0, PositionEncoding::Utf16), 3);
    }
}
