use super::material::{identify, Holds};
use super::patterns::{
    assigns_secrets_by_reference, has_reference, is_placeholder, is_secret_key_name, split_words,
};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice};
use crate::yaml::NodeRef;
use base64::Engine as _;

declare_rule! {
    /// ## What it flags
    /// A `kind: Secret` that commits a credential in `data` or `stringData`.
    /// Each key is judged on its own, after decoding `data` from base64 as
    /// the API server does:
    /// - **a credential** is an error: a private key (PEM, OpenSSH, PGP), a
    ///   token (JWT, AWS access key id, GitHub, GitLab, Slack, Google,
    ///   Stripe, SendGrid), a kubeconfig or Docker registry config with
    ///   credentials, a URL with a password, a configuration file that
    ///   assigns a password or token, or a literal value under a secret
    ///   name (`password`, `token`, `tls.key`, `apiKey`, `ssh-privatekey`,
    ///   `token-secret`). The message names what was found, never the value;
    /// - **not a secret**, and not reported: public certificates and keys
    ///   (`tls.crt`, `ca.crt`, SSH public keys, known hosts, DH parameters),
    ///   algorithm parameters (`cipher`, `keySize`, `hash`), identifiers
    ///   (`username`, `url`, `namespace`, `token-id`), values encrypted with
    ///   SOPS (`ENC[…]`), kubeconfigs and registry configs without
    ///   credentials, empty values and placeholders (`REPLACE_ME`,
    ///   `<changeme>`, `${DB_PASSWORD}`, `{{ .Values.password }}`). A
    ///   value of several lines is judged line by line, and a one-line JSON
    ///   object field by field, so a `${VAR}` in one place does not hide a
    ///   password in another;
    /// - **anything else** (a value under a name that says nothing) may be
    ///   secret: one warning per Secret lists those keys.
    ///
    /// A `data` value that is not valid base64 is named as such: the API
    /// server rejects it, and its text is in the manifest as written.
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
    ///   username: app
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
    /// Public parts and placeholders are not secrets:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Secret
    /// metadata: {name: web-tls}
    /// type: kubernetes.io/tls
    /// stringData:
    ///   tls.crt: |
    ///     -----BEGIN CERTIFICATE-----
    ///     MIIBszCCAVmgAwIBAgIUQ
    ///     -----END CERTIFICATE-----
    ///   tls.key: REPLACE_ME
    /// ```
    ///
    /// ## How to fix
    /// Remove the value from the repository and rotate it. Deliver secrets
    /// with Sealed Secrets or SOPS (encrypted in git), or the External Secrets
    /// Operator, the Secrets Store CSI driver or Vault (kept out of git), and
    /// enable encryption at rest for Secrets in etcd.
    ///
    /// ## References
    /// - [Secret types](https://kubernetes.io/docs/concepts/configuration/secret/#secret-types)
    /// - [RFC 7468: textual encodings of PKIX structures (PEM)](https://www.rfc-editor.org/rfc/rfc7468)
    pub static RULE = Rule {
        id: "plaintext-secret",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Secret manifest commits a credential in data/stringData",
        practice: Practice::SecretData,
        fix: None,
        check: Check::Object(check),
    };
}

/// How a value is written in the manifest.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Written {
    StringData,
    Base64,
    /// Under `data` but not valid base64: the API server rejects it.
    NotBase64,
}

impl Written {
    fn describe(self) -> &'static str {
        match self {
            Written::StringData => "in plain text under `stringData`",
            Written::Base64 => "base64-encoded under `data`: an encoding, not encryption",
            Written::NotBase64 => {
                "in plain text under `data`, where it is not valid base64: the API server rejects it"
            }
        }
    }
}

