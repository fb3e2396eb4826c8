use super::{check_bind_address, check_profiling, components};
use crate::diagnostic::{Applicability, Severity};
use crate::k8s::flags::Component;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A kube-scheduler container without `--profiling=false` (CIS 1.4.1;
    /// profiling is on by default, and kubeadm does not turn it off), or
    /// with `--bind-address` other than `127.0.0.1` (1.4.2; unset passes,
    /// as in the benchmark).
    ///
    /// ## Why it matters
    /// The profiling endpoints reveal the scheduler's internals and can be
    /// used to load it; a non-loopback bind address exposes its health,
    /// metrics and profiling endpoints to the node's network.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: kube-scheduler, namespace: kube-system}
    /// spec:
    ///   containers:
    ///   - name: kube-scheduler
    ///     image: registry.k8s.io/kube-scheduler:v1.31.2
    ///     command:
    ///     - kube-scheduler
    ///     - --bind-address=127.0.0.1
    ///     - --kubeconfig=/etc/kubernetes/scheduler.conf
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: kube-scheduler, namespace: kube-system}
    /// spec:
    ///   containers:
    ///   - name: kube-scheduler
    ///     image: registry.k8s.io/kube-scheduler:v1.31.2
    ///     command:
    ///     - kube-scheduler
    ///     - --bind-address=127.0.0.1
    ///     - --kubeconfig=/etc/kubernetes/scheduler.conf
    ///     - --profiling=false
    /// ```
    ///
    /// ## How to fix
    /// Add `--profiling=false` and keep `--bind-address=127.0.0.1`; the
    /// quick fixes do both (unsafe: restart one control-plane node at a
    /// time).
    ///
    /// ## References
    /// - [kube-scheduler flags](https://kubernetes.io/docs/reference/command-line-tools-reference/kube-scheduler/)
    /// - CIS Kubernetes Benchmark 1.4.1, 1.4.2
    pub static RULE = Rule {
        id: "scheduler-flags",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "kube-scheduler has profiling on or binds beyond loopback",
        practice: Practice::VersionsAndBenchmarks,
        equivalents: &[
            Tool::Checkov.inspired("CKV_K8S_114"),
            Tool::Checkov.inspired("CKV_K8S_115"),
            Tool::Trivy.inspired("KCV-0040"),
            Tool::Trivy.inspired("KCV-0041"),
            Tool::Cis.inspired("1.4.1"),
            Tool::Cis.inspired("1.4.2"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    for c in components(&ctx.pod, Component::Scheduler) {
        check_profiling(findings, object, &c, "1.4.1");
        check_bind_address(findings, object, &c, "1.4.2");
    }
}
