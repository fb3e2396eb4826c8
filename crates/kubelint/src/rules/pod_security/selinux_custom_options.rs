use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::yaml::NodeRef;
use crate::edit::IntoFix as _;

/// SELinux types the Baseline standard allows (`container_engine_t` since
/// Kubernetes 1.31).
const ALLOWED_TYPES: &[&str] = &[
    "",
    "container_t",
    "container_init_t",
    "container_kvm_t",
    "container_engine_t",
];

declare_rule! {
    /// ## What it flags
    /// A `securityContext.seLinuxOptions` — at pod level or in any container,
    /// init and ephemeral containers included — that the Baseline Pod
    /// Security Standard forbids:
    /// - a `type` other than `container_t`, `container_init_t`,
    ///   `container_kvm_t` or `container_engine_t`;
    /// - any `user` or `role`.
    ///
    /// Each offending value is reported. `level` (the MCS categories) is
    /// allowed.
    ///
    /// ## Why it matters
    /// On SELinux nodes the container types confine what a container may
    /// touch on the host. A custom type such as `spc_t` ("super privileged
    /// container") or `unconfined_t`, or a custom user or role, lifts that
    /// confinement — the container can then read and write host files its
    /// type was never meant to reach.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: agent}
    /// spec:
    ///   containers:
    ///   - name: agent
    ///     image: registry.example.com/agent:1.0.0
    ///     securityContext:
    ///       seLinuxOptions:
    ///         type: spc_t
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: agent}
    /// spec:
    ///   containers:
    ///   - name: agent
    ///     image: registry.example.com/agent:1.0.0
    ///     securityContext:
    ///       seLinuxOptions:
    ///         level: "s0:c123,c456"
    /// ```
    ///
    /// ## How to fix
    /// Remove the custom `type`, `user` and `role` (the quick fix deletes the
    /// entry) and let the runtime assign `container_t`. Set `level` if pods
    /// must share files through MCS categories.
    ///
    /// ## References
    /// - [Pod Security Standards: SELinux](https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline)
    pub static RULE = Rule {
        id: "selinux-custom-options",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Pod or container sets a custom SELinux type, user or role",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::Trivy.same("KSV-0025"),
            Tool::Pss.same("baseline/seLinuxOptions"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

fn check_options(findings: &mut Findings<'_>, options: NodeRef<'_>, owner: &str) {
    if !options.is_mapping() {
        return;
    }
    for (field, value) in options.entries() {
        let (Some(field), Some(text)) = (field.as_str(), value.as_str()) else {
            continue;
        };
        let message = match field {
            "type" if !ALLOWED_TYPES.contains(&text) => format!(
                "{owner} uses the custom SELinux type `{text}`, which lifts the container confinement of container_t"
            ),
            "user" | "role" if !text.is_empty() => format!(
                "{owner} sets the SELinux {field} `{text}`; the Baseline standard forbids custom SELinux users and roles"
            ),
            _ => continue,
        };
        findings
            .report_at(value, message)
            .help(format!(
                "remove `{field}` and let the runtime assign the container SELinux context"
            ))
            .fix(crate::edit::remove_entry(options, field).into_fix(&format!("Remove seLinuxOptions.{field}"), Applicability::Unsafe));
    }
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    if let Some(options) = pod.security_setting("seLinuxOptions") {
        check_options(findings, options, "pod");
    }
    for container in pod.containers() {
        if let Some(options) = container.own_setting("seLinuxOptions") {
            check_options(findings, options, &container.describe());
        }
    }
}
