//! A boolean of the container `securityContext` that must hold one value
//! (`allowPrivilegeEscalation: false`, `readOnlyRootFilesystem: true`):
//! reported at the value when set otherwise, at the container when unset
//! (except in a patch, where the patched object decides), with unsafe fixes
//! that write the required value.

use crate::diagnostic::Applicability;
use crate::edit::IntoFix as _;
use crate::rules::{Findings, PodCtx};

/// What a rule requires and what it says.
pub(crate) struct RequiredSetting {
    /// The `securityContext` key.
    pub key: &'static str,
    /// The value it must have.
    pub required: bool,
    /// The message when it is set otherwise, after the container's description.
    pub when_wrong: &'static str,
    /// The message when it is not set, after the container's description.
    pub when_unset: &'static str,
    /// The help when it is set otherwise.
    pub help_wrong: &'static str,
    /// The help when it is not set.
    pub help_unset: &'static str,
}

/// Reports every Linux container of the pod whose own setting is not
/// `setting.required`.
pub(crate) fn check_required(
    ctx: &PodCtx<'_>,
    findings: &mut Findings<'_>,
    setting: &RequiredSetting,
) {
    let pod = ctx.pod;
    if pod.is_windows() {
        return;
    }
    let value_text = if setting.required { "true" } else { "false" };
    let title = format!("Set {}: {value_text}", setting.key);
    for container in pod.containers() {
        match container.own_setting(setting.key) {
            Some(value) if value.as_bool() == Some(setting.required) => {}
            Some(value) => {
                findings
                    .report_at(
                        value,
                        format!("{} {}", container.describe(), setting.when_wrong),
                    )
                    .help(setting.help_wrong)
                    .fix(
                        crate::edit::replace_scalar(value, value_text)
                            .into_fix(&title, Applicability::Unsafe),
                    );
            }
            // A patch: the object it patches decides.
            None if pod.is_partial() => {}
            None => {
                findings
                    .report(
                        container.report_span(),
                        format!("{} {}", container.describe(), setting.when_unset),
                    )
                    .help(setting.help_unset)
                    .fix(crate::edit::set_in_container_security_context(
                        &container,
                        setting.key,
                        value_text,
                        Applicability::Unsafe,
                    ));
            }
        }
    }
}
