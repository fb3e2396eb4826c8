use super::Rule;
use crate::diagnostic::Finding;
use crate::k8s::{Object, PodSpec};
use crate::set_index::{FileId, SetIndex};
use crate::source::Span;
use crate::yaml::NodeRef;
use serde_json::{Map, Value};

/// A rule's options from the configuration (`rules.<id>.options`).
#[derive(Clone, Copy, Debug, Default)]
pub struct RuleOptions<'a> {
    map: Option<&'a Map<String, Value>>,
}

impl<'a> RuleOptions<'a> {
    pub fn new(map: Option<&'a Map<String, Value>>) -> RuleOptions<'a> {
        RuleOptions { map }
    }

    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map?.get(key)
    }

    /// A list of strings (a single string counts as a list of one).
    pub fn str_list(&self, key: &str) -> Vec<&'a str> {
        match self.get(key) {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            Some(Value::String(s)) => vec![s.as_str()],
            _ => Vec::new(),
        }
    }

    pub fn i64(&self, key: &str) -> Option<i64> {
        self.get(key)?.as_i64()
    }

    pub fn bool(&self, key: &str) -> Option<bool> {
        self.get(key)?.as_bool()
    }

    /// The `kubernetes-version` option (the project's top-level
    /// `kubernetes-version` unless the rule sets its own); `None` means the
    /// newest release.
    pub fn kubernetes_version(&self) -> Option<crate::k8s::KubernetesVersion> {
        crate::k8s::KubernetesVersion::from_json(self.get("kubernetes-version")?)
    }
}

/// What an object rule sees.
pub struct ObjectCtx<'a> {
    pub object: &'a Object<'a>,
    /// The object's pod specs ([`Object::pod_specs`], found once per object).
    pub pods: &'a [PodSpec<'a>],
    pub options: RuleOptions<'a>,
}

/// What a pod rule sees: one pod spec of an object.
pub struct PodCtx<'a> {
    pub object: &'a Object<'a>,
    pub pod: PodSpec<'a>,
    pub options: RuleOptions<'a>,
}

/// Collects an object or pod rule's findings.
pub struct Findings<'a> {
    pub(crate) rule: &'static Rule,
    pub(crate) object: &'a Object<'a>,
    /// The object's display name, worked out at its first finding and
    /// shared by all the rules that run on it.
    pub(crate) object_name: &'a std::cell::OnceCell<String>,
    pub(crate) out: &'a mut Vec<Finding>,
}

impl Findings<'_> {
    /// Reports a finding at `span` (the offending value or key, or the
    /// container/object that lacks something).
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Finding {
        let mut finding = Finding::new(self.rule.id, span, message);
        let name = self.object_name.get_or_init(|| self.object.display_name());
        finding.object = Some(name.clone());
        finding.owner = Some(self.object.root.span());
        self.out.push(finding);
        self.out.last_mut().expect("just pushed")
    }

    /// Reports a finding about a node, where it takes effect for this
    /// object: a value reached through an alias is reported at the alias
    /// (each user of an anchored value gets its own finding), with the
    /// anchored value as a secondary label.
    pub fn report_at(&mut self, node: NodeRef<'_>, message: impl Into<String>) -> &mut Finding {
        let finding = self.report(node.span(), message);
        if node.written_span() != node.span() {
            finding.label(
                node.written_span(),
                "the value is written here, under its anchor",
            );
        }
        finding
    }
}

/// What a set rule sees.
pub struct SetCtx<'a> {
    pub index: &'a SetIndex<'a>,
    pub options: RuleOptions<'a>,
}

/// Collects a set rule's findings, each in the file it belongs to.
pub struct SetFindings<'a> {
    pub(crate) rule: &'static Rule,
    pub(crate) out: &'a mut Vec<(FileId, Finding)>,
}

impl SetFindings<'_> {
    pub fn report(&mut self, file: FileId, span: Span, message: impl Into<String>) -> &mut Finding {
        self.out
            .push((file, Finding::new(self.rule.id, span, message)));
        &mut self.out.last_mut().expect("just pushed").1
    }
}
