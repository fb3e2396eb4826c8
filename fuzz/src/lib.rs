//! The invariants of the `fix` and `lsp` targets, as plain functions so
//! the workspace's tests can replay `regressions/` with the same checks
//! (they include these files with `#[path]`).
pub mod fix;
pub mod lsp;