/// What one key of a Secret holds.
enum Verdict {
    Credential(String),
    NotSecret,
    Unclear,
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if object.kind != "Secret" || object.api_version != "v1" {
        return;
    }
    let name = object.name().unwrap_or("(unnamed)");
    let secret_type = object
        .root
        .get("type")
        .and_then(|t| t.as_str())
        .unwrap_or("");
    let mut unclear: Vec<(NodeRef<'_>, &str, Written)> = Vec::new();
    for field in ["data", "stringData"] {
        let Some(values) = object.root.get(field) else {
            continue;
        };
        for (key, value) in values.entries() {
            let Some(raw) = value.as_str().filter(|_| !value.is_null()) else {
                continue;
            };
            let key_name = key.as_str().unwrap_or("?");
            let (text, written) = if field == "data" {
                match decode_base64(raw) {
                    Some(bytes) => (String::from_utf8(bytes).ok(), Written::Base64),
                    None => (Some(raw.to_owned()), Written::NotBase64),
                }
            } else {
                (Some(raw.to_owned()), Written::StringData)
            };
            match judge(key_name, text.as_deref(), secret_type) {
                Verdict::Credential(what) => {
                    findings
                        .report_at(
                            key,
                            format!(
                                "Secret `{name}` commits {what} in `{key_name}` ({})",
                                written.describe()
                            ),
                        )
                        .label(value.span(), "readable by anyone with the repository")
                        .help("remove it from git and rotate it; deliver it with Sealed Secrets, SOPS, the External Secrets Operator or Vault");
                }
                Verdict::NotSecret => {}
                Verdict::Unclear => unclear.push((key, key_name, written)),
            }
        }
    }
    report_unclear(findings, name, &unclear);
}

/// Keys named (and labelled) in the warning before "and N more".
const NAMED: usize = 8;

/// One warning for the keys whose values may be secret.
fn report_unclear(
    findings: &mut Findings<'_>,
    name: &str,
    unclear: &[(NodeRef<'_>, &str, Written)],
) {
    let Some(&(first, _, _)) = unclear.first() else {
        return;
    };
    let mut keys: Vec<String> = unclear
        .iter()
        .take(NAMED)
        .map(|(_, k, _)| format!("`{k}`"))
        .collect();
    if unclear.len() > NAMED {
        keys.push(format!("{} more", unclear.len() - NAMED));
    }
    let how = if unclear.iter().all(|u| u.2 == unclear[0].2) {
        format!(" ({})", unclear[0].2.describe())
    } else {
        String::new()
    };
    let (noun, verb) = if unclear.len() == 1 {
        ("value", "may be a secret")
    } else {
        ("values", "may be secrets")
    };
    let finding = findings.report_at(
        first,
        format!(
            "Secret `{name}` commits the {noun} of {} that {verb}{how}",
            join(&keys)
        ),
    );
    for (key, _, _) in unclear.iter().take(NAMED).skip(1) {
        finding.label(key.span(), "also committed");
    }
    finding
        .at_most(Severity::Warning)
        .help("if these are secrets, keep them out of git (Sealed Secrets, SOPS, External Secrets Operator, Vault); if not, a ConfigMap is the place for them");
}

/// `data` decoded as the API server decodes `[]byte` fields (Go's
/// `base64.StdEncoding`: padding required, line breaks ignored).
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    const GO_STD: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireCanonical),
    );
    let compact: String = text.chars().filter(|c| !matches!(c, '\r' | '\n')).collect();
    GO_STD.decode(compact).ok()
}

/// Decides what the value of `key` is: by its content first (a private key
/// or a certificate says so whatever its key), then by the key's name.
/// `text` is `None` for binary data.
fn judge(key: &str, text: Option<&str>, secret_type: &str) -> Verdict {
    let Some(text) = text else {
        // Binary data (a DER key or certificate, a key store): its name says.
        return if is_key_store(key) {
            Verdict::Credential("a binary key store".to_owned())
        } else if is_public_or_parameter_name(key, secret_type) {
            Verdict::NotSecret
        } else if let Some(what) = secret_name_kind(key) {
            Verdict::Credential(format!("{what} (binary)"))
        } else {
            Verdict::Unclear
        };
    };
    match identify(text) {
        Some(Holds::Credential(what)) => return Verdict::Credential(what),
        Some(Holds::Public(_) | Holds::Encrypted | Holds::NoCredentials(_)) => {
            return Verdict::NotSecret
        }
        None => {}
    }
    let one_line = !text.trim_end().contains('\n');
    let path = text.trim().starts_with('/') && !text.trim().contains(char::is_whitespace);
    if text.trim().is_empty() || (one_line && (is_placeholder(text) || path)) {
        return Verdict::NotSecret;
    }
    if is_public_or_parameter_name(key, secret_type) {
        return Verdict::NotSecret;
    }
    if !one_line && assigns_secrets_by_reference(text) {
        return Verdict::NotSecret;
    }
    if let Some(what) = secret_name_kind(key) {
        // A file of several lines under a secret name is judged by its
        // lines: only references, placeholders and settings left.
        if !one_line && has_reference(text) {
            return Verdict::Unclear;
        }
        return Verdict::Credential(what.to_owned());
    }
    Verdict::Unclear
}

