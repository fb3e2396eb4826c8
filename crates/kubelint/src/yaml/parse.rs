//! Builds a [`Document`] from `saphyr-parser` events.

use super::char_offsets::CharOffsets;
use super::document::{
    Document, Node, NodeId, NodeKind, Scalar, ScalarStyle, Tag, YamlIssue, YamlIssueKind,
};
use super::resolve::{json_key, resolve_scalar, Resolved};
use crate::source::Span;
use saphyr_parser::{Event, Parser, ScalarStyle as SaphyrStyle};
use std::borrow::Cow;
use std::collections::HashMap;

/// Resource limits for parsing one file. Exceeding one is an error diagnostic
/// for the document (or file), never a crash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file_size: u64,
    /// Deepest nesting of collections.
    pub max_depth: usize,
    /// How many nodes alias expansion may add to a document (alias bombs).
    pub alias_budget: u64,
    /// Most documents read from one file.
    pub max_documents: usize,
    /// Most nodes (scalars, collections, aliases) in one document. Memory
    /// is about 200 bytes a node, and a node can cost as little as two
    /// bytes of input (`[x,x,x,…]`), so without this a file under
    /// `max_file_size` could need tens of gigabytes. A Kubernetes object is
    /// at most ~1.5 MB (etcd), far below the default.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_size: 256 * 1024 * 1024,
            max_depth: 1000,
            alias_budget: 1_000_000,
            max_documents: 100_000,
            max_nodes: 2_000_000,
        }
    }
}

/// Parses one chunk of [`split_documents`](super::split_documents): the
/// document, plus an issue where `kubectl` stops reading the file at this
/// chunk ([`Framing`](super::Framing)).
pub fn parse_chunk<'a>(
    text: &'a str,
    chunk: &super::DocumentChunk,
    index: usize,
    limits: &Limits,
) -> Document<'a> {
    let mut doc = parse_document(text, chunk.span, index, limits);
    if let Some(framing) = chunk.framing {
        // Point at the first line's text (the `--- value` or the first
        // character that is not JSON).
        let source = &text[chunk.span.range()];
        let start = source.len() - source.trim_start().len();
        let line = source[start..]
            .lines()
            .next()
            .unwrap_or_default()
            .trim_end();
        let at = chunk.span.start + start as u32;
        doc.issues.insert(
            0,
            issue(
                YamlIssueKind::Rejected,
                Span::new(at, at + line.len() as u32),
                framing.message().into(),
            ),
        );
    }
    doc
}

/// Parses the document in `span` of `text` (a whole file).
pub fn parse_document<'a>(
    text: &'a str,
    span: Span,
    index: usize,
    limits: &Limits,
) -> Document<'a> {
    let chunk = &text[span.range()];
    // Manifests average one node per ~30 bytes; sizing up front saves the
    // reallocations of growing from empty.
    let nodes = chunk.len() / 32 + 4;
    let mut builder = Builder {
        doc: Document {
            text,
            nodes: Vec::with_capacity(nodes),
            pairs: Vec::with_capacity(nodes / 2),
            items: Vec::new(),
            root: None,
            span,
            index,
            issues: Vec::new(),
            aliased: Vec::new(),
        },
        offsets: CharOffsets::new(chunk),
        base: span.start,
        chunk_len: span.len(),
        stack: Vec::new(),
        scratch: Vec::new(),
        weights: Vec::with_capacity(nodes),
        anchors: HashMap::new(),
        aliased: std::collections::HashSet::new(),
        limits,
    };
    let result = match with_ascii_line_breaks(chunk) {
        None => builder.run(chunk, Parser::new_from_str(chunk), |value| value),
        // The values borrow the rewritten copy, so they are copied out.
        Some(rewritten) => builder.run(chunk, Parser::new_from_str(&rewritten), |value| {
            Cow::Owned(value.into_owned())
        }),
    };
    if let Err(issue) = result {
        builder.doc.issues.push(issue);
        builder.doc.root = None;
    }
    builder.doc
}

