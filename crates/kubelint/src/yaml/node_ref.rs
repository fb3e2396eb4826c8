use super::document::{Document, NodeId, NodeKind, Scalar, ScalarStyle, Tag};
use super::resolve::{resolve_bool, resolve_int, resolve_is_null};
use crate::source::Span;
use std::collections::hash_map::{Entry, HashMap};

/// A node together with its document: the handle rules navigate with.
///
/// Lookups see through aliases and honour merge keys (`<<`), so rules never
/// need to know either exists. Values resolve with YAML 1.1 rules.
#[derive(Clone, Copy)]
pub struct NodeRef<'d> {
    doc: &'d Document<'d>,
    id: NodeId,
}

impl std::fmt::Debug for NodeRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NodeRef({} {:?})", self.id, self.span())
    }
}

/// How deep merge keys may nest before lookups stop following them.
///
/// Not a small number: at 16, a chain of 17 `<<` merges hid `privileged:
/// true` from every rule while Kubernetes applied it. Termination does not
/// need it (aliases only point back, at complete nodes) and the alias budget
/// already bounds a chain (each link adds its target's weight to the mapping
/// holding the anchors), so this only bounds recursion depth.
const MAX_MERGE_DEPTH: usize = 1024;

impl<'d> NodeRef<'d> {
    pub fn new(doc: &'d Document<'d>, id: NodeId) -> NodeRef<'d> {
        NodeRef { doc, id }
    }

    pub fn document(self) -> &'d Document<'d> {
        self.doc
    }

    pub fn id(self) -> NodeId {
        self.id
    }

    /// Where this node is written. For an alias this is the `*alias` itself,
    /// which is where a user would change it.
    pub fn span(self) -> Span {
        self.doc.node(self.id).span
    }

    /// The node an alias stands for (or `self`).
    pub fn resolved(self) -> NodeRef<'d> {
        NodeRef {
            doc: self.doc,
            id: self.doc.resolve(self.id),
        }
    }

    fn kind(self) -> &'d NodeKind<'d> {
        &self.doc.node(self.doc.resolve(self.id)).kind
    }

    pub fn tag(self) -> Tag {
        self.doc.node(self.doc.resolve(self.id)).tag
    }

    pub fn is_alias(self) -> bool {
        matches!(self.doc.node(self.id).kind, NodeKind::Alias(_))
    }

    pub fn is_mapping(self) -> bool {
        matches!(self.kind(), NodeKind::Mapping { .. })
    }

    pub fn is_sequence(self) -> bool {
        matches!(self.kind(), NodeKind::Sequence { .. })
    }

    pub fn scalar(self) -> Option<&'d Scalar<'d>> {
        match self.kind() {
            NodeKind::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    /// Plain scalars without a tag are the ones YAML 1.1 resolves.
    fn plain(self) -> Option<&'d str> {
        let scalar = self.scalar()?;
        (scalar.style == ScalarStyle::Plain && self.tag() == Tag::None).then_some(&*scalar.value)
    }

    /// The text of a scalar, as Kubernetes reads it into a string field.
    pub fn as_str(self) -> Option<&'d str> {
        self.scalar().map(|s| &*s.value)
    }

    /// A YAML 1.1 boolean (`true`, `yes`, `on`, ...).
    pub fn as_bool(self) -> Option<bool> {
        match self.tag() {
            Tag::Bool => resolve_bool(self.as_str()?),
            _ => resolve_bool(self.plain()?),
        }
    }

    /// A YAML 1.1 integer (`0644` is octal).
    pub fn as_i64(self) -> Option<i64> {
        match self.tag() {
            Tag::Int => resolve_int(self.as_str()?),
            _ => resolve_int(self.plain()?),
        }
    }

    /// `null`, `~`, an empty value, or `!!null`.
    pub fn is_null(self) -> bool {
        match self.tag() {
            Tag::Null => true,
            _ => self.plain().is_some_and(resolve_is_null),
        }
    }

    /// Entries of a mapping as written, merge keys included, aliases unresolved.
    pub fn raw_entries(self) -> impl Iterator<Item = (NodeRef<'d>, NodeRef<'d>)> + 'd {
        let doc = self.doc;
        let pairs: &'d [(NodeId, NodeId)] = match *self.kind() {
            NodeKind::Mapping { first, len, .. } => {
                &doc.pairs[first as usize..(first + len) as usize]
            }
            _ => &[],
        };
        pairs
            .iter()
            .map(move |&(k, v)| (NodeRef::new(doc, k), NodeRef::new(doc, v)))
    }

    /// The effective entries of a mapping: its own keys first, then keys
    /// brought in by `<<` merges that it does not override. Empty for
    /// anything that is not a mapping.
    pub fn entries(self) -> Vec<(NodeRef<'d>, NodeRef<'d>)> {
        let mut out = Vec::new();
        self.collect_entries(&mut out, 0);
        out
    }

    fn collect_entries(self, out: &mut Vec<(NodeRef<'d>, NodeRef<'d>)>, depth: usize) {
        let NodeKind::Mapping { has_merge, .. } = *self.kind() else {
            return;
        };
        // Where each string key sits in `out`. A map, not a scan of `out`:
        // a mapping with 100,000 keys (annotations, Secret data) must not
        // cost 10^10 comparisons.
        let mut position: HashMap<&'d str, usize> = HashMap::new();
        for (key, value) in self.raw_entries() {
            if has_merge && key.is_merge_key() {
                continue;
            }
            // A later duplicate key replaces the earlier one, as in Kubernetes.
            match key.as_str() {
                Some(k) => match position.entry(k) {
                    Entry::Occupied(at) => out[*at.get()] = (key, value),
                    Entry::Vacant(at) => {
                        at.insert(out.len());
                        out.push((key, value));
                    }
                },
                None => out.push((key, value)),
            }
        }
        if !has_merge || depth >= MAX_MERGE_DEPTH {
            return;
        }
        for source in self.merge_sources() {
            let mut merged = Vec::new();
            source.collect_entries(&mut merged, depth + 1);
            for (key, value) in merged {
                match key.as_str() {
                    Some(k) => {
                        if let Entry::Vacant(at) = position.entry(k) {
                            at.insert(out.len());
                            out.push((key, value));
                        }
                    }
                    None => out.push((key, value)),
                }
            }
        }
    }

    fn is_merge_key(self) -> bool {
        matches!(self.scalar(), Some(s) if s.style == ScalarStyle::Plain && s.value == "<<")
    }

    /// Mappings named by `<<: *a` or `<<: [*a, *b]`, in priority order.
    fn merge_sources(self) -> Vec<NodeRef<'d>> {
        let mut sources = Vec::new();
        for (key, value) in self.raw_entries() {
            if !key.is_merge_key() {
                continue;
            }
            if value.is_sequence() {
                sources.extend(value.items().filter(|v| v.is_mapping()));
            } else if value.is_mapping() {
                sources.push(value);
            }
        }
        sources
    }

    /// The key and value for `key`, following merges.
    pub fn get_entry(self, key: &str) -> Option<(NodeRef<'d>, NodeRef<'d>)> {
        self.get_entry_at(key, 0)
    }

    fn get_entry_at(self, key: &str, depth: usize) -> Option<(NodeRef<'d>, NodeRef<'d>)> {
        let NodeKind::Mapping { has_merge, .. } = *self.kind() else {
            return None;
        };
        let found = self
            .raw_entries()
            .filter(|(k, _)| k.as_str() == Some(key) && !k.is_merge_key())
            .last();
        if found.is_some() || !has_merge || depth >= MAX_MERGE_DEPTH {
            return found;
        }
        self.merge_sources()
            .into_iter()
            .find_map(|source| source.get_entry_at(key, depth + 1))
    }

    /// The value for `key` in a mapping.
    pub fn get(self, key: &str) -> Option<NodeRef<'d>> {
        self.get_entry(key).map(|(_, value)| value)
    }

    /// Follows a path of mapping keys.
    pub fn path(self, keys: &[&str]) -> Option<NodeRef<'d>> {
        keys.iter().try_fold(self, |node, key| node.get(key))
    }

    /// Items of a sequence (empty for anything else).
    pub fn items(self) -> impl ExactSizeIterator<Item = NodeRef<'d>> + 'd {
        let doc = self.doc;
        let items: &'d [NodeId] = match *self.kind() {
            NodeKind::Sequence { first, len } => &doc.items[first as usize..(first + len) as usize],
            _ => &[],
        };
        items.iter().map(move |&id| NodeRef::new(doc, id))
    }

    /// The exact source span of `range` (a byte range of the scalar's value),
    /// when the value is written verbatim in the file: plain single-line
    /// scalars and quoted scalars without escapes. Otherwise the whole node.
    pub fn value_subspan(self, range: std::ops::Range<usize>) -> Span {
        let node = self.doc.node(self.id);
        let NodeKind::Scalar(scalar) = &node.kind else {
            return node.span;
        };
        let source = &self.doc.text[node.span.range()];
        let inner = match scalar.style {
            ScalarStyle::Plain => source,
            // `get`: a span that does not end at its quote (it always
            // should) must not panic here.
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted if source.len() >= 2 => {
                match source.get(1..source.len() - 1) {
                    Some(inner) => inner,
                    None => return node.span,
                }
            }
            _ => return node.span,
        };
        if inner != scalar.value
            || range.end > inner.len()
            || range.start > range.end
            || !inner.is_char_boundary(range.start)
            || !inner.is_char_boundary(range.end)
        {
            return node.span;
        }
        let start =
            node.span.start + (source.len() - inner.len()).min(1) as u32 + range.start as u32;
        Span::new(start, start + (range.end - range.start) as u32)
    }
}
