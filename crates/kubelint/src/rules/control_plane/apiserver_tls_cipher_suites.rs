use super::{components, report_missing, who, STRONG_CIPHER_SUITES};
use crate::diagnostic::Severity;
use crate::k8s::flags::Component;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A kube-apiserver container that offers TLS cipher suites outside the
    /// CIS benchmark's strong list (1.2.29): each weak suite in
    /// `--tls-cipher-suites`, or no `--tls-cipher-suites` at all, so Go's
    /// defaults (CBC-mode suites included) are offered. The strong list
    /// is the TLS 1.3 suites and ECDHE key exchange with AES-GCM or
    /// ChaCha20-Poly1305.
    ///
    /// ## Why it matters
    /// CBC-mode and RSA key-exchange suites lack forward secrecy or have a
    /// history of padding-oracle attacks; a client that negotiates one
    /// weakens the connection that carries every credential of the
    /// cluster.
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
    ///     - --tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_128_CBC_SHA
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
    ///     - --tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
    /// ```
    ///
    /// ## How to fix
    /// List only strong suites in `--tls-cipher-suites`, e.g.
    /// `TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305`.
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 1.2.29
    /// - [kube-apiserver flags](https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/)
    pub static RULE = Rule {
        id: "apiserver-tls-cipher-suites",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "kube-apiserver offers weak TLS cipher suites",
        practice: Practice::EncryptedCommunication,
        equivalents: &[
            Tool::Checkov.inspired("CKV_K8S_105"),
            Tool::Cis.same("1.2.29"),
        ],
        check: Check::Pod(check),
    };
}

const HELP: &str = "list only ECDHE suites with AES-GCM or ChaCha20-Poly1305 (CIS 1.2.29)";

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    for c in components(&ctx.pod, Component::ApiServer) {
        let Some(flag) = c.flag("tls-cipher-suites") else {
            report_missing(
                findings,
                object,
                &c,
                "tls-cipher-suites",
                "Go's default cipher suites are offered, CBC-mode suites included",
                HELP,
                None,
            );
            continue;
        };
        for suite in flag.list() {
            if !STRONG_CIPHER_SUITES.contains(&suite) {
                findings
                    .report(
                        flag.element_span(suite),
                        format!("{} allows the weak TLS cipher suite `{suite}`", who(object, &c)),
                    )
                    .help(HELP);
            }
        }
    }
}
