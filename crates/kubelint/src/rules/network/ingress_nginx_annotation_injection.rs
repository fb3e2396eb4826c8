use super::ingress_nginx_snippet_annotation::is_ingress;
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// An ingress-nginx annotation (`nginx.ingress.kubernetes.io/…`) on an
    /// Ingress whose value holds characters that end or escape the nginx
    /// directive the controller pastes it into:
    ///
    /// - URL annotations (`auth-url`, `auth-signin`, `mirror-target`,
    ///   `mirror-host`, `permanent-redirect`, `temporal-redirect`): a line
    ///   break, white space, or one of `" ' ` ; { } < > | ^ \`;
    /// - `auth-tls-match-cn` (a regular expression): a line break or one
    ///   of `# ; { } "`;
    /// - any other non-snippet annotation: a line break inside the value.
    ///
    /// Reported at the annotation's key, naming the character. Snippet
    /// annotations are `ingress-nginx-snippet-annotation`'s business.
    ///
    /// ## Why it matters
    /// ingress-nginx renders these values into its nginx configuration
    /// without escaping. A value that closes the directive adds directives
    /// of its own: Lua code, `alias` to any file, or a `load_module`. The
    /// controller's admission webhook loads the rendered configuration
    /// while validating an Ingress, so in the IngressNightmare attacks
    /// (CVE-2025-1974 with CVE-2025-24514 `auth-url`, CVE-2025-1097
    /// `auth-tls-match-cn`, CVE-2025-1098 `mirror-target`/`mirror-host`)
    /// such an Ingress executes code in the controller, which reads every
    /// Secret of the cluster, even before it is admitted. CVE-2023-5044 is
    /// the same injection through `permanent-redirect`. A legitimate URL or
    /// certificate subject never needs these characters.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: networking.k8s.io/v1
    /// kind: Ingress
    /// metadata:
    ///   name: web
    ///   annotations:
    ///     nginx.ingress.kubernetes.io/auth-url: "http://auth.example.com/#;}}}\nload_module /tmp/x.so;"
    /// spec:
    ///   ingressClassName: nginx
    ///   defaultBackend: {service: {name: web, port: {number: 80}}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: networking.k8s.io/v1
    /// kind: Ingress
    /// metadata:
    ///   name: web
    ///   annotations:
    ///     nginx.ingress.kubernetes.io/auth-url: "https://auth.example.com/oauth2/auth?rd=$escaped_request_uri"
    /// spec:
    ///   ingressClassName: nginx
    ///   defaultBackend: {service: {name: web, port: {number: 80}}}
    /// ```
    ///
    /// ## How to fix
    /// Remove the characters (percent-encode them in URLs). Upgrade
    /// ingress-nginx to v1.11.5 / v1.12.1 or later, and keep its admission
    /// webhook reachable from the API server only.
    ///
    /// ## References
    /// - [IngressNightmare: CVE-2025-1974 and related ingress-nginx vulnerabilities](https://kubernetes.io/blog/2025/03/24/ingress-nginx-cve-2025-1974/)
    /// - [CVE-2025-24514, CVE-2025-1097, CVE-2025-1098](https://github.com/kubernetes/kubernetes/issues/131006)
    /// - [CVE-2023-5044: code injection via permanent-redirect](https://github.com/kubernetes/ingress-nginx/issues/10572)
    pub static RULE = Rule {
        id: "ingress-nginx-annotation-injection",
        severity: Severity::Error,
        default_enabled: true,
        summary: "ingress-nginx annotation value can inject nginx configuration",
        practice: Practice::NetworkPolicies,
        equivalents: &[Tool::Trivy.inspired("KCV-0093")],
        fix: None,
        check: Check::Object(check),
    };
}

const PREFIX: &str = "nginx.ingress.kubernetes.io/";

/// Annotations pasted into the configuration as a URL or host, with the
/// vulnerability that used each.
const URL_ANNOTATIONS: &[(&str, Option<&str>)] = &[
    ("auth-url", Some("CVE-2025-24514, CVE-2025-1974")),
    ("auth-signin", None),
    ("mirror-target", Some("CVE-2025-1098, CVE-2025-1974")),
    ("mirror-host", Some("CVE-2025-1098, CVE-2025-1974")),
    ("permanent-redirect", Some("CVE-2023-5044")),
    ("temporal-redirect", None),
];

const URL_BREAKERS: &[char] = &['"', '\'', '`', ';', '{', '}', '<', '>', '|', '^', '\\'];
// The value is a regular expression: `|` alternation is legitimate.
const CN_BREAKERS: &[char] = &['#', ';', '{', '}', '"'];

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if !is_ingress(object) {
        return;
    }
    let Some(annotations) = object.metadata().and_then(|m| m.get("annotations")) else {
        return;
    };
    for (key, value) in annotations.entries() {
        let Some(name) = key.as_str().and_then(|k| k.strip_prefix(PREFIX)) else {
            continue;
        };
        if name.contains("snippet") {
            continue;
        }
        let Some(text) = value.as_str() else {
            continue;
        };
        // Block scalars end in a line break the controller trims.
        let text = text.trim();
        let url = URL_ANNOTATIONS.iter().find(|(n, _)| *n == name);
        let found = if url.is_some() {
            text.chars()
                .find(|c| c.is_whitespace() || URL_BREAKERS.contains(c))
        } else if name == "auth-tls-match-cn" {
            text.chars()
                .find(|c| matches!(c, '\n' | '\r') || CN_BREAKERS.contains(c))
        } else {
            text.chars().find(|c| matches!(c, '\n' | '\r'))
        };
        let Some(found) = found else {
            continue;
        };
        let cve = match (url, name) {
            (Some((_, Some(cve))), _) => format!(" ({cve})"),
            (_, "auth-tls-match-cn") => " (CVE-2025-1097, CVE-2025-1974)".to_owned(),
            _ => " (the CVE-2025-1974 class)".to_owned(),
        };
        findings
            .report(
                key.span(),
                format!(
                    "annotation `{PREFIX}{name}` holds {}, which ends the nginx directive ingress-nginx pastes this value into: it can inject configuration that runs code in the controller{cve}",
                    describe(found)
                ),
            )
            .label(value.span(), "the value")
            .help(if url.is_some() {
                "remove the character (percent-encode it), and run ingress-nginx v1.11.5 / v1.12.1 or later"
            } else {
                "remove the character, and run ingress-nginx v1.11.5 / v1.12.1 or later"
            });
    }
}

fn describe(c: char) -> String {
    match c {
        '\n' | '\r' => "a line break".to_owned(),
        c if c.is_whitespace() => "white space".to_owned(),
        c => format!("`{c}`"),
    }
}