/// Binary key stores by their usual file names.
fn is_key_store(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    [".jks", ".p12", ".pfx", ".keystore", ".bcfks"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Keys that hold public parts, algorithm parameters or identifiers.
fn is_public_or_parameter_name(key: &str, secret_type: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    if [
        ".crt",
        ".cert",
        ".pub",
        ".csr",
        "known_hosts",
        "ca.pem",
        "cert.pem",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext))
    {
        return true;
    }
    // The bootstrap token format: only `token-secret` is secret.
    if secret_type == "bootstrap.kubernetes.io/token" && lower != "token-secret" {
        return true;
    }
    const WORDS: &[&str] = &[
        // Identifiers: who or where, not how to prove it.
        "user",
        "username",
        "login",
        "email",
        "url",
        "uri",
        "host",
        "hostname",
        "port",
        "server",
        "address",
        "endpoint",
        "domain",
        "region",
        "zone",
        "project",
        "tenant",
        "account",
        "database",
        "db",
        "bucket",
        "namespace",
        "name",
        "id",
        "issuer",
        "audience",
        "scope",
        "scopes",
        "type",
        "kind",
        "version",
        // Public parts of a key pair or chain.
        "crt",
        "cert",
        "certificate",
        "ca",
        "cacert",
        "chain",
        "fingerprint",
        "thumbprint",
        // Algorithm parameters.
        "cipher",
        "algorithm",
        "alg",
        "hash",
        "digest",
        "mode",
        "size",
        "bits",
        "length",
        "iterations",
        "rounds",
        "curve",
        "kdf",
        "ttl",
        "expiry",
        "expiration",
        "timeout",
        "enabled",
    ];
    let mut words = split_words(key);
    // `username_in`, `password_out`: the direction of a mutual
    // authentication (iSCSI CHAP) says nothing about the value.
    if words.len() > 1
        && words
            .last()
            .is_some_and(|w| w.eq_ignore_ascii_case("in") || w.eq_ignore_ascii_case("out"))
    {
        words.pop();
    }
    words
        .last()
        .is_some_and(|last| WORDS.iter().any(|w| last.eq_ignore_ascii_case(w)))
        || ["username", "hostname", "namespace", "accountname"]
            .iter()
            .any(|suffix| lower.ends_with(suffix) && !lower.contains("pass"))
}

/// What a key's name says its value is, if it names a credential.
fn secret_name_kind(key: &str) -> Option<&'static str> {
    let lower = key.to_ascii_lowercase();
    let words = split_words(key);
    let word = |w: &str| words.iter().any(|x| x.eq_ignore_ascii_case(w));
    let last_is_key = words
        .last()
        .is_some_and(|last| last.to_ascii_lowercase().ends_with("key"));
    if lower.contains("privatekey")
        || lower.contains("private_key")
        || lower.contains("private-key")
        || lower.starts_with("id_rsa")
        || lower.starts_with("id_ed25519")
        || lower.starts_with("id_ecdsa")
    {
        Some("a private key")
    } else if lower.contains("passw")
        || lower.contains("passwd")
        || lower.contains("pwd")
        || word("pass")
        || lower.contains("passphrase")
        || lower.ends_with("htpasswd")
    {
        Some("a password")
    } else if lower.contains("token") {
        Some("a token")
    } else if lower.contains("credential") || lower == ".netrc" || lower == ".pgpass" {
        Some("credentials")
    } else if lower.contains("secret") {
        Some("a secret")
    } else if last_is_key || lower.ends_with(".key") || is_secret_key_name(key) {
        Some("a key")
    } else {
        None
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(key: &str, value: &str) -> &'static str {
        match judge(key, Some(value), "Opaque") {
            Verdict::Credential(_) => "credential",
            Verdict::NotSecret => "not secret",
            Verdict::Unclear => "unclear",
        }
    }

    #[test]
    fn keys_are_judged_by_content_then_name() {
        for (key, value) in [
            ("password", "hunter2"),
            (
                "tls.key",
                "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
            ),
            (
                "id_rsa",
                "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----\n",
            ),
            ("azurestorageaccountkey", "c3RvcmFnZWtleQ=="),
            ("ssh-privatekey", "anything"),
            ("token-secret", "0123456789abcdef"),
            ("api", "AKIAIOSFODNN7EXAMPLE"),
            ("webhook.github.secret", "s3cr3t-value"),
            ("rootpasswd", "root"),
            ("DB_PASS", "hunter2"),
        ] {
            assert_eq!(verdict(key, value), "credential", "{key}: {value}");
        }
        for (key, value) in [
            (
                "tls.crt",
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
            ),
            ("ca.crt", "not a pem at all"),
            ("cipher", "aes-256-gcm"),
            ("keySize", "4096"),
            ("hash", "sha256"),
            ("password", "REPLACE_ME"),
            ("password", "<changeme>"),
            ("token", "${TOKEN}"),
            ("token", "{{ .Values.token }}"),
            ("username", "admin"),
            ("url", "https://git.example.com/repo.git"),
            ("namespace", "default"),
            ("azurestorageaccountname", "acct"),
            ("password", "ENC[AES256_GCM,data:abc=,iv:x,tag:y,type:str]"),
            ("type", "git"),
            ("node.session.auth.username_in", "target-user"),
        ] {
            assert_eq!(verdict(key, value), "not secret", "{key}: {value}");
        }
        for (key, value) in [("ninja", "nothing-to-see"), ("message", "hello world")] {
            assert_eq!(verdict(key, value), "unclear", "{key}: {value}");
        }
    }

    #[test]
    fn binary_values_are_judged_by_name() {
        let binary = |key| match judge(key, None, "Opaque") {
            Verdict::Credential(what) => what,
            Verdict::NotSecret => "not secret".to_owned(),
            Verdict::Unclear => "unclear".to_owned(),
        };
        assert_eq!(binary("keystore.jks"), "a binary key store");
        assert_eq!(binary("tls.key"), "a key (binary)");
        assert_eq!(binary("tls.crt"), "not secret");
        assert_eq!(binary("blob"), "unclear");
    }

    #[test]
    fn bootstrap_tokens_have_one_secret_part() {
        let judge_bootstrap = |key| judge(key, Some("07401b"), "bootstrap.kubernetes.io/token");
        assert!(matches!(judge_bootstrap("token-id"), Verdict::NotSecret));
        assert!(matches!(
            judge_bootstrap("token-secret"),
            Verdict::Credential(_)
        ));
        assert!(matches!(
            judge_bootstrap("auth-extra-groups"),
            Verdict::NotSecret
        ));
    }

    #[test]
    fn base64_is_decoded_like_the_api_server() {
        assert_eq!(
            decode_base64("aHVudGVyMg==").as_deref(),
            Some(&b"hunter2"[..])
        );
        assert_eq!(
            decode_base64("aHVu\ndGVyMg==").as_deref(),
            Some(&b"hunter2"[..])
        );
        // Go's StdEncoding requires padding and rejects other characters.
        assert_eq!(decode_base64("aHVudGVyMg"), None);
        assert_eq!(decode_base64("hunter2!"), None);
        assert_eq!(decode_base64("").as_deref(), Some(&b""[..]));
    }
}
