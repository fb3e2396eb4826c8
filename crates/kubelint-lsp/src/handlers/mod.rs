//! The protocol handlers, one file per request or notification family.
//! [`crate::server::Server`] delegates each `LanguageServer` method to one
//! of them.
//!
//! Notification handlers change the document store before their first
//! `.await`, so edits apply in the order the client sent them (the
//! transport polls handlers first in arrival order).

pub(crate) mod code_action;
pub(crate) mod diagnostic;
pub(crate) mod hover;
pub(crate) mod lifecycle;
pub(crate) mod text_document;
pub(crate) mod workspace;
