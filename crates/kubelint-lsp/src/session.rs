//! The session the handlers share: the client, what `initialize`
//! negotiated, the open documents and workspace index ([`State`], behind
//! one lock), the linters, and the queue diagnostics pushes go out on.
//!
//! What the session does lives with its users: the lint pipeline in
//! [`crate::pipeline`], settings, configuration files and the workspace
//! index in [`crate::reload`].

use crate::capabilities::Negotiated;
use crate::convert::Positions;
use crate::documents::{Documents, LintResult};
use crate::linters::Linters;
use crate::pipeline::{DEBOUNCE_ENV, DEFAULT_DEBOUNCE};
use crate::transport::EncodedSender;
use crate::worker::Worker;
use crate::workspace::WorkspaceIndex;
use kubelint::source::PositionEncoding;
use kubelint::Linter;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;
use tower_lsp_server::ls_types::MessageType;
use tower_lsp_server::Client;

/// What the session knows of the documents and the workspace; changed
/// under [`Session::state`]'s lock only.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub documents: Documents,
    pub workspace: WorkspaceIndex,
    /// The linter the workspace is indexed with, while set rules run.
    pub index_linter: Option<Arc<Linter>>,
    /// Bumped whenever results may change without their text changing:
    /// settings, configuration files, files other documents depend on.
    pub generation: u64,
    /// Scans started; a scan only stores its result if it is the latest.
    pub scans: u64,
    pub debounce: Option<Duration>,
}

pub(crate) struct Session {
    pub client: Client,
    pub state: Mutex<State>,
    pub linters: Mutex<Linters>,
    /// Set by `initialize`.
    pub negotiated: OnceLock<Negotiated>,
    /// Diagnostics pushes, encoded; the transport writes them in order.
    pub pushes: EncodedSender,
    pub shutdown: Arc<AtomicBool>,
    /// The debounce from [`DEBOUNCE_ENV`], if set.
    pub env_debounce: Option<Duration>,
    /// The threads lints run on, started with the first ([`Worker`]);
    /// `None` if it could not be started (lints use the blocking pool).
    pub lint_worker: OnceLock<Option<Worker>>,
}

/// Locks, shrugging off poisoning: every critical section leaves the data
/// consistent, and a panic elsewhere must not take the server down.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Session {
    /// A session before `initialize`, pushing diagnostics to `pushes`.
    pub(crate) fn new(client: Client, pushes: EncodedSender) -> Session {
        let debounce = std::env::var(DEBOUNCE_ENV)
            .ok()
            .and_then(|ms| ms.trim().parse().ok())
            .map(Duration::from_millis);
        Session {
            client,
            state: Mutex::new(State::default()),
            linters: Mutex::new(Linters::default()),
            negotiated: OnceLock::new(),
            pushes,
            shutdown: Arc::new(AtomicBool::new(false)),
            env_debounce: debounce,
            lint_worker: OnceLock::new(),
        }
    }

    pub(crate) fn negotiated(&self) -> Option<&Negotiated> {
        self.negotiated.get()
    }

    pub(crate) fn encoding(&self) -> PositionEncoding {
        self.negotiated()
            .map_or(PositionEncoding::Utf16, |s| s.encoding)
    }

    /// Whether the client pulls diagnostics (and must never get pushes).
    pub(crate) fn pulls_diagnostics(&self) -> bool {
        self.negotiated().is_some_and(|s| s.pull)
    }

    pub(crate) fn root(&self) -> Option<&Path> {
        self.negotiated().and_then(|s| s.root.as_deref())
    }

    /// The pause before a pushed lint: settings, else [`DEBOUNCE_ENV`],
    /// else [`DEFAULT_DEBOUNCE`].
    pub(crate) fn debounce(&self, state: &State) -> Duration {
        state
            .debounce
            .or(self.env_debounce)
            .unwrap_or(DEFAULT_DEBOUNCE)
    }

    /// Logs to the client's log (Neovim's lsp.log, VS Code's output panel);
    /// works from blocking threads too.
    pub(crate) fn log(&self, typ: MessageType, message: String) {
        let client = self.client.clone();
        tokio::spawn(async move { client.log_message(typ, message).await });
    }

    /// Positions in `result`'s text, in the negotiated encoding.
    pub(crate) fn positions<'a>(&self, result: &'a LintResult) -> Positions<'a> {
        Positions {
            text: &result.text,
            index: &result.index,
            encoding: self.encoding(),
        }
    }
}
