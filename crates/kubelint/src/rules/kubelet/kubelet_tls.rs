use super::{kubelets, Setting};
use crate::diagnostic::{Applicability, Severity};
use crate::rules::control_plane::STRONG_CIPHER_SUITES;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A kubelet whose API is served or reached with weak TLS, in a
    /// `KubeletConfiguration` or the flags of a container that runs
    /// `kubelet`:
    /// - no serving certificate (CIS 4.2.9): neither `tlsCertFile` and
    ///   `tlsPrivateKeyFile` (`--tls-cert-file`, `--tls-private-key-file`)
    ///   nor `serverTLSBootstrap: true` (`--rotate-server-certificates`),
    ///   so the kubelet serves a self-signed certificate nobody can verify;
    /// - `rotateCertificates: false` (`--rotate-certificates=false`, CIS
    ///   4.2.10);
    /// - the `RotateKubeletServerCertificate` feature gate turned off
    ///   (CIS 4.2.11);
    /// - a cipher suite outside the benchmark's strong list in
    ///   `tlsCipherSuites` (`--tls-cipher-suites`), or no list at all, so
    ///   Go's defaults (CBC suites included) are offered (CIS 4.2.12).
    ///
    /// A kubelet started with `--config FILE` is judged only on the flags
    /// it sets: the file sets the rest.
    ///
    /// ## Why it matters
    /// The API server talks to the kubelet to exec, attach and read logs;
    /// with a self-signed serving certificate it cannot verify the node it
    /// talks to, and without rotation a leaked or expiring certificate
    /// stays in use.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// rotateCertificates: false
    /// featureGates:
    ///   RotateKubeletServerCertificate: false
    /// tlsCipherSuites: [TLS_RSA_WITH_AES_128_CBC_SHA]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// rotateCertificates: true
    /// serverTLSBootstrap: true
    /// tlsCipherSuites:
    /// - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    /// - TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
    /// ```
    ///
    /// ## How to fix
    /// Give the kubelet a serving certificate signed by the cluster CA (or
    /// `serverTLSBootstrap: true` and approve its CSRs), keep certificate
    /// rotation on, and list only strong cipher suites. The quick fix sets
    /// `rotateCertificates: true` (unsafe: restart the kubelet).
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 4.2.9–4.2.12
    /// - [Kubelet TLS bootstrapping](https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/)
    /// - [Certificate rotation](https://kubernetes.io/docs/tasks/tls/certificate-rotation/)
    pub static RULE = Rule {
        id: "kubelet-tls",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Kubelet serves without a verifiable certificate, does not rotate certificates, or allows weak ciphers",
        practice: Practice::EncryptedCommunication,
        equivalents: &[
            Tool::Checkov.inspired("CKV_K8S_148"),
            Tool::Checkov.inspired("CKV_K8S_149"),
            Tool::Checkov.inspired("CKV_K8S_151"),
            Tool::Trivy.inspired("KCV-0088"),
            Tool::Trivy.inspired("KCV-0089"),
            Tool::Trivy.inspired("KCV-0090"),
            Tool::Trivy.inspired("KCV-0091"),
            Tool::Trivy.inspired("KCV-0092"),
            Tool::Cis.inspired("4.2.9"),
            Tool::Cis.inspired("4.2.10"),
            Tool::Cis.inspired("4.2.11"),
            Tool::Cis.inspired("4.2.12"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Object(check),
    };
}

const CERT: Setting = Setting {
    flag: "tls-cert-file",
    field: &["tlsCertFile"],
};
const KEY: Setting = Setting {
    flag: "tls-private-key-file",
    field: &["tlsPrivateKeyFile"],
};
const BOOTSTRAP: Setting = Setting {
    flag: "rotate-server-certificates",
    field: &["serverTLSBootstrap"],
};
const ROTATE: Setting = Setting {
    flag: "rotate-certificates",
    field: &["rotateCertificates"],
};
const GATES: Setting = Setting {
    flag: "feature-gates",
    field: &["featureGates"],
};
const CIPHERS: Setting = Setting {
    flag: "tls-cipher-suites",
    field: &["tlsCipherSuites"],
};

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    for kubelet in kubelets(ctx) {
        let visible_defaults = kubelet.defaults().is_some();
        // 4.2.9: a serving certificate the API server can verify.
        let bootstrap = kubelet
            .get(&BOOTSTRAP)
            .is_some_and(|v| v.as_bool() == Some(true));
        let unset: Vec<String> = [CERT, KEY]
            .iter()
            .filter(|s| {
                kubelet
                    .get(s)
                    .is_none_or(|v| v.as_str().is_some_and(|t| t.trim().is_empty()))
            })
            .map(|s| format!("`{}`", kubelet.name_of(s)))
            .collect();
        if !bootstrap && visible_defaults && !unset.is_empty() {
            findings
                .report(
                    kubelet.missing_span(),
                    format!(
                        "{} sets neither {} nor `{}`: it serves its API with a self-signed certificate the API server cannot verify",
                        kubelet.who,
                        unset.join(" and "),
                        kubelet.name_of(&BOOTSTRAP),
                    ),
                )
                .help("set the serving certificate and key signed by the cluster CA, or turn on server TLS bootstrapping (CIS 4.2.9)");
        }
        // 4.2.10: client certificate rotation.
        if let Some(value) = kubelet.get(&ROTATE) {
            if value.as_bool() == Some(false) {
                kubelet.report_value(
                    findings,
                    &value,
                    "the kubelet's client certificate is not renewed before it expires",
                    "turn certificate rotation on (CIS 4.2.10)",
                    Some("true"),
                );
            }
        }
        // 4.2.11: serving certificate rotation.
        if let Some((false, span)) = kubelet
            .get(&GATES)
            .and_then(|v| v.feature_gate("RotateKubeletServerCertificate"))
        {
            findings
                .report(
                    span,
                    format!(
                        "{} turns off the `RotateKubeletServerCertificate` feature gate: its serving certificate is never renewed",
                        kubelet.who
                    ),
                )
                .help("do not turn the `RotateKubeletServerCertificate` gate off: it is on by default (CIS 4.2.11)");
        }
        // 4.2.12: strong cipher suites only.
        match kubelet.get(&CIPHERS) {
            Some(value) => {
                for (suite, span) in value.list() {
                    if !STRONG_CIPHER_SUITES.contains(&suite) {
                        findings
                            .report(
                                span,
                                format!("{} allows the weak TLS cipher suite `{suite}`", kubelet.who),
                            )
                            .help("list only ECDHE suites with AES-GCM or ChaCha20-Poly1305 (CIS 4.2.12)");
                    }
                }
            }
            None if visible_defaults => kubelet.report_missing(
                findings,
                &CIPHERS,
                None,
                "Go's default cipher suites are offered, CBC-mode suites included",
                "list only ECDHE suites with AES-GCM or ChaCha20-Poly1305, e.g. `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256` (CIS 4.2.12)",
            ),
            None => {}
        }
    }
}
