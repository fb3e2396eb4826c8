use super::common::may_live_in;
use crate::diagnostic::Severity;
use crate::k8s::{Object, PodSpec};
use crate::rules::{declare_rule, Check, Practice, SetCtx, SetFindings, Tool};
use crate::set_index::SetIndex;
use crate::yaml::NodeRef;
use std::collections::HashMap;

declare_rule! {
    /// ## What it flags
    /// A pod that reads a Secret or ConfigMap the linted files do not
    /// define in its namespace: `env[].valueFrom.secretKeyRef` and
    /// `configMapKeyRef`, `envFrom[].secretRef` and `configMapRef` (of
    /// containers, init containers and ephemeral containers), and `secret`,
    /// `configMap` and `projected` volumes. The finding points at the name.
    /// When the object is defined but lacks a key the pod reads (a
    /// `secretKeyRef`/`configMapKeyRef` `key`, or a volume's `items[].key`),
    /// the finding points at the key: a Secret's keys are those of `data`
    /// and `stringData`, a ConfigMap's those of `data` (and `binaryData`
    /// for volumes: the kubelet does not read it into the environment).
    ///
    /// References marked `optional: true` are not judged: the pod starts
    /// without them. The pods judged are those of Kubernetes' workload
    /// kinds (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
    /// ReplicationController, Job, CronJob, PodTemplate); a target that
    /// names no namespace, or a pod that names none, may be placed in any
    /// namespace (`kubectl -n`, a kustomization). Objects that create a
    /// Secret or ConfigMap of a known name count as defining it, without
    /// keys: a Bitnami `SealedSecret`, an External Secrets `ExternalSecret`
    /// (`spec.target.name`), a cert-manager `Certificate`
    /// (`spec.secretName`), and a kustomization's `secretGenerator` and
    /// `configMapGenerator`; the ConfigMap `kube-root-ca.crt`, which
    /// Kubernetes creates in every namespace, is always defined. Anything
    /// else outside the linted files — a
    /// Secret created by hand, by a Helm hook or by an operator — is
    /// reported, which is why the rule is off by default: enable it on a
    /// set of files that is meant to be complete (a rendered chart, a whole
    /// kustomization).
    ///
    /// ## Why it matters
    /// A container whose environment names a missing Secret, ConfigMap or
    /// key does not start (`CreateContainerConfigError`), and a pod with a
    /// missing Secret or ConfigMap volume stays in `ContainerCreating`: the
    /// rollout stalls, usually because of a renamed object or key.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Secret
    /// metadata: {name: db, namespace: shop}
    /// stringData: {username: shop}
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api, namespace: shop}
    /// spec:
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       containers:
    ///       - name: api
    ///         image: registry.example.com/api:1.4.0
    ///         env:
    ///         - name: DB_PASSWORD
    ///           valueFrom:
    ///             secretKeyRef: {name: db, key: password}
    ///         envFrom:
    ///         - configMapRef: {name: api-config}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Secret
    /// metadata: {name: db, namespace: shop}
    /// stringData: {username: shop, password: from-the-vault}
    /// ---
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata: {name: api-config, namespace: shop}
    /// data: {LOG_LEVEL: info}
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api, namespace: shop}
    /// spec:
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       containers:
    ///       - name: api
    ///         image: registry.example.com/api:1.4.0
    ///         env:
    ///         - name: DB_PASSWORD
    ///           valueFrom:
    ///             secretKeyRef: {name: db, key: password}
    ///         envFrom:
    ///         - configMapRef: {name: api-config}
    /// ```
    ///
    /// ## How to fix
    /// Correct the name or key, add the Secret or ConfigMap to the
    /// manifests, or mark the reference `optional: true` if the pod works
    /// without it.
    ///
    /// ## References
    /// - [Secrets: using a Secret](https://kubernetes.io/docs/concepts/configuration/secret/#using-a-secret)
    /// - [ConfigMaps: using ConfigMaps](https://kubernetes.io/docs/concepts/configuration/configmap/#using-configmaps)
    pub static RULE = Rule {
        id: "env-ref-missing-object",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Pod reads a Secret, ConfigMap or key that the linted files do not define",
        practice: Practice::SecretData,
        equivalents: &[Tool::KubeLinter.same("env-value-from")],
        fix: None,
        check: Check::Set {
            kinds: KINDS,
            check,
        },
    };
}

