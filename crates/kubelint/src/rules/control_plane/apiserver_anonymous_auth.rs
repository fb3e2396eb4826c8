use super::{components, report_missing, report_value};
use crate::diagnostic::{Applicability, Severity};
use crate::k8s::flags::Component;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A kube-apiserver container (a static pod or any pod whose
    /// `command[0]` is `kube-apiserver`) with `--anonymous-auth=true`, or
    /// without the flag, which defaults to true. When
    /// `--authentication-config` is set, anonymous access is configured in
    /// that file and the flag is not judged.
    ///
    /// ## Why it matters
    /// With anonymous authentication on, every request without credentials
    /// is served as `system:anonymous` in the group
    /// `system:unauthenticated`. Only RBAC stands between the network and
    /// the API then, and one careless binding (see
    /// `binding-to-system-group`) opens the cluster. It also exposes
    /// version and discovery information to scanners.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: kube-apiserver, namespace: kube-system}
    /// spec:
    ///   containers:
    ///   - name: kube-apiserver
    ///     image: registry.k8s.io/kube-apiserver:v1.31.2
    ///     command:
    ///     - kube-apiserver
    ///     - --anonymous-auth=true
    ///     - --authorization-mode=Node,RBAC
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: kube-apiserver, namespace: kube-system}
    /// spec:
    ///   containers:
    ///   - name: kube-apiserver
    ///     image: registry.k8s.io/kube-apiserver:v1.31.2
    ///     command:
    ///     - kube-apiserver
    ///     - --anonymous-auth=false
    ///     - --authorization-mode=Node,RBAC
    /// ```
    ///
    /// ## How to fix
    /// Set `--anonymous-auth=false` (the quick fix does this; it is unsafe
    /// because load balancer health checks of `/healthz` or `/livez` then
    /// need credentials). On Kubernetes 1.32+, an `AuthenticationConfiguration`
    /// can allow anonymous requests to the health endpoints only.
    ///
    /// ## References
    /// - [Anonymous requests](https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests)
    /// - CIS Kubernetes Benchmark 1.2.1
    pub static RULE = Rule {
        id: "apiserver-anonymous-auth",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "kube-apiserver allows anonymous requests",
        practice: Practice::VersionsAndBenchmarks,
        equivalents: &[
            Tool::Checkov.same("CKV_K8S_68"),
            Tool::Trivy.same("KCV-0001"),
            Tool::Cis.same("1.2.1"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

const WHY: &str = "requests without credentials are served as `system:anonymous`";
const HELP: &str = "set `--anonymous-auth=false`, or allow anonymous access to the health endpoints only with an AuthenticationConfiguration";

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    for c in components(&ctx.pod, Component::ApiServer) {
        match c.flag("anonymous-auth") {
            Some(flag) if flag.as_bool() == Some(true) => {
                report_value(findings, object, &c, flag, WHY, HELP, Some("false"))
            }
            Some(_) => {}
            None if c.is_set("authentication-config") => {}
            None => report_missing(
                findings,
                object,
                &c,
                "anonymous-auth",
                "it defaults to true, so requests without credentials are served as `system:anonymous`",
                HELP,
                Some("--anonymous-auth=false"),
            ),
        }
    }
}
