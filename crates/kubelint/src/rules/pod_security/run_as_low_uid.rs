use crate::diagnostic::Severity;
use crate::k8s::Level;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A container whose effective `runAsUser` or `runAsGroup` (pod or
    /// container level) is between 1 and 10000. Reported at the value;
    /// `0` is `run-as-root`'s and `run-as-root-group`'s business, and an
    /// unset value is not reported (the image's `USER` applies, which this
    /// rule cannot see).
    ///
    /// Off by default, at `info`: with user namespaces or a runtime that
    /// maps IDs the number matters little, and many images ship a fixed
    /// low UID (`nobody` is 65534, but `nginx` is 101). Enable it where
    /// nodes also run host processes and services with low IDs.
    ///
    /// ## Why it matters
    /// Without user namespaces a container's UID is the same number on the
    /// node. Low UIDs and GIDs belong to the node's own users and system
    /// groups (`daemon`, `adm`, `docker`, …): a process that escapes the
    /// container keeps their files and permissions. IDs above 10000 are
    /// unlikely to collide.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: api}
    /// spec:
    ///   securityContext: {runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000}
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
    ///   securityContext: {runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001}
    ///   containers:
    ///   - name: api
    ///     image: registry.example.com/api:5.0.0
    /// ```
    ///
    /// ## How to fix
    /// Run as a UID and GID above 10000, or enable user namespaces
    /// (`hostUsers: false`).
    ///
    /// ## References
    /// - [kube-score: container-security-context-user-group-id](https://github.com/zegl/kube-score/blob/master/README_CHECKS.md)
    /// - [User namespaces](https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/)
    pub static RULE = Rule {
        id: "run-as-low-uid",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Container runs with a UID or GID of 10000 or less",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::Trivy.inspired("KSV-0020"),
            Tool::Trivy.inspired("KSV-0021"),
            Tool::Checkov.inspired("CKV_K8S_40"),
            Tool::Kubesec.inspired("RunAsUser"),
            Tool::Kubesec.inspired("RunAsGroup"),
            Tool::KubeScore.inspired("container-security-context-user-group-id"),
        ],
        fix: None,
        check: Check::Pod(check),
    };
}

/// IDs up to this one may collide with the node's users and groups.
const HIGHEST_LOW_ID: i64 = 10000;

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    if pod.is_windows() || pod.get("hostUsers").and_then(|v| v.as_bool()) == Some(false) {
        return;
    }
    let mut reported = Vec::new();
    for container in pod.containers() {
        for (key, noun) in [("runAsUser", "UID"), ("runAsGroup", "GID")] {
            let Some(setting) = container.effective(key) else {
                continue;
            };
            let Some(id) = setting.value.as_i64().filter(|id| (1..=HIGHEST_LOW_ID).contains(id)) else {
                continue;
            };
            if reported.contains(&setting.value.span()) {
                continue;
            }
            reported.push(setting.value.span());
            let who = match setting.level {
                Level::Pod => "pod runs its containers".to_owned(),
                Level::Container => format!("{} runs", container.describe()),
            };
            findings
                .report_at(
                    setting.value,
                    format!("{who} with {noun} {id} ({key}), which may belong to a user or group of the node"),
                )
                .help(format!("use a {noun} above {HIGHEST_LOW_ID}, or enable user namespaces with `hostUsers: false`"));
        }
    }
}
