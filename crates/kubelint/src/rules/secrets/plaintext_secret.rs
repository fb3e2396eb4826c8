use super::patterns::is_placeholder;
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice};

declare_rule! {
    /// ## What it flags
    /// A `kind: Secret` committed with values in `data` or `stringData`. Each
    /// key that holds a value is reported. Empty values and obvious
    /// placeholders (`${VAR}`, `<token>`, `changeme`) are not.
    ///
    /// ## Why it matters
    /// `data` is base64, which is an encoding, not encryption; `stringData` is
    /// the secret verbatim. Once a secret is in git it is in every clone,
    /// fork, CI cache and backup, for good — rotating it is the only fix.
    /// Generic secret scanners often miss it: Trivy's docs note that
    /// base64-encoded secrets are not scanned.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Secret
    /// metadata: {name: db}
    /// stringData:
    ///   password: hunter2
    /// ```
    ///
    /// Use instead — keep the value out of the manifest, e.g. with the
    /// External Secrets Operator:
    /// ```yaml pass
    /// apiVersion: external-secrets.io/v1beta1
    /// kind: ExternalSecret
    /// metadata: {name: db}
    /// spec:
    ///   secretStoreRef: {name: vault, kind: ClusterSecretStore}
    ///   target: {name: db}
    ///   data:
    ///   - secretKey: password
    ///     remoteRef: {key: prod/db, property: password}
    /// ```
    ///
    /// ## How to fix
    /// Remove the value from the repository and rotate it. Deliver secrets
    /// with Sealed Secrets or SOPS (encrypted in git), or the External Secrets
    /// Operator, the Secrets Store CSI driver or Vault (kept out of git), and
    /// enable encryption at rest for Secrets in etcd.
    pub static RULE = Rule {
        id: "plaintext-secret",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Secret manifest commits secret values in data/stringData",
        practice: Practice::SecretData,
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if object.kind != "Secret" || object.api_version != "v1" {
        return;
    }
    let name = object.name().unwrap_or("(unnamed)");
    for field in ["data", "stringData"] {
        let Some(values) = object.root.get(field) else {
            continue;
        };
        for (key, value) in values.entries() {
            let Some(text) = value.as_str() else { continue };
            if value.is_null() || is_placeholder(text) {
                continue;
            }
            let key_name = key.as_str().unwrap_or("?");
            let how = if field == "data" {
                "base64-encoded, not encrypted"
            } else {
                "in plain text"
            };
            findings
                .report_at(key, format!("Secret `{name}` commits the value of `{key_name}` ({how})"))
                .label(value.span(), "this value is readable by anyone with the repository")
                .help("keep secret values out of git: Sealed Secrets, SOPS, External Secrets Operator or Vault");
        }
    }
}
