use super::*;
use crate::k8s::objects_in;
use crate::yaml::{parse_document, split_documents, Limits};

/// `(path of the pod spec as written, the text at its report span, partial)`
/// of every pod spec of the first object in `text`.
fn pods(text: &str) -> Vec<(String, String, bool)> {
    let chunks = split_documents(text, 0);
    let doc = parse_document(text, chunks[0].span, 0, &Limits::default());
    assert!(!doc.is_broken(), "{:?}", doc.issues);
    let objects = objects_in(&doc);
    objects[0]
        .pod_specs()
        .iter()
        .map(|pod| {
            let containers: Vec<&str> = pod.containers().filter_map(|c| c.name()).collect();
            (
                containers.join(","),
                text[pod.report_span().range()].to_owned(),
                pod.is_partial(),
            )
        })
        .collect()
}

fn owned(expected: &[(&str, &str, bool)]) -> Vec<(String, String, bool)> {
    expected
        .iter()
        .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), *c))
        .collect()
}

#[test]
fn kubernetes_workloads_have_one_pod_spec_at_their_path() {
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers: [{name: app, image: a}]\n";
    assert_eq!(pods(deployment), owned(&[("app", "Deployment", false)]));
    let cronjob = "apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: job}]\n";
    assert_eq!(pods(cronjob), owned(&[("job", "CronJob", false)]));
    // The API server drops unknown fields of its own kinds: a pod spec
    // anywhere else in a Deployment never runs.
    let elsewhere = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  extra:\n    template:\n      spec:\n        containers: [{name: x, image: a}]\n";
    assert_eq!(pods(elsewhere), owned(&[]));
    // Other kinds of Kubernetes' API groups are not searched.
    let crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  versions:\n  - schema:\n      example:\n        containers: [{name: x, image: a}]\n";
    assert_eq!(pods(crd), owned(&[]));
}

#[test]
fn a_patch_without_containers_is_a_partial_pod_spec() {
    let patch = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      hostPID: true\n";
    assert_eq!(pods(patch), owned(&[("", "Deployment", true)]));
    let null = "apiVersion: v1\nkind: Pod\nspec:\n  containers: ~\n  hostNetwork: true\n";
    assert_eq!(pods(null), owned(&[("", "Pod", true)]));
    // A `containers` that is not a list does not decode at all.
    let scalar = "apiVersion: v1\nkind: Pod\nspec:\n  containers: web\n";
    assert_eq!(pods(scalar), owned(&[]));
}

#[test]
fn custom_resources_hold_pod_specs_at_any_depth() {
    let ray = "\
apiVersion: ray.io/v1
kind: RayCluster
metadata: {name: r}
spec:
  headGroupSpec:
    template:
      spec:
        containers: [{name: head, image: ray}]
  workerGroupSpecs:
  - groupName: small
    template:
      spec:
        containers: [{name: small, image: ray}]
  - groupName: big
    template:
      metadata: {labels: {size: big}}
      spec:
        containers: [{name: big, image: ray}]
";
    assert_eq!(
        pods(ray),
        owned(&[
            ("head", "template", false),
            ("small", "template", false),
            ("big", "template", false)
        ])
    );
    // Each names its own template key, so findings do not collide.
    let spans: Vec<u32> = {
        let chunks = split_documents(ray, 0);
        let doc = parse_document(ray, chunks[0].span, 0, &Limits::default());
        let objects = objects_in(&doc);
        objects[0]
            .pod_specs()
            .iter()
            .map(|p| p.report_span().start)
            .collect()
    };
    assert_eq!(spans.len(), 3);
    assert!(spans.windows(2).all(|w| w[0] < w[1]), "{spans:?}");

    let jobset = "\
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
spec:
  replicatedJobs:
  - name: workers
    template:
      spec:
        template:
          spec:
            containers: [{name: jax, image: jax}]
";
    assert_eq!(pods(jobset), owned(&[("jax", "template", false)]));
    let lws = "\
apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
spec:
  leaderWorkerTemplate:
    leaderTemplate:
      spec:
        containers: [{name: leader, image: vllm}]
    workerTemplate:
      spec:
        containers: [{name: worker, image: vllm}]
";
    assert_eq!(
        pods(lws),
        owned(&[
            ("leader", "leaderTemplate", false),
            ("worker", "workerTemplate", false)
        ])
    );
    let mpi = "\
apiVersion: kubeflow.org/v2beta1
kind: MPIJob
spec:
  mpiReplicaSpecs:
    Launcher:
      template:
        spec:
          containers: [{name: launcher, image: mpi}]
    Worker:
      template:
        spec:
          containers: [{name: worker, image: mpi}]
";
    assert_eq!(
        pods(mpi),
        owned(&[
            ("launcher", "template", false),
            ("worker", "template", false)
        ])
    );
    let eck = "\
apiVersion: elasticsearch.k8s.elastic.co/v1
kind: Elasticsearch
spec:
  nodeSets:
  - name: default
    podTemplate:
      spec:
        containers: [{name: elasticsearch}]
";
    assert_eq!(pods(eck), owned(&[("elasticsearch", "podTemplate", false)]));
    // OpenShift's legacy kinds live in the core group.
    let dc = "apiVersion: v1\nkind: DeploymentConfig\nspec:\n  template:\n    spec:\n      containers: [{name: app, image: a}]\n";
    assert_eq!(pods(dc), owned(&[("app", "DeploymentConfig", false)]));
}

