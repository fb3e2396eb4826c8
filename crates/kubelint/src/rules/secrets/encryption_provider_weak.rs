use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};
use crate::yaml::NodeRef;

declare_rule! {
    /// ## What it flags
    /// An `EncryptionConfiguration` (`apiserver.config.k8s.io`) that does
    /// not encrypt Secrets: the first resource entry covering `secrets`
    /// (by name, `*.` or `*.*`) lists `identity` as its first provider, or
    /// lists no provider; or no entry covers `secrets` at all. The first
    /// provider is the one new writes use, so `identity` first means
    /// "store in plain text" however many keys follow.
    ///
    /// ## Why it matters
    /// The point of `--encryption-provider-config` is that etcd, its disks
    /// and its backups hold only ciphertext. With `identity` first, the
    /// flag is set — and passes `apiserver-encryption-config-missing` and
    /// CIS 1.2.27 — while every Secret is still written in the clear.
    /// kube-bench checks this only on the node (1.2.28); no manifest
    /// linter checks it.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apiserver.config.k8s.io/v1
    /// kind: EncryptionConfiguration
    /// resources:
    /// - resources: [secrets]
    ///   providers:
    ///   - identity: {}
    ///   - aescbc:
    ///       keys:
    ///       - {name: key1, secret: "${ENCRYPTION_KEY}"}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apiserver.config.k8s.io/v1
    /// kind: EncryptionConfiguration
    /// resources:
    /// - resources: [secrets]
    ///   providers:
    ///   - kms:
    ///       apiVersion: v2
    ///       name: vault
    ///       endpoint: unix:///var/run/kms/vault.sock
    ///   - identity: {}
    /// ```
    ///
    /// ## How to fix
    /// Put `kms` (v2), `aescbc`, `aesgcm` or `secretbox` first and keep
    /// `identity` last (to read data written before encryption). Keep the
    /// keys out of the repository, prefer a KMS, then rewrite all Secrets
    /// so they are stored encrypted.
    ///
    /// ## References
    /// - [Encrypting confidential data at rest](https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/)
    /// - CIS Kubernetes Benchmark 1.2.28
    pub static RULE = Rule {
        id: "encryption-provider-weak",
        severity: Severity::Error,
        default_enabled: true,
        summary: "EncryptionConfiguration stores Secrets unencrypted (identity first, or not covered)",
        practice: Practice::SecureEtcd,
        equivalents: &[
            Tool::Cis.same("1.2.28"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

fn covers_secrets(entry: NodeRef<'_>) -> bool {
    entry
        .get("resources")
        .into_iter()
        .flat_map(|r| r.items())
        .any(|r| matches!(r.as_str(), Some("secrets" | "*." | "*.*")))
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if object.kind != "EncryptionConfiguration" || object.group() != "apiserver.config.k8s.io" {
        return;
    }
    let entry = object
        .root
        .get("resources")
        .into_iter()
        .flat_map(|r| r.items())
        .find(|e| covers_secrets(*e));
    let Some(entry) = entry else {
        findings
            .report(object.kind_span(), "EncryptionConfiguration has no entry for `secrets`, so Secrets are stored unencrypted")
            .help("add an entry for `secrets` whose first provider is kms (v2), aescbc, aesgcm or secretbox");
        return;
    };
    let first = entry
        .get("providers")
        .and_then(|p| p.items().next())
        .and_then(|p| p.raw_entries().next());
    match first {
        Some((key, _)) if key.as_str() == Some("identity") => {
            findings
                .report_at(key, "EncryptionConfiguration lists `identity` first for `secrets`, so new Secrets are written unencrypted")
                .help("put kms (v2), aescbc, aesgcm or secretbox first and keep identity last");
        }
        Some(_) => {}
        None => {
            let span = entry
                .get_entry("providers")
                .map_or(entry.span(), |(k, _)| k.span());
            findings
                .report(
                    span,
                    "EncryptionConfiguration lists no provider for `secrets`",
                )
                .help("list kms (v2), aescbc, aesgcm or secretbox first");
        }
    }
}
