//! Container images: tags, digests, registries (practices 1 and 12).

crate::rules::family_rules!(Images:
    image_missing,
    image_not_pinned_by_digest,
    image_pull_policy_not_always,
    image_registry_not_allowed,
    latest_image_tag,
);
mod reference;

pub use reference::ImageReference;
