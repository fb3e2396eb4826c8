use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice};
use crate::yaml::NodeRef;
use crate::edit::IntoFix as _;

declare_rule! {
    /// ## What it flags
    /// Istio settings that let workloads talk without mutual TLS:
    /// - a `PeerAuthentication` whose `mtls.mode`, or a
    ///   `portLevelMtls.<port>.mode`, is `PERMISSIVE` or `DISABLE`;
    /// - a `DestinationRule` for an in-mesh host whose
    ///   `trafficPolicy.tls.mode` (also per port and per subset) is
    ///   `DISABLE`. Hosts that look external — two or more dots and not
    ///   ending in `.svc` or `.local`, such as `api.example.com` — are
    ///   skipped, since plain-text egress to them is a different decision.
    ///
    /// ## Why it matters
    /// `PERMISSIVE` accepts plain text alongside mTLS, so any pod — or
    /// anything that can reach the pod IP — can call the workload without
    /// an identity, and authorization policies based on principals do not
    /// apply to those calls. `DISABLE` turns encryption and peer
    /// authentication off entirely. Both are meant for migrations and tend
    /// to stay.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: security.istio.io/v1
    /// kind: PeerAuthentication
    /// metadata: {name: default, namespace: shop}
    /// spec:
    ///   mtls:
    ///     mode: PERMISSIVE
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: security.istio.io/v1
    /// kind: PeerAuthentication
    /// metadata: {name: default, namespace: shop}
    /// spec:
    ///   mtls:
    ///     mode: STRICT
    /// ```
    ///
    /// ## How to fix
    /// Set `mode: STRICT` (the quick fix does this; it is unsafe because
    /// clients outside the mesh stop reaching the workload) once every
    /// client has a sidecar or ambient mode. Use `ISTIO_MUTUAL` in
    /// DestinationRules for in-mesh hosts. A mesh-wide STRICT policy in the
    /// root namespace (`istio-system`) sets the default.
    ///
    /// ## References
    /// - [Istio: PeerAuthentication](https://istio.io/latest/docs/reference/config/security/peer_authentication/)
    /// - [Istio: mutual TLS migration](https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/)
    pub static RULE = Rule {
        id: "mesh-mtls-not-strict",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Istio PeerAuthentication or DestinationRule allows plain-text traffic",
        practice: Practice::EncryptedCommunication,
        fix: Some(Applicability::Unsafe),
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    let name = object.name().unwrap_or("(unnamed)");
    match (object.kind, object.group()) {
        ("PeerAuthentication", "security.istio.io") => {
            let Some(spec) = object.root.get("spec") else {
                return;
            };
            let mut modes: Vec<(String, NodeRef<'_>)> = Vec::new();
            if let Some(mode) = spec.path(&["mtls", "mode"]) {
                modes.push((String::new(), mode));
            }
            if let Some(ports) = spec.get("portLevelMtls") {
                for (port, settings) in ports.entries() {
                    if let Some(mode) = settings.get("mode") {
                        let port = port.as_str().unwrap_or("?");
                        modes.push((format!(" on port {port}"), mode));
                    }
                }
            }
            for (port, mode) in modes {
                let why = match mode.as_str() {
                    Some("PERMISSIVE") => "accepts plain-text connections alongside mTLS",
                    Some("DISABLE") => "turns mutual TLS off",
                    _ => continue,
                };
                findings
                    .report_at(
                        mode,
                        format!("PeerAuthentication `{name}` {why}{port}: callers need no identity and traffic can be read on the wire"),
                    )
                    .help("set `mode: STRICT` once every client is in the mesh")
                    .fix(crate::edit::replace_scalar(mode, "STRICT").into_fix("Set mode: STRICT", Applicability::Unsafe));
            }
        }
        ("DestinationRule", "networking.istio.io") => {
            let Some(spec) = object.root.get("spec") else {
                return;
            };
            let host = spec.get("host").and_then(|h| h.as_str()).unwrap_or("");
            if looks_external(host) {
                return;
            }
            let mut policies: Vec<NodeRef<'_>> = spec.get("trafficPolicy").into_iter().collect();
            if let Some(subsets) = spec.get("subsets") {
                policies.extend(subsets.items().filter_map(|s| s.get("trafficPolicy")));
            }
            let mut modes = Vec::new();
            for policy in policies {
                modes.extend(policy.path(&["tls", "mode"]));
                if let Some(ports) = policy.get("portLevelSettings") {
                    modes.extend(ports.items().filter_map(|p| p.path(&["tls", "mode"])));
                }
            }
            for mode in modes {
                if mode.as_str() != Some("DISABLE") {
                    continue;
                }
                findings
                    .report_at(
                        mode,
                        format!("DestinationRule `{name}` turns TLS off for `{host}`: calls to it are plain text and unauthenticated"),
                    )
                    .help("use `mode: ISTIO_MUTUAL` for hosts in the mesh")
                    .fix(crate::edit::replace_scalar(mode, "ISTIO_MUTUAL").into_fix("Set mode: ISTIO_MUTUAL", Applicability::Unsafe));
            }
        }
        _ => {}
    }
}

/// `api.example.com` is outside the mesh; `reviews`, `reviews.prod`,
/// `reviews.prod.svc.cluster.local` and `*.local` are inside.
fn looks_external(host: &str) -> bool {
    let host = host.trim_end_matches('.');
    host.matches('.').count() >= 2
        && !host.ends_with(".svc")
        && !host.ends_with(".local")
        && !host.contains(".svc.")
}

#[cfg(test)]
mod tests {
    #[test]
    fn external_hosts() {
        for host in ["api.example.com", "s3.eu-west-1.amazonaws.com"] {
            assert!(super::looks_external(host), "{host}");
        }
        for host in [
            "reviews",
            "reviews.prod",
            "reviews.prod.svc",
            "reviews.prod.svc.cluster.local",
            "*.local",
            "",
        ] {
            assert!(!super::looks_external(host), "{host}");
        }
    }
}
