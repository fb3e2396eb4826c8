//! The `volumeClaimTemplates` of a StatefulSet, for the rules about the
//! claims its controller creates for each replica.

use crate::k8s::Object;
use crate::source::Span;
use crate::yaml::NodeRef;

/// One entry of `spec.volumeClaimTemplates`.
pub struct ClaimTemplate<'d> {
    pub node: NodeRef<'d>,
    /// Its `spec`, when it is a mapping.
    pub spec: Option<NodeRef<'d>>,
    pub index: usize,
}

impl<'d> ClaimTemplate<'d> {
    /// `volume claim template "data"` (or `#2` without a name), for messages.
    pub fn describe(&self) -> String {
        match self
            .node
            .path(&["metadata", "name"])
            .and_then(|n| n.as_str())
        {
            Some(name) => format!("volume claim template \"{name}\""),
            None => format!("volume claim template #{}", self.index + 1),
        }
    }

    /// Where to point for a field below `spec` the template lacks: the key
    /// `key` of its spec (`resources`), else the `spec` key, else the
    /// template's first key.
    pub fn missing_span(&self, key: &str) -> Span {
        let entry = |node: NodeRef<'d>, key: &str| node.get_entry(key).map(|(k, _)| k.span());
        self.spec
            .and_then(|spec| entry(spec, key))
            .or_else(|| entry(self.node, "spec"))
            .or_else(|| self.node.raw_entries().next().map(|(k, _)| k.span()))
            .unwrap_or(self.node.span())
    }
}

/// The claim templates of an `apps` StatefulSet that is not a patch (a
/// patch's templates merge into the patched object's); empty for
/// anything else.
pub fn claim_templates<'d>(object: &Object<'d>) -> Vec<ClaimTemplate<'d>> {
    if object.kind != "StatefulSet" || object.group() != "apps" || object.patch {
        return Vec::new();
    }
    let Some(templates) = object.root.path(&["spec", "volumeClaimTemplates"]) else {
        return Vec::new();
    };
    templates
        .items()
        .enumerate()
        .filter(|(_, node)| node.is_mapping())
        .map(|(index, node)| ClaimTemplate {
            node,
            spec: node.get("spec").filter(|s| s.is_mapping()),
            index,
        })
        .collect()
}
