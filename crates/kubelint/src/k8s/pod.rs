use super::Object;
use crate::source::Span;
use crate::yaml::NodeRef;

/// A pod spec, wherever it sits in its object.
///
/// Found by kind for `Pod` and by shape for everything else
/// (`spec.template.spec`, `spec.jobTemplate.spec.template.spec`,
/// `template.spec`), so custom resources with pod templates (Argo Rollouts,
/// OpenShift DeploymentConfig, KEDA ScaledJob) are covered.
#[derive(Clone, Copy, Debug)]
pub struct PodSpec<'d> {
    pub spec: NodeRef<'d>,
    /// The pod template's metadata (labels, annotations); for a `Pod`, the
    /// object's own metadata.
    pub metadata: Option<NodeRef<'d>>,
    /// Keys from the object root to `spec`, e.g. `["spec","template","spec"]`.
    pub path: &'static [&'static str],
    /// The values of `containers`, `initContainers` and
    /// `ephemeralContainers`, looked up once: most rules walk them.
    lists: [Option<NodeRef<'d>>; 3],
}

/// Where pod specs live, tried in order. Each candidate must look like a pod
/// spec (have a `containers` sequence) to count.
const POD_SPEC_PATHS: &[&[&str]] = &[
    &["spec", "template", "spec"],
    &["spec", "jobTemplate", "spec", "template", "spec"],
    &["spec", "jobTargetRef", "template", "spec"],
    &["template", "spec"],
];

impl<'d> PodSpec<'d> {
    pub(super) fn of(object: &Object<'d>) -> Option<PodSpec<'d>> {
        if object.kind == "Pod" {
            let spec = object.root.get("spec").filter(|s| s.is_mapping())?;
            return Some(PodSpec::new(spec, object.metadata(), &["spec"]));
        }
        POD_SPEC_PATHS.iter().find_map(|path| {
            let spec = object.root.path(path)?;
            if !spec.is_mapping() || !spec.get("containers").is_some_and(|c| c.is_sequence()) {
                return None;
            }
            let template = object.root.path(&path[..path.len() - 1])?;
            Some(PodSpec::new(spec, template.get("metadata"), path))
        })
    }

    fn new(
        spec: NodeRef<'d>,
        metadata: Option<NodeRef<'d>>,
        path: &'static [&'static str],
    ) -> PodSpec<'d> {
        PodSpec {
            spec,
            metadata,
            path,
            lists: ContainerKind::ALL.map(|kind| spec.get(kind.field())),
        }
    }

    pub fn get(&self, key: &str) -> Option<NodeRef<'d>> {
        self.spec.get(key)
    }

    /// The pod-level `securityContext`.
    pub fn security_context(&self) -> Option<NodeRef<'d>> {
        self.spec
            .get("securityContext")
            .filter(|sc| sc.is_mapping())
    }

    /// A pod-level security setting, ignoring explicit nulls.
    pub fn security_setting(&self, key: &str) -> Option<NodeRef<'d>> {
        self.security_context()?.get(key).filter(|v| !v.is_null())
    }

    /// Containers, init containers and ephemeral containers, in that order.
    pub fn containers(&self) -> impl Iterator<Item = Container<'d>> + 'd {
        let pod = *self;
        ContainerKind::ALL
            .into_iter()
            .zip(self.lists)
            .flat_map(move |(kind, list)| {
                list.into_iter()
                    .flat_map(|list| list.items().enumerate())
                    .filter(|(_, node)| node.is_mapping())
                    .map(move |(index, node)| Container {
                        node,
                        kind,
                        index,
                        pod,
                    })
            })
    }

    /// Whether the pod declares Windows as its OS (`spec.os.name: windows`).
    pub fn is_windows(&self) -> bool {
        self.spec.path(&["os", "name"]).and_then(|n| n.as_str()) == Some("windows")
    }

    /// A label of the pod template (or the pod).
    pub fn labels(&self) -> Option<NodeRef<'d>> {
        self.metadata?.get("labels")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContainerKind {
    Container,
    Init,
    Ephemeral,
}

impl ContainerKind {
    const ALL: [ContainerKind; 3] = [
        ContainerKind::Container,
        ContainerKind::Init,
        ContainerKind::Ephemeral,
    ];

    /// The pod spec field holding this kind of container.
    pub fn field(self) -> &'static str {
        match self {
            ContainerKind::Container => "containers",
            ContainerKind::Init => "initContainers",
            ContainerKind::Ephemeral => "ephemeralContainers",
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            ContainerKind::Container => "container",
            ContainerKind::Init => "init container",
            ContainerKind::Ephemeral => "ephemeral container",
        }
    }
}

/// Where an effective security setting comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Pod,
    Container,
}

/// An effective security setting: its value and which level set it.
#[derive(Clone, Copy, Debug)]
pub struct Setting<'d> {
    pub value: NodeRef<'d>,
    pub level: Level,
}

/// One container of a pod spec.
#[derive(Clone, Copy, Debug)]
pub struct Container<'d> {
    pub node: NodeRef<'d>,
    pub kind: ContainerKind,
    /// Position in its list (`containers[1]`).
    pub index: usize,
    pub pod: PodSpec<'d>,
}

impl<'d> Container<'d> {
    pub fn name(&self) -> Option<&'d str> {
        self.node.get("name")?.as_str()
    }

    pub fn get(&self, key: &str) -> Option<NodeRef<'d>> {
        self.node.get(key)
    }

    /// `container "app"` / `init container "setup"`, for messages.
    pub fn describe(&self) -> String {
        match self.name() {
            Some(name) => format!("{} \"{name}\"", self.kind.noun()),
            None => format!("{} #{}", self.kind.noun(), self.index + 1),
        }
    }

    /// Where to point for something the container lacks: its `name` value,
    /// or its first key when it has no name.
    pub fn report_span(&self) -> Span {
        if let Some(name) = self.node.get("name") {
            return name.span();
        }
        self.node
            .raw_entries()
            .next()
            .map_or(self.node.span(), |(key, _)| key.span())
    }

    /// The container-level `securityContext`.
    pub fn security_context(&self) -> Option<NodeRef<'d>> {
        self.node
            .get("securityContext")
            .filter(|sc| sc.is_mapping())
    }

    /// A container-level security setting, ignoring explicit nulls.
    pub fn own_setting(&self, key: &str) -> Option<NodeRef<'d>> {
        self.security_context()?.get(key).filter(|v| !v.is_null())
    }

    /// The effective value of a setting that exists at both pod and
    /// container level (`runAsUser`, `runAsNonRoot`, `seccompProfile`, ...):
    /// the container's own value wins over the pod's default.
    pub fn effective(&self, key: &str) -> Option<Setting<'d>> {
        if let Some(value) = self.own_setting(key) {
            return Some(Setting {
                value,
                level: Level::Container,
            });
        }
        self.pod.security_setting(key).map(|value| Setting {
            value,
            level: Level::Pod,
        })
    }
}
