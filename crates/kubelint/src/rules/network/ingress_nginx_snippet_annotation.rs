use crate::diagnostic::Severity;
use crate::k8s::Object;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// An Ingress annotation whose key contains `snippet`
    /// (`nginx.ingress.kubernetes.io/configuration-snippet`,
    /// `server-snippet`, `auth-snippet`, `stream-snippet`, and the snippet
    /// annotations of other controllers such as `nginx.org/server-snippets`).
    /// Reported at the annotation's key. A snippet that runs Lua code
    /// (`*_by_lua*`), serves files with `alias`, or names the service
    /// account token path is an error; any other snippet is a warning.
    ///
    /// ## Why it matters
    /// A snippet is raw configuration the ingress controller pastes into
    /// its own nginx configuration, unchecked. The controller runs with a
    /// service account that can read every Secret it serves (usually all
    /// Secrets of the cluster). Whoever may create or edit an Ingress in
    /// any namespace can therefore make the controller hand out its token
    /// and those Secrets (CVE-2021-25742), run Lua code inside it, or serve
    /// its files with `alias`. ingress-nginx disables snippet annotations
    /// by default since v1.9 (`allow-snippet-annotations: "false"`); a
    /// manifest that uses them needs the controller to allow them.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: networking.k8s.io/v1
    /// kind: Ingress
    /// metadata:
    ///   name: web
    ///   namespace: shop
    ///   annotations:
    ///     nginx.ingress.kubernetes.io/configuration-snippet: |
    ///       more_set_headers "X-Frame-Options: DENY";
    /// spec:
    ///   ingressClassName: nginx
    ///   rules:
    ///   - host: shop.example.com
    ///     http:
    ///       paths:
    ///       - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
    /// ```
    ///
    /// Use instead — the dedicated annotation, which the controller validates:
    /// ```yaml pass
    /// apiVersion: networking.k8s.io/v1
    /// kind: Ingress
    /// metadata:
    ///   name: web
    ///   namespace: shop
    ///   annotations:
    ///     nginx.ingress.kubernetes.io/custom-headers: shop/security-headers
    /// spec:
    ///   ingressClassName: nginx
    ///   rules:
    ///   - host: shop.example.com
    ///     http:
    ///       paths:
    ///       - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
    /// ```
    ///
    /// ## How to fix
    /// Replace the snippet with the controller's dedicated annotations or
    /// its global ConfigMap, which only cluster administrators edit. Keep
    /// `allow-snippet-annotations: "false"` on the controller; where
    /// snippets are unavoidable, restrict who may write Ingresses and set
    /// `annotations-risk-level` to reject the riskiest ones.
    ///
    /// ## References
    /// - [CVE-2021-25742: ingress-nginx custom snippets allow retrieval of tokens and secrets](https://github.com/kubernetes/ingress-nginx/issues/7837)
    /// - [ingress-nginx: allow-snippet-annotations](https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#allow-snippet-annotations)
    pub static RULE = Rule {
        id: "ingress-nginx-snippet-annotation",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Ingress injects raw controller configuration with a snippet annotation",
        practice: Practice::NetworkPolicies,
        equivalents: &[
            Tool::Checkov.same("CKV_K8S_153"),
            Tool::Checkov.inspired("CKV_K8S_152"),
            Tool::Checkov.inspired("CKV_K8S_154"),
        ],
        fix: None,
        check: Check::Object(check),
    };
}

/// Whether `object` is an Ingress of any API version that served one.
pub(crate) fn is_ingress(object: &Object<'_>) -> bool {
    object.kind == "Ingress" && matches!(object.group(), "networking.k8s.io" | "extensions")
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if !is_ingress(object) {
        return;
    }
    let Some(annotations) = object.metadata().and_then(|m| m.get("annotations")) else {
        return;
    };
    for (key, value) in annotations.entries() {
        let Some(name) = key.as_str().filter(|k| k.contains("snippet")) else {
            continue;
        };
        let text = value.as_str().unwrap_or("");
        let base = format!(
            "annotation `{name}` pastes raw configuration into the shared ingress controller, whose service account reads Secrets: whoever can edit this Ingress can make it serve them (CVE-2021-25742)"
        );
        match dangerous_directive(text) {
            Some(what) => {
                findings
                    .report(key.span(), format!("{base}; this snippet {what}"))
                    .help("replace the snippet with the controller's dedicated annotations, and keep `allow-snippet-annotations: \"false\"`");
            }
            None => {
                findings
                    .report(key.span(), base)
                    .help("replace the snippet with the controller's dedicated annotations, and keep `allow-snippet-annotations: \"false\"`")
                    .at_most(Severity::Warning);
            }
        }
    }
}

/// What a snippet does beyond configuring nginx, in words for the message:
/// Lua code, `alias` (serving any file of the controller), or the path of
/// the controller's service account token.
fn dangerous_directive(snippet: &str) -> Option<&'static str> {
    let words = || {
        snippet
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
    };
    if words().any(|w| w.contains("by_lua") || w.starts_with("lua_") || w.ends_with("_lua")) {
        Some("runs Lua code inside the controller")
    } else if words().any(|w| w == "alias") {
        Some("uses `alias`, which serves any file of the controller's filesystem")
    } else if snippet.contains("/var/run/secrets") || snippet.contains("kubernetes.io/serviceaccount") {
        Some("names the controller's service account token path")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::dangerous_directive;

    #[test]
    fn dangerous_directives_are_told_apart() {
        assert!(dangerous_directive("content_by_lua_block { ngx.say(1) }").is_some());
        assert!(dangerous_directive("lua_shared_dict x 1m;").is_some());
        assert!(dangerous_directive("location /x { alias /; }").is_some());
        assert!(dangerous_directive("return 200 /var/run/secrets/kubernetes.io/serviceaccount/token;").is_some());
        assert_eq!(dangerous_directive("more_set_headers \"X-Alias: 1\";"), None);
        assert_eq!(dangerous_directive("proxy_set_header X-Lua-Version 5;"), None);
        assert_eq!(dangerous_directive("add_header aliases on;"), None);
    }
}
