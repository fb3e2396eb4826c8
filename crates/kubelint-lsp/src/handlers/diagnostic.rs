//! `textDocument/diagnostic`: pull diagnostics, for clients that declared
//! them (they never get pushes).

use crate::session::Session;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    FullDocumentDiagnosticReport, RelatedFullDocumentDiagnosticReport,
    RelatedUnchangedDocumentDiagnosticReport, UnchangedDocumentDiagnosticReport,
};

/// The document's findings, or `unchanged` if the client's previous result
/// id still holds (same text, same findings). A document that is not open
/// gets an empty report without a result id.
pub(crate) async fn diagnostic(
    session: &Arc<Session>,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let report = match session.current_result(&params.text_document.uri).await {
        Some(result) if params.previous_result_id.as_deref() == Some(&result.result_id) => {
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id: result.result_id.clone(),
                },
            })
        }
        result => DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: result.as_ref().map(|r| r.result_id.clone()),
                items: result
                    .map(|r| r.lsp_diagnostics().collect())
                    .unwrap_or_default(),
            },
        }),
    };
    Ok(DocumentDiagnosticReportResult::Report(report))
}
