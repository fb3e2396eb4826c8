use super::{components, report_missing, report_unset, report_value, who};
use crate::diagnostic::{Applicability, Severity};
use crate::k8s::flags::Component;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// An etcd container (`command[0]` is `etcd`) whose client or peer
    /// traffic is not protected by mutual TLS with real certificates:
    /// - `--cert-file`/`--key-file` missing (CIS 2.1), `--client-cert-auth`
    ///   not `true` (2.2), `--auto-tls=true` (2.3);
    /// - `--peer-cert-file`/`--peer-key-file` missing (2.4),
    ///   `--peer-client-cert-auth` not `true` (2.5), `--peer-auto-tls=true`
    ///   (2.6);
    /// - `--trusted-ca-file` missing (2.7): client certificates are then
    ///   not verified against a CA of etcd's own;
    /// - an `http://` URL in `--listen-client-urls` other than loopback.
    ///
    /// Flags are also read from `ETCD_*` environment variables, as etcd
    /// does. With `--config-file` the settings live in that file and the
    /// container is not judged.
    ///
    /// ## Why it matters
    /// etcd is the cluster: whoever can read it has every Secret, and
    /// whoever can write it is cluster-admin without RBAC or audit. Without
    /// client certificate authentication anyone who reaches port 2379 is
    /// that person. `auto-tls` uses self-signed certificates nobody
    /// verifies, which encrypts but authenticates no one.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: etcd, namespace: kube-system}
    /// spec:
    ///   containers:
    ///   - name: etcd
    ///     image: registry.k8s.io/etcd:3.5.15-0
    ///     command:
    ///     - etcd
    ///     - --cert-file=/etc/kubernetes/pki/etcd/server.crt
    ///     - --key-file=/etc/kubernetes/pki/etcd/server.key
    ///     - --client-cert-auth=false
    ///     - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
    ///     - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
    ///     - --peer-client-cert-auth=true
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: etcd, namespace: kube-system}
    /// spec:
    ///   containers:
    ///   - name: etcd
    ///     image: registry.k8s.io/etcd:3.5.15-0
    ///     command:
    ///     - etcd
    ///     - --cert-file=/etc/kubernetes/pki/etcd/server.crt
    ///     - --key-file=/etc/kubernetes/pki/etcd/server.key
    ///     - --client-cert-auth=true
    ///     - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
    ///     - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
    ///     - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
    ///     - --peer-client-cert-auth=true
    ///     - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
    /// ```
    ///
    /// ## How to fix
    /// Issue server and peer certificates from a CA dedicated to etcd, set
    /// the certificate flags, and require client certificates on both
    /// ports. The quick fixes flip `client-cert-auth` and `auto-tls` flags
    /// (unsafe: clients without certificates stop working).
    ///
    /// ## References
    /// - [etcd security model](https://etcd.io/docs/v3.5/op-guide/security/)
    /// - CIS Kubernetes Benchmark 2.1–2.7
    pub static RULE = Rule {
        id: "etcd-tls",
        severity: Severity::Error,
        default_enabled: true,
        summary: "etcd serves clients or peers without mutual TLS",
        practice: Practice::SecureEtcd,
        equivalents: &[
            Tool::Checkov.inspired("CKV_K8S_116"),
            Tool::Checkov.inspired("CKV_K8S_117"),
            Tool::Checkov.inspired("CKV_K8S_118"),
            Tool::Checkov.inspired("CKV_K8S_119"),
            Tool::Checkov.inspired("CKV_K8S_121"),
            Tool::Trivy.inspired("KCV-0042"),
            Tool::Trivy.inspired("KCV-0043"),
            Tool::Trivy.inspired("KCV-0044"),
            Tool::Trivy.inspired("KCV-0045"),
            Tool::Trivy.inspired("KCV-0046"),
            Tool::Trivy.inspired("KCV-0047"),
            Tool::Cis.inspired("2.1"),
            Tool::Cis.inspired("2.2"),
            Tool::Cis.inspired("2.3"),
            Tool::Cis.inspired("2.4"),
            Tool::Cis.inspired("2.5"),
            Tool::Cis.inspired("2.6"),
            Tool::Cis.inspired("2.7"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    for c in components(&ctx.pod, Component::Etcd) {
        if c.is_set("config-file") {
            continue;
        }
        report_unset(findings, object, &c, &[
            ("cert-file", "etcd serves clients without a certificate"),
            ("key-file", "etcd serves clients without a certificate"),
            (
                "peer-cert-file",
                "etcd members talk to each other without certificates",
            ),
            (
                "peer-key-file",
                "etcd members talk to each other without certificates",
            ),
            (
                "trusted-ca-file",
                "client certificates are not verified against a CA dedicated to etcd (CIS 2.7)",
            ),
        ]);
        for (name, why) in [
            (
                "client-cert-auth",
                "anyone who reaches the client port can read and write the cluster state",
            ),
            (
                "peer-client-cert-auth",
                "anyone who reaches the peer port can join or talk to the cluster",
            ),
        ] {
            match c.flag(name) {
                Some(flag) if flag.as_bool() == Some(true) => {}
                Some(flag) => report_value(
                    findings,
                    object,
                    &c,
                    flag,
                    why,
                    &format!("set `--{name}=true`"),
                    Some("true"),
                ),
                None => report_missing(
                    findings,
                    object,
                    &c,
                    name,
                    why,
                    &format!("set `--{name}=true`"),
                    Some(&format!("--{name}=true")),
                ),
            }
        }
        for name in ["auto-tls", "peer-auto-tls"] {
            if let Some(flag) = c.flag(name).filter(|f| f.as_bool() == Some(true)) {
                report_value(
                    findings,
                    object,
                    &c,
                    flag,
                    "self-signed certificates that nobody verifies encrypt but authenticate no one",
                    &format!("remove `--{name}` and use certificates from etcd's CA"),
                    Some("false"),
                );
            }
        }
        if let Some(flag) = c.flag("listen-client-urls") {
            for url in flag.list() {
                let host = url
                    .strip_prefix("http://")
                    .map(|rest| rest.split(':').next().unwrap_or(""));
                if host.is_some_and(|h| !matches!(h, "127.0.0.1" | "localhost" | "[::1]")) {
                    findings
                        .report(
                            flag.element_span(url),
                            format!("{} listens for clients on `{url}` over plain HTTP", who(object, &c)),
                        )
                        .help("listen on `https://` URLs with `--cert-file`, `--key-file` and `--client-cert-auth=true`");
                }
            }
        }
    }
}
