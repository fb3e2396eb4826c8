//! The compact view of a whole run that set rules see.
//!
//! Object rules run per file and forget the tree. Set rules need to relate
//! objects across files (a NetworkPolicy and the pods it selects, a binding
//! and the role it grants), so the engine keeps a summary of every workload
//! and re-parses only the documents holding the kinds set rules asked for.

use crate::k8s::{label_map, Object, PodSpec};
use crate::source::Span;
use std::collections::BTreeMap;

/// A file's position in the run.
pub type FileId = u32;

/// An object of a kind some set rule reads in full.
#[derive(Clone, Copy, Debug)]
pub struct IndexedObject<'d> {
    pub file: FileId,
    pub object: Object<'d>,
}

/// What set rules know about every pod spec of an object that runs pods
/// (one workload per pod spec: a Ray cluster's head and workers have their
/// own labels and service accounts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workload {
    pub file: FileId,
    pub api_version: String,
    pub kind: String,
    pub name: Option<String>,
    pub namespace: Option<String>,
    /// Where findings about the workload point: the `kind` value, or the key
    /// of a pod template nested in a custom resource
    /// ([`crate::k8s::PodSpec::report_span`]).
    pub kind_span: Span,
    /// Labels of the pods it creates (the pod template's labels).
    pub pod_labels: BTreeMap<String, String>,
    /// `serviceAccountName` (or the deprecated `serviceAccount`).
    pub service_account: Option<String>,
    /// Where `service_account` is written.
    pub service_account_span: Option<Span>,
    /// `Kind/namespace/name`.
    pub display: String,
    /// The rules the object's `kubelint/ignore` annotation names (`all`
    /// included): a set rule that groups workloads into one finding
    /// reports these on their own, where the annotation covers them.
    pub ignores: Vec<String>,
}

impl Workload {
    /// The same workload in file `file` with every span mapped by `moved`
    /// (an edit above it shifted the text). Every span field is listed here,
    /// next to the struct, so a new one cannot be forgotten.
    pub fn moved(&self, file: FileId, moved: impl Fn(Span) -> Span) -> Workload {
        Workload {
            file,
            kind_span: moved(self.kind_span),
            service_account_span: self.service_account_span.map(&moved),
            ..self.clone()
        }
    }

    /// The workloads of `object`, one per pod spec of `pods` (its
    /// [`Object::pod_specs`]). A partial pod spec (a patch without
    /// containers, or any pod spec of a kustomize patch) is not a workload
    /// of its own.
    pub fn of_pods(file: FileId, object: &Object<'_>, pods: &[PodSpec<'_>]) -> Vec<Workload> {
        pods.iter()
            .filter(|pod| !pod.is_partial())
            .map(|pod| Workload::of_pod(file, object, pod))
            .collect()
    }

    fn of_pod(file: FileId, object: &Object<'_>, pod: &PodSpec<'_>) -> Workload {
        let pod_labels = label_map(pod.labels());
        let service_account_node =
            ["serviceAccountName", "serviceAccount"]
                .iter()
                .find_map(|key| {
                    pod.get(key)
                        .filter(|n| n.as_str().is_some_and(|s| !s.is_empty()))
                });
        let service_account = service_account_node
            .and_then(|n| n.as_str())
            .map(str::to_owned);
        Workload {
            file,
            api_version: object.api_version.to_owned(),
            kind: object.kind.to_owned(),
            name: object.name().map(str::to_owned),
            namespace: object.namespace().map(str::to_owned),
            kind_span: pod.report_span(),
            pod_labels,
            service_account,
            service_account_span: service_account_node.map(|n| n.span()),
            display: object.display_name(),
            ignores: object
                .annotation(crate::suppress::ANNOTATION)
                .and_then(|a| a.as_str())
                .map(|text| crate::suppress::parse_rules(text).0)
                .unwrap_or_default(),
        }
    }
}

/// Everything set rules see.
#[derive(Debug, Default)]
pub struct SetIndex<'d> {
    /// Paths by [`FileId`].
    pub files: Vec<String>,
    /// Objects of the kinds set rules asked for, in file and document order.
    pub objects: Vec<IndexedObject<'d>>,
    /// Every workload of the run, in file and document order.
    pub workloads: Vec<Workload>,
    /// Where objects without `metadata.namespace` land (`default-namespace`).
    pub default_namespace: String,
}

impl<'d> SetIndex<'d> {
    /// The namespace a namespaced object is created in: its own, or the
    /// run's default when it names none (as `kubectl apply` without `-n`
    /// does). Set rules compare namespaces only through this, so a file
    /// that mixes objects with and without `metadata.namespace: default`
    /// relates them as the cluster will.
    pub fn namespace_of<'a>(&'a self, written: Option<&'a str>) -> &'a str {
        written
            .filter(|ns| !ns.is_empty())
            .unwrap_or(&self.default_namespace)
    }

    /// A file's path for messages: relative to the current directory when
    /// it is inside it, as given otherwise.
    pub fn display_path(&self, file: FileId) -> String {
        let Some(path) = self.files.get(file as usize) else {
            return "?".to_owned();
        };
        let relative = std::env::current_dir().ok().and_then(|cwd| {
            std::path::Path::new(path)
                .strip_prefix(cwd)
                .ok()
                .map(|p| p.display().to_string())
        });
        relative.unwrap_or_else(|| path.clone())
    }

    /// The folder of a file of the run: objects in one folder usually
    /// belong together, while a repository may hold unrelated samples in
    /// the same namespace.
    pub fn folder(&self, file: FileId) -> Option<&std::path::Path> {
        std::path::Path::new(self.files.get(file as usize)?).parent()
    }

    pub fn of_kind<'a>(
        &'a self,
        kind: &'a str,
    ) -> impl Iterator<Item = &'a IndexedObject<'d>> + 'a {
        self.objects.iter().filter(move |o| o.object.kind == kind)
    }
}
