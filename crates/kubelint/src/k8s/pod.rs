use super::Object;
use crate::source::Span;
use crate::yaml::NodeRef;
use std::collections::HashSet;

/// A pod spec, wherever it sits in its object.
///
/// An object can hold several (a Ray cluster's head and worker groups, a
/// JobSet's replicated jobs); [`Object::pod_specs`] finds them all:
/// - Kubernetes' own workload kinds (`Pod`, `Deployment`, `CronJob`, …) at
///   the one place their schema puts it; the API server drops fields
///   anywhere else, so nothing else runs. A pod spec there without a
///   `containers` key (a strategic-merge patch) is still judged for its
///   pod-level fields, see [`PodSpec::is_partial`] (as is every pod spec
///   of an object a kustomization lists as a patch);
/// - custom resources at the usual template paths (`spec.template.spec`,
///   `spec.jobTemplate.spec.template.spec`, `template.spec`, …) and by
///   shape at any depth: a mapping whose `containers` is a non-empty
///   sequence of mappings with a `name` or `image`
///   (`spec.workerGroupSpecs[].template.spec`,
///   `spec.replicatedJobs[].template.spec.template.spec`,
///   `spec.mpiReplicaSpecs.Worker.template.spec`,
///   `spec.nodeSets[].podTemplate.spec`, a Crossplane composition's
///   `base`…). The other kinds of Kubernetes' own API groups (RBAC,
///   CustomResourceDefinition schemas…) are never searched.
#[derive(Clone, Copy, Debug)]
pub struct PodSpec<'d> {
    pub spec: NodeRef<'d>,
    /// The pod template's metadata (labels, annotations); for a `Pod`, the
    /// object's own metadata.
    pub metadata: Option<NodeRef<'d>>,
    /// Where the pod spec was found.
    pub place: Place,
    /// Where findings about something the pod lacks point.
    report_span: Span,
    /// The values of `containers`, `initContainers` and
    /// `ephemeralContainers`, looked up once: most rules walk them.
    lists: [Option<NodeRef<'d>>; 3],
    /// Whether its object is a patch listed in a kustomization.
    of_patch: bool,
}

/// Where a pod spec sits in its object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// At a well-known path from the object root, e.g.
    /// `["spec","template","spec"]`. Findings about something the pod lacks
    /// point at the object's `kind`.
    Known(&'static [&'static str]),
    /// Found by shape inside a custom resource. Findings about something the
    /// pod lacks point at the key of its template (`template:` in
    /// `workerGroupSpecs[0]`), so each of several pods has its own place.
    Nested,
}

/// Kubernetes' own kinds that run pods, and the path of their pod spec.
const BUILTIN_WORKLOADS: &[(&str, &[&str])] = &[
    ("Pod", &["spec"]),
    ("PodTemplate", &["template", "spec"]),
    ("ReplicationController", &["spec", "template", "spec"]),
    ("ReplicaSet", &["spec", "template", "spec"]),
    ("Deployment", &["spec", "template", "spec"]),
    ("StatefulSet", &["spec", "template", "spec"]),
    ("DaemonSet", &["spec", "template", "spec"]),
    ("Job", &["spec", "template", "spec"]),
    (
        "CronJob",
        &["spec", "jobTemplate", "spec", "template", "spec"],
    ),
];

/// API groups served by Kubernetes itself (not custom resources): their
/// schemas are known, so pod specs are only where [`BUILTIN_WORKLOADS`] says.
const BUILTIN_GROUPS: &[&str] = &[
    "",
    "apps",
    "batch",
    "extensions",
    "autoscaling",
    "policy",
    "admissionregistration.k8s.io",
    "apiextensions.k8s.io",
    "apiregistration.k8s.io",
    "authentication.k8s.io",
    "authorization.k8s.io",
    "certificates.k8s.io",
    "coordination.k8s.io",
    "discovery.k8s.io",
    "events.k8s.io",
    "flowcontrol.apiserver.k8s.io",
    "internal.apiserver.k8s.io",
    "networking.k8s.io",
    "node.k8s.io",
    "rbac.authorization.k8s.io",
    "resource.k8s.io",
    "scheduling.k8s.io",
    "storage.k8s.io",
    "storagemigration.k8s.io",
];

