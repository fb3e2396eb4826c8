//! `textDocument/codeAction`: each finding's own quick fix (titled as the
//! core titles it), "Ignore `<rule>` on this line", and
//! `source.fixAll.kubelint`.
//!
//! The ignore comment is the core's suppression syntax, so the CLI and the
//! editor agree on what it silences. Fix-all runs the core's fix loop
//! ([`kubelint::fix::fix_text`]), the same code as `kubelint check --fix`.

use crate::convert::{touches, Positions};
use crate::documents::LintResult;
use crate::lint;
use crate::session::{lock, Session};
use kubelint::source::Span;
use kubelint::{Applicability, Diagnostic, Edit};
use std::collections::HashMap;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    self as lsp, CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams,
    CodeActionResponse, DocumentChanges, MessageType, OneOf,
    OptionalVersionedTextDocumentIdentifier, Range, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

/// The actions for the findings at the request's range: quick fixes and
/// ignores (if asked for), then fix-all if any finding has a safe fix.
pub(crate) async fn code_action(
    session: &Arc<Session>,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri;
    let Some(result) = session.current_result(&uri).await else {
        return Ok(None);
    };
    let only = params.context.only.as_deref();
    let target = Target {
        uri: &uri,
        version: result.key.version,
        versioned: session.negotiated().is_some_and(|s| s.versioned_edits),
    };
    let at = session.positions(&result);
    let mut actions = Vec::new();
    if kind_requested(only, &CodeActionKind::QUICKFIX) {
        actions.extend(quick_fixes(
            &result,
            at,
            params.range,
            &params.context.diagnostics,
            target,
        ));
    }
    let safe_fixes = result.diagnostics.iter().any(|d| {
        d.fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Safe)
    });
    if safe_fixes && kind_requested(only, &FIX_ALL_KIND) {
        let worker = session.clone();
        let (task_uri, task_result) = (uri.clone(), result.clone());
        let fixed = tokio::task::spawn_blocking(move || {
            safely_fixed_text(&worker, &task_uri, &task_result)
        })
        .await
        .ok()
        .flatten();
        if let Some(action) = fixed.and_then(|fixed| fix_all_action(at, &fixed, target)) {
            actions.push(action);
        }
    }
    Ok(Some(
        actions
            .into_iter()
            .map(CodeActionOrCommand::CodeAction)
            .collect(),
    ))
}

/// The text after all safe fixes, by the core's fix loop; `None` for a
/// configuration file, a disabled linter or a panic. Blocking.
fn safely_fixed_text(session: &Session, uri: &Uri, result: &LintResult) -> Option<String> {
    let (snapshot, context) = {
        let state = lock(&session.state);
        let doc = state.documents.get(uri)?;
        (
            session.snapshot_of(doc, state.generation),
            session.set_rule_context(&state, uri),
        )
    };
    if snapshot.is_config {
        return None;
    }
    let linter = lock(&session.linters).for_document(snapshot.path.as_deref());
    if !linter.enabled {
        return None;
    }
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        kubelint::fix::fix_text(&result.text, false, |text| {
            lint::lint_text(&linter.linter, &snapshot.name, text, &context)
        })
    }));
    match outcome {
        Ok(outcome) => Some(outcome.text),
        Err(_) => {
            session.log(
                MessageType::ERROR,
                format!("fixing {} panicked", snapshot.name),
            );
            None
        }
    }
}

/// The kind of the fix-all action: VS Code's `source.fixAll` on save
/// includes it.
pub const FIX_ALL_KIND: CodeActionKind = CodeActionKind::new("source.fixAll.kubelint");
pub const FIX_ALL_TITLE: &str = "Fix all safely fixable kubelint findings";

/// Where edits go, and how the client wants them.
#[derive(Clone, Copy)]
pub struct Target<'a> {
    pub uri: &'a Uri,
    pub version: i32,
    /// The client takes `documentChanges`: edits pinned to the version they
    /// were made for, which it refuses to apply to a newer text.
    pub versioned: bool,
}

/// Whether an action of `kind` was asked for (`only` absent: every kind).
/// `source.fixAll` asks for `source.fixAll.kubelint` too.
pub fn kind_requested(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    match only {
        None => true,
        Some(kinds) => kinds.iter().any(|k| {
            let (k, kind) = (k.as_str(), kind.as_str());
            kind == k
                || kind
                    .strip_prefix(k)
                    .is_some_and(|rest| rest.starts_with('.'))
        }),
    }
}

/// An action before it is wrapped for the client; equal title and edits
/// make the same action.
struct Pending {
    title: String,
    edits: Vec<TextEdit>,
    diagnostics: Vec<lsp::Diagnostic>,
    preferred: Option<bool>,
}

impl Pending {
    fn add(list: &mut Vec<Pending>, new: Pending) {
        match list
            .iter_mut()
            .find(|p| p.title == new.title && p.edits == new.edits)
        {
            Some(same) => same.diagnostics.extend(new.diagnostics),
            None => list.push(new),
        }
    }

