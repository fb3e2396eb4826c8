use crate::source::Span;
use std::borrow::Cow;

use super::NodeRef;

/// Index of a node in its [`Document`]'s arena.
pub type NodeId = u32;

/// One parsed YAML document: an arena of nodes with file-absolute spans.
#[derive(Debug)]
pub struct Document<'a> {
    /// The whole file's text; spans index into it.
    pub(crate) text: &'a str,
    pub(crate) nodes: Vec<Node<'a>>,
    /// Key/value pairs of all mappings, each mapping a contiguous run.
    pub(crate) pairs: Vec<(NodeId, NodeId)>,
    /// Items of all sequences, each sequence a contiguous run.
    pub(crate) items: Vec<NodeId>,
    pub(crate) root: Option<NodeId>,
    /// The document's byte range in the file.
    pub span: Span,
    /// 0-based position of the document in its file.
    pub index: usize,
    /// Problems found while parsing; see [`YamlIssue::is_fatal`].
    pub issues: Vec<YamlIssue>,
    /// The written spans of the nodes aliases refer to: text shared by
    /// every user of the anchor.
    pub(crate) aliased: Vec<Span>,
}

#[derive(Clone, Debug)]
pub struct Node<'a> {
    /// The node's text: for scalars the token (quotes included), for
    /// collections from the first to the last character of the content.
    pub span: Span,
    pub kind: NodeKind<'a>,
    pub tag: Tag,
}

#[derive(Clone, Debug)]
pub enum NodeKind<'a> {
    Scalar(Scalar<'a>),
    /// A run of `len` pairs starting at `first` in the document's pair table.
    Mapping {
        first: u32,
        len: u32,
        has_merge: bool,
    },
    /// A run of `len` items starting at `first` in the document's item table.
    Sequence {
        first: u32,
        len: u32,
    },
    /// A reference to an earlier, complete anchored node.
    Alias(NodeId),
}

#[derive(Clone, Debug)]
pub struct Scalar<'a> {
    /// The scalar's value after unquoting and folding.
    pub value: Cow<'a, str>,
    pub style: ScalarStyle,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// The explicit tag of a node, if any. Only the core schema tags change how
/// Kubernetes reads a value (`yaml::resolve`); `!!binary` scalars are
/// decoded by the parser.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tag {
    #[default]
    None,
    /// `!` (or `!<!>`): go-yaml reads the scalar as a string, and a `! <<`
    /// key as a merge.
    NonSpecific,
    Str,
    Bool,
    Int,
    Float,
    Null,
    Binary,
    Timestamp,
    Merge,
    Map,
    Seq,
    Custom,
}

/// A problem in the YAML itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlIssue {
    pub kind: YamlIssueKind,
    pub span: Span,
    pub message: String,
    /// A second place that explains the first (the first of two duplicate keys).
    pub related: Option<(Span, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YamlIssueKind {
    /// The document is not valid YAML.
    Syntax,
    /// A mapping has the same key twice; the last one wins, as in Kubernetes.
    DuplicateKey,
    /// An alias refers to a node that contains it.
    RecursiveAlias,
    /// Expanding the aliases would exceed the configured budget (alias bomb).
    AliasBudget,
    /// Nesting deeper than the configured limit.
    TooDeep,
    /// More nodes than the configured limit.
    TooManyNodes,
    /// The parser saw a second document where the splitter saw one; the
    /// first is kept, the rest is not linted. Not fatal, but an input error.
    Unsplit,
    /// Valid YAML that Kubernetes cannot decode (a null or collection key,
    /// `!!int x`, `.inf`, a merge of a scalar, bad `!!binary`): `kubectl
    /// apply` rejects the document. Not fatal: kubelint still lints it.
    Rejected,
}

impl YamlIssue {
    /// A fatal issue leaves the document without a tree; rules do not run on it.
    pub fn is_fatal(&self) -> bool {
        !matches!(
            self.kind,
            YamlIssueKind::DuplicateKey | YamlIssueKind::Unsplit | YamlIssueKind::Rejected
        )
    }
}

impl<'a> Document<'a> {
    /// The root node, or `None` for an empty document or one that failed to parse.
    pub fn root(&self) -> Option<NodeRef<'_>> {
        self.root.map(|id| NodeRef::new(self, id))
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    pub fn node(&self, id: NodeId) -> &Node<'a> {
        &self.nodes[id as usize]
    }

    /// Number of nodes in the arena (aliases count once).
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Whether parsing failed; the issues say why.
    pub fn is_broken(&self) -> bool {
        self.issues.iter().any(YamlIssue::is_fatal)
    }

    /// Follows aliases to the node they stand for. Aliases only ever point at
    /// earlier, complete nodes, so this terminates.
    pub(crate) fn resolve(&self, mut id: NodeId) -> NodeId {
        while let NodeKind::Alias(target) = self.nodes[id as usize].kind {
            id = target;
        }
        id
    }
}
