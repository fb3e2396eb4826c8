use super::ImageReference;
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::rules::options::{OptionKind, RuleOption};

declare_rule! {
    /// ## What it flags
    /// A container image from a registry (or repository prefix) that is not
    /// in the `allowed-registries` option. Images without a registry come
    /// from `docker.io` (and one-word names from `docker.io/library`), as
    /// container runtimes resolve them. The rule does nothing until
    /// `allowed-registries` is set; the examples below run with
    /// `allowed-registries: [registry.example.com, ghcr.io/example]`.
    ///
    /// ## Why it matters
    /// Images from anywhere means code from anyone: a typo-squatted Docker
    /// Hub name, an abandoned repository taken over, or an image nobody
    /// scanned. Pulling only from registries you control (or mirror and
    /// scan) is what makes image scanning and signing meaningful.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: web}
    /// spec:
    ///   containers:
    ///   - name: web
    ///     image: nginx:1.27.2
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
    ///     image: registry.example.com/mirror/nginx:1.27.2
    /// ```
    ///
    /// ## How to fix
    /// Mirror the image into an allowed registry (with scanning on push)
    /// and reference the mirror. Enforce the same list at admission with a
    /// policy engine.
    ///
    /// ## References
    /// - [Images](https://kubernetes.io/docs/concepts/containers/images/)
    pub static RULE = Rule {
        id: "image-registry-not-allowed",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Image comes from a registry outside allowed-registries (when configured)",
        practice: Practice::SecurityPolicies,
        equivalents: &[
            Tool::Trivy.same("KSV-0125"),
            Tool::Cis.same("5.5.1"),
        ],
        options: &[ALLOWED_REGISTRIES],
        fix: None,
        check: Check::Pod(check),
    };
}

/// Which images are allowed.
const ALLOWED_REGISTRIES: RuleOption = RuleOption {
    name: "allowed-registries",
    doc: "registries (`registry.example.com`, `docker.io`) or repository prefixes (`ghcr.io/example`); an image is allowed when its `registry/repository` equals an entry or starts with it followed by `/`. The rule does nothing until it is set",
    kind: OptionKind::Strings { default: &[] },
};

/// `registry/repository` as a runtime resolves it.
fn full_name(reference: &ImageReference<'_>) -> String {
    match reference.registry {
        Some(registry) => format!("{registry}/{}", reference.repository),
        None if reference.repository.contains('/') => format!("docker.io/{}", reference.repository),
        None => format!("docker.io/library/{}", reference.repository),
    }
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let allowed = ctx.options.strings(&ALLOWED_REGISTRIES);
    if allowed.is_empty() {
        return;
    }
    let pod = ctx.pod;
    for container in pod.containers() {
        let Some(node) = container.get("image") else {
            continue;
        };
        let Some(image) = node.as_str() else { continue };
        let reference = ImageReference::parse(image);
        if reference.is_templated() {
            continue;
        }
        let name = full_name(&reference);
        let ok = allowed.iter().any(|entry| {
            let entry = entry.trim_end_matches('/');
            name == entry || name.starts_with(&format!("{entry}/"))
        });
        if ok {
            continue;
        }
        let span = match reference.registry {
            Some(registry) if image.starts_with(registry) => node.value_subspan(0..registry.len()),
            _ => node.span(),
        };
        let registry = reference.registry.unwrap_or("docker.io");
        findings
            .report(
                span,
                format!("image `{image}` of {} comes from `{registry}`, which is not an allowed registry", container.describe()),
            )
            .help(format!("mirror the image into one of: {}", allowed.join(", ")));
    }
}