    fn into_action(self, target: Target<'_>) -> CodeAction {
        CodeAction {
            title: self.title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(self.diagnostics),
            edit: Some(workspace_edit(target, self.edits)),
            is_preferred: self.preferred,
            ..CodeAction::default()
        }
    }
}

/// Quick fixes and ignore actions for the findings at `range` or listed in
/// the request's context. A fix reached through several findings (or twice
/// through one) is one action.
pub fn quick_fixes(
    result: &LintResult,
    at: Positions<'_>,
    range: Range,
    context: &[lsp::Diagnostic],
    target: Target<'_>,
) -> Vec<CodeAction> {
    let request = at.span(range);
    let mut fixes: Vec<Pending> = Vec::new();
    let mut ignores: Vec<Pending> = Vec::new();
    for (i, d) in result.diagnostics.iter().enumerate() {
        let in_context = !context.is_empty() && {
            let range = at.range(d.range);
            context.iter().any(|c| {
                c.range == range
                    && matches!(&c.code, Some(lsp::NumberOrString::String(rule)) if *rule == d.rule)
            })
        };
        if !in_context && !touches(d.range, request) {
            continue;
        }
        let shown = result.lsp_diagnostic(i);
        if let Some(fix) = &d.fix {
            let pending = Pending {
                title: fix.title.clone(),
                edits: fix.edits.iter().map(|e| text_edit(at, e)).collect(),
                diagnostics: vec![shown.clone()],
                preferred: Some(fix.applicability == Applicability::Safe),
            };
            Pending::add(&mut fixes, pending);
        }
        if can_ignore(&d.rule) {
            let pending = Pending {
                title: format!("Ignore {} on this line", d.rule),
                edits: vec![text_edit(at, &ignore_comment(at, d))],
                diagnostics: vec![shown.clone()],
                preferred: None,
            };
            Pending::add(&mut ignores, pending);
        }
    }
    fixes
        .into_iter()
        .chain(ignores)
        .map(|p| p.into_action(target))
        .collect()
}

/// The fix-all action turning `at.text` into `fixed`; `None` if equal.
pub fn fix_all_action(at: Positions<'_>, fixed: &str, target: Target<'_>) -> Option<CodeAction> {
    let edit = minimal_edit(at.text, fixed)?;
    Some(CodeAction {
        title: FIX_ALL_TITLE.to_owned(),
        kind: Some(FIX_ALL_KIND),
        edit: Some(workspace_edit(target, vec![text_edit(at, &edit)])),
        ..CodeAction::default()
    })
}

/// Findings that are not worth silencing: input the tool cannot read must
/// be fixed, and a comment cannot silence `unused-suppression` itself.
fn can_ignore(rule: &str) -> bool {
    kubelint::rules::by_id(rule).is_some_and(kubelint::rules::Rule::is_suppressible)
}

/// `# kubelint-ignore: <rule> -- <reason>` on its own line above the
/// finding's line, indented like it: alone on a line, the comment covers the
/// next line that holds code.
pub fn ignore_comment(at: Positions<'_>, d: &Diagnostic) -> Edit {
    let text = at.text;
    let line = at.index.line_of(d.range.start.min(text.len() as u32));
    let span = at.index.line_span(text, line);
    // Line 0 may begin with a byte order mark, which must stay first.
    let start = if line == 0 && text.starts_with('\u{feff}') {
        3
    } else {
        span.start
    };
    let line_text = &text[start as usize..span.end as usize];
    let indent: String = line_text
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let newline = if text.as_bytes().get(span.end as usize) == Some(&b'\r') {
        "\r\n"
    } else {
        "\n"
    };
    Edit {
        range: Span::at(start),
        replacement: format!("{indent}# kubelint-ignore: {} -- <reason>{newline}", d.rule),
    }
}

/// One edit turning `old` into `new`: the bytes between their common
/// prefix and suffix. Editors keep the cursor and folds outside it.
fn minimal_edit(old: &str, new: &str) -> Option<Edit> {
    if old == new {
        return None;
    }
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let (old_rest, new_rest) = (&old[prefix..], &new[prefix..]);
    let mut suffix = old_rest
        .bytes()
        .rev()
        .zip(new_rest.bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    while !old_rest.is_char_boundary(old_rest.len() - suffix)
        || !new_rest.is_char_boundary(new_rest.len() - suffix)
    {
        suffix -= 1;
    }
    Some(Edit {
        range: Span::new(prefix as u32, (old.len() - suffix) as u32),
        replacement: new_rest[..new_rest.len() - suffix].to_owned(),
    })
}

fn text_edit(at: Positions<'_>, edit: &Edit) -> TextEdit {
    TextEdit {
        range: at.range(edit.range),
        new_text: edit.replacement.clone(),
    }
}

fn workspace_edit(target: Target<'_>, edits: Vec<TextEdit>) -> WorkspaceEdit {
    if target.versioned {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: target.uri.clone(),
                    version: Some(target.version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(target.uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

#[cfg(test)]
mod tests;