/// go-yaml (like YAML 1.1) ends a line at NEL (U+0085), LINE SEPARATOR
/// (U+2028) and PARAGRAPH SEPARATOR (U+2029) as well as at `\n` and `\r`;
/// saphyr-parser, following YAML 1.2, does not. Left as they are, `# note`,
/// U+2028, `privileged: true` is one comment to kubelint and a comment
/// followed by a key to Kubernetes. Each is replaced by one `\n`, which
/// keeps character offsets (spans) unchanged. `None` when there are none.
///
/// Scalar values read the same as in go-yaml, which turns NEL into `\n`,
/// except that go-yaml keeps U+2028/U+2029 as the first line break of a
/// folded line where kubelint folds it like `\n` (docs/fidelity.md).
fn with_ascii_line_breaks(chunk: &str) -> Option<String> {
    // NEL is 0xC2 0x85, LS and PS 0xE2 0x80 0xA8/0xA9: look at the bytes
    // after each 0xC2 or 0xE2 (other non-ASCII text is common; these are not).
    let bytes = chunk.as_bytes();
    let found = memchr::memchr2_iter(0xC2, 0xE2, bytes).any(|i| match bytes[i] {
        0xC2 => bytes.get(i + 1) == Some(&0x85),
        _ => bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)),
    });
    found.then(|| chunk.replace(['\u{85}', '\u{2028}', '\u{2029}'], "\n"))
}

struct Frame {
    id: NodeId,
    is_mapping: bool,
    is_flow: bool,
    anchor: usize,
    /// Where this collection's children start in `scratch`.
    children_start: usize,
}

struct Builder<'a, 'l> {
    doc: Document<'a>,
    offsets: CharOffsets,
    base: u32,
    /// Length of the document's chunk in bytes; no span goes past it.
    chunk_len: u32,
    stack: Vec<Frame>,
    /// Children of the open collections, innermost last.
    scratch: Vec<NodeId>,
    /// Expanded size of each node: how many nodes it stands for once aliases
    /// are copied. Bounded by the alias budget.
    weights: Vec<u64>,
    /// Completed anchored nodes by the parser's anchor id.
    anchors: HashMap<usize, NodeId>,
    /// Anchored nodes some alias refers to.
    aliased: std::collections::HashSet<NodeId>,
    limits: &'l Limits,
}

