//! `kubelint/ignore` annotations on objects, pod templates and containers.

use super::{Scope, Suppression, ANNOTATION};
use crate::k8s::Object;

/// Suppressions from `kubelint/ignore` annotations on an object, its pod
/// template and (with `kubelint/ignore.<name>`) its containers.
///
/// Each covers the findings of `object` only: two objects can share text
/// through anchors and aliases (the items of a `kind: List`), and one
/// object's annotation must not silence the other's findings where they sit
/// in the shared text.
pub fn annotation_suppressions(object: &Object<'_>, out: &mut Vec<Suppression>) {
    let object_span = object.root.span();
    let mut scopes = vec![(object.metadata(), Scope::Object(object_span))];
    let pod = object.pod_spec();
    if let Some(pod) = &pod {
        let template_span = pod
            .metadata
            .map_or(pod.spec.span(), |m| m.span().cover(pod.spec.span()));
        if object.kind != "Pod" {
            scopes.push((pod.metadata, Scope::Range(template_span)));
        }
    }
    for (metadata, scope) in scopes {
        let Some(annotations) = metadata.and_then(|m| m.get("annotations")) else {
            continue;
        };
        for (key, value) in annotations.entries() {
            let (Some(key_text), Some(value_text)) = (key.as_str(), value.as_str()) else {
                continue;
            };
            let scope = if key_text == ANNOTATION {
                scope.clone()
            } else if let Some(container_name) = key_text
                .strip_prefix(ANNOTATION)
                .and_then(|r| r.strip_prefix('.'))
            {
                let container = pod
                    .as_ref()
                    .and_then(|p| p.containers().find(|c| c.name() == Some(container_name)));
                match container {
                    Some(c) => Scope::Range(c.node.span()),
                    None => continue,
                }
            } else {
                continue;
            };
            let mut suppression =
                Suppression::new(key.span().cover(value.span()), scope, value_text);
            suppression.owner = Some(object_span);
            out.push(suppression);
        }
    }
}