#[test]
fn the_template_metadata_belongs_to_its_pod() {
    let text = "\
apiVersion: ray.io/v1
kind: RayCluster
spec:
  workerGroupSpecs:
  - template:
      metadata: {labels: {role: worker}}
      spec:
        containers: [{name: w, image: ray}]
";
    let chunks = split_documents(text, 0);
    let doc = parse_document(text, chunks[0].span, 0, &Limits::default());
    let objects = objects_in(&doc);
    let pods = objects[0].pod_specs();
    let labels = pods[0].labels().expect("labels");
    assert_eq!(labels.get("role").and_then(|v| v.as_str()), Some("worker"));
    assert_eq!(pods[0].place, Place::Nested);
}

#[test]
fn shapes_that_only_look_like_pods_are_not_pod_specs() {
    for text in [
        // ConfigMap data are strings.
        "apiVersion: v1\nkind: ConfigMap\ndata:\n  pod.yaml: |\n    spec:\n      containers: [{name: x, image: y}]\n",
        // A schema describes containers, it does not hold any.
        "apiVersion: apiextensions.crossplane.io/v1\nkind: CompositeResourceDefinition\nspec:\n  versions:\n  - schema:\n      openAPIV3Schema:\n        properties:\n          containers: {type: array, items: {type: object}}\n",
        // A validation pattern describes pods.
        "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nspec:\n  rules:\n  - validate:\n      pattern:\n        spec:\n          containers:\n          - name: \"*\"\n            image: \"!*:latest\"\n",
        // Lists of names or of mappings without name or image.
        "apiVersion: example.com/v1\nkind: Thing\nspec:\n  containers: [a, b]\n",
        "apiVersion: example.com/v1\nkind: Thing\nspec:\n  containers: [{port: 1}]\n",
        "apiVersion: example.com/v1\nkind: Thing\nspec:\n  containers: []\n",
        // Metadata is never searched.
        "apiVersion: example.com/v1\nkind: Thing\nmetadata:\n  x:\n    containers: [{name: a}]\n",
    ] {
        assert_eq!(pods(text), owned(&[]), "{text}");
    }
}

#[test]
fn the_search_is_bounded_in_depth_and_walks_an_alias_once() {
    let deep = |levels: usize| {
        let mut text = "apiVersion: example.com/v1\nkind: Thing\n".to_owned();
        for level in 0..levels {
            text.push_str(&format!("{}k{level}:\n", "  ".repeat(level)));
        }
        text.push_str(&format!(
            "{}containers: [{{name: deep, image: x}}]\n",
            "  ".repeat(levels)
        ));
        text
    };
    // The pod spec at level 16 is found, at 17 it is past the bound.
    assert_eq!(pods(&deep(16)).len(), 1);
    assert_eq!(pods(&deep(17)).len(), 0);
    // One pod spec, used twice through an alias, is one pod spec.
    let aliased = "\
apiVersion: example.com/v1
kind: Thing
spec:
  a:
    template: &t
      spec:
        containers: [{name: c, image: x}]
  b:
    template: *t
";
    assert_eq!(pods(aliased), owned(&[("c", "template", false)]));
}