/// The kinds of Kubernetes' core group (`apiVersion: v1`) that run no pods.
const CORE_KINDS: &[&str] = &[
    "Binding",
    "ComponentStatus",
    "ConfigMap",
    "Endpoints",
    "Event",
    "LimitRange",
    "Namespace",
    "Node",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "ResourceQuota",
    "Secret",
    "Service",
    "ServiceAccount",
];

/// Where custom resources usually keep a pod spec, tried before the search
/// by shape. Here any `containers` sequence counts (Argo Rollouts,
/// OpenShift DeploymentConfig, KEDA ScaledJob, Knative Service).
const TEMPLATE_PATHS: &[&[&str]] = &[
    &["spec", "template", "spec"],
    &["spec", "jobTemplate", "spec", "template", "spec"],
    &["spec", "jobTargetRef", "template", "spec"],
    &["template", "spec"],
];

/// How many levels below the object root the search by shape looks. The
/// deepest real nesting seen is a Crossplane composition pipeline holding a
/// provider-kubernetes `Object` holding a Deployment (13 levels).
const MAX_SEARCH_DEPTH: usize = 16;

/// Fields never searched: metadata (labels, annotations, managedFields),
/// OpenAPI schemas, and Kyverno-style validation patterns, which are shaped
/// like pods but only describe them.
const NOT_SEARCHED: &[&str] = &["metadata", "openAPIV3Schema", "pattern", "anyPattern"];

impl<'d> PodSpec<'d> {
    /// Every pod spec of `object`: the one at a well-known path first, then
    /// those found by shape, in document order. The pod specs of a patch
    /// ([`Object::patch`]) are partial.
    pub(super) fn all_of(object: &Object<'d>) -> Vec<PodSpec<'d>> {
        let mut found = PodSpec::find_all(object);
        for pod in &mut found {
            pod.of_patch = object.patch;
        }
        found
    }

    fn find_all(object: &Object<'d>) -> Vec<PodSpec<'d>> {
        let mut found = Vec::new();
        let group = object.group();
        let builtin_group = BUILTIN_GROUPS.contains(&group);
        let builtin = BUILTIN_WORKLOADS
            .iter()
            .find(|(kind, _)| *kind == object.kind)
            .filter(|_| builtin_group);
        if let Some((_, path)) = builtin {
            let spec = object.root.path(path).filter(|s| s.is_mapping());
            let containers = spec.and_then(|s| s.get("containers"));
            // A `containers` that is not a list does not decode: Kubernetes
            // rejects the object.
            if let Some(spec) =
                spec.filter(|_| containers.is_none_or(|c| c.is_sequence() || c.is_null()))
            {
                found.push(PodSpec::at_path(object, spec, path));
            }
            return found;
        }
        // Other kinds of Kubernetes' APIs run no pods. Kinds of the core
        // group it does not serve are searched: OpenShift serves its legacy
        // kinds there (`apiVersion: v1`, `kind: DeploymentConfig`).
        if builtin_group && (!group.is_empty() || CORE_KINDS.contains(&object.kind)) {
            return found;
        }
        for path in TEMPLATE_PATHS {
            let Some(spec) = object.root.path(path) else {
                continue;
            };
            if spec.is_mapping() && spec.get("containers").is_some_and(|c| c.is_sequence()) {
                found.push(PodSpec::at_path(object, spec, path));
                break;
            }
        }
        let mut search = Search {
            found,
            visited_aliases: HashSet::new(),
        };
        search.walk(object.root, None, None, 0);
        search.found
    }

    fn at_path(
        object: &Object<'d>,
        spec: NodeRef<'d>,
        path: &'static [&'static str],
    ) -> PodSpec<'d> {
        let metadata = if path == ["spec"] {
            object.metadata()
        } else {
            object
                .root
                .path(&path[..path.len() - 1])
                .and_then(|template| template.get("metadata"))
        };
        PodSpec::new(spec, metadata, Place::Known(path), object.kind_span())
    }

