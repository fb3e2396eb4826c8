use super::{components, report_value, who};
use crate::diagnostic::{Applicability, Severity};
use crate::k8s::flags::Component;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// kube-apiserver flags that switch a protection off:
    /// - `--token-auth-file` or `--basic-auth-file` (static credentials);
    /// - `--insecure-port` other than 0, `--insecure-bind-address`, or
    ///   `--secure-port=0` (plain-text, unauthenticated serving);
    /// - `--kubelet-https=false`;
    /// - `AlwaysAllow` in `--authorization-mode`, or neither
    ///   `--authorization-mode` nor `--authorization-config` set (the
    ///   default is `AlwaysAllow`);
    /// - `AlwaysAdmit` in `--enable-admission-plugins`, or `ServiceAccount`
    ///   or `NamespaceLifecycle` in `--disable-admission-plugins`;
    /// - `--service-account-lookup=false`.
    ///
    /// ## Why it matters
    /// Each of these removes a layer the API server relies on: static
    /// token files hold credentials that never expire, the insecure port
    /// serves the API without authentication or authorization, `AlwaysAllow`
    /// makes every authenticated request an admin request, `AlwaysAdmit`
    /// skips admission control, and without service account lookup a token
    /// keeps working after its service account is deleted.
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
    ///     - --authorization-mode=AlwaysAllow
    ///     - --token-auth-file=/etc/kubernetes/tokens.csv
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
    ///     - --client-ca-file=/etc/kubernetes/pki/ca.crt
    /// ```
    ///
    /// ## How to fix
    /// Remove the static credential files and authenticate with client
    /// certificates, OIDC or service account tokens; use
    /// `--authorization-mode=Node,RBAC`; serve only on the secure port; keep
    /// the default admission plugins enabled.
    ///
    /// ## References
    /// - [kube-apiserver flags](https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/)
    /// - CIS Kubernetes Benchmark 1.2.2, 1.2.6, 1.2.10, 1.2.12, 1.2.13, 1.2.21
    pub static RULE = Rule {
        id: "apiserver-insecure-flags",
        severity: Severity::Error,
        default_enabled: true,
        summary: "kube-apiserver flag switches off authentication, authorization, admission or TLS",
        practice: Practice::VersionsAndBenchmarks,
        equivalents: &[
            Tool::Checkov.inspired("CKV_K8S_69"),
            Tool::Checkov.inspired("CKV_K8S_70"),
            Tool::Checkov.inspired("CKV_K8S_71"),
            Tool::Checkov.inspired("CKV_K8S_74"),
            Tool::Checkov.inspired("CKV_K8S_79"),
            Tool::Checkov.inspired("CKV_K8S_82"),
            Tool::Checkov.inspired("CKV_K8S_83"),
            Tool::Checkov.inspired("CKV_K8S_86"),
            Tool::Checkov.inspired("CKV_K8S_88"),
            Tool::Checkov.inspired("CKV_K8S_89"),
            Tool::Checkov.inspired("CKV_K8S_96"),
            Tool::Trivy.inspired("KCV-0002"),
            Tool::Trivy.inspired("KCV-0004"),
            Tool::Trivy.inspired("KCV-0007"),
            Tool::Trivy.inspired("KCV-0011"),
            Tool::Trivy.inspired("KCV-0014"),
            Tool::Trivy.inspired("KCV-0015"),
            Tool::Trivy.inspired("KCV-0017"),
            Tool::Trivy.inspired("KCV-0024"),
            Tool::Cis.inspired("1.2.2"),
            Tool::Cis.inspired("1.2.6"),
            Tool::Cis.inspired("1.2.10"),
            Tool::Cis.inspired("1.2.12"),
            Tool::Cis.inspired("1.2.13"),
            Tool::Cis.inspired("1.2.21"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    for c in components(&ctx.pod, Component::ApiServer) {
        for (name, why) in [
            (
                "token-auth-file",
                "static bearer tokens never expire and are read from a plain file",
            ),
            (
                "basic-auth-file",
                "static passwords are read from a plain file (removed in Kubernetes 1.19)",
            ),
            (
                "insecure-bind-address",
                "it serves the API on a port without authentication or TLS",
            ),
        ] {
            if let Some(flag) = c.flag(name).filter(|f| !f.text().is_empty()) {
                report_value(findings, object, &c, flag, why, "remove the flag", None);
            }
        }
        if let Some(flag) = c.flag("insecure-port").filter(|f| f.text() != "0") {
            report_value(
                findings,
                object,
                &c,
                flag,
                "it serves the API without authentication, authorization or TLS",
                "remove the flag or set `--insecure-port=0`",
                Some("0"),
            );
        }
        if let Some(flag) = c.flag("secure-port").filter(|f| f.text() == "0") {
            report_value(
                findings,
                object,
                &c,
                flag,
                "it turns off the authenticated TLS port",
                "serve on the secure port (the default 6443)",
                None,
            );
        }
        if let Some(flag) = c
            .flag("kubelet-https")
            .filter(|f| f.as_bool() == Some(false))
        {
            report_value(
                findings,
                object,
                &c,
                flag,
                "it talks to kubelets over plain HTTP",
                "remove the flag; kubelets are reached over HTTPS by default",
                Some("true"),
            );
        }
        if let Some(flag) = c
            .flag("service-account-lookup")
            .filter(|f| f.as_bool() == Some(false))
        {
            report_value(
                findings,
                object,
                &c,
                flag,
                "tokens of deleted service accounts keep working",
                "set `--service-account-lookup=true` (the default)",
                Some("true"),
            );
        }
        match c.flag("authorization-mode") {
            Some(flag) if flag.list().contains(&"AlwaysAllow") => {
                findings
                    .report(
                        flag.element_span("AlwaysAllow"),
                        format!(
                            "{} authorizes every request (`AlwaysAllow` in `--authorization-mode`)",
                            who(object, &c)
                        ),
                    )
                    .help("use `--authorization-mode=Node,RBAC`");
            }
            Some(_) => {}
            None if c.is_set("authorization-config") => {}
            None => {
                findings
                    .report(
                        c.missing_span(),
                        format!("{} sets neither `--authorization-mode` nor `--authorization-config`, so every request is authorized (`AlwaysAllow`)", who(object, &c)),
                    )
                    .help("set `--authorization-mode=Node,RBAC`");
            }
        }
        for (flag_name, plugin, why) in [
            ("enable-admission-plugins", "AlwaysAdmit", "admits every request without admission control"),
            ("admission-control", "AlwaysAdmit", "admits every request without admission control"),
            ("disable-admission-plugins", "ServiceAccount", "turns off the ServiceAccount admission plugin that mounts and checks service accounts"),
            ("disable-admission-plugins", "NamespaceLifecycle", "allows objects in terminating or missing namespaces"),
        ] {
            let Some(flag) = c.flag(flag_name) else { continue };
            if flag.list().contains(&plugin) {
                findings
                    .report(
                        flag.element_span(plugin),
                        format!("{} {why} (`{plugin}` in `--{flag_name}`)", who(object, &c)),
                    )
                    .help(format!("remove `{plugin}` from `--{flag_name}`"));
            }
        }
    }
}
