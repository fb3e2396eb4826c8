//! Node components (practices 11 and 12; CIS Kubernetes Benchmark section
//! 4): the kubelet and kube-proxy, judged wherever a manifest carries their
//! settings.
//!
//! A kubelet setting is written either as a field of a
//! `KubeletConfiguration` object (`kubelet.config.k8s.io/v1beta1`, the file
//! `--config` points to) or as a flag of a container that runs `kubelet`
//! (found as control-plane components are, see [`crate::k8s::flags`]). One
//! rule judges both forms of a setting ([`Setting`]).
//!
//! Defaults differ between the two forms: the command line keeps the
//! kubelet's legacy defaults (`applyLegacyDefaults` in
//! `cmd/kubelet/app/options/options.go`: anonymous auth on, authorization
//! `AlwaysAllow`, read-only port 10255) while an omitted field of a
//! `KubeletConfiguration` v1beta1 takes the secure default
//! (`pkg/kubelet/apis/config/v1beta1/defaults.go`: anonymous auth off,
//! authorization `Webhook`, read-only port 0). A kubelet started with
//! `--config FILE` takes what its flags leave unset from that file, which is
//! not in view: only the flags it sets are judged.

crate::rules::family_rules!(Kubelet:
    kube_proxy_metrics_bind_address,
    kubelet_anonymous_auth,
    kubelet_authorization_always_allow,
    kubelet_client_ca_missing,
    kubelet_hardening,
    kubelet_protect_kernel_defaults,
    kubelet_read_only_port,
    kubelet_tls,
);

use crate::diagnostic::{Applicability, Fix};
use crate::edit::IntoFix;
use crate::k8s::flags::{containers_running, Component, ComponentContainer, Flag};
use crate::k8s::Object;
use crate::rules::control_plane::set_value_fix;
use crate::rules::{Findings, ObjectCtx};
use crate::source::Span;
use crate::yaml::NodeRef;

/// One setting of a node component: its command-line flag and its field in
/// the component's configuration object.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Setting {
    /// Without dashes: `anonymous-auth`.
    pub flag: &'static str,
    /// The path of keys in the configuration object; empty when the setting
    /// is a flag only (`--hostname-override`).
    pub field: &'static [&'static str],
}

/// Where a component's settings are written.
enum Source<'d> {
    /// A `KubeletConfiguration` / `KubeProxyConfiguration` object.
    Config { root: NodeRef<'d>, kind_span: Span },
    /// A container running the component; `config_file` when it passes
    /// `--config` (what its flags leave unset comes from that file).
    Flags {
        container: Box<ComponentContainer<'d>>,
        config_file: bool,
    },
}

/// A kubelet or kube-proxy, with its settings.
pub(crate) struct Node<'d> {
    /// What messages call it: `KubeletConfiguration/node`, `kubelet in
    /// DaemonSet/kube-system/agent`.
    pub who: String,
    source: Source<'d>,
}

/// A setting's value where it is written.
pub(crate) enum Value<'d> {
    Field { key: String, node: NodeRef<'d> },
    Flag(Flag<'d>),
}

/// What a default depends on: the form the settings are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// Fields of a configuration object.
    Config,
    /// Command-line flags without `--config`.
    Flags,
}

impl<'d> Node<'d> {
    /// The kubelets (with `component` [`Component::Kubelet`]) or
    /// kube-proxies an object carries: the object itself when it is the
    /// component's configuration (`kind` in `group`), and every container
    /// of its pod specs that runs the component.
    pub fn in_object(
        ctx: &ObjectCtx<'d>,
        component: Component,
        kind: &str,
        group: &str,
    ) -> Vec<Node<'d>> {
        let object: &Object<'d> = ctx.object;
        let mut out = Vec::new();
        if object.kind == kind && object.group() == group && object.root.is_mapping() {
            out.push(Node {
                who: object.display_name(),
                source: Source::Config {
                    root: object.root,
                    kind_span: object.kind_span(),
                },
            });
        }
        for pod in ctx.pods {
            for container in containers_running(pod, component) {
                let config_file = container.is_set("config");
                out.push(Node {
                    who: format!("{} in {}", component.binary(), object.display_name()),
                    source: Source::Flags {
                        container: Box::new(container),
                        config_file,
                    },
                });
            }
        }
        out
    }

    /// The form whose defaults apply to what is not written, or `None`
    /// when unset settings come from a file that is not in view.
    pub fn defaults(&self) -> Option<Form> {
        match &self.source {
            Source::Config { .. } => Some(Form::Config),
            Source::Flags { config_file, .. } => (!config_file).then_some(Form::Flags),
        }
    }

    /// The setting's effective value, if written.
    pub fn get(&self, setting: &Setting) -> Option<Value<'d>> {
        match &self.source {
            Source::Config { root, .. } => {
                if setting.field.is_empty() {
                    return None;
                }
                let node = root.path(setting.field)?;
                (!node.is_null()).then(|| Value::Field {
                    key: setting.field.join("."),
                    node,
                })
            }
            Source::Flags { container, .. } => {
                container.flag(setting.flag).cloned().map(Value::Flag)
            }
        }
    }

    /// How the setting is named in this form: `--anonymous-auth` or
    /// `authentication.anonymous.enabled`.
    pub fn name_of(&self, setting: &Setting) -> String {
        match &self.source {
            Source::Config { .. } => setting.field.join("."),
            Source::Flags { .. } => format!("--{}", setting.flag),
        }
    }

    /// Where a finding about a setting that is not written points: the
    /// object's `kind`, or the item naming the binary.
    pub fn missing_span(&self) -> Span {
        match &self.source {
            Source::Config { kind_span, .. } => *kind_span,
            Source::Flags { container, .. } => container.missing_span(),
        }
    }

    /// Reports a setting that is not written and whose default (`default`,
    /// as the user would write it) is insecure.
    pub fn report_missing(
        &self,
        findings: &mut Findings<'_>,
        setting: &Setting,
        default: Option<&str>,
        why: &str,
        help: &str,
    ) {
        let name = self.name_of(setting);
        let defaults = match default {
            Some(value) => format!(", which defaults to `{value}`"),
            None => String::new(),
        };
        findings
            .report(
                self.missing_span(),
                format!("{} does not set `{name}`{defaults}: {why}", self.who),
            )
            .help(help.to_owned());
    }

    /// Reports a written value, at the value, with an optional fix to
    /// `replacement` (written as a YAML scalar or a flag value).
    pub fn report_value(
        &self,
        findings: &mut Findings<'_>,
        value: &Value<'_>,
        why: &str,
        help: &str,
        replacement: Option<&str>,
    ) {
        let finding = findings
            .report(
                value.span(),
                format!("{} sets {}: {why}", self.who, value.written()),
            )
            .help(help.to_owned());
        if let Some(replacement) = replacement {
            finding.fix(value.fix(replacement));
        }
    }
}

