use super::{kubelets, Setting};
use crate::k8s::flags::parse_go_duration;
use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A kubelet, in a `KubeletConfiguration` or the flags of a container
    /// that runs `kubelet`, that misses a CIS node-hardening setting:
    /// - `streamingConnectionIdleTimeout: 0` (`--streaming-connection-idle-timeout=0`,
    ///   CIS 4.2.5): exec and port-forward sessions never time out;
    /// - `makeIPTablesUtilChains: false` (`--make-iptables-util-chains=false`,
    ///   CIS 4.2.6);
    /// - `--hostname-override` (CIS 4.2.7): the node's name no longer
    ///   matches its certificate, which breaks TLS verification;
    /// - `eventRecordQPS` (`--event-qps`) of `0`, which means unlimited
    ///   (the benchmark's rationale: a denial of service of the kubelet), or
    ///   negative (CIS 4.2.8; kube-bench accepts `0`);
    /// - no `podPidsLimit` (`--pod-max-pids`), or one that is not positive,
    ///   which means unlimited (CIS 4.2.13): a fork bomb in one pod
    ///   exhausts the node's PIDs;
    /// - no `seccompDefault: true` (`--seccomp-default`, CIS 4.2.14):
    ///   containers without a seccomp profile run unconfined.
    ///
    /// Settings that are not written are judged by their defaults (no PID
    /// limit, no seccomp default); a kubelet started with `--config FILE`
    /// is judged only on the flags it sets.
    ///
    /// ## Why it matters
    /// Each setting closes a way for one workload or client to take more
    /// of the node than it should: idle sessions that stay open, firewall
    /// rules the kubelet no longer keeps, unlimited processes or events,
    /// and system calls no profile filters.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// streamingConnectionIdleTimeout: 0s
    /// makeIPTablesUtilChains: false
    /// eventRecordQPS: 0
    /// podPidsLimit: -1
    /// seccompDefault: false
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// streamingConnectionIdleTimeout: 5m
    /// makeIPTablesUtilChains: true
    /// eventRecordQPS: 50
    /// podPidsLimit: 4096
    /// seccompDefault: true
    /// ```
    ///
    /// ## How to fix
    /// Set the values above. The quick fixes set
    /// `streamingConnectionIdleTimeout` to `5m`, `makeIPTablesUtilChains`
    /// and `seccompDefault` to `true` (unsafe: `seccompDefault` applies
    /// `RuntimeDefault` to every container that sets no profile, which a
    /// few workloads do not tolerate).
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 4.2.5–4.2.8, 4.2.13, 4.2.14
    /// - [Kubelet configuration (v1beta1)](https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/)
    /// - [Seccomp: enable RuntimeDefault as the default](https://kubernetes.io/docs/tutorials/security/seccomp/#enable-the-use-of-runtimedefault-as-the-default-seccomp-profile-for-all-workloads)
    pub static RULE = Rule {
        id: "kubelet-hardening",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Kubelet lacks a CIS node-hardening setting (timeouts, PID limit, seccomp default, iptables chains, events)",
        practice: Practice::HardenedNodes,
        equivalents: &[
            Tool::Checkov.inspired("CKV_K8S_143"),
            Tool::Checkov.inspired("CKV_K8S_145"),
            Tool::Checkov.inspired("CKV_K8S_146"),
            Tool::Checkov.inspired("CKV_K8S_147"),
            Tool::Trivy.inspired("KCV-0084"),
            Tool::Trivy.inspired("KCV-0085"),
            Tool::Trivy.inspired("KCV-0086"),
            Tool::Trivy.inspired("KCV-0087"),
            Tool::Cis.inspired("4.2.5"),
            Tool::Cis.inspired("4.2.6"),
            Tool::Cis.inspired("4.2.7"),
            Tool::Cis.inspired("4.2.8"),
            Tool::Cis.inspired("4.2.13"),
            Tool::Cis.inspired("4.2.14"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Object(check),
    };
}

const STREAMING: Setting = Setting {
    flag: "streaming-connection-idle-timeout",
    field: &["streamingConnectionIdleTimeout"],
};
const IPTABLES: Setting = Setting {
    flag: "make-iptables-util-chains",
    field: &["makeIPTablesUtilChains"],
};
const HOSTNAME: Setting = Setting {
    flag: "hostname-override",
    field: &[],
};
const EVENT_QPS: Setting = Setting {
    flag: "event-qps",
    field: &["eventRecordQPS"],
};
const PIDS: Setting = Setting {
    flag: "pod-max-pids",
    field: &["podPidsLimit"],
};
const SECCOMP: Setting = Setting {
    flag: "seccomp-default",
    field: &["seccompDefault"],
};

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    for kubelet in kubelets(ctx) {
        let visible_defaults = kubelet.defaults().is_some();
        if let Some(value) = kubelet.get(&STREAMING) {
            if value.as_str().and_then(parse_go_duration) == Some(0.0) || value.as_i64() == Some(0) {
                kubelet.report_value(
                    findings,
                    &value,
                    "streaming sessions (exec, attach, port-forward) never time out",
                    "set a timeout such as `5m` (CIS 4.2.5)",
                    Some("5m"),
                );
            }
        }
        if let Some(value) = kubelet.get(&IPTABLES) {
            if value.as_bool() == Some(false) {
                kubelet.report_value(
                    findings,
                    &value,
                    "the kubelet stops managing its iptables chains, so the node's firewall rules can drift",
                    "remove it or set it to true (CIS 4.2.6)",
                    Some("true"),
                );
            }
        }
        if let Some(value) = kubelet.get(&HOSTNAME) {
            kubelet.report_value(
                findings,
                &value,
                "the node's name then differs from the host name its serving certificate is issued for, which breaks TLS verification",
                "remove `--hostname-override` (CIS 4.2.7)",
                None,
            );
        }
        if let Some(value) = kubelet.get(&EVENT_QPS) {
            match value.as_i64() {
                Some(0) => kubelet.report_value(
                    findings,
                    &value,
                    "0 means unlimited event creation, which can flood the kubelet and the API server",
                    "set a rate that captures events without flooding, such as the default 50 (CIS 4.2.8)",
                    None,
                ),
                Some(qps) if qps < 0 => kubelet.report_value(
                    findings,
                    &value,
                    "a negative event rate is invalid",
                    "set a rate such as the default 50 (CIS 4.2.8)",
                    None,
                ),
                _ => {}
            }
        }
        const PIDS_WHY: &str =
            "pods get no PID limit, so a fork bomb in one pod can exhaust the node's process IDs";
        const PIDS_HELP: &str = "set a per-pod PID limit such as 4096 (CIS 4.2.13)";
        match kubelet.get(&PIDS) {
            Some(value) if value.as_i64().is_some_and(|n| n <= 0) => {
                kubelet.report_value(findings, &value, PIDS_WHY, PIDS_HELP, None);
            }
            Some(_) => {}
            None if visible_defaults => {
                kubelet.report_missing(findings, &PIDS, Some("-1"), PIDS_WHY, PIDS_HELP);
            }
            None => {}
        }
        const SECCOMP_WHY: &str = "containers that set no seccomp profile run unconfined";
        const SECCOMP_HELP: &str =
            "set it to true so they get the runtime's default profile (CIS 4.2.14)";
        match kubelet.get(&SECCOMP) {
            Some(value) if value.as_bool() == Some(false) => {
                kubelet.report_value(findings, &value, SECCOMP_WHY, SECCOMP_HELP, Some("true"));
            }
            Some(_) => {}
            None if visible_defaults => {
                kubelet.report_missing(findings, &SECCOMP, Some("false"), SECCOMP_WHY, SECCOMP_HELP);
            }
            None => {}
        }
    }
}
