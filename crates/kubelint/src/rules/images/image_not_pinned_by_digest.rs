use super::ImageReference;
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A container image referenced by tag only, without `@sha256:…`.
    /// Templated references (`${IMAGE}`) are left alone. Off by default:
    /// pinning digests needs tooling (Renovate, Dependabot, `crane digest`)
    /// to stay current.
    ///
    /// ## Why it matters
    /// Tags are mutable: whoever can push to the repository can change what
    /// `app:1.4.2` means, and nodes pulling at different times can run
    /// different code. A digest is the content itself — what the scanner
    /// checked and the signature covers is what runs.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: web}
    /// spec:
    ///   containers:
    ///   - name: web
    ///     image: registry.example.com/web:2.1.0
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: web}
    /// spec:
    ///   containers:
    ///   - name: web
    ///     image: registry.example.com/web:2.1.0@sha256:0d2e1c5e8b9a4f6d7c3b2a1908f7e6d5c4b3a291807f6e5d4c3b2a1908f7e6d5
    /// ```
    ///
    /// ## How to fix
    /// Append the digest of the tag (`crane digest`, `docker buildx
    /// imagetools inspect`) and let a dependency bot update both together.
    ///
    /// ## References
    /// - [Images: image names](https://kubernetes.io/docs/concepts/containers/images/#image-names)
    pub static RULE = Rule {
        id: "image-not-pinned-by-digest",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Image is referenced by tag, not by digest",
        practice: Practice::ImageScanning,
        equivalents: &[
            Tool::Checkov.same("CKV_K8S_43"),
        ],
        fix: None,
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    for container in pod.containers() {
        let Some(node) = container.get("image") else {
            continue;
        };
        let Some(image) = node.as_str() else { continue };
        let reference = ImageReference::parse(image);
        if reference.is_templated() || reference.digest.is_some() {
            continue;
        }
        findings
            .report_at(
                node,
                format!("image `{image}` of {} is not pinned by digest, so what it runs can change under the same tag", container.describe()),
            )
            .help("append `@sha256:<digest>` and let a dependency bot keep tag and digest current");
    }
}
