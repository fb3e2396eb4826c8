//! `kubelint/ignore` annotations on objects, pod templates and containers.

use super::{Scope, Suppression, ANNOTATION};
use crate::k8s::{Object, PodSpec};

/// Suppressions from `kubelint/ignore` annotations on an object, its pod
/// templates and (with `kubelint/ignore.<name>`) its containers. `pods` are
/// the object's [`Object::pod_specs`].
///
/// Each covers the findings of `object` only: two objects can share text
/// through anchors and aliases (the items of a `kind: List`), and one
/// object's annotation must not silence the other's findings where they sit
/// in the shared text.
pub fn annotation_suppressions(
    object: &Object<'_>,
    pods: &[PodSpec<'_>],
    out: &mut Vec<Suppression>,
) {
    let object_span = object.root.span();
    // (metadata, the scope it covers, the pods whose containers it names):
    // the object's annotations cover all its pods, a pod template's its own.
    let mut scopes = vec![(object.metadata(), Scope::Object(object_span), pods)];
    if object.kind != "Pod" {
        for (i, pod) in pods.iter().enumerate() {
            let template_span = pod
                .metadata
                .map_or(pod.spec.span(), |m| m.span().cover(pod.spec.span()));
            scopes.push((pod.metadata, Scope::Range(template_span), &pods[i..=i]));
        }
    }
    for (metadata, scope, scope_pods) in scopes {
        let Some(annotations) = metadata.and_then(|m| m.get("annotations")) else {
            continue;
        };
        for (key, value) in annotations.entries() {
            let (Some(key_text), Some(value_text)) = (key.as_str(), value.as_str()) else {
                continue;
            };
            let scopes = if key_text == ANNOTATION {
                vec![scope.clone()]
            } else if let Some(container_name) = key_text
                .strip_prefix(ANNOTATION)
                .and_then(|r| r.strip_prefix('.'))
            {
                scope_pods
                    .iter()
                    .flat_map(|p| p.containers())
                    .filter(|c| c.name() == Some(container_name))
                    .map(|c| Scope::Range(c.node.span()))
                    .collect()
            } else {
                continue;
            };
            for scope in scopes {
                let mut suppression =
                    Suppression::new(key.span().cover(value.span()), scope, value_text);
                suppression.owner = Some(object_span);
                out.push(suppression);
            }
        }
    }
}
