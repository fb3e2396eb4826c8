//! Container images: tags, digests, registries (practices 1 and 12).

pub mod latest_image_tag;
mod reference;

pub use reference::ImageReference;
