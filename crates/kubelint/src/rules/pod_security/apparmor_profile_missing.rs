use super::apparmor_unconfined::ANNOTATION_PREFIX;
use crate::diagnostic::{Applicability, Severity};
use crate::edit::IntoFix as _;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A container (init and ephemeral containers included) for which no
    /// AppArmor profile is set: neither its own
    /// `securityContext.appArmorProfile.type`, nor the pod's, nor the
    /// legacy annotation
    /// `container.apparmor.security.beta.kubernetes.io/<container>` on the
    /// pod (template). The finding points at the container's name.
    ///
    /// A profile set to `Unconfined` (or another value the Baseline standard
    /// forbids) is `apparmor-unconfined`'s finding, not this rule's. Windows
    /// pods (`spec.os.name: windows`) have no AppArmor and are not checked;
    /// patches are not judged for what they leave out.
    ///
    /// ## Why it matters
    /// Whether a container without a profile is confined depends on the
    /// node: its runtime applies its default profile only where AppArmor is
    /// enabled and the runtime is configured to. Setting `RuntimeDefault`
    /// (or a `Localhost` profile) makes the confinement part of the
    /// workload's declaration, so it is reviewed with it and holds on every
    /// node that supports it. kubesec rewards it (`ApparmorAny`).
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: app}
    /// spec:
    ///   selector: {matchLabels: {app: app}}
    ///   template:
    ///     metadata: {labels: {app: app}}
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
    ///     metadata: {labels: {app: app}}
    ///     spec:
    ///       securityContext:
    ///         appArmorProfile: {type: RuntimeDefault}
    ///       containers:
    ///       - name: app
    ///         image: registry.example.com/app:1.0.0
    /// ```
    ///
    /// ## How to fix
    /// Set `securityContext.appArmorProfile.type: RuntimeDefault` on the pod
    /// (it covers every container), or a `Localhost` profile loaded on the
    /// nodes. The quick fix sets it on the container; it is unsafe because
    /// the profile may deny something the workload does.
    ///
    /// ## References
    /// - [Restrict a Container's Access to Resources with AppArmor](https://kubernetes.io/docs/tutorials/security/apparmor/)
    /// - [Pod Security Standards: AppArmor](https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline)
    pub static RULE = Rule {
        id: "apparmor-profile-missing",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Container has no AppArmor profile set (RuntimeDefault or Localhost)",
        practice: Practice::NoRootContainers,
        // kubesec rewards a profile anywhere in the object; this rule asks
        // one for every container.
        equivalents: &[Tool::Kubesec.inspired("ApparmorAny")],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

const TYPE: &[&str] = &["appArmorProfile", "type"];

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    if pod.is_partial() || pod.is_windows() || pod.security_path(TYPE).is_some() {
        return;
    }
    for container in pod.containers() {
        if container.own_path(TYPE).is_some() {
            continue;
        }
        let annotated = container.name().is_some_and(|name| {
            pod.annotation(&format!("{ANNOTATION_PREFIX}{name}"))
                .and_then(|v| v.as_str())
                .is_some_and(|v| !v.is_empty())
        });
        if annotated {
            continue;
        }
        findings
            .report(
                container.report_span(),
                format!(
                    "{} has no AppArmor profile set: whether it is confined depends on the node",
                    container.describe()
                ),
            )
            .help("set `securityContext.appArmorProfile.type: RuntimeDefault` on the pod or the container")
            .fix(
                crate::edit::set_path(container.node, &["securityContext", "appArmorProfile", "type"], "RuntimeDefault")
                    .into_fix("Use the RuntimeDefault AppArmor profile", Applicability::Unsafe),
            );
    }
}
