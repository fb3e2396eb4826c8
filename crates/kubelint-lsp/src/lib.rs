//! The kubelint language server (`kubelint lsp`): diagnostics as you type,
//! the rule's documentation on hover, quick fixes, "ignore on this line"
//! and fix-all — all from the same core as the CLI, so the editor and
//! `kubelint check` always agree.
//!
//! Modules, outside in (the layout of `biome_lsp` and `ruff_server`):
//! - [`transport`]: JSON-RPC over stdio, hardened against malformed input.
//! - `server`: the `LanguageServer` impl, one line per method, delegating
//!   to `handlers`.
//! - `handlers`: one file per request or notification family —
//!   `lifecycle` (initialize, initialized, shutdown), `text_document`
//!   (didOpen, didChange, didSave, didClose), `workspace`
//!   (didChangeConfiguration, didChangeWatchedFiles), `diagnostic` (pull
//!   diagnostics), `hover`, `code_action` (quick fixes, ignores, fix-all).
//! - `session`: what the handlers share — the client, the documents and
//!   workspace index behind one lock, the linters; `capabilities`: what
//!   `initialize` negotiated and what the server announces.
//! - `pipeline`: debounce → lint → publish, and the result a pull, hover
//!   or code action works from; `reload`: settings, configuration files and
//!   the workspace index kept current.
//! - Below the session: `documents` (open documents and their results),
//!   `lint` (one document through the core), `worker` (the lint threads),
//!   `settings` and `linters` (editor settings over `.kubelint.yaml`),
//!   `workspace` (manifests on disk for set rules), `convert` (to and from
//!   the protocol's positions and types).
#![forbid(unsafe_code)]

mod capabilities;
mod convert;
mod documents;
mod handlers;
mod lint;
mod linters;
mod pipeline;
mod reload;
mod server;
mod session;
mod settings;
pub mod transport;
mod worker;
mod workspace;

pub use pipeline::{DEBOUNCE_ENV, DEFAULT_DEBOUNCE};
pub use server::Server;

use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::LspService;

/// Serves one client on `input`/`output` until it sends `exit` or closes
/// `input`. Returns whether it asked for `shutdown` first (a clean exit).
pub async fn serve<I, O>(input: I, output: O) -> bool
where
    I: AsyncRead + Unpin,
    O: AsyncWrite + Unpin,
{
    let (encoded, encoded_out) = transport::encoded_channel();
    let (service, socket) = LspService::new(|client| Server::new(client, encoded));
    let shutdown = service.inner().shutdown_flag();
    transport::serve(input, output, service, socket, encoded_out).await;
    shutdown.load(Ordering::SeqCst)
}

/// Runs the server on stdin/stdout. Returns the process exit code: 0 after
/// `shutdown` then `exit`, 1 if the client went away without `shutdown`.
pub fn run_stdio() -> u8 {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("kubelint lsp: cannot start the async runtime: {e}");
            return 2;
        }
    };
    let clean = runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // Do not wait for lints still running on blocking threads, nor for the
    // thread parked reading stdin: the client is gone.
    runtime.shutdown_timeout(Duration::from_millis(100));
    if clean {
        0
    } else {
        1
    }
}
