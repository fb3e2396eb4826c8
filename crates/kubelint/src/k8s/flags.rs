//! Control-plane and node components in pod specs and their command-line
//! flags.
//!
//! A container runs a component when the program it executes is the
//! component's binary: the basename of `command[0]` (`kube-apiserver`,
//! `/usr/local/bin/kube-apiserver`), `[hyperkube, kube-apiserver, …]`, the
//! program an exec wrapper runs (`[go-runner, --log-file=…, kube-apiserver]`),
//! or, without `command`, `args[0]` (an image whose entrypoint runs its
//! arguments) or the image itself (`registry.k8s.io/kube-apiserver:v1.31.0`,
//! whose entrypoint is the binary). Flags are read from what follows the
//! binary in `command` and `args`, in both `--flag=value` and `--flag value`
//! form; the last occurrence wins, as with the components' flag parser. A
//! shell (`sh -c "kube-apiserver …"`) is not followed.

use super::{Container, PodSpec};
use crate::source::Span;
use crate::yaml::NodeRef;
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Component {
    ApiServer,
    ControllerManager,
    Scheduler,
    Etcd,
    /// The node agent: static pods and DaemonSets that run it (RKE, k3s
    /// agents in containers, kubelet-in-docker test setups).
    Kubelet,
    KubeProxy,
}

impl Component {
    pub fn binary(self) -> &'static str {
        match self {
            Component::ApiServer => "kube-apiserver",
            Component::ControllerManager => "kube-controller-manager",
            Component::Scheduler => "kube-scheduler",
            Component::Etcd => "etcd",
            Component::Kubelet => "kubelet",
            Component::KubeProxy => "kube-proxy",
        }
    }

    fn from_binary(name: &str) -> Option<Component> {
        // A flag is no program, whatever its value ends with
        // (`--kubelet-service=kube-system/kubelet`).
        if name.starts_with('-') || name.contains('=') {
            return None;
        }
        let base = name.rsplit('/').next().unwrap_or(name);
        match base {
            "kube-apiserver" => Some(Component::ApiServer),
            "kube-controller-manager" => Some(Component::ControllerManager),
            "kube-scheduler" => Some(Component::Scheduler),
            "etcd" => Some(Component::Etcd),
            "kubelet" => Some(Component::Kubelet),
            "kube-proxy" => Some(Component::KubeProxy),
            _ => None,
        }
    }

    /// The component an image runs by default: `registry.k8s.io/kube-apiserver:v1.31.0`,
    /// `k8s.gcr.io/kube-scheduler-amd64:v1.17.0`, `quay.io/coreos/etcd:v3.5.9`.
    fn from_image(image: &str) -> Option<Component> {
        let image = image.split('@').next().unwrap_or(image);
        let name = image.rsplit('/').next().unwrap_or(image);
        let name = name.split(':').next().unwrap_or(name);
        let name = ["-amd64", "-arm64", "-arm", "-ppc64le", "-s390x"]
            .iter()
            .find_map(|arch| name.strip_suffix(arch))
            .unwrap_or(name);
        Component::from_binary(name)
    }

    /// `hyperkube` subcommands.
    fn from_hyperkube(name: &str) -> Option<Component> {
        match name {
            "apiserver" => Some(Component::ApiServer),
            "controller-manager" => Some(Component::ControllerManager),
            "scheduler" => Some(Component::Scheduler),
            "proxy" => Some(Component::KubeProxy),
            other => Component::from_binary(other).filter(|c| *c != Component::Etcd),
        }
    }
}

/// A flag's value and where it is written.
#[derive(Clone, Debug)]
pub struct FlagValue<'d> {
    pub text: &'d str,
    /// The node holding the value: the flag's own item for `--flag=value`,
    /// the next item for `--flag value`, an env var's `value`.
    pub node: NodeRef<'d>,
    /// The value's byte range inside `node`'s text (`--flag=value`).
    pub range: Option<Range<usize>>,
}

