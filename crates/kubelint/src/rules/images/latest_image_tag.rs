use super::ImageReference;
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::rules::options::{OptionKind, RuleOption};

declare_rule! {
    /// ## What it flags
    /// A container image tagged `:latest`, or with no tag at all (which means
    /// `:latest`). Images pinned by digest (`@sha256:…`) pass whatever their
    /// tag. A registry port is not a tag: `registry:5000/app` is untagged.
    /// References with variables (`${IMAGE}`) are left alone.
    ///
    /// ## Why it matters
    /// `latest` moves. Two nodes can run different code under the same
    /// manifest, a rollback does not roll back, and an image scanned in CI is
    /// not necessarily the one that runs. Kubernetes also pulls `:latest` on
    /// every start, so a registry outage stops restarts.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: web}
    /// spec:
    ///   containers:
    ///   - name: web
    ///     image: nginx:latest
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
    ///     image: nginx:1.27.2@sha256:0d2e1c5e8b9a4f6d7c3b2a1908f7e6d5c4b3a291807f6e5d4c3b2a1908f7e6d5
    /// ```
    ///
    /// ## How to fix
    /// Use an immutable version tag, and better still a digest, which is what
    /// your scanner and admission policy saw.
    pub static RULE = Rule {
        id: "latest-image-tag",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Image uses the :latest tag or no tag",
        practice: Practice::VersionsAndBenchmarks,
        equivalents: &[
            Tool::KubeLinter.same("latest-tag"),
            Tool::KubeScore.same("container-image-tag"),
            Tool::Polaris.same("tagNotSpecified"),
            Tool::Checkov.same("CKV_K8S_14"),
            Tool::Trivy.same("KSV-0013"),
        ],
        options: &[ALLOWED_IMAGES],
        fix: None,
        check: Check::Pod(check),
    };
}

/// Images that may use `latest`.
const ALLOWED_IMAGES: RuleOption = RuleOption {
    name: "allowed-images",
    doc: "image names (without tag) that may use `latest`, e.g. locally built development images",
    kind: OptionKind::Strings { default: &[] },
};

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    let allowed = ctx.options.strings(&ALLOWED_IMAGES);
    for container in pod.containers() {
        let Some(node) = container.get("image") else {
            continue;
        };
        let Some(image) = node.as_str() else { continue };
        let reference = ImageReference::parse(image);
        if reference.is_templated() || reference.digest.is_some() {
            continue;
        }
        let name = &image[..reference
            .tag
            .as_ref()
            .map_or(image.len(), |(_, r)| r.start - 1)];
        if allowed.contains(&name) {
            continue;
        }
        match reference.tag {
            Some(("latest", range)) => {
                findings
                    .report(
                        node.value_subspan(range),
                        format!("{} uses the mutable tag `latest`", container.describe()),
                    )
                    .help("pin a version tag, or better a digest (`image@sha256:…`)");
            }
            Some(_) => {}
            None => {
                findings
                    .report_at(
                        node,
                        format!(
                            "image `{image}` of {} has no tag, so it means `:latest`",
                            container.describe()
                        ),
                    )
                    .help("pin a version tag, or better a digest (`image@sha256:…`)");
            }
        }
    }
}
