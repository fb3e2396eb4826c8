//! Between the core's byte offsets and the protocol's line/character
//! positions, from core diagnostics to LSP diagnostics, and from `file:`
//! URIs to paths.
//!
//! Positions are counted in the negotiated encoding (UTF-8 when the client
//! offers it, UTF-16 otherwise); [`LineIndex`] does the counting, so a
//! finding after an emoji or CJK text lands on the same characters in every
//! editor.

use kubelint::rules::docs::docs_url;
use kubelint::source::{LineIndex, PositionEncoding, Span};
use kubelint::Severity;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    Location, NumberOrString, Position, PositionEncodingKind, Range, Uri,
};

/// The name diagnostics carry as their `source`.
pub const SOURCE: &str = "kubelint";

/// The client's offer → what we use: UTF-8 saves the counting if offered,
/// UTF-16 is the protocol's default that every client understands.
pub fn negotiate_encoding(offered: Option<&[PositionEncodingKind]>) -> PositionEncoding {
    match offered {
        Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => PositionEncoding::Utf8,
        _ => PositionEncoding::Utf16,
    }
}

pub fn encoding_kind(encoding: PositionEncoding) -> PositionEncodingKind {
    match encoding {
        PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
        PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
        PositionEncoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

/// A text with its line index, and the encoding positions are counted in.
#[derive(Clone, Copy)]
pub struct Positions<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub encoding: PositionEncoding,
}

impl Positions<'_> {
    pub fn position(&self, offset: u32) -> Position {
        let (line, character) = self.index.position(self.text, offset, self.encoding);
        Position { line, character }
    }

    pub fn range(&self, span: Span) -> Range {
        Range {
            start: self.position(span.start),
            end: self.position(span.end),
        }
    }

    /// The byte offset of a client position; out-of-range positions clamp.
    pub fn offset(&self, position: Position) -> u32 {
        self.index
            .offset(self.text, position.line, position.character, self.encoding)
    }

    pub fn span(&self, range: Range) -> Span {
        let start = self.offset(range.start);
        let end = self.offset(range.end).max(start);
        Span::new(start, end)
    }
}

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// A `textDocument/publishDiagnostics` notification, encoded. Written
/// straight from the typed diagnostics: going through `serde_json::Value`
/// (as `Client::publish_diagnostics` does) costs a tree of allocations per
/// finding, milliseconds on a big file.
///
/// The diagnostics are converted and written one at a time, never all
/// held in their protocol form.
pub fn publish_notification(
    uri: &Uri,
    diagnostics: impl IntoIterator<Item = lsp::Diagnostic>,
    version: Option<i32>,
) -> Option<Vec<u8>> {
    let diagnostics = diagnostics.into_iter();
    let mut out = Vec::with_capacity(128 + diagnostics.size_hint().0 * 320);
    out.extend_from_slice(
        br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#,
    );
    serde_json::to_writer(&mut out, uri.as_str()).ok()?;
    out.extend_from_slice(br#","diagnostics":["#);
    for (i, diagnostic) in diagnostics.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut out, &diagnostic).ok()?;
    }
    out.push(b']');
    if let Some(version) = version {
        out.extend_from_slice(format!(r#","version":{version}"#).as_bytes());
    }
    out.extend_from_slice(b"}}");
    Some(out)
}

/// The parsed documentation link of each rule, made once: every diagnostic
/// carries one.
fn docs_href(rule: &str) -> Option<Uri> {
    static LINKS: OnceLock<HashMap<&'static str, Uri>> = OnceLock::new();
    let links = LINKS.get_or_init(|| {
        kubelint::rules::all()
            .iter()
            .filter_map(|r| Some((r.id, docs_url(r.id).parse().ok()?)))
            .collect()
    });
    links.get(rule).cloned()
}

/// A core diagnostic of the document `uri` as the protocol wants it.
pub fn diagnostic(d: &kubelint::Diagnostic, at: Positions<'_>, uri: &Uri) -> lsp::Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location {
                uri: uri.clone(),
                range: at.range(label.range),
            },
            message: label.message.clone(),
        })
        .collect();
    let unused = d.rule == kubelint::rules::UNUSED_SUPPRESSION.id;
    lsp::Diagnostic {
        range: at.range(d.range),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.clone())),
        code_description: docs_href(&d.rule).map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_owned()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        // Editors fade unnecessary code: right for a suppression that does nothing.
        tags: unused.then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}

