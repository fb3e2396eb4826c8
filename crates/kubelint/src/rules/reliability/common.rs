//! What several reliability rules share: pod labels, where the target of
//! a reference may live, and telling fragments from whole pods.

use crate::k8s::{label_map, ContainerKind, Object, PodSpec};
use crate::rules::SetFindings;
use crate::set_index::{FileId, IndexedObject, SetIndex};
use crate::yaml::NodeRef;
use std::collections::BTreeMap;

/// The labels of the pods of an object with one pod template (Deployment,
/// StatefulSet, DaemonSet, ReplicaSet, Job).
pub fn pod_labels(object: &Object<'_>) -> BTreeMap<String, String> {
    label_map(object.pod_specs().first().and_then(|pod| pod.labels()))
}

/// Whether an object written with the namespace `written` may live in
/// `namespace` when it is the target of a reference: it says so, or it
/// names no namespace and so lands wherever it is applied (`kubectl -n`, a
/// kustomization's `namespace:`). Set rules that report references to
/// nothing accept such targets, so a base without namespaces does not make
/// an overlay's references dangle.
pub fn may_live_in(index: &SetIndex<'_>, written: Option<&str>, namespace: &str) -> bool {
    written.is_none_or(str::is_empty) || index.namespace_of(written) == namespace
}

/// Whether a pod spec is a fragment rather than a whole pod: a regular
/// container without an `image` (which the API server requires), as in a
/// strategic-merge patch that a kustomization in another directory uses.
/// Rules that say "the API server rejects it" do not judge fragments.
pub fn is_fragment(pod: &PodSpec<'_>) -> bool {
    pod.containers()
        .any(|c| c.kind == ContainerKind::Container && c.get("image").is_none_or(|i| i.is_null()))
}

/// The HorizontalPodAutoscaler (`autoscaling`, any version) of
/// `workload`'s namespace whose `scaleTargetRef` names it by kind and name.
pub fn autoscaler_of<'i, 'a>(
    index: &'i SetIndex<'a>,
    workload: &Object<'_>,
) -> Option<&'i IndexedObject<'a>> {
    let namespace = index.namespace_of(workload.namespace());
    index.of_kind("HorizontalPodAutoscaler").find(|hpa| {
        let target = hpa.object.root.path(&["spec", "scaleTargetRef"]);
        let field = |key| target.and_then(|t| t.get(key)).and_then(|v| v.as_str());
        hpa.object.group() == "autoscaling"
            && index.namespace_of(hpa.object.namespace()) == namespace
            && field("kind") == Some(workload.kind)
            && field("name").is_some()
            && field("name") == workload.name()
    })
}

/// The core/v1 Services that may live in `namespace` (written there, or
/// without a namespace for a kustomization to place), or `None` when the
/// run holds no Service written in `namespace` itself: then a reference
/// to a missing Service cannot be judged.
pub fn services_in<'i, 'a>(
    index: &'i SetIndex<'a>,
    namespace: &str,
) -> Option<Vec<&'i Object<'a>>> {
    let services: Vec<&Object<'a>> = index
        .of_kind("Service")
        .map(|s| &s.object)
        .filter(|s| s.api_version == "v1" && may_live_in(index, s.namespace(), namespace))
        .collect();
    services
        .iter()
        .any(|s| index.namespace_of(s.namespace()) == namespace)
        .then_some(services)
}

/// Whether one of two files' folders holds the other (or is the other):
/// objects that belong together (a kustomization and its bases, a chart's
/// rendered templates) sit in one folder tree, while a repository may
/// hold unrelated samples side by side.
pub fn same_tree(index: &SetIndex<'_>, a: FileId, b: FileId) -> bool {
    match (index.folder(a), index.folder(b)) {
        (Some(a), Some(b)) => a.starts_with(b) || b.starts_with(a),
        _ => true,
    }
}