impl FlagValue<'_> {
    /// The value's span: just `value` in `--flag=value` when the item is
    /// written verbatim, otherwise the node.
    pub fn span(&self) -> Span {
        match &self.range {
            Some(range) => self.node.value_subspan(range.clone()),
            None => self.node.span(),
        }
    }
}

/// One flag.
#[derive(Clone, Debug)]
pub struct Flag<'d> {
    /// Name without dashes: `anonymous-auth`.
    pub name: &'d str,
    /// The item the flag is written in (or the env var's `name`).
    pub item: NodeRef<'d>,
    /// `None` for a bare boolean flag (`--profiling`), which means true.
    pub value: Option<FlagValue<'d>>,
    /// Whether it comes from an environment variable (etcd's `ETCD_*`).
    pub from_env: bool,
}

impl Flag<'_> {
    /// The value as written, `"true"` for a bare flag.
    pub fn text(&self) -> &str {
        self.value.as_ref().map_or("true", |v| v.text)
    }

    /// Boolean flags as Go's `strconv.ParseBool` reads them.
    pub fn as_bool(&self) -> Option<bool> {
        parse_bool(self.text())
    }

    /// Where to point: the value, or the flag itself when bare.
    pub fn span(&self) -> Span {
        match &self.value {
            Some(value) => value.span(),
            None => self.item.span(),
        }
    }

    /// The span of one element of a list value (`AlwaysAllow` in
    /// `--authorization-mode=Node,AlwaysAllow`), or the value's span when
    /// the element cannot be located exactly.
    pub fn element_span(&self, element: &str) -> Span {
        let Some(value) = &self.value else {
            return self.item.span();
        };
        let mut offset = 0;
        for part in value.text.split(',') {
            let lead = part.len() - part.trim_start().len();
            if part.trim() == element {
                let start = value.range.as_ref().map_or(0, |r| r.start) + offset + lead;
                let exact = value.node.value_subspan(start..start + element.len());
                if exact.len() as usize == element.len() {
                    return exact;
                }
                break;
            }
            offset += part.len() + 1;
        }
        value.span()
    }

    /// A gate's value and span in `--feature-gates=A=true,B=false`: the
    /// last mention wins, values read as `strconv.ParseBool` reads them
    /// (component-base's featuregate does).
    pub fn feature_gate(&self, gate: &str) -> Option<(bool, Span)> {
        self.list().into_iter().rev().find_map(|element| {
            let (name, value) = element.split_once('=')?;
            if name.trim() != gate {
                return None;
            }
            Some((parse_bool(value.trim())?, self.element_span(element)))
        })
    }

    /// The comma-separated items of a list flag.
    pub fn list(&self) -> Vec<&str> {
        self.text()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    }
}

/// A Go duration (`time.ParseDuration`: `0`, `60s`, `4h0m0s`, `1.5h`) in
/// seconds; `None` for text that is not one.
pub fn parse_go_duration(text: &str) -> Option<f64> {
    let text = text.trim();
    let (sign, body) = match text.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, text.strip_prefix('+').unwrap_or(text)),
    };
    if body == "0" {
        return Some(0.0);
    }
    let mut rest = body;
    let mut total = 0.0;
    let mut any = false;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (number, after) = rest.split_at(number_len);
        let unit_len = after
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(after.len());
        let (unit, next) = after.split_at(unit_len);
        let scale = match unit {
            "ns" => 1e-9,
            "us" | "µs" | "μs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return None,
        };
        let value: f64 = number.parse().ok()?;
        total += value * scale;
        any = true;
        rest = next;
    }
    any.then_some(sign * total)
}

/// `strconv.ParseBool`.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

/// A container that runs a control-plane component.
#[derive(Clone, Debug)]
pub struct ComponentContainer<'d> {
    pub component: Component,
    pub container: Container<'d>,
    /// The item naming the binary: where findings about missing flags point.
    pub binary: NodeRef<'d>,
    pub flags: Vec<Flag<'d>>,
    /// The sequence new flags are best appended to (`args` if present);
    /// `None` when the container has neither `args` nor `command`.
    pub flag_list: Option<NodeRef<'d>>,
}

