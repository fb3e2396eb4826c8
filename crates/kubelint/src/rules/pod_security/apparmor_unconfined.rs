use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::yaml::NodeRef;
use crate::edit::IntoFix as _;

/// The beta AppArmor annotation, followed by the container's name.
pub(super) const ANNOTATION_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

declare_rule! {
    /// ## What it flags
    /// An AppArmor profile the Baseline Pod Security Standard does not allow:
    /// - `securityContext.appArmorProfile.type` other than `RuntimeDefault`
    ///   or `Localhost` — in practice `Unconfined` — at pod level or in any
    ///   container (init and ephemeral containers included);
    /// - the annotation
    ///   `container.apparmor.security.beta.kubernetes.io/<container>` on the
    ///   pod (template) with a value other than `runtime/default` or
    ///   `localhost/<profile>` — in practice `unconfined`.
    ///
    /// ## Why it matters
    /// On nodes with AppArmor, the runtime's default profile denies writes
    /// to `/proc` and `/sys`, mounting, and other operations used to break
    /// out of containers. An unconfined container loses that layer. The
    /// Baseline standard forbids overriding the default to `Unconfined`.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: app}
    /// spec:
    ///   selector: {matchLabels: {app: app}}
    ///   template:
    ///     metadata:
    ///       labels: {app: app}
    ///       annotations:
    ///         container.apparmor.security.beta.kubernetes.io/app: unconfined
    ///     spec:
    ///       containers:
    ///       - name: app
    ///         image: registry.example.com/app:1.0.0
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: app}
    /// spec:
    ///   selector: {matchLabels: {app: app}}
    ///   template:
    ///     metadata:
    ///       labels: {app: app}
    ///     spec:
    ///       securityContext:
    ///         appArmorProfile:
    ///           type: RuntimeDefault
    ///       containers:
    ///       - name: app
    ///         image: registry.example.com/app:1.0.0
    /// ```
    ///
    /// ## How to fix
    /// Use `type: RuntimeDefault` (the quick fix does this; for the
    /// annotation it writes `runtime/default`), or a `Localhost` profile
    /// loaded on the nodes that allows what the workload needs. Kubernetes
    /// 1.30 and later read the `appArmorProfile` field; prefer it to the
    /// annotation.
    ///
    /// ## References
    /// - [Pod Security Standards: AppArmor](https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline)
    /// - [Restrict a Container's Access to Resources with AppArmor](https://kubernetes.io/docs/tutorials/security/apparmor/)
    pub static RULE = Rule {
        id: "apparmor-unconfined",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Pod or container runs without AppArmor confinement (Unconfined)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::Polaris.inspired("linuxHardening"),
            Tool::Trivy.same("KSV-0002"),
            Tool::Kubesec.same("ApparmorUnconfined"),
            Tool::Pss.same("baseline/appArmorProfile"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

const TYPE: &[&str] = &["appArmorProfile", "type"];

fn report_field(findings: &mut Findings<'_>, value: NodeRef<'_>, owner: &str) {
    let Some(text) = value.as_str() else { return };
    if matches!(text, "RuntimeDefault" | "Localhost") {
        return;
    }
    let message = if text == "Unconfined" {
        format!("{owner} runs without AppArmor confinement (appArmorProfile.type: Unconfined)")
    } else {
        format!("`{text}` is not an AppArmor profile type the Baseline standard allows for the {owner} (RuntimeDefault or Localhost)")
    };
    findings
        .report_at(value, message)
        .help("use `type: RuntimeDefault`, or a Localhost profile loaded on the nodes")
        .fix(crate::edit::replace_scalar(value, "RuntimeDefault").into_fix("Use the RuntimeDefault AppArmor profile", Applicability::Unsafe));
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    if let Some(value) = pod.security_path(TYPE) {
        report_field(findings, value, "pod");
    }
    for container in pod.containers() {
        if let Some(value) = container.own_path(TYPE) {
            report_field(findings, value, &container.describe());
        }
    }
    for (key, value) in pod.annotations() {
        let Some(container) = key.as_str().and_then(|k| k.strip_prefix(ANNOTATION_PREFIX)) else {
            continue;
        };
        let Some(text) = value.as_str() else { continue };
        if text.is_empty() || text == "runtime/default" || text.starts_with("localhost/") {
            continue;
        }
        let message = if text == "unconfined" {
            format!("container \"{container}\" runs without AppArmor confinement (annotation value `unconfined`)")
        } else {
            format!("AppArmor annotation value `{text}` for container \"{container}\" is not allowed by the Baseline standard (runtime/default or localhost/<profile>)")
        };
        findings
            .report_at(value, message)
            .help("use `runtime/default`, or better the `appArmorProfile` field with `type: RuntimeDefault`")
            .fix(crate::edit::replace_scalar(value, "runtime/default").into_fix("Use the runtime/default AppArmor profile", Applicability::Unsafe));
    }
}
