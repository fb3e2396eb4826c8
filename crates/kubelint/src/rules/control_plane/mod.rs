//! Control-plane configuration (practices 7, 12 and 13): the flags of
//! kube-apiserver, kube-controller-manager, kube-scheduler and etcd static
//! pods (the CIS Kubernetes Benchmark checks decidable from manifests), and
//! the audit policy file.
//!
//! Components are found by the program a container runs: `command[0]` (as
//! Trivy finds them), an exec wrapper's program, or without `command` the
//! image's (see [`crate::k8s::flags`]), so Deployments of hosted control
//! planes are covered as well as kubeadm's static pods.

crate::rules::family_rules!(ControlPlane:
    apiserver_admission_plugins,
    apiserver_anonymous_auth,
    apiserver_audit_log,
    apiserver_audit_policy_missing,
    apiserver_encryption_config_missing,
    apiserver_etcd_tls,
    apiserver_hardening_flags,
    apiserver_insecure_flags,
    apiserver_service_account_token_lifetime,
    apiserver_tls_cipher_suites,
    audit_policy_coverage,
    controller_manager_flags,
    etcd_tls,
    scheduler_flags,
);

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::edit::IntoFix as _;
use crate::k8s::flags::{containers_running, Component, ComponentContainer, Flag};
use crate::k8s::{Object, PodSpec};
use crate::rules::Findings;

/// The containers of the pod that run `component`.
pub(crate) fn components<'d>(
    pod: &PodSpec<'d>,
    component: Component,
) -> Vec<ComponentContainer<'d>> {
    containers_running(pod, component)
}

/// `kube-apiserver in Pod/kube-system/kube-apiserver`.
pub(crate) fn who(object: &Object<'_>, c: &ComponentContainer<'_>) -> String {
    format!("{} in {}", c.component.binary(), object.display_name())
}

/// Reports a flag that should be set and is not, at the binary.
pub(crate) fn report_missing(
    findings: &mut Findings<'_>,
    object: &Object<'_>,
    c: &ComponentContainer<'_>,
    flag: &str,
    why: &str,
    help: &str,
    add: Option<&str>,
) {
    let finding = findings
        .report(
            c.missing_span(),
            format!("{} does not set `--{flag}`: {why}", who(object, c)),
        )
        .help(help);
    if let Some(item) = add {
        finding.fix(add_flag_fix(c, item));
    }
}

/// Reports each `(flag, why)` that `c` does not set (to a non-empty value),
/// at the binary, with "set `--flag`" as the help and no fix.
pub(crate) fn report_unset(
    findings: &mut Findings<'_>,
    object: &Object<'_>,
    c: &ComponentContainer<'_>,
    required: &[(&str, &str)],
) {
    for &(name, why) in required {
        if !c.is_set(name) {
            report_missing(
                findings,
                object,
                c,
                name,
                why,
                &format!("set `--{name}`"),
                None,
            );
        }
    }
}

/// Reports a flag with a wrong value, at the value.
pub(crate) fn report_value(
    findings: &mut Findings<'_>,
    object: &Object<'_>,
    c: &ComponentContainer<'_>,
    flag: &Flag<'_>,
    why: &str,
    help: &str,
    replace: Option<&str>,
) {
    let finding = findings
        .report(
            flag.span(),
            format!(
                "{} sets `--{}={}`: {why}",
                who(object, c),
                flag.name,
                flag.text()
            ),
        )
        .help(help);
    if let Some(value) = replace {
        finding.fix(set_value_fix(flag, value));
    }
}

/// Replaces a flag's value (`--profiling=true` → `--profiling=false`).
pub(crate) fn set_value_fix(flag: &Flag<'_>, value: &str) -> Option<Fix> {
    let title = format!("Set --{}={value}", flag.name);
    let edit = match &flag.value {
        // `--flag=value`: replace just the value when it is written verbatim.
        Some(v) if v.range.is_some() => {
            let span = v.span();
            let whole = format!("--{}={value}", flag.name);
            let written = crate::edit::yaml_string(flag.item, &whole);
            if written == whole && span != v.node.span() && span.len() as usize == v.text.len() {
                Edit {
                    range: span,
                    replacement: value.to_owned(),
                }
            } else {
                return crate::edit::replace_scalar(flag.item, &written)
                    .into_fix(&title, Applicability::Unsafe);
            }
        }
        // A separate item or an env var: keep it a string.
        Some(v) => {
            return crate::edit::replace_scalar(v.node, &format!("\"{value}\""))
                .into_fix(&title, Applicability::Unsafe)
        }
        None => {
            let whole = format!("--{}={value}", flag.name);
            return crate::edit::replace_scalar(
                flag.item,
                &crate::edit::yaml_string(flag.item, &whole),
            )
            .into_fix(&title, Applicability::Unsafe);
        }
    };
    Some(Fix {
        title,
        applicability: Applicability::Unsafe,
        edits: vec![edit],
    })
}

/// Appends a flag (`--profiling=false`) to the component's flags.
pub(crate) fn add_flag_fix(c: &ComponentContainer<'_>, item: &str) -> Option<Fix> {
    // `--a=x,y` would be two items in a flow list: quote anything with flow characters.
    let written = if item.contains([',', '[', ']', '{', '}', '#']) {
        format!("\"{item}\"")
    } else {
        item.to_owned()
    };
    let edit = crate::edit::append_item(c.flag_list?, &written)?;
    Some(Fix {
        title: format!("Add {item}"),
        applicability: Applicability::Unsafe,
        edits: vec![edit],
    })
}

/// Reports `--profiling` unless it is explicitly false (it defaults to
/// true in every component).
pub(crate) fn check_profiling(
    findings: &mut Findings<'_>,
    object: &Object<'_>,
    c: &ComponentContainer<'_>,
    cis: &str,
) {
    const WHY: &str =
        "the profiling endpoints expose internals and cost CPU, and are on by default";
    let help = format!("set `--profiling=false` (CIS {cis})");
    match c.flag("profiling") {
        Some(flag) if flag.as_bool() == Some(false) => {}
        Some(flag) => report_value(findings, object, c, flag, WHY, &help, Some("false")),
        None => report_missing(
            findings,
            object,
            c,
            "profiling",
            WHY,
            &help,
            Some("--profiling=false"),
        ),
    }
}

/// Reports `--bind-address` other than loopback. Unset passes, as in the
/// CIS benchmark (kube-bench: "eq 127.0.0.1 OR not set").
pub(crate) fn check_bind_address(
    findings: &mut Findings<'_>,
    object: &Object<'_>,
    c: &ComponentContainer<'_>,
    cis: &str,
) {
    let Some(flag) = c.flag("bind-address") else {
        return;
    };
    if matches!(flag.text(), "127.0.0.1" | "::1" | "localhost") {
        return;
    }
    report_value(
        findings,
        object,
        c,
        flag,
        "its secure port with health and metrics endpoints listens on every interface",
        &format!("set `--bind-address=127.0.0.1` (CIS {cis})"),
        Some("127.0.0.1"),
    );
}

/// TLS cipher suites the CIS Kubernetes Benchmark accepts (1.2.29 for the
/// API server, 4.2.12 for the kubelet; kube-bench `cfg/cis-1.12`): TLS 1.3
/// suites and ECDHE key exchange with an AEAD cipher, under Go's names
/// (with and without the `_SHA256` suffix of the ChaCha20 suites).
pub(crate) const STRONG_CIPHER_SUITES: &[&str] = &[
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
];