impl<'d> ComponentContainer<'d> {
    /// The effective (last) occurrence of a flag.
    pub fn flag(&self, name: &str) -> Option<&Flag<'d>> {
        self.flags.iter().rev().find(|f| f.name == name)
    }

    /// Whether the flag is set to a non-empty value.
    pub fn is_set(&self, name: &str) -> bool {
        self.flag(name).is_some_and(|f| !f.text().is_empty())
    }

    /// The binary's span, where findings about missing flags point.
    pub fn missing_span(&self) -> Span {
        self.binary.span()
    }
}

/// The containers of a pod spec that run control-plane components.
pub fn component_containers<'d>(pod: &PodSpec<'d>) -> Vec<ComponentContainer<'d>> {
    pod.containers()
        .filter_map(|c| component_container(c, None))
        .collect()
}

/// The containers of a pod spec that run `component`. Each control-plane
/// rule asks for one component: the flags of the others are not parsed.
pub fn containers_running<'d>(
    pod: &PodSpec<'d>,
    component: Component,
) -> Vec<ComponentContainer<'d>> {
    pod.containers()
        .filter_map(|c| component_container(c, Some(component)))
        .collect()
}

fn component_container(
    container: Container<'_>,
    wanted: Option<Component>,
) -> Option<ComponentContainer<'_>> {
    let list = |key| container.get(key).filter(|l| l.is_sequence());
    let (command, args) = (list("command"), list("args"));
    // What the runtime executes: `command` (else the image's entrypoint)
    // followed by `args` (else the image's default arguments).
    let argv: Vec<NodeRef<'_>> = command
        .into_iter()
        .chain(args)
        .flat_map(|l| l.items())
        .collect();
    let (component, binary, flags_from) = match command.filter(|c| c.items().len() > 0) {
        Some(_) => program_in(&argv, true)?,
        // No command: the image's entrypoint runs, either a runner that
        // executes its arguments (`args: [kube-apiserver, --flag]`) or the
        // component itself (`image: registry.k8s.io/kube-apiserver`).
        None => program_in(&argv, false).or_else(|| {
            let image = container.get("image")?;
            Some((Component::from_image(image.as_str()?)?, image, 0))
        })?,
    };
    if wanted.is_some_and(|w| w != component) {
        return None;
    }
    let mut flags = Vec::new();
    if component == Component::Etcd {
        flags.extend(etcd_env_flags(&container));
    }
    parse_flags(argv.into_iter().skip(flags_from), &mut flags);
    Some(ComponentContainer {
        component,
        container,
        binary,
        flags,
        flag_list: args
            .filter(|a| a.items().len() > 0)
            .or(command.filter(|c| c.items().len() > 0)),
    })
}

/// Programs that run the program named by their first argument that is not
/// one of their own flags (`go-runner --log-file=x kube-apiserver …`,
/// `tini -- etcd …`).
const EXEC_WRAPPERS: &[&str] = &["go-runner", "tini", "tini-static", "dumb-init", "catatonit"];

/// The component `argv` runs, the item naming it, and where its flags
/// start. `argv[0]` is the program; with `explicit` false (no `command`)
/// it may also be a runner's first argument.
fn program_in<'d>(argv: &[NodeRef<'d>], explicit: bool) -> Option<(Component, NodeRef<'d>, usize)> {
    let first = *argv.first()?;
    let name = first.as_str()?;
    if let Some(component) = Component::from_binary(name) {
        return Some((component, first, 1));
    }
    let base = name.rsplit('/').next().unwrap_or(name);
    if base == "hyperkube" {
        let second = *argv.get(1)?;
        return Some((Component::from_hyperkube(second.as_str()?)?, second, 2));
    }
    if explicit && EXEC_WRAPPERS.contains(&base) {
        let at = argv[1..]
            .iter()
            .position(|item| item.as_str().is_some_and(|t| !t.starts_with('-')))?
            + 1;
        let (component, binary, _) = program_in(&argv[at..], true)?;
        return Some((component, binary, at + 1));
    }
    None
}

