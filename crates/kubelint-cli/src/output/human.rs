//! Source snippets with the span underlined, rendered by miette: the
//! message, `path:line:col`, the source lines with the span underlined and
//! labelled with the rule id, and the help line.

use super::escape;
use kubelint::source::LineIndex;
use kubelint::{Diagnostic, Report, Severity};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NamedSource, SourceCode, SourceSpan, SpanContents,
};
use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::sync::Arc;

/// A kubelint diagnostic as miette wants it.
struct Rendered<'a> {
    diagnostic: &'a Diagnostic,
    /// `None` when the lines are too long or too many to show: then the
    /// message carries the position instead of a snippet.
    source: Option<NamedSource<IndexedSource>>,
}

/// A file's text with its line index, so miette reads the lines around a
/// span directly. miette's own `SourceCode` for strings scans from the start
/// of the file for every diagnostic: 400,000 findings in a 100 MB file
/// never finished, and 10,000 in 2 MB took over a minute.
#[derive(Clone)]
struct IndexedSource {
    text: Arc<str>,
    index: Arc<LineIndex>,
}

impl SourceCode for IndexedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let (start, len) = (span.offset(), span.len());
        if start + len > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let last_byte = (start + len).saturating_sub(1).max(start) as u32;
        let first_line = self
            .index
            .line_of(start as u32)
            .saturating_sub(context_lines_before);
        let last_line = self.index.line_of(last_byte) + context_lines_after;
        // With no lines before, miette wants the span's own position (the
        // `[file:line:col]` header): the data starts at the span, and the
        // column is ours, counted in characters like every other output.
        let (window_start, column) = if context_lines_before == 0 {
            let column = self.index.line_col(&self.text, start as u32).column - 1;
            (start, column as usize)
        } else {
            (self.index.line_start(first_line) as usize, 0)
        };
        let window_end = if last_line + 1 < self.index.line_count() {
            self.index.line_start(last_line + 1) as usize
        } else {
            self.text.len()
        };
        let line_count = last_line.min(self.index.line_count() - 1) + 1;
        Ok(Box::new(MietteSpanContents::new(
            &self.text.as_bytes()[window_start..window_end],
            (window_start, window_end - window_start).into(),
            first_line,
            column,
            line_count,
        )))
    }
}

/// Longest line shown in a snippet, in bytes. miette panics on lines past
/// 65,535 columns ("Formatting argument out of range"), and nobody reads a
/// snippet of a 1 MB line anyway.
const MAX_SNIPPET_LINE: usize = 1024;
/// Most lines a snippet may span (a finding on a 10,000-line block scalar).
const MAX_SNIPPET_LINES: usize = 100;

/// Whether the lines holding `range` can be shown as a snippet.
fn fits_in_a_snippet(text: &str, range: kubelint::source::Span) -> bool {
    let bytes = text.as_bytes();
    let (start, end) = (range.start as usize, range.end as usize);
    if end > bytes.len() || start > end {
        return false;
    }
    let breaks = |b: &u8| *b == b'\n' || *b == b'\r';
    let first = bytes[..start].iter().rposition(breaks).map_or(0, |i| i + 1);
    if start - first > MAX_SNIPPET_LINE {
        return false;
    }
    let last = bytes[end..]
        .iter()
        .position(breaks)
        .map_or(bytes.len(), |i| end + i);
    if last - first > MAX_SNIPPET_LINE * MAX_SNIPPET_LINES {
        return false;
    }
    let mut lines = bytes[first..last].split(breaks);
    lines.all(|line| line.len() <= MAX_SNIPPET_LINE)
        && bytes[first..last].iter().filter(|b| breaks(b)).count() < MAX_SNIPPET_LINES
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diagnostic;
        f.write_str(&escape::inline(&d.message))?;
        if self.source.is_none() {
            write!(
                f,
                "\n  at {}:{}:{} [{}] (the line is too long to show)",
                escape::inline(&d.file),
                d.start.line,
                d.start.column,
                d.rule
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(escape::inline(h)) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let d = self.diagnostic;
        let primary = LabeledSpan::new_primary_with_span(Some(d.rule.clone()), span(d.range));
        let secondary = d.labels.iter().map(|l| {
            LabeledSpan::new_with_span(Some(escape::inline(&l.message).into_owned()), span(l.range))
        });
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

fn span(range: kubelint::source::Span) -> SourceSpan {
    SourceSpan::new((range.start as usize).into(), range.len() as usize)
}

pub fn print(report: &Report, color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(120)
        .with_links(false);
    let mut indexed: HashMap<&str, IndexedSource> = HashMap::new();
    for diagnostic in &report.diagnostics {
        let source = indexed
            .entry(diagnostic.file.as_str())
            .or_insert_with(|| {
                // Shown with the characters a terminal would act on replaced,
                // at the same offsets.
                let text: Arc<str> = Arc::from(escape::source(
                    report
                        .sources
                        .get(&diagnostic.file)
                        .map_or("", String::as_str),
                ));
                let index = Arc::new(LineIndex::new(&text));
                IndexedSource { text, index }
            })
            .clone();
        let text = source.text.clone();
        let shown = std::iter::once(diagnostic.range)
            .chain(diagnostic.labels.iter().map(|l| l.range))
            .all(|range| fits_in_a_snippet(&text, range));
        let rendered = Rendered {
            diagnostic,
            source: shown.then(|| NamedSource::new(escape::inline(&diagnostic.file), source)),
        };
        let mut buffer = String::new();
        if handler.render_report(&mut buffer, &rendered).is_err() {
            buffer = format!("  {}\n", escape::inline(&diagnostic.message));
        }
        writeln!(out, "{buffer}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubelint::source::Span;

    #[test]
    fn long_or_many_lines_are_not_snippets() {
        let text = format!("a: 1\nb: {}\nc: 3\n", "x".repeat(5000));
        let b = text.find("xx").unwrap() as u32;
        assert!(fits_in_a_snippet(&text, Span::new(0, 4)));
        assert!(!fits_in_a_snippet(&text, Span::new(b, b + 1)));
        // A short span on a short line next to a long one is fine.
        let c = text.find("c:").unwrap() as u32;
        assert!(fits_in_a_snippet(&text, Span::new(c, c + 1)));
        let many = "k: v\n".repeat(200);
        assert!(!fits_in_a_snippet(&many, Span::new(0, many.len() as u32)));
        assert!(fits_in_a_snippet(&many, Span::new(0, 50)));
        assert!(!fits_in_a_snippet("", Span::new(0, 1)));
    }
}
