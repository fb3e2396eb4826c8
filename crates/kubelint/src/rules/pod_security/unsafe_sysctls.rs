use crate::diagnostic::{Applicability, Severity};
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::rules::options::RuleOption;
use crate::edit::IntoFix as _;

declare_rule! {
    /// ## What it flags
    /// An entry of the pod's `securityContext.sysctls` whose `name` is not
    /// on the Baseline Pod Security Standard's list of safe sysctls,
    /// reported at the name. The list grows with Kubernetes versions:
    ///
    /// | Since | Sysctls |
    /// |---|---|
    /// | 1.0 | `kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`, `net.ipv4.tcp_syncookies`, `net.ipv4.ping_group_range`, `net.ipv4.ip_unprivileged_port_start` |
    /// | 1.27 | `net.ipv4.ip_local_reserved_ports` |
    /// | 1.29 | `net.ipv4.tcp_keepalive_time`, `net.ipv4.tcp_fin_timeout`, `net.ipv4.tcp_keepalive_intvl`, `net.ipv4.tcp_keepalive_probes` |
    /// | 1.32 | `net.ipv4.tcp_rmem`, `net.ipv4.tcp_wmem` |
    /// | 1.37 | `net.ipv4.tcp_slow_start_after_idle`, `net.ipv4.tcp_notsent_lowat` |
    ///
    /// By default every entry of the table is allowed; set the
    /// `kubernetes-version` option to the oldest version your clusters run
    /// to check against that version's list. Names written with `/`
    /// (`net/ipv4/tcp_syncookies`) are read like the kubelet reads them.
    ///
    /// ## Why it matters
    /// Safe sysctls are namespaced and cannot affect other pods or the node.
    /// The others either change the whole node (`vm.*`, `kernel.*`) or
    /// affect every pod sharing a kernel resource, and the kubelet rejects
    /// them unless an administrator allowed them with
    /// `--allowed-unsafe-sysctls` — the pod then fails to start on other
    /// nodes.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: db}
    /// spec:
    ///   securityContext:
    ///     sysctls:
    ///     - name: kernel.msgmax
    ///       value: "65536"
    ///   containers:
    ///   - name: db
    ///     image: registry.example.com/db:15.4
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: db}
    /// spec:
    ///   securityContext:
    ///     sysctls:
    ///     - name: net.ipv4.tcp_keepalive_time
    ///       value: "300"
    ///   containers:
    ///   - name: db
    ///     image: registry.example.com/db:15.4
    /// ```
    ///
    /// ## How to fix
    /// Remove the sysctl (the quick fix deletes the entry) and tune the node
    /// instead, for example with a node configuration tool, or move the
    /// workload to dedicated nodes whose kubelet allows it.
    ///
    /// ## References
    /// - [Pod Security Standards: Sysctls](https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline)
    /// - [Using sysctls in a Kubernetes Cluster](https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/)
    pub static RULE = Rule {
        id: "unsafe-sysctls",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Pod sets a sysctl outside the Baseline safe set",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::KubeLinter.inspired("unsafe-sysctls"),
            Tool::Trivy.same("KSV-0026"),
            Tool::Pss.same("baseline/sysctls"),
        ],
        options: &[KUBERNETES_VERSION],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

/// The release the verdict is for.
const KUBERNETES_VERSION: RuleOption = RuleOption::kubernetes_version(
    "the oldest release your clusters run, e.g. `\"1.29\"`: sysctls the Baseline standard allows only from a later release are reported",
);

/// Safe sysctls and the Kubernetes minor version (1.x) that allowed them.
const SAFE: &[(&str, u32)] = &[
    ("kernel.shm_rmid_forced", 0),
    ("net.ipv4.ip_local_port_range", 0),
    ("net.ipv4.tcp_syncookies", 0),
    ("net.ipv4.ping_group_range", 0),
    ("net.ipv4.ip_unprivileged_port_start", 0),
    ("net.ipv4.ip_local_reserved_ports", 27),
    ("net.ipv4.tcp_keepalive_time", 29),
    ("net.ipv4.tcp_fin_timeout", 29),
    ("net.ipv4.tcp_keepalive_intvl", 29),
    ("net.ipv4.tcp_keepalive_probes", 29),
    ("net.ipv4.tcp_rmem", 32),
    ("net.ipv4.tcp_wmem", 32),
    ("net.ipv4.tcp_slow_start_after_idle", 37),
    ("net.ipv4.tcp_notsent_lowat", 37),
];

/// The kubelet's reading of a sysctl name written with `/` separators: the
/// separators become `.` and dots inside a component become `/`
/// (`net/ipv4/conf/eth0.100/rp_filter` is `net.ipv4.conf.eth0/100.rp_filter`).
fn normalize(name: &str) -> String {
    if !name.contains('/') {
        return name.to_owned();
    }
    name.chars()
        .map(|c| match c {
            '/' => '.',
            '.' => '/',
            c => c,
        })
        .collect()
}

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    let Some(sysctls) = pod.security_setting("sysctls") else {
        return;
    };
    let target = ctx.options.kubernetes_version().map(|v| v.minor);
    for (index, entry) in sysctls.items().enumerate() {
        let Some(node) = entry.get("name").filter(|n| !n.is_null()) else {
            continue;
        };
        let Some(name) = node.as_str() else { continue };
        let since = SAFE
            .iter()
            .find(|(safe, _)| *safe == normalize(name))
            .map(|(_, since)| *since);
        let message = match (since, target) {
            (Some(since), Some(target)) if since > target => format!(
                "sysctl `{name}` is only safe from Kubernetes 1.{since}; the Baseline standard of 1.{target} rejects it"
            ),
            (Some(_), _) => continue,
            (None, _) => format!(
                "sysctl `{name}` is not in the safe set: it can affect other pods or the whole node, and the kubelet refuses it unless explicitly allowed"
            ),
        };
        findings
            .report_at(node, message)
            .help("remove the sysctl and tune the node instead, or schedule the pod on nodes that allow it")
            .fix(crate::edit::remove_item(sysctls, index).into_fix(&format!("Remove sysctl {name}"), Applicability::Unsafe));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_versions_and_names() {
        assert_eq!(
            normalize("net/ipv4/tcp_syncookies"),
            "net.ipv4.tcp_syncookies"
        );
        assert_eq!(
            normalize("net/ipv4/conf/eth0.1/rp_filter"),
            "net.ipv4.conf.eth0/1.rp_filter"
        );
    }

    #[test]
    fn kubernetes_version_option_uses_that_versions_list() {
        let manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    sysctls:\n    - {name: net.ipv4.tcp_rmem, value: \"4096 87380 6291456\"}\n    - {name: net.ipv4.tcp_keepalive_time, value: \"300\"}\n  containers:\n  - {name: a, image: a}\n";
        let lint = |config: &str| crate::rules::messages_with_config(&RULE, config, manifest);
        assert!(lint("rules: {}\n").is_empty());
        assert!(
            lint("rules: {unsafe-sysctls: {options: {kubernetes-version: \"1.32\"}}}\n").is_empty()
        );
        assert_eq!(
            lint("rules: {unsafe-sysctls: {options: {kubernetes-version: 1.30}}}\n"),
            ["sysctl `net.ipv4.tcp_rmem` is only safe from Kubernetes 1.32; the Baseline standard of 1.30 rejects it"]
        );
        assert_eq!(
            lint("rules: {unsafe-sysctls: {options: {kubernetes-version: v1.28.3}}}\n").len(),
            2
        );
    }
}