impl<'a> Builder<'a, '_> {
    /// Builds the tree from `parser`'s events; `chunk` is the document's
    /// text (what `parser` reads, up to the line breaks it may have had
    /// replaced) and `own` turns a scalar value into one that lives as
    /// long as the document.
    fn run<'i>(
        &mut self,
        chunk: &'a str,
        mut parser: Parser<'i, saphyr_parser::StrInput<'i>>,
        own: impl Fn(Cow<'i, str>) -> Cow<'a, str>,
    ) -> Result<(), YamlIssue> {
        let mut documents = 0;
        while let Some(event) = parser.next_event() {
            let (event, span) = event.map_err(|e| {
                // Errors found at the end of the document (an unclosed
                // bracket) point at its last character, not the next `---`.
                let content_end = self.base + chunk.trim_end().len() as u32;
                let at = Span::at(self.offset(e.marker().index()).min(content_end));
                if e.info() == "recursion limit exceeded" {
                    // saphyr counts flow levels in a u8.
                    issue(
                        YamlIssueKind::TooDeep,
                        at,
                        "flow collections are nested deeper than 255 levels, the YAML parser's fixed limit".into(),
                    )
                } else {
                    issue(
                        YamlIssueKind::Syntax,
                        at,
                        format!("invalid YAML: {}{}", e.info(), self.hint(at.start)),
                    )
                }
            })?;
            let start = self.offset(span.start.index());
            let span = Span::new(start, self.offset(span.end.index()).max(start));
            if matches!(
                event,
                Event::Scalar(..)
                    | Event::Alias(_)
                    | Event::MappingStart(..)
                    | Event::SequenceStart(..)
            ) {
                self.check_node_count(span)?;
            }
            match event {
                Event::StreamStart | Event::Nothing | Event::DocumentEnd => {}
                Event::StreamEnd => break,
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        // The splitter gives one document per chunk; anything
                        // else means a marker it did not see. Say so rather
                        // than silently dropping the rest of the chunk.
                        self.doc.issues.push(issue(
                            YamlIssueKind::Unsplit,
                            Span::at(span.start),
                            "another document starts here, but kubelint could not split the file at this line; the rest of the file is not linted".into(),
                        ));
                        break;
                    }
                }
                Event::Scalar(value, style, anchor, tag) => {
                    let style = convert_style(style);
                    let span = match style {
                        ScalarStyle::Literal | ScalarStyle::Folded => self.trim_end(span),
                        ScalarStyle::SingleQuoted => self.to_closing_quote(span, b'\''),
                        ScalarStyle::DoubleQuoted => self.to_closing_quote(span, b'"'),
                        // An empty value (`{a, b: }`) has no text; saphyr
                        // spans it over the next token, often the closing
                        // `}`, where an edit of the value would land.
                        ScalarStyle::Plain if value.is_empty() => Span::at(span.start),
                        ScalarStyle::Plain => span,
                    };
                    let tag = tag.map_or(Tag::None, |t| convert_tag(&t.handle, &t.suffix));
                    let (value, tag) = match tag {
                        Tag::Binary => self.decode_binary(own(value), span),
                        _ => (own(value), tag),
                    };
                    let id = self.push(
                        Node {
                            span,
                            kind: NodeKind::Scalar(Scalar { value, style }),
                            tag,
                        },
                        1,
                    );
                    self.complete(id, anchor)?;
                }
                Event::Alias(anchor) => {
                    let Some(&target) = self.anchors.get(&anchor) else {
                        return Err(issue(
                            YamlIssueKind::RecursiveAlias,
                            span,
                            "alias refers to a node that contains it (recursive alias)".into(),
                        ));
                    };
                    let weight = self.weights[target as usize];
                    if self.aliased.insert(target) {
                        let shared = self.doc.nodes[target as usize].span;
                        self.doc.aliased.push(shared);
                    }
                    let id = self.push(
                        Node {
                            span,
                            kind: NodeKind::Alias(target),
                            tag: Tag::None,
                        },
                        weight,
                    );
                    self.add_child(id);
                }
                Event::MappingStart(anchor, tag) => {
                    self.start_collection(true, span, anchor, tag.as_deref())?
                }
                Event::SequenceStart(anchor, tag) => {
                    self.start_collection(false, span, anchor, tag.as_deref())?
                }
                Event::MappingEnd | Event::SequenceEnd => self.end_collection(span)?,
            }
        }
        Ok(())
    }

    /// Why an error that names no cause happened, when we can tell.
    fn hint(&self, at: u32) -> &'static str {
        // YAML limits an implicit key to 1024 characters; past that the `:`
        // after it is "not allowed in this context", which baffles people.
        let before = &self.doc.text.as_bytes()[..at as usize];
        let line_start = memchr::memrchr2(b'\n', b'\r', before).map_or(0, |i| i + 1);
        if at as usize - line_start > 1024 {
            "; a key before `:` may be at most 1024 characters long"
        } else {
            ""
        }
    }

    fn offset(&self, char_index: usize) -> u32 {
        // saphyr-parser can report an index past the end of its input (found
        // by fuzzing: the empty scalar before a misplaced `%` directive).
        // The chunk's end is a character boundary, so clamping keeps spans
        // inside the document and on boundaries.
        self.base + self.offsets.byte_offset(char_index).min(self.chunk_len)
    }

    /// Block scalar spans run to the next token; keep only the content.
    fn trim_end(&self, span: Span) -> Span {
        let text = &self.doc.text[span.range()];
        Span::new(span.start, span.start + text.trim_end().len() as u32)
    }

    /// saphyr ends a quoted scalar's span after the blanks and comment that
    /// follow the closing quote; keep the scalar only. Quotes and `\\` are
    /// ASCII, so a byte scan cannot stop inside a character.
    fn to_closing_quote(&self, span: Span, quote: u8) -> Span {
        let bytes = &self.doc.text.as_bytes()[span.range()];
        if bytes.first() != Some(&quote) {
            return span;
        }
        let mut i = 1;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' if quote == b'"' => i += 2,
                b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
                b if b == quote => return Span::new(span.start, span.start + i as u32 + 1),
                _ => i += 1,
            }
        }
        span
    }

    /// An empty value (`? key` without `: value`) has no text of its own,
    /// and saphyr puts it at the next token, which can be lines further on,
    /// past the end of the document even. Pin it right after its key, where
    /// an edit adding a sibling or the value belongs (found by the `fix` fuzz
    /// target: a fix inserted after the next `---`, into another document).
    fn pin_empty_value(&mut self, key: NodeId, value: NodeId) {
        let key_end = self.doc.nodes[key as usize].span.end;
        let node = &mut self.doc.nodes[value as usize];
        let empty = matches!(&node.kind, NodeKind::Scalar(s) if s.value.is_empty() && s.style == ScalarStyle::Plain);
        if empty && node.span.start > key_end {
            node.span = Span::at(key_end);
        }
    }

    /// Refuses a node past `max_nodes` (checked before each event).
    fn check_node_count(&self, span: Span) -> Result<(), YamlIssue> {
        if self.doc.nodes.len() < self.limits.max_nodes {
            return Ok(());
        }
        Err(issue(
            YamlIssueKind::TooManyNodes,
            Span::at(span.start),
            format!(
                "document has more than {} nodes, the limit (limits.max-nodes)",
                self.limits.max_nodes
            ),
        ))
    }

    fn push(&mut self, node: Node<'a>, weight: u64) -> NodeId {
        let id = self.doc.nodes.len() as NodeId;
        self.doc.nodes.push(node);
        self.weights.push(weight);
        id
    }

    fn add_child(&mut self, id: NodeId) {
        if self.stack.is_empty() {
            if self.doc.root.is_none() {
                self.check_value(id);
            }
            self.doc.root.get_or_insert(id);
        } else {
            self.scratch.push(id);
        }
    }

    /// Records a finished node: its anchor, and its place in the parent.
    fn complete(&mut self, id: NodeId, anchor: usize) -> Result<(), YamlIssue> {
        if anchor != 0 {
            self.anchors.insert(anchor, id);
        }
        self.add_child(id);
        Ok(())
    }

    fn start_collection(
        &mut self,
        is_mapping: bool,
        span: Span,
        anchor: usize,
        tag: Option<&saphyr_parser::Tag>,
    ) -> Result<(), YamlIssue> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(issue(
                YamlIssueKind::TooDeep,
                span,
                format!(
                    "nesting is deeper than the limit of {} levels (limits.max-depth)",
                    self.limits.max_depth
                ),
            ));
        }
        let open = self.doc.text[span.range()].trim_end();
        let is_flow = open.ends_with('{') || open.ends_with('[');
        // A block collection starts at its first entry, after any anchor or tag.
        let start = if is_flow { span.start } else { span.end };
        let kind = if is_mapping {
            NodeKind::Mapping {
                first: 0,
                len: 0,
                has_merge: false,
            }
        } else {
            NodeKind::Sequence { first: 0, len: 0 }
        };
        let tag = tag.map_or(Tag::None, |t| convert_tag(&t.handle, &t.suffix));
        let id = self.push(
            Node {
                span: Span::at(start),
                kind,
                tag,
            },
            1,
        );
        self.stack.push(Frame {
            id,
            is_mapping,
            is_flow,
            anchor,
            children_start: self.scratch.len(),
        });
        Ok(())
    }

    fn end_collection(&mut self, end_span: Span) -> Result<(), YamlIssue> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let children = frame.children_start..self.scratch.len();
        let mut weight: u64 = 1;
        let mut end = self.doc.nodes[frame.id as usize].span.start;
        for &child in &self.scratch[children.clone()] {
            weight = weight.saturating_add(self.weights[child as usize]);
            end = end.max(self.doc.nodes[child as usize].span.end);
        }
        if frame.is_flow {
            end = end_span.end;
        }
        let real_nodes = self.doc.nodes.len() as u64;
        if weight > real_nodes.saturating_add(self.limits.alias_budget) {
            let at = self
                .heaviest_alias(&self.scratch[children.clone()])
                .unwrap_or(end_span);
            return Err(issue(
                YamlIssueKind::AliasBudget,
                at,
                format!(
                    "expanding aliases would exceed the budget of {} nodes (limits.alias-budget); is this an alias bomb?",
                    self.limits.alias_budget
                ),
            ));
        }
        let kind = if frame.is_mapping {
            let first = self.doc.pairs.len() as u32;
            let mut has_merge = false;
            for i in children.clone().step_by(2).take(children.len() / 2) {
                let (key, value) = (self.scratch[i], self.scratch[i + 1]);
                if self.is_merge_key(key) {
                    has_merge = true;
                    self.check_merge_value(value);
                } else {
                    if !is_plain_word(&self.doc.nodes[key as usize]) {
                        self.key_as_json(key);
                    }
                    if may_be_rejected(&self.doc.nodes[value as usize]) {
                        self.check_value(value);
                    }
                }
                self.pin_empty_value(key, value);
                self.doc.pairs.push((key, value));
            }
            let len = self.doc.pairs.len() as u32 - first;
            self.check_duplicate_keys(first as usize..(first + len) as usize);
            NodeKind::Mapping {
                first,
                len,
                has_merge,
            }
        } else {
            let first = self.doc.items.len() as u32;
            for i in children.clone() {
                let item = self.scratch[i];
                if may_be_rejected(&self.doc.nodes[item as usize]) {
                    self.check_value(item);
                }
            }
            self.doc
                .items
                .extend_from_slice(&self.scratch[children.clone()]);
            NodeKind::Sequence {
                first,
                len: children.len() as u32,
            }
        };
        self.scratch.truncate(children.start);
        self.weights[frame.id as usize] = weight;
        let node = &mut self.doc.nodes[frame.id as usize];
        node.kind = kind;
        node.span.end = end.max(node.span.start);
        self.complete(frame.id, frame.anchor)
    }

    /// Where to point when a collection is over the alias budget: the first
    /// alias among its children, else the one inside its heaviest child,
    /// and so on down (the collection over budget may hold aliases only
    /// deep inside, and its end is no place to send anyone).
    fn heaviest_alias(&self, children: &[NodeId]) -> Option<Span> {
        let mut children = children.to_vec();
        // Each step goes one level down a finished tree: bounded by max_depth.
        loop {
            if let Some(&alias) = children
                .iter()
                .find(|&&c| matches!(self.doc.nodes[c as usize].kind, NodeKind::Alias(_)))
            {
                return Some(self.doc.nodes[alias as usize].span);
            }
            let heaviest = *children
                .iter()
                .max_by_key(|&&c| (self.weights[c as usize], std::cmp::Reverse(c)))?;
            children = match self.doc.nodes[heaviest as usize].kind {
                NodeKind::Mapping { first, len, .. } => self.doc.pairs
                    [first as usize..(first + len) as usize]
                    .iter()
                    .flat_map(|&(k, v)| [k, v])
                    .collect(),
                NodeKind::Sequence { first, len } => {
                    self.doc.items[first as usize..(first + len) as usize].to_vec()
                }
                _ => return None,
            };
        }
    }

    fn is_merge_key(&self, id: NodeId) -> bool {
        let node = &self.doc.nodes[id as usize];
        matches!(&node.kind, NodeKind::Scalar(s) if is_merge_key(s, node.tag))
    }

    /// `!!binary` scalars hold base64; go-yaml decodes them, so `kind:
    /// !!binary UG9k` is a Pod. The decoded text becomes the value (a
    /// string, tagged `!!str`); bad base64 is a rejected document.
    fn decode_binary(&mut self, value: Cow<'a, str>, span: Span) -> (Cow<'a, str>, Tag) {
        match super::binary::decode(&value) {
            Some(text) => (Cow::Owned(text), Tag::Str),
            None => {
                self.reject(span, "`!!binary` value is not valid base64");
                (value, Tag::Binary)
            }
        }
    }

    /// A document Kubernetes cannot decode: reported, still linted.
    fn reject(&mut self, span: Span, why: &str) {
        self.doc.issues.push(issue(
            YamlIssueKind::Rejected,
            span,
            format!("Kubernetes cannot decode this document: {why}; `kubectl apply` rejects it"),
        ));
    }

    /// A scalar in a value position: one go-yaml refuses (`!!int x`) or
    /// that JSON cannot hold (`.inf`, `.nan`) fails the document.
    fn check_value(&mut self, id: NodeId) {
        let node = &self.doc.nodes[id as usize];
        let NodeKind::Scalar(scalar) = &node.kind else {
            return;
        };
        let span = node.span;
        match resolve_scalar(&scalar.value, scalar.style, node.tag) {
            Err(e) => self.reject(span, &e.0),
            Ok(Resolved::Float(f)) if !f.is_finite() => {
                self.reject(span, "JSON has no infinity or NaN")
            }
            Ok(_) => {}
        }
    }

    /// go-yaml resolves keys like values, and `sigs.k8s.io/yaml` turns the
    /// result into a JSON key: `y:` is the key `"true"`, `0x10:` is `"16"`,
    /// `!!binary` keys are decoded. The key's text becomes that string, so
    /// lookups and duplicate checks see what Kubernetes sees. Keys JSON
    /// cannot have (null, collections) fail the document.
    fn key_as_json(&mut self, id: NodeId) {
        let node = &self.doc.nodes[self.doc.resolve(id) as usize];
        let (span, tag) = (self.doc.nodes[id as usize].span, node.tag);
        let NodeKind::Scalar(scalar) = &node.kind else {
            return self.reject(span, "a mapping or sequence cannot be a key");
        };
        let resolved = match resolve_scalar(&scalar.value, scalar.style, tag) {
            Err(e) => return self.reject(span, &e.0),
            Ok(Resolved::Str) => return,
            Ok(resolved) => resolved,
        };
        match json_key(&scalar.value, resolved) {
            None => self.reject(span, "a null key, or an integer key beyond 64 bits"),
            // The key is that string now: tagged `!!str` so that it reads
            // as one (`as_str`) rather than as the number it was written as.
            Some(key) => {
                let node = &mut self.doc.nodes[id as usize];
                if let NodeKind::Scalar(scalar) = &mut node.kind {
                    scalar.value = Cow::Owned(key);
                    node.tag = Tag::Str;
                }
            }
        }
    }

    /// go-yaml merges a mapping, an alias of one, or a sequence of those;
    /// anything else fails the document.
    fn check_merge_value(&mut self, value: NodeId) {
        let is_mapping = |doc: &Document<'a>, id: NodeId| {
            matches!(
                doc.nodes[doc.resolve(id) as usize].kind,
                NodeKind::Mapping { .. }
            )
        };
        let ok = match self.doc.nodes[self.doc.resolve(value) as usize].kind {
            NodeKind::Mapping { .. } => true,
            NodeKind::Sequence { first, len } => self.doc.items
                [first as usize..(first + len) as usize]
                .iter()
                .all(|&item| is_mapping(&self.doc, item)),
            _ => false,
        };
        if !ok {
            let span = self.doc.nodes[value as usize].span;
            self.reject(
                span,
                "a merge (`<<`) needs a mapping or a sequence of mappings",
            );
        }
    }

    fn scalar_key(&self, id: NodeId) -> Option<&str> {
        match &self.doc.nodes[id as usize].kind {
            NodeKind::Scalar(s) => Some(&s.value),
            _ => None,
        }
    }

    fn check_duplicate_keys(&mut self, pairs: std::ops::Range<usize>) {
        let mut duplicates = Vec::new();
        let keys = &self.doc.pairs[pairs];
        if keys.len() <= 16 {
            for (i, &(key, _)) in keys.iter().enumerate() {
                let Some(name) = self.scalar_key(key) else {
                    continue;
                };
                if let Some(&(first, _)) = keys[..i]
                    .iter()
                    .find(|(k, _)| self.scalar_key(*k) == Some(name))
                {
                    duplicates.push((first, key));
                }
            }
        } else {
            let mut seen: HashMap<&str, NodeId> = HashMap::with_capacity(keys.len());
            for &(key, _) in keys {
                let Some(name) = self.scalar_key(key) else {
                    continue;
                };
                if let Some(&first) = seen.get(name) {
                    duplicates.push((first, key));
                } else {
                    seen.insert(name, key);
                }
            }
        }
        for (first, key) in duplicates {
            if self.is_merge_key(key) {
                continue;
            }
            let name = self.scalar_key(key).unwrap_or_default().to_owned();
            self.doc.issues.push(YamlIssue {
                kind: YamlIssueKind::DuplicateKey,
                span: self.doc.nodes[key as usize].span,
                message: format!("duplicate key `{name}`; Kubernetes keeps only the last value"),
                related: Some((
                    self.doc.nodes[first as usize].span,
                    "first defined here".into(),
                )),
            });
        }
    }
}