/// Parses `--flag=value`, `--flag value` and bare `--flag` items.
pub fn parse_flags<'d>(items: impl Iterator<Item = NodeRef<'d>>, out: &mut Vec<Flag<'d>>) {
    let items: Vec<NodeRef<'d>> = items.collect();
    let mut i = 0;
    while i < items.len() {
        let item = items[i];
        i += 1;
        let Some(text) = item.as_str().filter(|_| !item.is_null()) else {
            continue;
        };
        let Some(body) = text
            .strip_prefix("--")
            .or_else(|| text.strip_prefix('-'))
            .filter(|b| !b.is_empty() && !b.starts_with('-'))
        else {
            continue;
        };
        let offset = text.len() - body.len();
        if let Some((name, value)) = body.split_once('=') {
            if name.is_empty() {
                continue;
            }
            let start = offset + name.len() + 1;
            out.push(Flag {
                name,
                item,
                value: Some(FlagValue {
                    text: value,
                    node: item,
                    range: Some(start..start + value.len()),
                }),
                from_env: false,
            });
            continue;
        }
        let next = items
            .get(i)
            .filter(|n| !n.is_null() && n.as_str().is_some_and(|t| !t.starts_with('-')));
        let value = next.and_then(|node| {
            Some(FlagValue {
                text: node.as_str()?,
                node: *node,
                range: None,
            })
        });
        if value.is_some() {
            i += 1;
        }
        out.push(Flag {
            name: body,
            item,
            value,
            from_env: false,
        });
    }
}

/// etcd reads every flag from an `ETCD_<FLAG>` environment variable too
/// (`ETCD_CLIENT_CERT_AUTH=true`); a flag on the command line wins.
fn etcd_env_flags<'d>(container: &Container<'d>) -> Vec<Flag<'d>> {
    let Some(env) = container.get("env") else {
        return Vec::new();
    };
    env.items()
        .filter_map(|var| {
            let name_node = var.get("name")?;
            let name = name_node.as_str()?.strip_prefix("ETCD_")?;
            let value = var.get("value")?;
            Some(Flag {
                name: env_flag_name(name)?,
                item: name_node,
                value: Some(FlagValue {
                    text: value.as_str()?,
                    node: value,
                    range: None,
                }),
                from_env: true,
            })
        })
        .collect()
}

