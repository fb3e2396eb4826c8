use super::material::{identify, Holds};
use super::patterns::{is_literal_secret, is_secret_key_name, names_a_secret_object};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A ConfigMap `data` entry that holds a secret:
    /// - the value holds key material anywhere: a private key (PEM,
    ///   OpenSSH, PGP), a token (JWT, AWS access key id, GitHub, GitLab,
    ///   Slack, Google, Stripe, SendGrid), a kubeconfig or Docker registry
    ///   config with credentials, a Slack webhook or a URL with a password;
    /// - the key names a secret by whole words (`password`,
    ///   `db.password`, `clientSecret`, `API_KEY`; not `max_tokens` or
    ///   `password_min_length`) and holds a literal value;
    /// - a line of an embedded configuration file or script does the same
    ///   (`spring.datasource.password=hunter2`, `"password": "hunter2"`).
    ///
    /// Not literals, and not reported: placeholders (`<token>`,
    /// `changeme`), references the application or a tool resolves
    /// (`${ENV}`, `$(VAR)`, `{{ .Values.x }}`, Argo CD's `$secret-key`),
    /// code that reads the secret from elsewhere (`os.environ["TOKEN"]`,
    /// `process.env.TOKEN`, `$(cat /run/secrets/token)`, `get_password()`),
    /// the name or `namespace/name` of a Secret object under a key such as
    /// `tls-secret` or `secretNamespace`, numbers, booleans, paths, URLs
    /// without a password, and certificates.
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
        let one_line = !text.trim_end().contains('\n');
        let why = if let Some(Holds::Credential(what)) = identify(text) {
            format!("its value holds {what}")
        } else if one_line
            && is_secret_key_name(key_name)
            && is_literal_secret(text)
            && !names_a_secret_object(key_name, text)
        {
            "its name says it is a secret and its value is a literal".to_owned()
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
