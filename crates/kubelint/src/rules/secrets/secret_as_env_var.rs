use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A container that reads a Secret into environment variables: an
    /// `env[].valueFrom.secretKeyRef`, or an `envFrom[].secretRef`. Off by
    /// default: it is the most common way to consume Secrets, and moving to
    /// files needs application changes.
    ///
    /// ## Why it matters
    /// Environment variables are copied into every child process, printed
    /// by crash handlers, debug endpoints and `env` in a support session,
    /// and visible in `/proc/<pid>/environ` to anything sharing the process
    /// namespace. They are also fixed at start: a rotated Secret needs a
    /// restart. Mounted files avoid all of this and are updated in place.
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
    ///       valueFrom:
    ///         secretKeyRef: {name: db, key: password}
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
    ///     - name: DB_PASSWORD_FILE
    ///       value: /run/secrets/db/password
    ///     volumeMounts:
    ///     - {name: db, mountPath: /run/secrets/db, readOnly: true}
    ///   volumes:
    ///   - name: db
    ///     secret: {secretName: db}
    /// ```
    ///
    /// ## How to fix
    /// Mount the Secret as a read-only volume and point the application at
    /// the file (many images accept `*_FILE` variables).
    ///
    /// ## References
    /// - [Secrets: using Secrets as files](https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod)
    /// - CIS Kubernetes Benchmark 5.4.1
    pub static RULE = Rule {
        id: "secret-as-env-var",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Container reads a Secret into environment variables",
        practice: Practice::SecretData,
        equivalents: &[
            Tool::KubeLinter.same("read-secret-from-env-var"),
            Tool::Checkov.same("CKV_K8S_35"),
            Tool::Kubesec.same("SecretsAsEnvironmentVariables"),
            Tool::Cis.same("5.4.1"),
        ],
        fix: None,
        check: Check::Pod(check),
    };
}

const HELP: &str = "mount the Secret as a read-only volume and read the value from the file";

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    for container in pod.containers() {
        for var in container.get("env").into_iter().flat_map(|e| e.items()) {
            let Some((key, reference)) = var
                .get("valueFrom")
                .and_then(|v| v.get_entry("secretKeyRef"))
            else {
                continue;
            };
            let name = var.get("name").and_then(|n| n.as_str()).unwrap_or("?");
            let secret = reference
                .get("name")
                .and_then(|n| n.as_str())
                .unwrap_or("?");
            findings
                .report_at(
                    key,
                    format!("env var `{name}` of {} is read from Secret `{secret}`: environment variables leak into child processes, logs and crash dumps", container.describe()),
                )
                .help(HELP);
        }
        for source in container.get("envFrom").into_iter().flat_map(|e| e.items()) {
            let Some((key, reference)) = source.get_entry("secretRef") else {
                continue;
            };
            let secret = reference
                .get("name")
                .and_then(|n| n.as_str())
                .unwrap_or("?");
            findings
                .report_at(
                    key,
                    format!("{} loads every key of Secret `{secret}` into environment variables, which leak into child processes, logs and crash dumps", container.describe()),
                )
                .help(HELP);
        }
    }
}
