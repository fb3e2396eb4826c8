use crate::diagnostic::Severity;
use crate::k8s::Level;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A pod or container that runs with the root group, GID 0: an
    /// effective `runAsGroup: 0` (pod or container level), `fsGroup: 0`, or
    /// `0` in `supplementalGroups`. Reported at the value; a pod-level
    /// `runAsGroup` that every container overrides is not reported.
    ///
    /// ## Why it matters
    /// Running as a non-root user is only half the job when the process
    /// keeps GID 0: it can read and write every file and device the root
    /// group may, in the image and on any volume it mounts, and `fsGroup:
    /// 0` hands the pod's volumes to the root group. The image's own
    /// `USER uid:gid` is usually right; setting `0` here overrides it.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: api}
    /// spec:
    ///   securityContext: {runAsNonRoot: true, runAsUser: 10001, runAsGroup: 0, fsGroup: 0}
    ///   containers:
    ///   - name: api
    ///     image: registry.example.com/api:5.0.0
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: api}
    /// spec:
    ///   securityContext: {runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001}
    ///   containers:
    ///   - name: api
    ///     image: registry.example.com/api:5.0.0
    /// ```
    ///
    /// ## How to fix
    /// Use a non-zero GID for `runAsGroup` and `fsGroup`, and remove `0`
    /// from `supplementalGroups`.
    ///
    /// ## References
    /// - [Configure a security context for a pod or container](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
    pub static RULE = Rule {
        id: "run-as-root-group",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "Pod or container runs with the root group (GID 0)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::Trivy.same("KSV-0116"),
            Tool::KubeLinter.inspired("run-as-non-root"),
        ],
        fix: None,
        check: Check::Pod(check),
    };
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    if pod.is_windows() {
        return;
    }
    let mut reported = Vec::new();
    for container in pod.containers() {
        let Some(group) = container.effective("runAsGroup") else {
            continue;
        };
        if group.value.as_i64() != Some(0) || reported.contains(&group.value.span()) {
            continue;
        }
        reported.push(group.value.span());
        let message = match group.level {
            Level::Pod => "pod runs its containers with the root group (runAsGroup: 0)".to_owned(),
            _ => format!("{} runs with the root group (runAsGroup: 0)", container.describe()),
        };
        findings
            .report_at(group.value, message)
            .help("use a non-zero GID, e.g. `runAsGroup: 10001`");
    }
    if let Some(fs_group) = pod.security_setting("fsGroup").filter(|v| v.as_i64() == Some(0)) {
        findings
            .report_at(
                fs_group,
                "pod gives its volumes to the root group and adds it to every container (fsGroup: 0)",
            )
            .help("use a non-zero GID, e.g. `fsGroup: 10001`");
    }
    if let Some(groups) = pod.security_setting("supplementalGroups") {
        for group in groups.items().filter(|g| g.as_i64() == Some(0)) {
            findings
                .report_at(
                    group,
                    "pod adds the root group to every container (supplementalGroups: 0)",
                )
                .help("remove `0` from `supplementalGroups`");
        }
    }
}