impl Value<'_> {
    /// The value's span (just `value` in `--flag=value`).
    pub fn span(&self) -> Span {
        match self {
            Value::Field { node, .. } => node.span(),
            Value::Flag(flag) => flag.span(),
        }
    }

    /// `` `--flag=value` `` or `` `field: value` ``, for messages.
    pub fn written(&self) -> String {
        match self {
            Value::Field { key, node } => match node.text() {
                Some("") => format!("`{key}: \"\"`"),
                Some(text) => format!("`{key}: {text}`"),
                None => format!("`{key}`"),
            },
            Value::Flag(flag) => format!("`--{}={}`", flag.name, flag.text()),
        }
    }

    /// A boolean as the kubelet reads it (YAML booleans in the file,
    /// `strconv.ParseBool` on the command line).
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Field { node, .. } => node.as_bool(),
            Value::Flag(flag) => flag.as_bool(),
        }
    }

    /// An integer (`readOnlyPort: 0`, `--read-only-port=0`).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Field { node, .. } => node.as_i64(),
            Value::Flag(flag) => flag.text().trim().parse().ok(),
        }
    }

    /// A string field or a flag's text; `None` for a field that is not a
    /// string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Field { node, .. } => node.as_str(),
            Value::Flag(flag) => Some(flag.text()),
        }
    }

    /// The elements of a list setting with their spans: the items of a
    /// YAML sequence (or a single string), or the comma-separated items
    /// of a flag.
    pub fn list(&self) -> Vec<(&str, Span)> {
        match self {
            Value::Field { node, .. } if node.is_sequence() => node
                .items()
                .filter_map(|item| Some((item.as_str()?, item.span())))
                .collect(),
            Value::Field { node, .. } => node
                .as_str()
                .map(|s| vec![(s, node.span())])
                .unwrap_or_default(),
            Value::Flag(flag) => flag
                .list()
                .into_iter()
                .map(|element| (element, flag.element_span(element)))
                .collect(),
        }
    }

    /// A feature gate's value and span: a key of the `featureGates`
    /// mapping, or `Name=value` in `--feature-gates`.
    pub fn feature_gate(&self, gate: &str) -> Option<(bool, Span)> {
        match self {
            Value::Field { node, .. } => {
                let value = node.get(gate)?;
                Some((value.as_bool()?, value.span()))
            }
            Value::Flag(flag) => flag.feature_gate(gate),
        }
    }

    /// Replaces the value: a YAML scalar in a configuration object, the
    /// flag's value on the command line. Unsafe: the node's behaviour
    /// changes when it restarts.
    pub fn fix(&self, replacement: &str) -> Option<Fix> {
        match self {
            Value::Field { key, node } => crate::edit::replace_scalar(*node, replacement)
                .into_fix(&format!("Set {key}: {replacement}"), Applicability::Unsafe),
            Value::Flag(flag) => set_value_fix(flag, replacement),
        }
    }
}

/// The kubelets an object carries (see [`Node::in_object`]).
pub(crate) fn kubelets<'d>(ctx: &ObjectCtx<'d>) -> Vec<Node<'d>> {
    Node::in_object(
        ctx,
        Component::Kubelet,
        "KubeletConfiguration",
        "kubelet.config.k8s.io",
    )
}
