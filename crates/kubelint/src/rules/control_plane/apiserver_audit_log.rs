use super::{components, report_missing, report_value};
use crate::diagnostic::{Applicability, Severity};
use crate::k8s::flags::Component;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A kube-apiserver container that writes no audit log — neither
    /// `--audit-log-path` nor `--audit-webhook-config-file` is set — or
    /// that keeps its log file too briefly: `--audit-log-maxage` below 30
    /// days, `--audit-log-maxbackup` below 10 files or `--audit-log-maxsize`
    /// below 100 MB. Unset retention flags mean "keep everything" and pass;
    /// with `--audit-log-path=-` (standard output) retention is the log
    /// collector's job and is not judged.
    ///
    /// ## Why it matters
    /// The audit log is the record of who did what through the API: the
    /// only way to investigate a leaked credential, a deleted namespace or
    /// a Secret read. Retention shorter than an investigation takes deletes
    /// the evidence before anyone looks.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: kube-apiserver, namespace: kube-system}
    /// spec:
    ///   containers:
    ///   - name: kube-apiserver
    ///     image: registry.k8s.io/kube-apiserver:v1.31.2
    ///     command:
    ///     - kube-apiserver
    ///     - --audit-policy-file=/etc/kubernetes/audit/policy.yaml
    ///     - --audit-log-path=/var/log/kubernetes/audit.log
    ///     - --audit-log-maxage=7
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: kube-apiserver, namespace: kube-system}
    /// spec:
    ///   containers:
    ///   - name: kube-apiserver
    ///     image: registry.k8s.io/kube-apiserver:v1.31.2
    ///     command:
    ///     - kube-apiserver
    ///     - --audit-policy-file=/etc/kubernetes/audit/policy.yaml
    ///     - --audit-log-path=/var/log/kubernetes/audit.log
    ///     - --audit-log-maxage=30
    ///     - --audit-log-maxbackup=10
    ///     - --audit-log-maxsize=100
    /// ```
    ///
    /// ## How to fix
    /// Set `--audit-log-path` (with a `hostPath` volume for the directory)
    /// and an audit policy (`apiserver-audit-policy-missing`), and keep at
    /// least 30 days, 10 files of 100 MB — or ship the log off the node
    /// with a webhook backend or a log collector. The quick fix raises a
    /// retention value to the CIS minimum (unsafe: it uses more disk).
    ///
    /// ## References
    /// - [Auditing: log backend](https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#log-backend)
    /// - CIS Kubernetes Benchmark 1.2.16–1.2.19
    pub static RULE = Rule {
        id: "apiserver-audit-log",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "kube-apiserver writes no audit log, or keeps it too briefly",
        practice: Practice::AuditLogs,
        equivalents: &[
            Tool::Checkov.inspired("CKV_K8S_91"),
            Tool::Checkov.inspired("CKV_K8S_92"),
            Tool::Checkov.inspired("CKV_K8S_93"),
            Tool::Checkov.inspired("CKV_K8S_94"),
            Tool::Trivy.inspired("KCV-0019"),
            Tool::Trivy.inspired("KCV-0020"),
            Tool::Trivy.inspired("KCV-0021"),
            Tool::Trivy.inspired("KCV-0022"),
            Tool::Cis.inspired("1.2.16"),
            Tool::Cis.inspired("1.2.17"),
            Tool::Cis.inspired("1.2.18"),
            Tool::Cis.inspired("1.2.19"),
        ],
        fix: Some(Applicability::Unsafe),
        check: Check::Pod(check),
    };
}

const RETENTION: &[(&str, i64, &str)] = &[
    ("audit-log-maxage", 30, "days"),
    ("audit-log-maxbackup", 10, "files"),
    ("audit-log-maxsize", 100, "MB"),
];

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    for c in components(&ctx.pod, Component::ApiServer) {
        let Some(path) = c.flag("audit-log-path").filter(|f| !f.text().is_empty()) else {
            if !c.is_set("audit-webhook-config-file") {
                report_missing(
                    findings, object, &c, "audit-log-path",
                    "API requests are not audited, so there is no record of who did what",
                    "set `--audit-log-path` and `--audit-policy-file`, or send audit events to a webhook backend",
                    None,
                );
            }
            continue;
        };
        if path.text() == "-" {
            continue;
        }
        for (name, minimum, unit) in RETENTION {
            let Some(flag) = c.flag(name) else { continue };
            let Ok(value) = flag.text().trim().parse::<i64>() else {
                continue;
            };
            // 0 means no limit.
            if value == 0 || value >= *minimum {
                continue;
            }
            report_value(
                findings, object, &c, flag,
                &format!("audit logs are deleted before an investigation can use them (keep at least {minimum} {unit})"),
                &format!("set `--{name}={minimum}` or more"),
                Some(&minimum.to_string()),
            );
        }
    }
}
