//! `textDocument/hover` on a finding: what is wrong here, and the rule's
//! documentation (the same page as `kubelint explain` and
//! `docs/rules/<id>.md`).

use crate::convert::{touches, Positions};
use crate::documents::LintResult;
use crate::session::Session;
use kubelint::rules::{self, docs::rule_page};
use kubelint::source::Span;
use std::fmt::Write as _;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    Hover, HoverContents, HoverParams, MarkupContent, MarkupKind, Position,
};

/// The hover at the request's position, linting the document first if
/// its result is not current.
pub(crate) async fn hover(session: &Arc<Session>, params: HoverParams) -> Result<Option<Hover>> {
    let at = params.text_document_position_params;
    let Some(result) = session.current_result(&at.text_document.uri).await else {
        return Ok(None);
    };
    Ok(findings_hover(
        &result,
        session.positions(&result),
        at.position,
    ))
}

/// The findings touching `position` and their rules' pages; `None` if no
/// finding is there.
fn findings_hover(result: &LintResult, at: Positions<'_>, position: Position) -> Option<Hover> {
    let offset = at.offset(position);
    let here: Vec<usize> = (0..result.diagnostics.len())
        .filter(|&i| touches(result.diagnostics[i].range, Span::at(offset)))
        .collect();
    let first = *here.first()?;
    let mut markdown = String::new();
    let mut pages: Vec<&str> = Vec::new();
    for &i in &here {
        let d = &result.diagnostics[i];
        let _ = writeln!(markdown, "**{}** `{}`: {}\n", d.severity, d.rule, d.message);
        if let Some(help) = &d.help {
            let _ = writeln!(markdown, "help: {help}\n");
        }
        if !pages.contains(&d.rule.as_str()) {
            pages.push(&d.rule);
        }
    }
    for id in pages {
        if let Some(rule) = rules::by_id(id) {
            markdown.push_str("---\n\n");
            markdown.push_str(&rule_page(rule));
        }
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(at.range(result.diagnostics[first].range)),
    })
}
