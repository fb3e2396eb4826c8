use super::options::{OptionKind, OptionValue, Pattern, RuleOption};
use super::Rule;
use crate::diagnostic::Finding;
use crate::k8s::{KubernetesVersion, Object, PodSpec};
use crate::set_index::{FileId, SetIndex};
use crate::source::Span;
use crate::yaml::NodeRef;
use std::collections::BTreeMap;

/// A rule's options from the configuration (`rules.<id>.options`), read
/// through the rule's declarations ([`RuleOption`]).
#[derive(Clone, Copy, Debug)]
pub struct RuleOptions<'a> {
    rule: &'static Rule,
    values: Option<&'a BTreeMap<String, OptionValue>>,
    /// The project's top-level `kubernetes-version`.
    kubernetes_version: Option<KubernetesVersion>,
}

impl<'a> RuleOptions<'a> {
    /// `rule`'s configured option values (none configured: `None`) and the
    /// project's `kubernetes-version`. Built by the configuration
    /// (`Config::rule_options`), which sits above the rules.
    pub(crate) fn new(
        rule: &'static Rule,
        values: Option<&'a BTreeMap<String, OptionValue>>,
        kubernetes_version: Option<KubernetesVersion>,
    ) -> RuleOptions<'a> {
        RuleOptions {
            rule,
            values,
            kubernetes_version,
        }
    }

    fn value(&self, option: &RuleOption) -> Option<&'a OptionValue> {
        debug_assert!(
            self.rule.options.iter().any(|o| o.name == option.name),
            "{} reads the option `{}` it does not declare",
            self.rule.id,
            option.name
        );
        self.values?.get(option.name)
    }

    /// A boolean option, or its default.
    pub fn bool(&self, option: &RuleOption) -> bool {
        match (self.value(option), option.kind) {
            (Some(OptionValue::Bool(value)), _) => *value,
            (_, OptionKind::Bool { default }) => default,
            _ => false,
        }
    }

    /// An integer option, or its default.
    pub fn integer(&self, option: &RuleOption) -> i64 {
        match (self.value(option), option.kind) {
            (Some(OptionValue::Integer(value)), _) => *value,
            (_, OptionKind::Integer { default, .. }) => default,
            _ => 0,
        }
    }

    /// A list-of-strings option as configured (an empty list too), or its
    /// declared default.
    pub fn strings(&self, option: &RuleOption) -> Vec<&'a str> {
        match (self.value(option), option.kind) {
            (Some(OptionValue::Strings(values)), _) => values.iter().map(String::as_str).collect(),
            (_, OptionKind::Strings { default }) => default.to_vec(),
            _ => Vec::new(),
        }
    }

    /// A list-of-strings option as configured (`None` when not set, so a
    /// rule can tell its default from an empty list).
    pub fn strings_set(&self, option: &RuleOption) -> Option<&'a [String]> {
        match self.value(option) {
            Some(OptionValue::Strings(values)) => Some(values),
            _ => None,
        }
    }

    /// A key-to-pattern option as configured (`None` when not set).
    pub fn patterns(&self, option: &RuleOption) -> Option<&'a [(String, Pattern)]> {
        match self.value(option) {
            Some(OptionValue::Patterns(values)) => Some(values),
            _ => None,
        }
    }

    /// The release the rule's [`OptionKind::KubernetesVersion`] option
    /// names, else the project's top-level `kubernetes-version`; `None`
    /// means the newest release.
    pub fn kubernetes_version(&self) -> Option<KubernetesVersion> {
        let option = self
            .rule
            .options
            .iter()
            .find(|o| o.kind == OptionKind::KubernetesVersion);
        debug_assert!(
            option.is_some(),
            "{} reads a Kubernetes version without declaring the option",
            self.rule.id
        );
        match self.values.and_then(|values| values.get(option?.name)) {
            Some(OptionValue::KubernetesVersion(version)) => Some(*version),
            _ => self.kubernetes_version,
        }
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
    #[allow(dead_code)] // no set rule declares options yet
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
