//! A container's resource requests and limits, as the rules comparing them
//! (`requests-not-equal-limits`, `ephemeral-storage-unset`) read them, and
//! the fix that makes a request equal its limit.

use crate::diagnostic::{Applicability, Fix};
use crate::edit::IntoFix as _;
use crate::k8s::{Container, Quantity};
use crate::source::Span;
use crate::yaml::{resolve_plain, NodeRef, Resolved};

/// `resources.<kind>.<resource>` (`kind` is `requests` or `limits`),
/// unless null.
pub fn quantity<'d>(
    resources: Option<NodeRef<'d>>,
    kind: &str,
    resource: &str,
) -> Option<NodeRef<'d>> {
    resources?.path(&[kind, resource]).filter(|v| !v.is_null())
}

/// The container's `resources` mapping.
pub fn resources<'d>(container: &Container<'d>) -> Option<NodeRef<'d>> {
    container.get("resources").filter(|r| r.is_mapping())
}

/// Where to point for a request or limit the container lacks: its
/// `resources` key, or its name.
pub fn missing_span(container: &Container<'_>) -> Span {
    container
        .node
        .get_entry("resources")
        .map_or(container.report_span(), |(key, _)| key.span())
}

/// Whether both are quantities and their values differ; `false` when one
/// is not a quantity (the API server rejects the object).
pub fn differ(request: NodeRef<'_>, limit: NodeRef<'_>) -> bool {
    matches!(
        (Quantity::of_node(request), Quantity::of_node(limit)),
        (Some(requested), Some(limited)) if requested != limited
    )
}

/// The fix that writes the limit's value over the request (unsafe: the pod
/// then reserves more of the node). A limit written quoted stays quoted,
/// so `"1"` stays a string.
pub fn request_the_limit(request: NodeRef<'_>, limit: NodeRef<'_>, resource: &str) -> Option<Fix> {
    let text = limit.scalar().and(limit.text())?;
    let value = if limit.as_str().is_some() && resolve_plain(text) != Resolved::Str {
        format!("\"{text}\"")
    } else {
        text.to_owned()
    };
    crate::edit::replace_scalar(request, &value).into_fix(
        &format!("Request the {resource} limit"),
        Applicability::Unsafe,
    )
}