/// Reports each Namespace object (`v1`) of the run that no `v1` object
/// of `kind` is in, at its `metadata.name` value, with `consequence` and
/// `help`. An object written in the namespace is in it; one that names no
/// namespace is in it when one of their folders holds the other (a
/// kustomization places it), not when it is an unrelated sample elsewhere
/// in the repository.
pub fn report_namespaces_without(
    index: &SetIndex<'_>,
    findings: &mut SetFindings<'_>,
    kind: &str,
    consequence: &str,
    help: &str,
) {
    for namespace in index.of_kind("Namespace") {
        let object = &namespace.object;
        let name_node = object.metadata().and_then(|m| m.get("name"));
        let Some(name) = name_node.and_then(|n| n.as_str()).filter(|n| !n.is_empty()) else {
            continue;
        };
        let held = index.of_kind(kind).any(|o| {
            o.object.api_version == "v1"
                && match o.object.namespace().filter(|n| !n.is_empty()) {
                    Some(_) => index.namespace_of(o.object.namespace()) == name,
                    None => same_tree(index, o.file, namespace.file),
                }
        });
        if object.api_version != "v1" || held {
            continue;
        }
        let span = name_node.map_or(object.kind_span(), |n| n.span());
        let finding = findings.report(
            namespace.file,
            span,
            format!("Namespace `{name}` has no {kind} in the linted files: {consequence}"),
        );
        finding.object = Some(object.display_name());
        finding.help(help);
    }
}

/// Where to point at a part of `object`'s spec: the key of `spec.<key>`,
/// else the `spec` key, else the object's `kind`.
pub fn spec_key_span(object: &Object<'_>, key: &str) -> crate::source::Span {
    let spec = object.root.get_entry("spec");
    spec.and_then(|(_, s)| s.get_entry(key))
        .or(spec)
        .map_or(object.kind_span(), |(k, _)| k.span())
}

