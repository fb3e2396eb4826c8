use crate::diagnostic::Severity;
use crate::k8s::Object;
use crate::rules::images::ImageReference;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// The Kubernetes Dashboard opened to whoever reaches it:
    ///
    /// - a Dashboard container (image `kubernetesui/dashboard*` or
    ///   `kubernetes-dashboard*`) started with `--enable-skip-login`,
    ///   `--enable-insecure-login` or `--disable-settings-authorizer`
    ///   (reported at the argument);
    /// - a Dashboard Service (labelled `k8s-app` or
    ///   `app.kubernetes.io/name: kubernetes-dashboard`, or named
    ///   `kubernetes-dashboard`) of type `NodePort` or `LoadBalancer`
    ///   (reported at the type).
    ///
    /// A Dashboard reached through `kubectl proxy` or an authenticating
    /// Ingress is not reported.
    ///
    /// ## Why it matters
    /// With skip-login the Dashboard acts with its own service account for
    /// anyone who opens it; the Tesla cluster compromised in 2018 for
    /// cryptomining was found through an exposed Dashboard. A NodePort or
    /// LoadBalancer puts its login page on every node's or a public
    /// address.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: kubernetes-dashboard
    ///   namespace: kubernetes-dashboard
    ///   labels: {k8s-app: kubernetes-dashboard}
    /// spec:
    ///   type: LoadBalancer
    ///   selector: {k8s-app: kubernetes-dashboard}
    ///   ports: [{port: 443, targetPort: 8443}]
    /// ```
    ///
    /// Use instead — reach it with `kubectl port-forward` or behind an
    /// authenticating proxy:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: kubernetes-dashboard
    ///   namespace: kubernetes-dashboard
    ///   labels: {k8s-app: kubernetes-dashboard}
    /// spec:
    ///   selector: {k8s-app: kubernetes-dashboard}
    ///   ports: [{port: 443, targetPort: 8443}]
    /// ```
    ///
    /// ## How to fix
    /// Remove the flags, keep the Service `ClusterIP`, and give users
    /// tokens of their own with narrow RBAC.
    ///
    /// ## References
    /// - [Kubernetes Dashboard: access control](https://github.com/kubernetes/dashboard/blob/master/docs/user/access-control/README.md)
    /// - [Deploy and access the Kubernetes Dashboard](https://kubernetes.io/docs/tasks/access-application-cluster/web-ui-dashboard/)
    pub static RULE = Rule {
        id: "kubernetes-dashboard-exposed",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Kubernetes Dashboard allows skipping login or is exposed outside the cluster",
        practice: Practice::Rbac,
        equivalents: &[Tool::Checkov.inspired("CKV_K8S_33")],
        fix: None,
        check: Check::Object(check),
    };
}

const OPENING_FLAGS: &[(&str, &str)] = &[
    ("--enable-skip-login", "lets anyone skip the login and act with the Dashboard's own service account"),
    ("--enable-insecure-login", "accepts logins over plain HTTP, where tokens can be read on the wire"),
    ("--disable-settings-authorizer", "lets anyone change the Dashboard's global settings"),
];

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    for pod in ctx.pods {
        for container in pod.containers() {
            let Some(image) = container.get("image").and_then(|i| i.as_str()) else {
                continue;
            };
            let repository = ImageReference::parse(image).repository;
            let name = repository.rsplit('/').next().unwrap_or(repository);
            if !(name.starts_with("dashboard") || name.starts_with("kubernetes-dashboard")) {
                continue;
            }
            for key in ["command", "args"] {
                let Some(list) = container.get(key) else {
                    continue;
                };
                for arg in list.items() {
                    let Some(text) = arg.as_str() else {
                        continue;
                    };
                    let (flag, value) = text.split_once('=').unwrap_or((text, "true"));
                    let Some((_, what)) = OPENING_FLAGS.iter().find(|(f, _)| *f == flag) else {
                        continue;
                    };
                    if crate::k8s::flags::parse_bool(value) == Some(false) {
                        continue;
                    }
                    findings
                        .report_at(arg, format!("Kubernetes Dashboard `{flag}` {what}"))
                        .help(format!("remove `{flag}`"));
                }
            }
        }
    }
    if object.kind == "Service" && object.api_version == "v1" && is_dashboard_service(object) {
        let Some(kind) = object.root.path(&["spec", "type"]) else {
            return;
        };
        if let Some(text @ ("NodePort" | "LoadBalancer")) = kind.as_str() {
            findings
                .report_at(
                    kind,
                    format!("Service of type {text} puts the Kubernetes Dashboard on an address outside the cluster"),
                )
                .help("keep the Dashboard's Service `ClusterIP` and reach it with `kubectl port-forward` or an authenticating proxy");
        }
    }
}

fn is_dashboard_service(object: &Object<'_>) -> bool {
    let label = |key: &str| {
        object.labels().and_then(|l| l.get(key)).and_then(|v| v.as_str())
            == Some("kubernetes-dashboard")
    };
    object.name() == Some("kubernetes-dashboard")
        || label("k8s-app")
        || label("app.kubernetes.io/name")
}
