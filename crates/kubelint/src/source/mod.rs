//! Source text, byte spans and line:column conversion.
//!
//! Spans are byte ranges into the file as read (after BOM removal the offsets are
//! still file-absolute). Positions for humans, SARIF and the language server are
//! derived at the edges through [`LineIndex`].

mod decode;
mod line_index;
mod span;

pub(crate) use decode::bom_len;
pub use decode::{decode, decode_as_kubectl, DecodeError};
pub use line_index::{next_line_start, LineCol, LineIndex, PositionEncoding};
pub use span::Span;
