use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A container whose `image` is written but empty: `image: ""`, blank,
    /// or null. Reported at the value. A container without an `image` key
    /// is not reported: that is how strategic-merge patches and overlays
    /// look, and their image comes from the object they patch.
    ///
    /// ## Why it matters
    /// The API server refuses an empty or null image in a Pod and in a
    /// workload's pod template alike (`containers[0].image: Required value`,
    /// `validateContainerCommon` in Kubernetes' `pkg/apis/core/validation`),
    /// so `kubectl apply` fails. A blank image (spaces only) is accepted in a
    /// template — OpenShift's image-change triggers use `" "` as a
    /// placeholder — but every Pod created from it is refused (an image may
    /// not start or end with whitespace) until something outside the
    /// manifest writes the image: the image that runs is then decided
    /// outside the reviewed manifest, and no image rule (tag, digest,
    /// registry) can judge it.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       containers:
    ///       - name: api
    ///         image: ""
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       containers:
    ///       - name: api
    ///         image: registry.example.com/api:5.0.0
    /// ```
    ///
    /// ## How to fix
    /// Write the image, pinned to a version or digest, in the manifest (or
    /// let the templating tool render it before linting).
    ///
    /// ## References
    /// - [Container v1 core: image](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container)
    pub static RULE = Rule {
        id: "image-missing",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Container image is empty",
        practice: Practice::ImageScanning,
        equivalents: &[Tool::Checkov.inspired("CKV_K8S_14")],
        fix: None,
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    for container in ctx.pod.containers() {
        // A container without the key is most often a patch, or an
        // overlay's base whose kustomization is not in the run: its image
        // comes from elsewhere, and saying otherwise would be a guess.
        let Some((key, image)) = container.node.get_entry("image") else {
            continue;
        };
        // A number or a mapping is not an image either, but Kubernetes
        // rejects it when decoding; the YAML rules say so.
        let text = if image.is_null() {
            Some("")
        } else {
            image.as_str()
        };
        let Some(text) = text.filter(|i| i.trim().is_empty()) else {
            continue;
        };
        let consequence = if text.is_empty() {
            "an empty image: the API server refuses the object (image: Required value)"
        } else if ctx.object.kind == "Pod" && ctx.object.group().is_empty() {
            "a blank image: the API server refuses a Pod whose image starts or ends with whitespace"
        } else {
            "a blank image: the API server keeps it as a placeholder and refuses every Pod created from it until something outside the manifest writes the image"
        };
        // A null written as nothing has no width: point at the key.
        let at = if image.span().is_empty() { key } else { image };
        findings
            .report_at(at, format!("{} has {consequence}", container.describe()))
            .help("write the image, pinned to a version or digest");
    }
}