fn issue(kind: YamlIssueKind, span: Span, message: String) -> YamlIssue {
    YamlIssue {
        kind,
        span,
        message,
        related: None,
    }
}

fn convert_style(style: SaphyrStyle) -> ScalarStyle {
    match style {
        SaphyrStyle::Plain => ScalarStyle::Plain,
        SaphyrStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        SaphyrStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        SaphyrStyle::Literal => ScalarStyle::Literal,
        SaphyrStyle::Folded => ScalarStyle::Folded,
    }
}

/// A plain, untagged word whose first character go-yaml's resolve table
/// ignores: a string key as written, nothing to resolve (most keys).
fn is_plain_word(node: &Node<'_>) -> bool {
    matches!(&node.kind, NodeKind::Scalar(s)
    if s.style == ScalarStyle::Plain
        && node.tag == Tag::None
        && !matches!(
            s.value.as_bytes().first(),
            None | Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O')
                | Some(b'~' | b'.' | b'+' | b'-' | b'0'..=b'9')
        ))
}

/// A scalar value go-yaml might refuse (`!!int x`) or JSON cannot hold
/// (`.inf`, `-.nan`): tagged, or plain and starting like a special float.
/// Everything else is decodable and not worth resolving while parsing.
fn may_be_rejected(node: &Node<'_>) -> bool {
    matches!(&node.kind, NodeKind::Scalar(s)
        if node.tag != Tag::None
            || (s.style == ScalarStyle::Plain
                && matches!(s.value.as_bytes().first(), Some(b'.' | b'+' | b'-'))))
}