/// The targets, the objects that create them, and Kubernetes' workload
/// kinds (whose pod specs are read in full).
const KINDS: &[&str] = &[
    "Secret",
    "ConfigMap",
    "SealedSecret",
    "ExternalSecret",
    "Certificate",
    "Kustomization",
    "Pod",
    "PodTemplate",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "CronJob",
];

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    Secret,
    ConfigMap,
}

impl Target {
    fn kind(self) -> &'static str {
        match self {
            Target::Secret => "Secret",
            Target::ConfigMap => "ConfigMap",
        }
    }

    /// The sections whose keys a pod can read: the kubelet reads a
    /// ConfigMap's `binaryData` into volumes but not into the environment;
    /// a Secret's `stringData` is merged into `data` when it is written.
    fn key_sections(self, env: bool) -> &'static [&'static str] {
        match (self, env) {
            (Target::Secret, _) => &["data", "stringData"],
            (Target::ConfigMap, true) => &["data"],
            (Target::ConfigMap, false) => &["data", "binaryData"],
        }
    }
}

/// One reference of a pod to a Secret or ConfigMap.
struct Reference<'d> {
    target: Target,
    /// The name value.
    name: NodeRef<'d>,
    /// The key values it reads.
    keys: Vec<NodeRef<'d>>,
    /// Whether it reads into the environment (else into a volume).
    env: bool,
    /// Where it is written, for messages (`env DB_PASSWORD of container "api"`).
    place: String,
}

