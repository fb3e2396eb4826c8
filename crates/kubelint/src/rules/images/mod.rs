//! Container images: tags, digests, registries (practices 1 and 12).

pub mod image_not_pinned_by_digest;
pub mod image_pull_policy_not_always;
pub mod image_registry_not_allowed;
pub mod latest_image_tag;
mod reference;

pub use reference::ImageReference;
