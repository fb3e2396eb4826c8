use super::material::{identify, Holds};
use super::patterns::{is_not_a_credential, is_placeholder, is_secret_name};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A container environment variable with a literal `value` that is a
    /// secret: either the value holds key material (a private key, a JWT,
    /// an AWS access key id, GitHub, GitLab, Slack, Google, Stripe or
    /// SendGrid tokens, a kubeconfig with credentials, a URL with a
    /// password), or its name says it is one (`PASSWORD`, `SECRET`,
    /// `TOKEN`, `API_KEY`, `ACCESS_KEY`, `CREDENTIALS`, …) and the value is
    /// a literal.
    ///
    /// Not secrets: names that refer to a secret or describe it
    /// (`PASSWORD_FILE`, `TOKEN_URL`, `SECRET_NAME`, `SECRET_VERSION`,
    /// `TOKEN_TTL`, `MAX_TOTAL_TOKENS`), placeholders (`$(VAR)`, `${VAR}`,
    /// `<token>`, `REPLACE_ME`, `your-api-key-here`), and values that
    /// cannot be credentials: booleans, numbers, durations (`15m`),
    /// versions (`latest`, `v2`), absolute paths and URLs without a
    /// password.
    ///
    /// ## Why it matters
    /// The value is in git, in `kubectl get -o yaml` for anyone who can read
    /// the workload (a much wider audience than who can read Secrets), and in
    /// the pod spec of every replica.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: api}
    /// spec:
    ///   containers:
    ///   - name: api
    ///     image: registry.example.com/api:5.0.0
    ///     env:
    ///     - name: DB_PASSWORD
    ///       value: hunter2
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: api}
    /// spec:
    ///   containers:
    ///   - name: api
    ///     image: registry.example.com/api:5.0.0
    ///     env:
    ///     - name: DB_PASSWORD
    ///       valueFrom:
    ///         secretKeyRef: {name: db, key: password}
    /// ```
    ///
    /// ## How to fix
    /// Move the value into a Secret delivered outside git and reference it
    /// with `valueFrom.secretKeyRef`, or mount it as a file. Rotate the value
    /// that was committed.
    pub static RULE = Rule {
        id: "secret-in-env",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Environment variable holds a literal secret value",
        practice: Practice::SecretData,
        equivalents: &[
            Tool::KubeLinter.same("env-var-secret"),
            Tool::Polaris.same("sensitiveContainerEnvVar"),
        ],
        fix: None,
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    for container in pod.containers() {
        let Some(env) = container.get("env") else {
            continue;
        };
        for var in env.items() {
            let (Some(name), Some(value)) =
                (var.get("name").and_then(|n| n.as_str()), var.get("value"))
            else {
                continue;
            };
            let Some(text) = value.as_str().filter(|_| !value.is_null()) else {
                continue;
            };
            let why = if let Some(Holds::Credential(what)) = identify(text) {
                format!("its value holds {what}")
            } else if is_secret_name(name) && !is_placeholder(text) && !is_not_a_credential(text) {
                "its name says it is a secret".to_owned()
            } else {
                continue;
            };
            findings
                .report_at(
                    value,
                    format!(
                        "env var `{name}` of {} holds a literal secret ({why})",
                        container.describe()
                    ),
                )
                .help(
                    "reference a Secret with `valueFrom.secretKeyRef` instead of a literal `value`",
                );
        }
    }
}
