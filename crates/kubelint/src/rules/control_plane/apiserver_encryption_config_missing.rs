use super::{components, report_missing};
use crate::diagnostic::Severity;
use crate::k8s::flags::Component;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A kube-apiserver container without `--encryption-provider-config`.
    ///
    /// ## Why it matters
    /// Without an encryption configuration the API server stores Secrets in
    /// etcd as plain protobuf — base64 in the API, but readable bytes on
    /// disk, in etcd snapshots and in every backup. Anyone who gets an etcd
    /// backup gets every Secret of the cluster.
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
    ///     - --etcd-servers=https://127.0.0.1:2379
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
    ///     - --etcd-servers=https://127.0.0.1:2379
    ///     - --encryption-provider-config=/etc/kubernetes/enc/config.yaml
    /// ```
    ///
    /// ## How to fix
    /// Write an `EncryptionConfiguration` whose first provider for
    /// `secrets` is `kms` (v2) or `aescbc`/`secretbox` with a key kept off
    /// the repository (see `encryption-provider-weak`), mount it and set
    /// `--encryption-provider-config`. Then rewrite existing Secrets
    /// (`kubectl get secrets -A -o json | kubectl replace -f -`).
    ///
    /// ## References
    /// - [Encrypting confidential data at rest](https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/)
    /// - CIS Kubernetes Benchmark 1.2.27
    pub static RULE = Rule {
        id: "apiserver-encryption-config-missing",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "kube-apiserver does not encrypt Secrets at rest",
        practice: Practice::SecretData,
        equivalents: &[
            Tool::Checkov.same("CKV_K8S_104"),
            Tool::Trivy.same("KCV-0030"),
            Tool::Cis.same("1.2.27"),
        ],
        fix: None,
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    for c in components(&ctx.pod, Component::ApiServer) {
        if !c.is_set("encryption-provider-config") {
            report_missing(
                findings, object, &c, "encryption-provider-config",
                "Secrets are stored unencrypted in etcd and in every etcd backup",
                "configure encryption at rest with an EncryptionConfiguration (kms v2, aescbc or secretbox)",
                None,
            );
        }
    }
}