/// What the run defines of one kind and name.
/// The run's v1 Secrets and ConfigMaps by kind and name.
type Defined<'a, 'd> = HashMap<(Target, &'d str), Vec<&'a Object<'d>>>;

enum Definition<'a, 'd> {
    /// No object of that kind and name may live in the namespace.
    Missing,
    /// Objects whose keys are unknown (created by another object, or a
    /// Secret filled by a controller) define it.
    KeysUnknown,
    /// These Secrets or ConfigMaps define it.
    Objects(Vec<&'a Object<'d>>),
}

fn check(ctx: &SetCtx<'_>, findings: &mut SetFindings<'_>) {
    let index = ctx.index;
    // The few objects that make Secrets or ConfigMaps, found once rather
    // than searched for at every reference.
    let creators: Vec<&Object<'_>> = index
        .objects
        .iter()
        .map(|o| &o.object)
        .filter(|o| makes_secrets_or_configmaps(o))
        .collect();
    // The run's Secrets and ConfigMaps by name, indexed once: a run has
    // thousands of references.
    let mut defined: Defined<'_, '_> = HashMap::new();
    for target in [Target::Secret, Target::ConfigMap] {
        for indexed in index.of_kind(target.kind()) {
            let object = &indexed.object;
            if let (Some(name), "v1") = (object.name(), object.api_version) {
                defined.entry((target, name)).or_default().push(object);
            }
        }
    }
    for indexed in &index.objects {
        let object = &indexed.object;
        if !matches!(object.group(), "" | "apps" | "batch" | "extensions") {
            continue;
        }
        let namespace = object.namespace().filter(|ns| !ns.is_empty());
        for pod in object.pod_specs() {
            if pod.is_partial() {
                continue;
            }
            for reference in references(&pod) {
                let Some(name) = reference.name.as_str() else {
                    continue;
                };
                let kind = reference.target.kind();
                match definition(index, &defined, &creators, reference.target, name, namespace) {
                    Definition::KeysUnknown => {}
                    Definition::Missing => {
                        // A pod without a namespace was compared with every one.
                        let place = namespace
                            .map_or(String::new(), |ns| format!(" in namespace `{ns}`"));
                        let finding = findings.report(
                            indexed.file,
                            reference.name.span(),
                            format!(
                                "{} reads {kind} `{name}`, which is not{place} in the linted files: the pod will not start without it",
                                reference.place
                            ),
                        );
                        finding.object = Some(object.display_name());
                        finding.help(format!("correct the name, add the {kind} to the manifests, or mark the reference `optional: true`"));
                    }
                    Definition::Objects(objects) => {
                        for key in &reference.keys {
                            let Some(wanted) = key.as_str() else {
                                continue;
                            };
                            let sections = reference.target.key_sections(reference.env);
                            if objects.iter().any(|o| has_key(o, sections, wanted)) {
                                continue;
                            }
                            let sections: Vec<String> =
                                sections.iter().map(|s| format!("`{s}`")).collect();
                            let finding = findings.report(
                                indexed.file,
                                key.span(),
                                format!(
                                    "{} reads key `{wanted}` of {kind} `{name}`, which has no such key in {}: the pod will not start without it",
                                    reference.place,
                                    sections.join(" or ")
                                ),
                            );
                            finding.object = Some(object.display_name());
                            finding.help(format!("correct the key, add it to the {kind}, or mark the reference `optional: true`"));
                        }
                    }
                }
            }
        }
    }
}

/// The references of a pod spec that are not `optional: true`.
fn references<'d>(pod: &PodSpec<'d>) -> Vec<Reference<'d>> {
    let mut found = Vec::new();
    for container in pod.containers() {
        let env = container.get("env").filter(|e| e.is_sequence());
        for var in env.into_iter().flat_map(|e| e.items()) {
            let var_name = var.get("name").and_then(|n| n.as_str()).unwrap_or("?");
            let source = var.get("valueFrom");
            for (field, target) in [
                ("secretKeyRef", Target::Secret),
                ("configMapKeyRef", Target::ConfigMap),
            ] {
                if let Some(selector) = source.and_then(|s| s.get(field)) {
                    let place = format!("env `{var_name}` of {}", container.describe());
                    push(&mut found, target, selector, selector.get("key"), place);
                }
            }
        }
        let env_from = container.get("envFrom").filter(|e| e.is_sequence());
        for source in env_from.into_iter().flat_map(|e| e.items()) {
            for (field, target) in [
                ("secretRef", Target::Secret),
                ("configMapRef", Target::ConfigMap),
            ] {
                if let Some(selector) = source.get(field) {
                    let place = format!("`envFrom` of {}", container.describe());
                    push(&mut found, target, selector, None, place);
                }
            }
        }
    }
    for volume in pod.volumes() {
        let place = volume.describe();
        if let Some(secret) = volume.node.get("secret") {
            push_volume(&mut found, Target::Secret, secret, "secretName", &place);
        }
        if let Some(config_map) = volume.node.get("configMap") {
            push_volume(&mut found, Target::ConfigMap, config_map, "name", &place);
        }
        let sources = volume.node.path(&["projected", "sources"]);
        for source in sources.into_iter().flat_map(|s| s.items()) {
            if let Some(secret) = source.get("secret") {
                push_volume(&mut found, Target::Secret, secret, "name", &place);
            }
            if let Some(config_map) = source.get("configMap") {
                push_volume(&mut found, Target::ConfigMap, config_map, "name", &place);
            }
        }
    }
    found
}

/// Adds the reference of `selector` (its `name`, and `key` when it reads
/// one) unless it is optional.
fn push<'d>(
    found: &mut Vec<Reference<'d>>,
    target: Target,
    selector: NodeRef<'d>,
    key: Option<NodeRef<'d>>,
    place: String,
) {
    if is_optional(selector) {
        return;
    }
    if let Some(name) = selector.get("name") {
        found.push(Reference {
            target,
            name,
            keys: key.into_iter().collect(),
            env: true,
            place,
        });
    }
}

