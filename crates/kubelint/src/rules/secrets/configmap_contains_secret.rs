use super::patterns::{
    contains_private_key, is_placeholder, is_secret_key_name, lines_with_secret_words,
    looks_like_token, token_candidates,
};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A ConfigMap `data` entry that holds a secret:
    /// - the value looks like key material (a PEM private key, an AWS
    ///   access key id, GitHub, GitLab, Slack, Google or Stripe tokens, a
    ///   JWT, a URL with a password), anywhere in the value;
    /// - the key names a secret by whole words (`password`,
    ///   `db.password`, `clientSecret`, `API_KEY`; not `max_tokens` or
    ///   `password_min_length`) and holds a literal value;
    /// - a line of an embedded configuration file does the same
    ///   (`spring.datasource.password=hunter2`, `password: hunter2`).
    ///
    /// Placeholders (`${VAR}`, `<token>`, `changeme`), numbers, booleans,
    /// paths and URLs without a password are ignored.
    ///
    /// ## Why it matters
    /// ConfigMaps are meant to be read widely: RBAC roles such as `view`
    /// grant them, they are printed in `kubectl describe`, and they are not
    /// covered by encryption at rest. A secret in a ConfigMap is readable by
    /// everyone who can read the namespace's configuration.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata: {name: app}
    /// data:
    ///   DB_HOST: db.shop.svc
    ///   DB_PASSWORD: hunter2-prod
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata: {name: app}
    /// data:
    ///   DB_HOST: db.shop.svc
    ///   DB_PASSWORD_FILE: /run/secrets/db/password
    /// ```
    ///
    /// ## How to fix
    /// Move the value into a Secret delivered outside git (External Secrets
    /// Operator, Sealed Secrets, SOPS, Vault), mount it as a file, and
    /// rotate the value that was committed.
    ///
    /// ## References
    /// - [ConfigMaps](https://kubernetes.io/docs/concepts/configuration/configmap/)
    pub static RULE = Rule {
        id: "configmap-contains-secret",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "ConfigMap holds a password, token or private key",
        practice: Practice::SecretData,
        equivalents: &[
            Tool::Polaris.same("sensitiveConfigmapContent"),
            Tool::Trivy.inspired("KSV-0109"),
            Tool::Trivy.inspired("KSV-01010"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

/// A literal value that could be a secret (not a placeholder, number,
/// path or plain URL).
fn is_literal_secret(value: &str) -> bool {
    let v = value.trim().trim_matches(['"', '\'']);
    !is_placeholder(v)
        && v.len() >= 4
        && !v.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !v.starts_with('/')
        && (!v.contains("://") || looks_like_token(v))
}

/// The first line of an embedded file that assigns a secret:
/// `key=value` or `key: value`.
fn secret_line(text: &str) -> Option<&str> {
    lines_with_secret_words(text).into_iter().find(|line| {
        let line = line.trim();
        if line.starts_with('#') {
            return false;
        }
        let Some(at) = line.find(['=', ':']) else {
            return false;
        };
        let (key, value) = (line[..at].trim(), &line[at + 1..]);
        is_secret_key_name(key) && is_literal_secret(value) && !is_short_word(value)
    })
}

/// A short all-lowercase word (`passwd: files` in nsswitch.conf, `token: none`)
/// is a setting inside a config file, not a credential.
fn is_short_word(value: &str) -> bool {
    let v = value.trim().trim_matches(['"', '\'']);
    v.len() < 12 && v.bytes().all(|b| b.is_ascii_lowercase())
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if object.kind != "ConfigMap" || object.api_version != "v1" {
        return;
    }
    let name = object.name().unwrap_or("(unnamed)");
    let Some(data) = object.root.get("data") else {
        return;
    };
    for (key, value) in data.entries() {
        let (Some(key_name), Some(text)) = (key.as_str(), value.as_str()) else {
            continue;
        };
        if value.is_null() {
            continue;
        }
        let why = if contains_private_key(text) || token_candidates(text).any(looks_like_token) {
            "its value looks like key material".to_owned()
        } else if !text.contains('\n') && is_secret_key_name(key_name) && is_literal_secret(text) {
            "its name says it is a secret".to_owned()
        } else if let Some(line) = text.contains('\n').then(|| secret_line(text)).flatten() {
            let shown: String = line.trim().chars().take(40).collect();
            let key_part = shown.split(['=', ':']).next().unwrap_or("").trim();
            format!("it sets `{key_part}` to a literal value")
        } else {
            continue;
        };
        findings
            .report_at(
                key,
                format!("ConfigMap `{name}` holds a secret in `{key_name}` ({why}); ConfigMaps are readable by anyone who can read the namespace's configuration"),
            )
            .help("move the value into a Secret delivered outside git, mount it as a file, and rotate it");
    }
}