/// go-yaml's merge key: `<<` written plain without a tag, with the
/// non-specific tag `!`, or tagged `!!merge` (any style). A quoted `"<<"`
/// or `!!str <<` is an ordinary key.
pub(super) fn is_merge_key(scalar: &Scalar<'_>, tag: Tag) -> bool {
    scalar.value == "<<"
        && match tag {
            Tag::None => scalar.style == ScalarStyle::Plain,
            Tag::NonSpecific | Tag::Merge => true,
            _ => false,
        }
}

/// saphyr-parser gives `!!x` as (`tag:yaml.org,2002:`, `x`), a verbatim
/// `!<uri>` as (``, `uri`) and `!` as (``, `!`).
fn convert_tag(handle: &str, suffix: &str) -> Tag {
    const CORE: &str = "tag:yaml.org,2002:";
    let name = match handle {
        CORE | "!!" => suffix,
        "" if suffix == "!" => return Tag::NonSpecific,
        "" => match suffix.strip_prefix(CORE) {
            Some(name) => name,
            None => return Tag::Custom,
        },
        _ => return Tag::Custom,
    };
    match name {
        "str" => Tag::Str,
        "bool" => Tag::Bool,
        "int" => Tag::Int,
        "float" => Tag::Float,
        "null" => Tag::Null,
        "binary" => Tag::Binary,
        "timestamp" => Tag::Timestamp,
        "merge" => Tag::Merge,
        "map" => Tag::Map,
        "seq" => Tag::Seq,
        _ => Tag::Custom,
    }
}
