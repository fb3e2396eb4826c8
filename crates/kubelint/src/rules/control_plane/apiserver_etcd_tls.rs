use super::{components, report_unset, who};
use crate::diagnostic::Severity;
use crate::k8s::flags::Component;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A kube-apiserver container that talks to etcd without mutual TLS:
    /// `--etcd-certfile` or `--etcd-keyfile` missing (CIS 1.2.23),
    /// `--etcd-cafile` missing (CIS 1.2.26), or an `http://` URL in
    /// `--etcd-servers`.
    ///
    /// ## Why it matters
    /// etcd holds the whole cluster state, every Secret included. Without a
    /// client certificate the API server cannot prove itself to an etcd
    /// that requires one — so etcd must accept anyone — and without the CA
    /// it cannot tell the real etcd from an impostor on the network.
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
    ///     - --etcd-servers=http://10.0.0.5:2379
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
    ///     - --etcd-servers=https://10.0.0.5:2379
    ///     - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
    ///     - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
    ///     - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
    /// ```
    ///
    /// ## How to fix
    /// Issue the API server an etcd client certificate from etcd's own CA,
    /// set the three flags, use `https://` etcd URLs, and make etcd require
    /// client certificates (`etcd-tls`).
    ///
    /// ## References
    /// - [Securing etcd clusters](https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#securing-etcd-clusters)
    /// - CIS Kubernetes Benchmark 1.2.23, 1.2.26
    pub static RULE = Rule {
        id: "apiserver-etcd-tls",
        severity: Severity::Error,
        default_enabled: true,
        summary: "kube-apiserver talks to etcd without mutual TLS",
        practice: Practice::SecureEtcd,
        equivalents: &[
            Tool::Checkov.inspired("CKV_K8S_99"),
            Tool::Checkov.inspired("CKV_K8S_102"),
            Tool::Trivy.inspired("KCV-0026"),
            Tool::Trivy.inspired("KCV-0029"),
            Tool::Cis.inspired("1.2.23"),
            Tool::Cis.inspired("1.2.26"),
        ],
        fix: None,
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    for c in components(&ctx.pod, Component::ApiServer) {
        report_unset(findings, object, &c, &[
            (
                "etcd-certfile",
                "the API server has no client certificate for etcd",
            ),
            (
                "etcd-keyfile",
                "the API server has no client certificate for etcd",
            ),
            (
                "etcd-cafile",
                "the API server does not verify etcd's certificate",
            ),
        ]);
        if let Some(flag) = c.flag("etcd-servers") {
            for server in flag.list() {
                if server.starts_with("http://") {
                    findings
                        .report(
                            flag.element_span(server),
                            format!("{} reaches etcd at `{server}` over plain HTTP: the cluster state, Secrets included, crosses the network unencrypted", who(object, &c)),
                        )
                        .help("use `https://` etcd URLs with `--etcd-cafile`, `--etcd-certfile` and `--etcd-keyfile`");
                }
            }
        }
    }
}
