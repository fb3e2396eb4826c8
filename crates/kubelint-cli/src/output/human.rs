//! Source snippets with the span underlined, rendered by miette: the
//! message, `path:line:col`, the source lines with the span underlined and
//! labelled with the rule id, and the help line.

use kubelint::{Diagnostic, Report, Severity};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::sync::Arc;

/// A kubelint diagnostic as miette wants it.
struct Rendered<'a> {
    diagnostic: &'a Diagnostic,
    source: NamedSource<Arc<str>>,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
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
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let d = self.diagnostic;
        let primary = LabeledSpan::new_primary_with_span(Some(d.rule.clone()), span(d.range));
        let secondary = d
            .labels
            .iter()
            .map(|l| LabeledSpan::new_with_span(Some(l.message.clone()), span(l.range)));
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
    let mut shared: HashMap<&str, Arc<str>> = HashMap::new();
    for diagnostic in &report.diagnostics {
        let text = shared
            .entry(diagnostic.file.as_str())
            .or_insert_with(|| {
                Arc::from(
                    report
                        .sources
                        .get(&diagnostic.file)
                        .map_or("", String::as_str),
                )
            })
            .clone();
        let rendered = Rendered {
            diagnostic,
            source: NamedSource::new(&diagnostic.file, text),
        };
        let mut buffer = String::new();
        if handler.render_report(&mut buffer, &rendered).is_err() {
            buffer = format!("  {}\n", diagnostic.message);
        }
        writeln!(out, "{buffer}")?;
    }
    Ok(())
}