/// A document that was not linted (a template, a document that is not a
/// Kubernetes object), as an information notice on where it starts, so an
/// editor user knows why it has no findings. A file that is not a manifest
/// at all (a CI workflow open in the editor) gets none.
pub fn skipped(s: &kubelint::Skipped, at: Positions<'_>) -> Option<lsp::Diagnostic> {
    Some(lsp::Diagnostic {
        range: at.range(s.range?),
        severity: Some(DiagnosticSeverity::INFORMATION),
        code: Some(NumberOrString::String(s.reason.id().to_owned())),
        source: Some(SOURCE.to_owned()),
        message: s.message.clone(),
        ..lsp::Diagnostic::default()
    })
}

/// Whether two spans overlap or touch (a cursor right after a value still
/// "is on" it).
pub fn touches(outer: Span, inner: Span) -> bool {
    inner.start <= outer.end && outer.start <= inner.end
}

/// The path of a `file:` URI.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_utf8_columns_after_emoji_and_cjk() {
        let text = "a: \"😀 日本\"\nb: latest\n";
        let index = LineIndex::new(text);
        let latest = text.find("latest").unwrap() as u32;
        let utf16 = Positions {
            text,
            index: &index,
            encoding: PositionEncoding::Utf16,
        };
        let span = Span::new(latest, latest + 6);
        assert_eq!(utf16.range(span).start, Position::new(1, 3));
        let quote = text.rfind('"').unwrap() as u32;
        // 😀 is two UTF-16 units, 日 and 本 one each.
        assert_eq!(utf16.position(quote), Position::new(0, 9));
        assert_eq!(utf16.offset(Position::new(0, 9)), quote);
        let utf8 = Positions {
            encoding: PositionEncoding::Utf8,
            ..utf16
        };
        assert_eq!(utf8.position(quote), Position::new(0, 15));
        assert_eq!(
            utf8.span(Range::new(Position::new(1, 3), Position::new(1, 9))),
            span
        );
    }

    #[test]
    fn publish_notifications_are_valid_json_rpc() {
        let uri: Uri = "file:///ws/a%20b.yaml".parse().unwrap();
        let d = lsp::Diagnostic {
            message: "quote \" and ✓".into(),
            ..lsp::Diagnostic::default()
        };
        let frame = publish_notification(&uri, [d.clone(), d], Some(7)).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&frame).unwrap();
        assert_eq!(value["method"], "textDocument/publishDiagnostics");
        assert_eq!(value["params"]["uri"], "file:///ws/a%20b.yaml");
        assert_eq!(value["params"]["version"], 7);
        assert_eq!(
            value["params"]["diagnostics"][0]["message"],
            "quote \" and ✓"
        );
        assert_eq!(value["params"]["diagnostics"].as_array().unwrap().len(), 2);
        let cleared = publish_notification(&uri, [], None).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&cleared).unwrap();
        assert!(value["params"].get("version").is_none());
        assert_eq!(
            docs_href("privileged-container").unwrap().as_str(),
            docs_url("privileged-container")
        );
    }

    #[test]
    fn negotiates_utf8_only_when_offered() {
        assert_eq!(negotiate_encoding(None), PositionEncoding::Utf16);
        let offered = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(negotiate_encoding(Some(&offered)), PositionEncoding::Utf8);
        assert_eq!(
            negotiate_encoding(Some(&[PositionEncodingKind::UTF32])),
            PositionEncoding::Utf16
        );
    }
}
