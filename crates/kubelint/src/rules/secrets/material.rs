//! What a secret value holds, recognised from its documented format: PEM
//! blocks (RFC 7468), OpenSSH keys, kubeconfig files, Docker registry
//! configs, Google Cloud service account keys, well-known tokens, and
//! configuration files that assign a secret. Messages name what was found,
//! never the value.

use super::patterns::{
    is_literal_secret, is_placeholder, is_secret_key_name, secret_assignment, token_candidates,
    token_kind,
};

/// What a value was recognised as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Holds {
    /// A credential, named for a message: "an RSA private key (PEM)".
    Credential(String),
    /// Public material that is safe to publish: certificates, public keys,
    /// key-exchange parameters, known hosts.
    Public(&'static str),
    /// Encrypted at rest in git (a SOPS value): not readable.
    Encrypted,
    /// A kubeconfig or registry config without credentials in it.
    NoCredentials(&'static str),
}

/// Recognises `text` by its format, or `None` when it has none of them.
pub fn identify(text: &str) -> Option<Holds> {
    let trimmed = text.trim();
    if trimmed.starts_with("ENC[") && trimmed.ends_with(']') {
        return Some(Holds::Encrypted);
    }
    if let Some(holds) = pem(text) {
        return Some(holds);
    }
    if let Some(holds) = openssh_public(trimmed) {
        return Some(holds);
    }
    if let Some(holds) = kubeconfig(text) {
        return Some(holds);
    }
    if let Some(holds) = docker_config(trimmed) {
        return Some(holds);
    }
    if let Some(kind) = token_candidates(text).find_map(token_kind) {
        return Some(Holds::Credential(kind.to_owned()));
    }
    if trimmed.contains("hooks.slack.com/services/") {
        return Some(Holds::Credential("a Slack webhook URL".to_owned()));
    }
    if let Some(key) = json_secret(trimmed) {
        return Some(Holds::Credential(format!(
            "a JSON document that sets `{key}`"
        )));
    }
    if text.trim_end().contains('\n') {
        if let Some(key) = secret_assignment(text) {
            let shown: String = key.chars().take(40).collect();
            return Some(Holds::Credential(format!(
                "a configuration file that sets `{shown}`"
            )));
        }
    }
    None
}

/// The labels of the PEM blocks in `text` (`-----BEGIN <label>-----`).
fn pem_labels(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("-----BEGIN ")
        .filter_map(move |(at, marker)| {
            let rest = &text[at + marker.len()..];
            let end = rest.find("-----")?;
            let label = &rest[..end];
            (!label.contains('\n')).then_some(label)
        })
}

/// A private key if any block is one, public material if every block is.
fn pem(text: &str) -> Option<Holds> {
    let mut any = false;
    let mut public = None;
    for label in pem_labels(text) {
        any = true;
        let named = match label {
            "RSA PRIVATE KEY" => Some("an RSA private key (PEM)"),
            "EC PRIVATE KEY" => Some("an EC private key (PEM)"),
            "DSA PRIVATE KEY" => Some("a DSA private key (PEM)"),
            "OPENSSH PRIVATE KEY" => Some("an OpenSSH private key"),
            "ENCRYPTED PRIVATE KEY" => Some("a passphrase-encrypted private key (PEM)"),
            "PGP PRIVATE KEY BLOCK" => Some("a PGP private key"),
            _ if label.ends_with("PRIVATE KEY") => Some("a private key (PEM)"),
            _ => None,
        };
        if let Some(named) = named {
            let named = if text.contains("\"service_account\"") {
                "a Google Cloud service account key".to_owned()
            } else {
                named.to_owned()
            };
            return Some(Holds::Credential(named));
        }
        public = public.or(match label {
            "CERTIFICATE"
            | "TRUSTED CERTIFICATE"
            | "X509 CRL"
            | "CERTIFICATE REQUEST"
            | "NEW CERTIFICATE REQUEST" => Some("a certificate"),
            "PUBLIC KEY" | "RSA PUBLIC KEY" | "PGP PUBLIC KEY BLOCK" => Some("a public key"),
            "DH PARAMETERS" | "EC PARAMETERS" | "X9.42 DH PARAMETERS" => {
                Some("key-exchange parameters")
            }
            _ => None,
        });
    }
    if !any {
        return None;
    }
    // Every block is public (an unknown label leaves the value unjudged).
    public.map(Holds::Public)
}

/// `authorized_keys`, `known_hosts` or a `.pub` file: every line is a
/// public key (`ssh-ed25519 AAAA… comment`, `host ssh-rsa AAAA…`).
fn openssh_public(text: &str) -> Option<Holds> {
    const TYPES: &[&str] = &[
        "ssh-rsa",
        "ssh-ed25519",
        "ssh-dss",
        "ecdsa-sha2-",
        "sk-ssh-",
        "sk-ecdsa-",
    ];
    if !text.contains("AAAA") {
        return None;
    }
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .peekable();
    lines.peek()?;
    lines
        .all(|line| {
            line.split_whitespace()
                .collect::<Vec<_>>()
                .windows(2)
                .any(|w| TYPES.iter().any(|t| w[0].starts_with(t)) && w[1].starts_with("AAAA"))
        })
        .then_some(Holds::Public("public SSH keys"))
}

/// A kubeconfig (`clusters:` and `users:`), with or without credentials:
/// client keys, tokens, passwords, or tokens of an `auth-provider`.
fn kubeconfig(text: &str) -> Option<Holds> {
    if !text.contains("clusters") {
        return None;
    }
    let has_key = |key: &str| {
        text.lines().any(|line| {
            let line = line.trim_start().trim_start_matches("- ").trim_start();
            line.strip_prefix(key)
                .and_then(|rest| rest.trim_start().strip_prefix(':'))
                .is_some()
        })
    };
    if !(has_key("clusters") && has_key("users")) {
        return None;
    }
    const CREDENTIAL_KEYS: &[&str] = &[
        "client-key-data",
        "token",
        "password",
        "id-token",
        "refresh-token",
        "access-token",
    ];
    let credential = text.lines().any(|line| {
        let line = line.trim_start().trim_start_matches("- ").trim_start();
        CREDENTIAL_KEYS.iter().any(|key| {
            line.strip_prefix(key)
                .and_then(|rest| rest.strip_prefix(':'))
                .is_some_and(|value| !is_placeholder(value.trim().trim_matches(['"', '\''])))
        })
    });
    Some(if credential {
        Holds::Credential("a kubeconfig with credentials".to_owned())
    } else {
        Holds::NoCredentials("a kubeconfig without credentials")
    })
}

/// A Docker registry config (`.dockerconfigjson` with `auths`, or the
/// older `.dockercfg`): credentials when an entry has `auth`, `password`
/// or `identitytoken`.
fn docker_config(text: &str) -> Option<Holds> {
    // Parsed only when it can be one: ConfigMaps hold large JSON documents.
    if !text.starts_with('{') || !text.contains("\"auth") {
        return None;
    }
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    let registries = json.get("auths").unwrap_or(&json).as_object()?;
    if registries.is_empty() {
        return None;
    }
    let mut entries = registries.values().filter_map(|v| v.as_object()).peekable();
    entries.peek()?;
    let credential = entries.any(|entry| {
        ["auth", "password", "identitytoken", "registrytoken"]
            .iter()
            .any(|key| {
                entry
                    .get(*key)
                    .and_then(|v| v.as_str())
                    .is_some_and(|v| !is_placeholder(v))
            })
    });
    Some(if credential {
        Holds::Credential("registry credentials (a Docker config)".to_owned())
    } else {
        Holds::NoCredentials("a Docker config without credentials")
    })
}

/// A JSON object on one line (a config or credentials file kept
/// minified) that sets a secret-named key to a literal string, as that key.
/// Multi-line JSON is read line by line by [`secret_assignment`].
fn json_secret(text: &str) -> Option<String> {
    const MAX_JSON_BYTES: usize = 1024 * 1024;
    if !text.starts_with('{') || text.contains('\n') || text.len() > MAX_JSON_BYTES {
        return None;
    }
    fn walk(value: &serde_json::Value, depth: usize) -> Option<String> {
        let object = value.as_object().filter(|_| depth < 32)?;
        object.iter().find_map(|(key, value)| match value {
            serde_json::Value::String(text) => {
                (is_secret_key_name(key) && is_literal_secret(text)).then(|| key.clone())
            }
            serde_json::Value::Object(_) => walk(value, depth + 1),
            serde_json::Value::Array(items) => items.iter().find_map(|i| walk(i, depth + 1)),
            _ => None,
        })
    }
    walk(&serde_json::from_str(text).ok()?, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credential(text: &str) -> String {
        match identify(text) {
            Some(Holds::Credential(what)) => what,
            other => panic!("{text:?}: {other:?}"),
        }
    }

    #[test]
    fn private_keys_by_pem_label() {
        let key = |label: &str| format!("-----BEGIN {label}-----\nMIIEow\n-----END {label}-----\n");
        assert_eq!(
            credential(&key("RSA PRIVATE KEY")),
            "an RSA private key (PEM)"
        );
        assert_eq!(
            credential(&key("OPENSSH PRIVATE KEY")),
            "an OpenSSH private key"
        );
        assert_eq!(credential(&key("PRIVATE KEY")), "a private key (PEM)");
        // A certificate chain followed by its key is a key.
        let bundle = format!("{}{}", key("CERTIFICATE"), key("EC PRIVATE KEY"));
        assert_eq!(credential(&bundle), "an EC private key (PEM)");
        assert_eq!(
            identify(&key("CERTIFICATE")),
            Some(Holds::Public("a certificate"))
        );
        assert_eq!(
            identify(&key("DH PARAMETERS")),
            Some(Holds::Public("key-exchange parameters"))
        );
        assert_eq!(identify(&key("SOMETHING ELSE")), None);
        let gcp = "{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\\n\"}";
        assert_eq!(credential(gcp), "a Google Cloud service account key");
    }

    #[test]
    fn kubeconfigs() {
        let with = "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: https://k}\nusers:\n- name: u\n  user:\n    token: abcdef123456\n";
        assert_eq!(credential(with), "a kubeconfig with credentials");
        let exec = "clusters:\n- name: c\nusers:\n- name: u\n  user:\n    exec: {command: aws}\n";
        assert_eq!(
            identify(exec),
            Some(Holds::NoCredentials("a kubeconfig without credentials"))
        );
    }

    #[test]
    fn docker_configs() {
        assert_eq!(
            credential(r#"{"auths":{"registry.example.com":{"auth":"dXNlcjpwYXNz"}}}"#),
            "registry credentials (a Docker config)"
        );
        assert_eq!(
            identify(r#"{"auths":{"registry.example.com":{"auth":""}}}"#),
            Some(Holds::NoCredentials("a Docker config without credentials"))
        );
        assert_eq!(
            credential(r#"{"registry.example.com":{"auth":"dXNlcjpwYXNz","email":"a@b.c"}}"#),
            "registry credentials (a Docker config)"
        );
    }

    #[test]
    fn tokens_public_keys_and_files() {
        assert_eq!(credential("AKIAIOSFODNN7EXAMPLE"), "an AWS access key id");
        assert_eq!(
            credential("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl"),
            "a JWT"
        );
        assert_eq!(
            identify("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMq me@host\n"),
            Some(Holds::Public("public SSH keys"))
        );
        assert_eq!(
            identify("github.com ssh-rsa AAAAB3NzaC1yc2E=\n# comment\ngitlab.com ecdsa-sha2-nistp256 AAAAE2VjZHNh\n"),
            Some(Holds::Public("public SSH keys"))
        );
        assert_eq!(
            credential("[smtp]\nhost = mail\npassword = hunter2-prod\n"),
            "a configuration file that sets `password`"
        );
        // A reference on one line does not hide a literal on another.
        assert_eq!(
            credential("user: ${USER}\npassword: hunter2-prod\n"),
            "a configuration file that sets `password`"
        );
        assert_eq!(identify("password: ${DB_PASSWORD}\nhost: db\n"), None);
        // One line of JSON with a reference still holds its literal.
        assert_eq!(
            credential(r#"{"user":"${DB_USER}","db":{"password":"hunter2-prod"}}"#),
            "a JSON document that sets `password`"
        );
        assert_eq!(
            identify(r#"{"user":"${DB_USER}","password":"${DB_PASSWORD}"}"#),
            None
        );
        assert_eq!(
            identify("ENC[AES256_GCM,data:abc=,iv:x,tag:y,type:str]"),
            Some(Holds::Encrypted)
        );
        assert_eq!(identify("hunter2"), None);
    }
}
