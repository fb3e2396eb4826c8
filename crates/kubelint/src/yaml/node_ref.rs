use super::document::{Document, NodeId, NodeKind, Scalar, ScalarStyle, Tag};
use super::resolve::{resolve_scalar, Resolved};
use crate::source::Span;
use std::collections::hash_map::{Entry, HashMap};

/// A node together with its document: the handle rules navigate with.
///
/// Lookups see through aliases and honour merge keys (`<<`), so rules never
/// need to know either exists. Values resolve with YAML 1.1 rules.
///
/// A node reached through an alias remembers the alias: that is where the
/// value takes effect for the object being judged. [`NodeRef::span`] is
/// then the alias (`*shared`), so each user of an anchored value gets its
/// own finding at its own alias (and its own suppressions), while
/// [`NodeRef::written_span`] is where the value is written, under the
/// anchor. Fixes are not offered through aliases: editing the anchored text
/// would change every user.
#[derive(Clone, Copy)]
pub struct NodeRef<'d> {
    doc: &'d Document<'d>,
    id: NodeId,
    /// The first alias on the way here from the document's root.
    via: Option<NodeId>,
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
        NodeRef { doc, id, via: None }
    }

    /// A node reached from this one: it inherits the alias this one was
    /// reached through, or this one, if it is an alias.
    fn child(self, id: NodeId) -> NodeRef<'d> {
        self.child_with(self.children_via(), id)
    }

    /// The alias this node's children are reached through (worked out once
    /// per collection, not once per child).
    fn children_via(self) -> Option<NodeId> {
        self.via.or_else(|| self.is_alias().then_some(self.id))
    }

    fn child_with(self, via: Option<NodeId>, id: NodeId) -> NodeRef<'d> {
        NodeRef {
            doc: self.doc,
            id,
            via,
        }
    }

    pub fn document(self) -> &'d Document<'d> {
        self.doc
    }

    pub fn id(self) -> NodeId {
        self.id
    }

    /// Where this node takes effect: the node itself, or, when it was
    /// reached through an alias, the `*alias` — where the user of the
    /// value wrote it, and where findings about that user belong.
    pub fn span(self) -> Span {
        self.doc.node(self.via.unwrap_or(self.id)).span
    }

    /// Where this node is written (under its anchor, if it was reached
    /// through an alias).
    pub fn written_span(self) -> Span {
        self.doc.node(self.id).span
    }

    /// Whether this node was reached through an alias, or is one.
    pub fn through_alias(self) -> bool {
        self.via.is_some() || self.is_alias()
    }

    /// Whether this node's text is shared with other users: reached
    /// through an alias, or written under an anchor some alias refers to.
    /// Editing it would change them too, so fixes leave it alone.
    pub fn is_shared(self) -> bool {
        let written = self.written_span();
        self.through_alias()
            || self
                .doc
                .aliased
                .iter()
                .any(|s| s.start <= written.start && written.end <= s.end)
    }

    /// The node an alias stands for (or `self`).
    pub fn resolved(self) -> NodeRef<'d> {
        let target = self.doc.resolve(self.id);
        if target == self.id {
            return self;
        }
        self.child(target)
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

    /// What a scalar means to Kubernetes (go-yaml's resolution); `None`
    /// for collections and for scalars go-yaml refuses (`!!int x`).
    pub fn resolved_scalar(self) -> Option<Resolved> {
        let scalar = self.scalar()?;
        resolve_scalar(&scalar.value, scalar.style, self.tag()).ok()
    }

    /// A string as Kubernetes reads one: a scalar that go-yaml resolves to
    /// a string (quoted, a plain word, `!!str`, decoded `!!binary`), and
    /// every mapping key (the parser wrote keys as their JSON strings).
    /// `None` for booleans, numbers and nulls (`name: yes`, `image: 1.0`,
    /// `image: ~`), which a string field of Kubernetes refuses or leaves
    /// empty, and for collections.
    pub fn as_str(self) -> Option<&'d str> {
        let node = self.doc.node(self.doc.resolve(self.id));
        let NodeKind::Scalar(scalar) = &node.kind else {
            return None;
        };
        let string = match (node.tag, scalar.style) {
            // Quoted and block scalars, and `!!str`: strings whatever they say.
            (Tag::None, ScalarStyle::Plain) => {
                super::resolve::resolve_plain(&scalar.value) == Resolved::Str
            }
            (Tag::None | Tag::Str, _) => true,
            (tag, style) => resolve_scalar(&scalar.value, style, tag).ok() == Some(Resolved::Str),
        };
        string.then_some(&*scalar.value)
    }

    /// A scalar's text as written (unquoted, folded), whatever it resolves
    /// to: `yes` for `yes`, `0x10` for `0x10`. For messages and for keys.
    pub fn text(self) -> Option<&'d str> {
        self.scalar().map(|s| &*s.value)
    }

    /// A boolean as Kubernetes reads one: YAML 1.1 (`true`, `yes`, `on`,
    /// ...) when plain, or tagged `!!bool`.
    pub fn as_bool(self) -> Option<bool> {
        match self.resolved_scalar()? {
            Resolved::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// An integer as an integer field reads it: `0644` is octal, `0x10`
    /// hex, and floats without a fraction (`0.0`, `1e3`) are integers
    /// (JSON prints them so).
    pub fn as_i64(self) -> Option<i64> {
        self.resolved_scalar()?.as_i64()
    }

    /// `null`, `~`, an empty value, or `!!null`.
    pub fn is_null(self) -> bool {
        self.resolved_scalar() == Some(Resolved::Null)
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
        let via = self.children_via();
        pairs
            .iter()
            .map(move |&(k, v)| (self.child_with(via, k), self.child_with(via, v)))
    }

    /// The effective entries of a mapping, as go-yaml builds them: pairs
    /// apply in the order written, each `<<` merge where it stands (so a
    /// merge overrides the keys before it and the keys after it override
    /// the merge; of `<<: [*a, *b]`, `*a` wins), and a later duplicate key
    /// replaces the earlier one in place. Empty for anything that is not a
    /// mapping.
    pub fn entries(self) -> Vec<(NodeRef<'d>, NodeRef<'d>)> {
        let mut out = Vec::new();
        // Where each string key sits in `out`. A map, not a scan of `out`:
        // a mapping with 100,000 keys (annotations, Secret data) must not
        // cost 10^10 comparisons.
        let mut position: HashMap<&'d str, usize> = HashMap::new();
        self.collect_entries(&mut out, &mut position, 0);
        out
    }

    fn collect_entries(
        self,
        out: &mut Vec<(NodeRef<'d>, NodeRef<'d>)>,
        position: &mut HashMap<&'d str, usize>,
        depth: usize,
    ) {
        let NodeKind::Mapping { has_merge, .. } = *self.kind() else {
            return;
        };
        for (key, value) in self.raw_entries() {
            if has_merge && key.is_merge_key() {
                if depth < MAX_MERGE_DEPTH {
                    // go-yaml applies a sequence of merges last to first.
                    for source in merge_sources(value).into_iter().rev() {
                        source.collect_entries(out, position, depth + 1);
                    }
                }
                continue;
            }
            match key.text() {
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
    }

    fn is_merge_key(self) -> bool {
        let node = self.doc.node(self.id);
        matches!(&node.kind, NodeKind::Scalar(s) if super::parse::is_merge_key(s, node.tag))
    }

    /// The key and value for `key`, following merges: the last pair that
    /// sets it in go-yaml's order (see [`NodeRef::entries`]).
    pub fn get_entry(self, key: &str) -> Option<(NodeRef<'d>, NodeRef<'d>)> {
        self.get_entry_at(key, 0)
    }

    fn get_entry_at(self, key: &str, depth: usize) -> Option<(NodeRef<'d>, NodeRef<'d>)> {
        let NodeKind::Mapping {
            first,
            len,
            has_merge,
        } = *self.kind()
        else {
            return None;
        };
        let pairs = &self.doc.pairs[first as usize..(first + len) as usize];
        let via = self.children_via();
        // The last setter wins: walk back from the end.
        for &(k, v) in pairs.iter().rev() {
            let node = self.doc.node(k);
            let NodeKind::Scalar(scalar) = &node.kind else {
                continue;
            };
            if has_merge && super::parse::is_merge_key(scalar, node.tag) {
                if depth < MAX_MERGE_DEPTH {
                    if let Some(found) = merge_sources(self.child_with(via, v))
                        .into_iter()
                        .find_map(|source| source.get_entry_at(key, depth + 1))
                    {
                        return Some(found);
                    }
                }
            } else if scalar.value == key {
                return Some((self.child_with(via, k), self.child_with(via, v)));
            }
        }
        None
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
        let via = self.children_via();
        items.iter().map(move |&id| self.child_with(via, id))
    }

    /// The exact source span of `range` (a byte range of the scalar's value),
    /// when the value is written verbatim in the file: plain single-line
    /// scalars and quoted scalars without escapes. Otherwise the whole node.
    pub fn value_subspan(self, range: std::ops::Range<usize>) -> Span {
        if self.via.is_some() {
            return self.span();
        }
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

/// The mappings a `<<` merge value names, first to last: the mapping (or
/// alias of one) itself, or the mappings of a sequence. Anything else is a
/// rejected document (reported by the parser) and merges nothing.
fn merge_sources(value: NodeRef<'_>) -> Vec<NodeRef<'_>> {
    if value.is_sequence() {
        value.items().filter(|v| v.is_mapping()).collect()
    } else if value.is_mapping() {
        vec![value]
    } else {
        Vec::new()
    }
}
