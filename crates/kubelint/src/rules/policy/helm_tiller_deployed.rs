use crate::diagnostic::Severity;
use crate::rules::images::ImageReference;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// Helm v2's server, Tiller: a container whose image repository ends in
    /// `/tiller` (`gcr.io/kubernetes-helm/tiller`, `ghcr.io/helm/tiller`),
    /// reported at the image; and a Service that exposes it — named
    /// `tiller-deploy`, selecting `app: helm, name: tiller`, or serving
    /// port 44134 — reported at its name.
    ///
    /// ## Why it matters
    /// Tiller installs whatever charts it is sent, usually with
    /// cluster-admin rights, and by default serves gRPC on port 44134
    /// without authentication: any pod that reaches it can deploy anything,
    /// a privileged DaemonSet included. Helm v2 has had no security fixes
    /// since November 2020; Helm v3 has no server component.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: tiller-deploy, namespace: kube-system}
    /// spec:
    ///   selector: {matchLabels: {app: helm, name: tiller}}
    ///   template:
    ///     metadata: {labels: {app: helm, name: tiller}}
    ///     spec:
    ///       containers:
    ///       - name: tiller
    ///         image: gcr.io/kubernetes-helm/tiller:v2.16.12
    /// ```
    ///
    /// Use instead: Helm v3, which runs on the client with the user's own
    /// permissions, and no Tiller.
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Namespace
    /// metadata: {name: shop}
    /// ```
    ///
    /// ## How to fix
    /// Migrate releases with `helm 2to3`, then delete the Tiller Deployment,
    /// Service and service account.
    ///
    /// ## References
    /// - [Helm: migrating Helm v2 to v3](https://helm.sh/docs/topics/v2_v3_migration/)
    /// - [Helm v2 deprecation timeline](https://helm.sh/blog/helm-v2-deprecation-timeline/)
    pub static RULE = Rule {
        id: "helm-tiller-deployed",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Helm v2 Tiller is deployed",
        practice: Practice::VersionsAndBenchmarks,
        equivalents: &[
            Tool::Trivy.inspired("KSV-0102"),
            Tool::Checkov.inspired("CKV_K8S_34"),
            Tool::Checkov.inspired("CKV_K8S_44"),
            Tool::Checkov.inspired("CKV_K8S_45"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

/// Tiller's gRPC port.
const TILLER_PORT: i64 = 44134;

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    for pod in ctx.pods {
        for container in pod.containers() {
            let Some(image) = container.get("image") else {
                continue;
            };
            let Some(text) = image.as_str() else {
                continue;
            };
            let reference = ImageReference::parse(text);
            if reference.repository != "tiller" && !reference.repository.ends_with("/tiller") {
                continue;
            }
            findings
                .report_at(
                    image,
                    format!(
                        "{} runs Helm v2's Tiller, unsupported since 2020, which installs any chart sent to its unauthenticated port {TILLER_PORT} with the rights of its service account",
                        container.describe()
                    ),
                )
                .help("migrate to Helm v3 (`helm 2to3`) and delete Tiller");
        }
    }
    if object.kind == "Service" && object.api_version == "v1" && is_tiller_service(object) {
        let at = object
            .metadata()
            .and_then(|m| m.get("name"))
            .map_or(object.kind_span(), |n| n.span());
        findings
            .report(
                at,
                format!("Service exposes Helm v2's Tiller, whose port {TILLER_PORT} installs any chart without authentication"),
            )
            .help("migrate to Helm v3 (`helm 2to3`) and delete Tiller and its Service");
    }
}

fn is_tiller_service(object: &crate::k8s::Object<'_>) -> bool {
    let Some(spec) = object.root.get("spec") else {
        return false;
    };
    let selects = |key: &str, value: &str| {
        spec.path(&["selector", key]).and_then(|v| v.as_str()) == Some(value)
    };
    object.name() == Some("tiller-deploy")
        || (selects("app", "helm") && selects("name", "tiller"))
        || spec.get("ports").is_some_and(|ports| {
            ports.items().any(|p| {
                p.get("port").and_then(|v| v.as_i64()) == Some(TILLER_PORT)
                    || p.get("targetPort").and_then(|v| v.as_i64()) == Some(TILLER_PORT)
            })
        })
}