/// Adds a volume source's reference (`name_field`, and its `items[].key`).
fn push_volume<'d>(
    found: &mut Vec<Reference<'d>>,
    target: Target,
    source: NodeRef<'d>,
    name_field: &str,
    place: &str,
) {
    if is_optional(source) {
        return;
    }
    let Some(name) = source.get(name_field) else {
        return;
    };
    let items = source.get("items").filter(|i| i.is_sequence());
    let keys = items
        .into_iter()
        .flat_map(|i| i.items())
        .filter_map(|item| item.get("key"))
        .collect();
    found.push(Reference {
        target,
        name,
        keys,
        env: false,
        place: place.to_owned(),
    });
}

fn is_optional(selector: NodeRef<'_>) -> bool {
    selector.get("optional").and_then(|o| o.as_bool()) == Some(true)
}

/// What the run defines as `target` `name` for a pod of `namespace` (as
/// written; `None` when it names none).
fn definition<'a, 'd>(
    index: &SetIndex<'d>,
    defined: &Defined<'a, 'd>,
    creators: &[&Object<'_>],
    target: Target,
    name: &str,
    namespace: Option<&str>,
) -> Definition<'a, 'd> {
    // Kubernetes publishes the cluster's CA in every namespace (1.21+).
    if target == Target::ConfigMap && name == "kube-root-ca.crt" {
        return Definition::KeysUnknown;
    }
    // A pod without a namespace may be applied to any: compare only when it
    // names one.
    let placed = |written: Option<&str>| {
        namespace.is_none_or(|ns| may_live_in(index, written, index.namespace_of(Some(ns))))
    };
    let objects: Vec<&'a Object<'d>> = defined
        .get(&(target, name))
        .into_iter()
        .flatten()
        .copied()
        .filter(|o| placed(o.namespace()))
        .collect();
    let filled_by_controller = |o: &&Object<'_>| {
        o.root.get("type").and_then(|t| t.as_str()) == Some("kubernetes.io/service-account-token")
    };
    if objects.iter().any(filled_by_controller)
        || creators
            .iter()
            .any(|o| placed(o.namespace()) && creates(o, target, name))
    {
        return Definition::KeysUnknown;
    }
    if objects.is_empty() {
        Definition::Missing
    } else {
        Definition::Objects(objects)
    }
}

/// Whether `object` is of a kind [`creates`] knows.
fn makes_secrets_or_configmaps(object: &Object<'_>) -> bool {
    matches!(
        (object.kind, object.group()),
        ("SealedSecret", "bitnami.com")
            | ("ExternalSecret", "external-secrets.io")
            | ("Certificate", "cert-manager.io")
            | ("Kustomization", "kustomize.config.k8s.io")
    )
}

/// Whether `object` makes a `target` called `name` (its keys unknown).
fn creates(object: &Object<'_>, target: Target, name: &str) -> bool {
    let spec_str = |path: &[&str]| object.root.path(path).and_then(|n| n.as_str());
    let named = |node: Option<&str>| node.or(object.name()) == Some(name);
    match (target, object.kind, object.group()) {
        (Target::Secret, "SealedSecret", "bitnami.com") => {
            named(spec_str(&["spec", "template", "metadata", "name"]))
        }
        (Target::Secret, "ExternalSecret", "external-secrets.io") => {
            named(spec_str(&["spec", "target", "name"]))
        }
        (Target::Secret, "Certificate", "cert-manager.io") => {
            spec_str(&["spec", "secretName"]) == Some(name)
        }
        (_, "Kustomization", "kustomize.config.k8s.io") => {
            let field = match target {
                Target::Secret => "secretGenerator",
                Target::ConfigMap => "configMapGenerator",
            };
            let generators = object.root.get(field).filter(|g| g.is_sequence());
            generators
                .into_iter()
                .flat_map(|g| g.items())
                .any(|g| g.get("name").and_then(|n| n.as_str()) == Some(name))
        }
        _ => false,
    }
}

/// Whether a Secret or ConfigMap has `key` in one of `sections`.
fn has_key(object: &Object<'_>, sections: &[&str], key: &str) -> bool {
    sections.iter().any(|section| {
        object
            .root
            .get(section)
            .is_some_and(|data| data.get(key).is_some())
    })
}
