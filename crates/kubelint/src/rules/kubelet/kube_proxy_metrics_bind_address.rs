use super::{Node, Setting};
use crate::diagnostic::{Applicability, Severity};
use crate::k8s::flags::Component;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A kube-proxy whose metrics endpoint listens beyond the node itself
    /// (CIS 4.3.1): `metricsBindAddress` in a `KubeProxyConfiguration`
    /// (`kubeproxy.config.k8s.io`), or `--metrics-bind-address` on a
    /// container that runs `kube-proxy`, with a host other than loopback
    /// (`0.0.0.0:10249`, `[::]:10249`, a node IP, or a CIDR such as
    /// `0.0.0.0/0`). Unset or empty passes: it defaults to
    /// `127.0.0.1:10249`.
    ///
    /// ## Why it matters
    /// The metrics endpoint has no authentication: on every interface it
    /// tells anyone on the network about the node's services and
    /// endpoints, and its `/proxyMode` and `/configz` pages reveal the
    /// proxy's configuration.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: kubeproxy.config.k8s.io/v1alpha1
    /// kind: KubeProxyConfiguration
    /// metricsBindAddress: 0.0.0.0:10249
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: kubeproxy.config.k8s.io/v1alpha1
    /// kind: KubeProxyConfiguration
    /// metricsBindAddress: 127.0.0.1:10249
    /// ```
    ///
    /// ## How to fix
    /// Bind the metrics endpoint to `127.0.0.1:10249` and scrape it through
    /// an authenticating proxy; the quick fix sets it (unsafe: scrapers
    /// that reach the node's address lose the metrics).
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 4.3.1
    /// - [kube-proxy configuration (v1alpha1)](https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/)
    pub static RULE = Rule {
        id: "kube-proxy-metrics-bind-address",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "kube-proxy serves its metrics on every interface",
        practice: Practice::HardenedNodes,
        equivalents: &[
            Tool::Cis.same("4.3.1"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Object(check),
    };
}

const METRICS: Setting = Setting {
    flag: "metrics-bind-address",
    field: &["metricsBindAddress"],
};

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let proxies = Node::in_object(
        ctx,
        Component::KubeProxy,
        "KubeProxyConfiguration",
        "kubeproxy.config.k8s.io",
    );
    for proxy in proxies {
        let Some(value) = proxy.get(&METRICS) else {
            continue;
        };
        let Some(address) = value.as_str() else {
            continue;
        };
        if address.trim().is_empty() || is_loopback(address.trim()) {
            continue;
        }
        proxy.report_value(
            findings,
            &value,
            "the unauthenticated metrics endpoint is reachable from the network",
            "bind it to `127.0.0.1:10249` (CIS 4.3.1)",
            Some("127.0.0.1:10249"),
        );
    }
}

/// Whether `host:port`, `host`, `[v6]:port` or a CIDR names loopback only.
fn is_loopback(address: &str) -> bool {
    let host = if let Some(rest) = address.strip_prefix('[') {
        rest.split(']').next().unwrap_or(rest)
    } else if address.matches(':').count() == 1 {
        address.split(':').next().unwrap_or(address)
    } else {
        address
    };
    if let Some((ip, prefix)) = host.split_once('/') {
        // A CIDR: loopback only when inside 127.0.0.0/8 or ::1/128.
        return match ip.parse::<std::net::IpAddr>() {
            Ok(std::net::IpAddr::V4(v4)) => {
                v4.is_loopback() && prefix.parse::<u8>().is_ok_and(|p| p >= 8)
            }
            Ok(std::net::IpAddr::V6(v6)) => v6.is_loopback() && prefix == "128",
            Err(_) => false,
        };
    }
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::is_loopback;

    #[test]
    fn loopback_addresses() {
        for yes in ["127.0.0.1:10249", "127.0.0.1", "[::1]:10249", "::1", "localhost:10249", "127.0.0.0/8"] {
            assert!(is_loopback(yes), "{yes}");
        }
        for no in ["0.0.0.0:10249", "[::]:10249", "10.0.0.5:10249", "0.0.0.0/0", "127.0.0.0/1", ":10249", "::"] {
            assert!(!is_loopback(no), "{no}");
        }
    }
}