/// `CLIENT_CERT_AUTH` → `client-cert-auth`, for the etcd flags the rules read.
fn env_flag_name(name: &str) -> Option<&'static str> {
    const KNOWN: &[&str] = &[
        "cert-file",
        "key-file",
        "client-cert-auth",
        "auto-tls",
        "peer-cert-file",
        "peer-key-file",
        "peer-client-cert-auth",
        "peer-auto-tls",
        "trusted-ca-file",
        "peer-trusted-ca-file",
        "config-file",
        "listen-client-urls",
        "listen-peer-urls",
    ];
    KNOWN.iter().copied().find(|flag| {
        flag.len() == name.len()
            && flag
                .bytes()
                .zip(name.bytes())
                .all(|(f, n)| f == n.to_ascii_lowercase() || (f == b'-' && n == b'_'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::k8s::objects_in;
    use crate::yaml::{parse_document, split_documents, Limits};

    fn with_components(text: &str, f: impl FnOnce(&str, Vec<ComponentContainer<'_>>)) {
        let chunks = split_documents(text, 0);
        let doc = parse_document(text, chunks[0].span, 0, &Limits::default());
        let objects = objects_in(&doc);
        let pod = objects[0].pod_specs()[0];
        f(text, component_containers(&pod));
    }

    #[test]
    fn reads_both_flag_forms_with_spans() {
        let text = "apiVersion: v1
kind: Pod
spec:
  containers:
  - name: kube-apiserver
    command:
    - /usr/local/bin/kube-apiserver
    - --anonymous-auth=false
    - --audit-log-path
    - /var/log/audit.log
    - --profiling
    - \"--authorization-mode=Node,RBAC\"
    args: [--profiling=false, -v=2]
  - name: sidecar
    command: [sh, -c, kube-apiserver]
";
        with_components(text, |text, found| {
            assert_eq!(found.len(), 1);
            let c = &found[0];
            assert_eq!(c.component, Component::ApiServer);
            assert_eq!(
                &text[c.missing_span().range()],
                "/usr/local/bin/kube-apiserver"
            );
            let anon = c.flag("anonymous-auth").unwrap();
            assert_eq!(anon.as_bool(), Some(false));
            assert_eq!(&text[anon.span().range()], "false");
            let path = c.flag("audit-log-path").unwrap();
            assert_eq!(&text[path.span().range()], "/var/log/audit.log");
            // The last occurrence wins: args come after command.
            let profiling = c.flag("profiling").unwrap();
            assert_eq!(profiling.as_bool(), Some(false));
            let modes = c.flag("authorization-mode").unwrap();
            assert_eq!(modes.list(), vec!["Node", "RBAC"]);
            assert_eq!(&text[modes.span().range()], "Node,RBAC");
            let rbac = modes.element_span("RBAC");
            assert_eq!(&text[rbac.range()], "RBAC");
            assert_eq!(rbac.start, modes.span().start + 5);
            assert_eq!(c.flag("v").unwrap().text(), "2");
            assert!(c.flag("missing").is_none());
        });
    }

    #[test]
    fn bare_boolean_flags_mean_true() {
        let text = "apiVersion: v1
kind: Pod
spec:
  containers:
  - name: s
    command: [kube-scheduler, --profiling, --bind-address=0.0.0.0]
";
        with_components(text, |text, found| {
            let c = &found[0];
            assert_eq!(c.component, Component::Scheduler);
            let p = c.flag("profiling").unwrap();
            assert_eq!(p.as_bool(), Some(true));
            assert_eq!(&text[p.span().range()], "--profiling");
        });
    }

    #[test]
    fn feature_gates_read_like_parse_bool_last_wins() {
        let text = "apiVersion: v1
kind: Pod
spec:
  containers:
  - name: cm
    command: [kube-controller-manager, '--feature-gates=A=true, RotateKubeletServerCertificate=False,B=x,B=1']
";
        with_components(text, |text, found| {
            let gates = found[0].flag("feature-gates").unwrap();
            let (on, span) = gates.feature_gate("RotateKubeletServerCertificate").unwrap();
            assert!(!on);
            assert_eq!(&text[span.range()], "RotateKubeletServerCertificate=False");
            assert_eq!(gates.feature_gate("A").map(|g| g.0), Some(true));
            assert_eq!(gates.feature_gate("B").map(|g| g.0), Some(true));
            assert_eq!(gates.feature_gate("C"), None);
        });
    }

    #[test]
    fn hyperkube_and_etcd_env() {
        let text = "apiVersion: v1
kind: Pod
spec:
  containers:
  - name: cm
    command: [/hyperkube, controller-manager, --profiling=false]
  - name: etcd
    command: [etcd]
    args: [--client-cert-auth=false]
    env:
    - {name: ETCD_CLIENT_CERT_AUTH, value: 'true'}
    - {name: ETCD_CERT_FILE, value: /pki/etcd.crt}
    - {name: OTHER, value: x}
";
        with_components(text, |text, found| {
            assert_eq!(found.len(), 2);
            assert_eq!(found[0].component, Component::ControllerManager);
            assert_eq!(&text[found[0].missing_span().range()], "controller-manager");
            let etcd = &found[1];
            assert_eq!(etcd.component, Component::Etcd);
            assert_eq!(
                etcd.flag("client-cert-auth").unwrap().as_bool(),
                Some(false)
            );
            let cert = etcd.flag("cert-file").unwrap();
            assert!(cert.from_env);
            assert_eq!(&text[cert.span().range()], "/pki/etcd.crt");
        });
    }

    #[test]
    fn odd_commands_are_not_components() {
        let text = "apiVersion: v1
kind: Pod
spec:
  containers:
  - {name: a, command: []}
  - {name: b, command: kube-apiserver}
  - {name: c, command: [{x: 1}]}
  - {name: d, command: [hyperkube]}
  - {name: e, command: [kube-apiserver, '--', '-', 7, '--=x', --cert, ~]}
";
        with_components(text, |_, found| {
            assert_eq!(found.len(), 1);
            assert!(found[0].flags.iter().all(|f| !f.name.is_empty()));
            // A null item is no value.
            assert!(found[0].flag("cert").is_some_and(|f| f.value.is_none()));
        });
    }

    #[test]
    fn components_run_by_entrypoints_wrappers_and_images() {
        let text = "apiVersion: v1
kind: Pod
spec:
  containers:
  - name: by-image
    image: registry.k8s.io/kube-apiserver:v1.31.0
    args: [--anonymous-auth=true]
  - name: by-args
    image: registry.example.com/runner:1
    args: [kube-scheduler, --profiling]
  - name: wrapped
    image: registry.k8s.io/kube-controller-manager:v1.31.0
    command: [/go-runner, --log-file=/var/log/cm.log, /usr/local/bin/kube-controller-manager]
    args: [--profiling=false]
  - name: arch
    image: k8s.gcr.io/etcd-amd64@sha256:0123
  - name: shell
    image: registry.k8s.io/kube-apiserver:v1.31.0
    command: [sh, -c, kube-apiserver --anonymous-auth=true]
  - name: other
    image: registry.example.com/kube-apiserver-proxy:1
";
        with_components(text, |text, found| {
            let summary: Vec<(Component, &str, Vec<&str>)> = found
                .iter()
                .map(|c| {
                    (
                        c.component,
                        &text[c.missing_span().range()],
                        c.flags.iter().map(|f| f.name).collect(),
                    )
                })
                .collect();
            assert_eq!(
                summary,
                [
                    (
                        Component::ApiServer,
                        "registry.k8s.io/kube-apiserver:v1.31.0",
                        vec!["anonymous-auth"]
                    ),
                    (Component::Scheduler, "kube-scheduler", vec!["profiling"]),
                    (
                        Component::ControllerManager,
                        "/usr/local/bin/kube-controller-manager",
                        vec!["profiling"]
                    ),
                    (Component::Etcd, "k8s.gcr.io/etcd-amd64@sha256:0123", vec![]),
                ]
            );
            assert_eq!(
                found[0].flag("anonymous-auth").unwrap().as_bool(),
                Some(true)
            );
            // Flags go into `args`; without any list there is nowhere to add one.
            assert!(found[2].flag_list.is_some_and(|l| l.items().len() == 1));
            assert!(found[3].flag_list.is_none());
        });
    }

    #[test]
    fn durations_parse_like_go() {
        for (text, seconds) in [
            ("0", 0.0),
            ("0s", 0.0),
            ("-0s", 0.0),
            ("0h0m0s", 0.0),
            ("60s", 60.0),
            ("4h0m0s", 14400.0),
            ("1.5h", 5400.0),
            ("1m30s", 90.0),
            ("500ms", 0.5),
            ("-2s", -2.0),
        ] {
            assert_eq!(parse_go_duration(text), Some(seconds), "{text}");
        }
        for text in ["", "5", "s", "0x", "0 s", "forever", "1d"] {
            assert_eq!(parse_go_duration(text), None, "{text}");
        }
    }

    #[test]
    fn bools_parse_like_go() {
        assert_eq!(parse_bool("True"), Some(true));
        assert_eq!(parse_bool("0"), Some(false));
        assert_eq!(parse_bool("yes"), None);
    }
}
