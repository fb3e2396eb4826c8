//! What the client and the server agreed on in `initialize`: position
//! encoding, push or pull diagnostics, and which optional requests the
//! client takes; and the capabilities the server announces.

use crate::convert::{self, file_path};
use crate::handlers::code_action::FIX_ALL_KIND;
use crate::settings::SECTION;
use kubelint::source::PositionEncoding;
use std::path::PathBuf;
use tower_lsp_server::ls_types::*;

/// What was negotiated in `initialize`.
#[derive(Debug)]
pub struct Negotiated {
    pub encoding: PositionEncoding,
    /// The client pulls diagnostics: never push to it.
    pub pull: bool,
    /// The client takes `workspace/diagnostic/refresh`.
    pub refresh: bool,
    /// The client answers `workspace/configuration`.
    pub configuration: bool,
    /// The client takes dynamic registration of file watchers.
    pub watch_registration: bool,
    /// The client takes versioned `documentChanges` in edits.
    pub versioned_edits: bool,
    pub folders: Vec<PathBuf>,
    pub root: Option<PathBuf>,
}

impl Negotiated {
    /// Reads the client's capabilities and workspace folders.
    pub fn from_initialize(params: &InitializeParams) -> Negotiated {
        let caps = &params.capabilities;
        let encoding = convert::negotiate_encoding(
            caps.general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        let text_document = caps.text_document.as_ref();
        let workspace = caps.workspace.as_ref();
        let mut folders: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| file_path(&f.uri))
            .collect();
        #[allow(deprecated)]
        if folders.is_empty() {
            folders.extend(params.root_uri.as_ref().and_then(file_path));
        }
        Negotiated {
            encoding,
            pull: text_document.is_some_and(|t| t.diagnostic.is_some()),
            refresh: workspace
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                == Some(true),
            configuration: workspace.and_then(|w| w.configuration) == Some(true),
            watch_registration: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                == Some(true),
            versioned_edits: workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                == Some(true),
            root: folders.first().cloned(),
            folders,
        }
    }

    /// What the server announces: full sync, hover, quick fixes and
    /// fix-all, and pull diagnostics only to clients that pull.
    pub fn server_capabilities(&self, set_rules: bool) -> ServerCapabilities {
        let diagnostic_provider = self.pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some(SECTION.to_owned()),
                // Set rules relate files: an edit here can change findings there.
                inter_file_dependencies: set_rules,
                workspace_diagnostics: false,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        });
        ServerCapabilities {
            position_encoding: Some(convert::encoding_kind(self.encoding)),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::FULL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, FIX_ALL_KIND]),
                ..CodeActionOptions::default()
            })),
            diagnostic_provider,
            ..ServerCapabilities::default()
        }
    }
}
