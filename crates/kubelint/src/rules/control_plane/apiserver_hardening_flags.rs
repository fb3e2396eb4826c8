use super::{check_profiling, components, report_missing, report_unset, report_value, who};
use crate::k8s::flags::{parse_go_duration, ComponentContainer};
use crate::k8s::Object;
use crate::diagnostic::{Applicability, Severity};
use crate::k8s::flags::Component;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A kube-apiserver container that lacks a CIS-recommended hardening
    /// setting:
    /// - `NodeRestriction` in `--enable-admission-plugins` (1.2.14);
    /// - `Node` and `RBAC` in `--authorization-mode` (1.2.7, 1.2.8);
    /// - `--profiling=false` (1.2.15; profiling is on by default);
    /// - `--kubelet-client-certificate` and `--kubelet-client-key` (1.2.4),
    ///   `--kubelet-certificate-authority` (1.2.5);
    /// - `--tls-cert-file` and `--tls-private-key-file` (1.2.24),
    ///   `--client-ca-file` (1.2.25), `--service-account-key-file` (1.2.22);
    /// - a `--request-timeout` that is not a positive duration of at most
    ///   5 minutes (1.2.20: "as appropriate"; the default is 60s, and a
    ///   long timeout lets slow requests exhaust the API server).
    ///
    /// Settings that switch a protection off outright are reported by
    /// `apiserver-insecure-flags`; anonymous auth, audit, encryption and
    /// etcd TLS have their own rules.
    ///
    /// ## Why it matters
    /// Without `NodeRestriction` and the `Node` authorizer, a kubelet's
    /// credentials can modify any node and read any Secret, so one
    /// compromised node becomes the cluster. Without the kubelet client
    /// certificate and CA, the API server neither proves itself to
    /// kubelets nor verifies them, and `kubectl exec` traffic can be
    /// intercepted. Profiling endpoints leak internals.
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
    ///     - --authorization-mode=RBAC
    ///     - --enable-admission-plugins=NodeRestriction
    ///     - --profiling=false
    ///     - --client-ca-file=/etc/kubernetes/pki/ca.crt
    ///     - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
    ///     - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
    ///     - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
    ///     - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
    ///     - --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt
    ///     - --service-account-key-file=/etc/kubernetes/pki/sa.pub
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
    ///     - --authorization-mode=Node,RBAC
    ///     - --enable-admission-plugins=NodeRestriction
    ///     - --profiling=false
    ///     - --client-ca-file=/etc/kubernetes/pki/ca.crt
    ///     - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
    ///     - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
    ///     - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
    ///     - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
    ///     - --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt
    ///     - --service-account-key-file=/etc/kubernetes/pki/sa.pub
    /// ```
    ///
    /// ## How to fix
    /// Add the missing flags. The quick fixes add `--profiling=false` and
    /// `NodeRestriction`; they are unsafe because a restarted API server
    /// with a wrong flag stops the control plane — roll them out one
    /// control-plane node at a time.
    ///
    /// ## References
    /// - [kube-apiserver flags](https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/)
    /// - [Node authorization](https://kubernetes.io/docs/reference/access-authn-authz/node/)
    /// - CIS Kubernetes Benchmark 1.2.4, 1.2.5, 1.2.7, 1.2.8, 1.2.14, 1.2.15, 1.2.20, 1.2.22, 1.2.24, 1.2.25
    pub static RULE = Rule {
        id: "apiserver-hardening-flags",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "kube-apiserver lacks a CIS hardening flag (NodeRestriction, Node/RBAC, profiling, kubelet and client TLS)",
        practice: Practice::VersionsAndBenchmarks,
        equivalents: &[
            Tool::Checkov.inspired("CKV_K8S_72"),
            Tool::Checkov.inspired("CKV_K8S_73"),
            Tool::Checkov.inspired("CKV_K8S_75"),
            Tool::Checkov.inspired("CKV_K8S_77"),
            Tool::Checkov.inspired("CKV_K8S_85"),
            Tool::Checkov.inspired("CKV_K8S_90"),
            Tool::Checkov.inspired("CKV_K8S_95"),
            Tool::Checkov.inspired("CKV_K8S_97"),
            Tool::Checkov.inspired("CKV_K8S_100"),
            Tool::Trivy.inspired("KCV-0005"),
            Tool::Trivy.inspired("KCV-0006"),
            Tool::Trivy.inspired("KCV-0008"),
            Tool::Trivy.inspired("KCV-0009"),
            Tool::Trivy.inspired("KCV-0016"),
            Tool::Trivy.inspired("KCV-0018"),
            Tool::Trivy.inspired("KCV-0025"),
            Tool::Trivy.inspired("KCV-0027"),
            Tool::Trivy.inspired("KCV-0028"),
            Tool::Cis.inspired("1.2.4"),
            Tool::Cis.inspired("1.2.5"),
            Tool::Cis.inspired("1.2.7"),
            Tool::Cis.inspired("1.2.8"),
            Tool::Cis.inspired("1.2.14"),
            Tool::Cis.inspired("1.2.15"),
            Tool::Cis.inspired("1.2.20"),
            Tool::Cis.inspired("1.2.22"),
            Tool::Cis.inspired("1.2.24"),
            Tool::Cis.inspired("1.2.25"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

/// Flags that must be set, with what is lost without them.
const REQUIRED: &[(&str, &str)] = &[
    ("kubelet-client-certificate", "the API server cannot authenticate to kubelets"),
    ("kubelet-client-key", "the API server cannot authenticate to kubelets"),
    ("kubelet-certificate-authority", "kubelets' serving certificates are not verified, so exec and logs traffic can be intercepted"),
    ("tls-cert-file", "the API server serves a self-signed certificate clients cannot verify"),
    ("tls-private-key-file", "the API server serves a self-signed certificate clients cannot verify"),
    ("client-ca-file", "client certificate authentication is off"),
    ("service-account-key-file", "service account tokens are verified only with the serving key"),
];

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    for c in components(&ctx.pod, Component::ApiServer) {
        match c.flag("enable-admission-plugins") {
            Some(flag) if flag.list().contains(&"NodeRestriction") => {}
            Some(flag) => {
                let value = format!("{},NodeRestriction", flag.text());
                findings
                    .report(
                        flag.span(),
                        format!("{} does not enable the NodeRestriction admission plugin: a kubelet's credentials can modify other nodes and their pods", who(object, &c)),
                    )
                    .help("add `NodeRestriction` to `--enable-admission-plugins`")
                    .fix(super::set_value_fix(flag, &value));
            }
            None => report_missing(
                findings, object, &c, "enable-admission-plugins",
                "the NodeRestriction admission plugin is off, so a kubelet's credentials can modify other nodes and their pods",
                "set `--enable-admission-plugins=NodeRestriction`",
                Some("--enable-admission-plugins=NodeRestriction"),
            ),
        }
        if let Some(flag) = c.flag("authorization-mode") {
            let modes = flag.list();
            if !modes.contains(&"AlwaysAllow") {
                for (mode, why) in [
                    (
                        "Node",
                        "kubelets are authorized by RBAC alone and can read every Secret",
                    ),
                    ("RBAC", "role-based access control is off"),
                ] {
                    if !modes.contains(&mode) {
                        findings
                            .report(
                                flag.span(),
                                format!(
                                    "{} does not include `{mode}` in `--authorization-mode`: {why}",
                                    who(object, &c)
                                ),
                            )
                            .help("use `--authorization-mode=Node,RBAC`");
                    }
                }
            }
        }
        check_profiling(findings, object, &c, "1.2.15");
        check_request_timeout(findings, object, &c);
        report_unset(findings, object, &c, REQUIRED);
    }
}

/// The longest `--request-timeout` accepted: five times the default 60s.
const MAX_REQUEST_TIMEOUT_SECONDS: f64 = 300.0;

/// CIS 1.2.20: a `--request-timeout` that is set must be a positive
/// duration that is not so long that slow requests pile up.
fn check_request_timeout(findings: &mut Findings<'_>, object: &Object<'_>, c: &ComponentContainer<'_>) {
    let Some(flag) = c.flag("request-timeout") else {
        return;
    };
    let why = match parse_go_duration(flag.text()) {
        None => "it is not a duration such as `60s`, so the API server refuses to start",
        Some(seconds) if seconds <= 0.0 => "requests never time out",
        Some(seconds) if seconds > MAX_REQUEST_TIMEOUT_SECONDS => {
            "requests may stay open so long that slow clients exhaust the API server"
        }
        Some(_) => return,
    };
    report_value(
        findings,
        object,
        c,
        flag,
        why,
        "use the default `60s`, or at most `300s` for slow connections (CIS 1.2.20)",
        None,
    );
}