/// A value that is written: present and not null.
pub fn written(node: Option<NodeRef<'_>>) -> Option<NodeRef<'_>> {
    node.filter(|n| !n.is_null())
}

/// Whether a label value or name holds a placeholder (`${VAR}`,
/// `{{ .x }}`) that a tool (envsubst, kro, Helm-like) fills in before
/// apply: such values are not judged.
pub fn holds_placeholder(text: &str) -> bool {
    text.contains("${") || text.contains("{{")
}

/// Whether `spec.<key>` of `object` is written with a value (not null).
pub fn spec_sets(object: &Object<'_>, key: &str) -> bool {
    object
        .root
        .path(&["spec", key])
        .is_some_and(|v| !v.is_null())
}

/// The findings of `rule` on `manifest` (file `m.yaml`) with `options`
/// (YAML lines indented under `options:`), or the configuration's
/// problems: for the tests of rule options.
#[cfg(test)]
pub fn lint_with_options(
    rule: &str,
    options: &str,
    manifest: &str,
) -> Result<Vec<crate::Diagnostic>, Vec<String>> {
    let (config, problems) = crate::Config::from_yaml(
        ".kubelint.yaml",
        &format!("enable: [{rule}]\nrules:\n  {rule}:\n    options:\n{options}"),
    );
    if !problems.is_empty() {
        return Err(problems.into_iter().map(|p| p.message).collect());
    }
    Ok(crate::Linter::new(config)
        .lint_sources(vec![("m.yaml".into(), manifest.to_owned())])
        .diagnostics
        .into_iter()
        .filter(|d| d.rule == rule)
        .collect())
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_in_run as findings;

    fn deployment(name: &str, replicas: u32) -> String {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}}}\nspec:\n  replicas: {replicas}\n  selector: {{matchLabels: {{app: redis}}}}\n  template:\n    metadata: {{labels: {{app: redis}}}}\n    spec:\n      containers:\n      - {{name: c, image: registry.example.com/c:1.0.0}}\n"
        )
    }

    const PDB: &str = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: redis}\nspec:\n  minAvailable: 3\n  selector: {matchLabels: {app: redis}}\n";

    #[test]
    fn a_budget_judges_the_workloads_beside_it_when_it_has_some() {
        let (beside, elsewhere) = (deployment("redis", 6), deployment("other-sample", 1));
        let files = [
            ("sample-a/pdb.yaml", PDB),
            ("sample-a/redis.yaml", beside.as_str()),
            ("sample-b/redis.yaml", elsewhere.as_str()),
        ];
        assert_eq!(findings("pdb-blocks-eviction", &files), vec![]);
        // Without a workload beside it, the others of the namespace count.
        let found = findings("pdb-blocks-eviction", &[files[0], files[2]]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].1.contains("Deployment/other-sample runs 1"),
            "{found:?}"
        );
    }

    #[test]
    fn a_service_is_judged_only_beside_workloads_of_its_namespace() {
        let service = "apiVersion: v1\nkind: Service\nmetadata: {name: cache}\nspec:\n  selector: {app: cache}\n  ports: [{port: 6379}]\n";
        let workload = deployment("redis", 2);
        let apart = [
            ("a/service.yaml", service),
            ("b/redis.yaml", workload.as_str()),
        ];
        assert_eq!(findings("service-selects-nothing", &apart), vec![]);
        let together = [
            ("a/service.yaml", service),
            ("a/redis.yaml", workload.as_str()),
        ];
        assert_eq!(findings("service-selects-nothing", &together).len(), 1);
    }

    #[test]
    fn a_limit_range_without_namespace_counts_in_its_folder_tree_only() {
        let namespace = "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n";
        let limits = "apiVersion: v1\nkind: LimitRange\nmetadata: {name: containers}\nspec:\n  limits:\n  - {type: Container, default: {cpu: 500m}, defaultRequest: {cpu: 100m}, min: {cpu: 10m}, max: {cpu: '2'}}\n";
        let namespaced =
            limits.replace("{name: containers}", "{name: containers, namespace: shop}");
        let rule = "limit-range-missing";
        let above = [
            ("app/overlays/prod/ns.yaml", namespace),
            ("app/limits.yaml", limits),
        ];
        assert_eq!(findings(rule, &above), vec![]);
        let beside = [("app/ns.yaml", namespace), ("samples/limits.yaml", limits)];
        let found = findings(rule, &beside);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].0.ends_with("app/ns.yaml"), "{found:?}");
        assert!(
            found[0].1.starts_with("Namespace `shop` has no LimitRange"),
            "{found:?}"
        );
        let written = [
            ("app/ns.yaml", namespace),
            ("samples/limits.yaml", namespaced.as_str()),
        ];
        assert_eq!(findings(rule, &written), vec![]);
    }

    #[test]
    fn a_service_monitor_is_judged_beside_services_of_its_folder_tree() {
        let monitor = "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  endpoints: [{port: metrics}]\n";
        let service = "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop, labels: {app: web}}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n";
        let rule = "servicemonitor-selects-nothing";
        let apart = [
            ("monitoring/api.yaml", monitor),
            ("web/service.yaml", service),
        ];
        assert_eq!(findings(rule, &apart), vec![]);
        let below = [
            ("app/monitor.yaml", monitor),
            ("app/web/service.yaml", service),
        ];
        let found = findings(rule, &below);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].0.ends_with("app/monitor.yaml"), "{found:?}");
    }

    #[test]
    fn an_ingress_port_may_be_on_any_definition_of_its_service() {
        let ingress = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  defaultBackend:\n    service: {name: web, port: {number: 443}}\n";
        let service = |port: u32| {
            format!("apiVersion: v1\nkind: Service\nmetadata: {{name: web}}\nspec:\n  selector: {{app: web}}\n  ports: [{{port: {port}}}]\n")
        };
        let (plain, tls) = (service(80), service(443));
        let files = [
            ("tls/ingress.yaml", ingress),
            ("plain/service.yaml", plain.as_str()),
            ("tls/service.yaml", tls.as_str()),
        ];
        assert_eq!(findings("ingress-backend-missing", &files), vec![]);
        assert_eq!(findings("ingress-backend-missing", &files[..2]).len(), 1);
    }
}