    fn new(
        spec: NodeRef<'d>,
        metadata: Option<NodeRef<'d>>,
        place: Place,
        report_span: Span,
    ) -> PodSpec<'d> {
        PodSpec {
            spec,
            metadata,
            place,
            report_span,
            lists: ContainerKind::ALL.map(|kind| spec.get(kind.field())),
            of_patch: false,
        }
    }

    /// A patch (kustomize, strategic merge): a pod spec without a
    /// `containers` key, which sets pod-level fields only, or any pod spec
    /// of an object listed as a patch ([`Object::patch`]), whose containers
    /// merge by name into the patched object's. Its fields are judged; what
    /// it leaves out is not reported, since the object it patches has it.
    pub fn is_partial(&self) -> bool {
        self.of_patch || self.lists[0].is_none_or(|c| c.is_null())
    }

    /// Where to point for something the pod lacks: the object's `kind` for
    /// a pod spec at a well-known path, the key of its template otherwise.
    pub fn report_span(&self) -> Span {
        self.report_span
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

/// The search by shape through a custom resource.
struct Search<'d> {
    found: Vec<PodSpec<'d>>,
    /// Aliased nodes already walked: an alias repeated 1,000 times is walked
    /// once (the alias budget bounds the rest).
    visited_aliases: HashSet<u32>,
}

impl<'d> Search<'d> {
    /// Walks `node`, held by `key` in `parent` (a mapping, with its own key).
    fn walk(
        &mut self,
        node: NodeRef<'d>,
        key: Option<NodeRef<'d>>,
        parent: Option<(Option<NodeRef<'d>>, NodeRef<'d>)>,
        depth: usize,
    ) {
        if depth > MAX_SEARCH_DEPTH
            || (node.is_alias() && !self.visited_aliases.insert(node.resolved().id()))
        {
            return;
        }
        if node.is_sequence() {
            for item in node.items() {
                self.walk(item, key, parent, depth + 1);
            }
            return;
        }
        if !node.is_mapping() {
            return;
        }
        if depth > 0 && looks_like_pod_spec(node) {
            let id = node.resolved().id();
            if self.found.iter().all(|p| p.spec.resolved().id() != id) {
                self.found.push(nested(node, key, parent));
            }
            return;
        }
        for (child_key, value) in node.raw_entries() {
            let name = child_key.as_str().unwrap_or_default();
            if NOT_SEARCHED.contains(&name) || (depth == 0 && name == "status") {
                continue;
            }
            self.walk(value, Some(child_key), Some((key, node)), depth + 1);
        }
    }
}

/// A mapping shaped like a pod spec: `containers` is a non-empty list of
/// mappings that each have a `name` or an `image`.
fn looks_like_pod_spec(node: NodeRef<'_>) -> bool {
    let Some(containers) = node.get("containers").filter(|c| c.is_sequence()) else {
        return false;
    };
    containers.items().len() > 0
        && containers
            .items()
            .all(|c| c.is_mapping() && (c.get("name").is_some() || c.get("image").is_some()))
}

/// A pod spec found by shape. Under a template's `spec` key, the template
/// holds its metadata and names it; otherwise its own key does.
fn nested<'d>(
    spec: NodeRef<'d>,
    key: Option<NodeRef<'d>>,
    parent: Option<(Option<NodeRef<'d>>, NodeRef<'d>)>,
) -> PodSpec<'d> {
    let under_template = key.is_some_and(|k| k.as_str() == Some("spec"));
    let (metadata, named_by) = match parent {
        Some((template_key, template)) if under_template => {
            (template.get("metadata"), template_key.or(key))
        }
        _ => (None, key),
    };
    PodSpec::new(
        spec,
        metadata,
        Place::Nested,
        named_by.map_or(spec.span(), |k| k.span()),
    )
}

#[cfg(test)]
mod tests;
