use super::ImageReference;
use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::edit::IntoFix as _;

declare_rule! {
    /// ## What it flags
    /// A container whose effective `imagePullPolicy` is not `Always`: set to
    /// `IfNotPresent` or `Never` (reported at the value), or not set on an
    /// image that Kubernetes then defaults to `IfNotPresent` — one with a
    /// tag other than `latest`, or pinned by digest (reported at the
    /// container's name). Images without a tag or tagged `latest` default to
    /// `Always` and pass. Off by default.
    ///
    /// ## Why it matters
    /// With `IfNotPresent`, a node that already has the image starts it
    /// without asking the registry. Any pod on that node can then run a
    /// private image it has no pull secret for, and a tag that was re-pushed
    /// (for a fix or a revoked build) keeps running in its old form. `Always`
    /// makes the kubelet check credentials and the current digest on every
    /// start; with a digest-pinned image it costs only a registry round trip.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: app}
    /// spec:
    ///   containers:
    ///   - name: app
    ///     image: registry.example.com/app:1.4.2
    ///     imagePullPolicy: IfNotPresent
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: app}
    /// spec:
    ///   containers:
    ///   - name: app
    ///     image: registry.example.com/app:1.4.2
    ///     imagePullPolicy: Always
    /// ```
    ///
    /// ## How to fix
    /// Set `imagePullPolicy: Always` (the quick fix does this). It only
    /// changes when the kubelet talks to the registry, not what runs. Many
    /// clusters enforce the same with the `AlwaysPullImages` admission
    /// plugin; there, this rule can stay off.
    ///
    /// ## References
    /// - [Images: image pull policy](https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy)
    pub static RULE = Rule {
        id: "image-pull-policy-not-always",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Container's imagePullPolicy is not Always",
        practice: Practice::ImageScanning,
        equivalents: &[
            Tool::KubeScore.same("container-image-pull-policy"),
            Tool::Polaris.same("pullPolicyNotAlways"),
            Tool::Checkov.same("CKV_K8S_15"),
        ],
        fix: Some(Applicability::Safe),
        check: Check::Pod(check),
    };
}

/// Kubernetes' default pull policy for an image: `Always` for `:latest` and
/// untagged images without a digest, `IfNotPresent` otherwise.
fn defaults_to_always(image: &ImageReference<'_>) -> bool {
    match image.tag {
        Some((tag, _)) => tag == "latest",
        None => image.digest.is_none(),
    }
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    for container in pod.containers() {
        match container.get("imagePullPolicy").filter(|v| !v.is_null()) {
            Some(value) => {
                let policy = value.as_str().unwrap_or_default();
                if policy == "Always" {
                    continue;
                }
                findings
                    .report_at(
                        value,
                        format!(
                            "{} uses imagePullPolicy `{policy}`, so a cached image starts without the registry checking credentials or the current digest",
                            container.describe()
                        ),
                    )
                    .help("set `imagePullPolicy: Always`")
                    .fix(crate::edit::replace_scalar(value, "Always").into_fix("Set imagePullPolicy: Always", Applicability::Safe));
            }
            // A patch: the object it patches decides.
            None if pod.is_partial() => {}
            None => {
                let Some(image) = container.get("image").and_then(|i| i.as_str()) else {
                    continue;
                };
                let reference = ImageReference::parse(image);
                if reference.is_templated() || defaults_to_always(&reference) {
                    continue;
                }
                findings
                    .report(
                        container.report_span(),
                        format!(
                            "{} defaults to imagePullPolicy IfNotPresent for `{image}`, so a cached image starts without the registry checking credentials",
                            container.describe()
                        ),
                    )
                    .help("set `imagePullPolicy: Always`")
                    .fix(crate::edit::set_path(container.node, &["imagePullPolicy"], "Always").into_fix("Set imagePullPolicy: Always", Applicability::Safe));
            }
        }
    }
}
