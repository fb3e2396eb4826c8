use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::rules::options::RuleOption;
use crate::edit::IntoFix as _;

declare_rule! {
    /// ## What it flags
    /// A `host` in the `httpGet` or `tcpSocket` action of a container's
    /// `livenessProbe`, `readinessProbe`, `startupProbe`, or `lifecycle`
    /// `postStart`/`preStop` hook (init containers included), reported at
    /// the host. An empty `host` is fine: it means the pod's own IP.
    ///
    /// This is the `hostProbesAndHostLifecycle` control the Baseline Pod
    /// Security Standard gained in Kubernetes 1.34; no other linter checks
    /// it. With a `kubernetes-version` before 1.34 it is still reported (the
    /// risk is the same) and the message says admission does not check it
    /// there.
    ///
    /// ## Why it matters
    /// Probes and lifecycle hooks are executed by the kubelet, from the
    /// node. With `host` set, a pod author makes the kubelet send requests to
    /// any address the node can reach — node-local services, the cloud
    /// metadata endpoint, other hosts — a server-side request forgery that
    /// bypasses NetworkPolicies.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: web}
    /// spec:
    ///   containers:
    ///   - name: web
    ///     image: registry.example.com/web:2.1.0
    ///     livenessProbe:
    ///       httpGet:
    ///         host: 169.254.169.254
    ///         path: /latest/meta-data/
    ///         port: 80
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: web}
    /// spec:
    ///   containers:
    ///   - name: web
    ///     image: registry.example.com/web:2.1.0
    ///     livenessProbe:
    ///       httpGet:
    ///         path: /healthz
    ///         port: 8080
    /// ```
    ///
    /// ## How to fix
    /// Remove `host` (the quick fix deletes it) so the probe targets the pod
    /// itself. To check a name-based virtual host, set an `httpHeaders`
    /// entry `Host` instead.
    ///
    /// ## References
    /// - [Pod Security Standards: Probes and lifecycle hooks](https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline)
    pub static RULE = Rule {
        id: "host-probes-lifecycle",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Probe or lifecycle hook targets another host (httpGet/tcpSocket host)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::Pss.same("baseline/hostProbesAndHostLifecycle"),
        ],
        options: &[KUBERNETES_VERSION],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

/// The release the verdict is for.
const KUBERNETES_VERSION: RuleOption = RuleOption::kubernetes_version(
    "the oldest release your clusters run: before 1.34 the message says Pod Security admission does not check this yet",
);

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    let note = match ctx.options.kubernetes_version() {
        Some(v) if !v.at_least(34) => {
            format!(" (Pod Security admission checks this from Kubernetes 1.34, not in {v})")
        }
        _ => String::new(),
    };
    for container in pod.containers() {
        for handler in container.handlers() {
            for action in ["httpGet", "tcpSocket"] {
                let Some(target) = handler.node.get(action).filter(|a| a.is_mapping()) else {
                    continue;
                };
                let Some(host) = target.get("host").filter(|h| !h.is_null()) else {
                    continue;
                };
                let text = host.as_str().unwrap_or_default();
                if text.is_empty() {
                    continue;
                }
                findings
                    .report_at(
                        host,
                        format!(
                            "the {} of {} sends its {action} to `{text}`, so the kubelet makes requests from the node to a host the pod chooses{note}",
                            handler.field,
                            container.describe()
                        ),
                    )
                    .help("remove `host` so the request goes to the pod itself; use an `httpHeaders` Host header for virtual hosts")
                    .fix(crate::edit::remove_entry(target, "host").into_fix("Remove host", Applicability::Unsafe));
            }
        }
    }
}
