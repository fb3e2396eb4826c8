use crate::diagnostic::Severity;
use crate::k8s::Object;
use crate::rules::{declare_rule, Check, Practice, SetCtx, SetFindings};

declare_rule! {
    /// ## What it flags
    /// Linted files that define stateful data — a PersistentVolumeClaim, or
    /// a StatefulSet with `volumeClaimTemplates` — but no backup schedule:
    /// no Velero `Schedule` (`velero.io`), no K8up `Schedule` (`k8up.io`),
    /// and no CronJob that takes an `etcdctl snapshot`, runs Velero, or is
    /// named for backups. Reported once, at the first stateful object. Off
    /// by default: backups are often configured outside the application's
    /// repository.
    ///
    /// ## Why it matters
    /// Replicas protect against a node failing, not against a deleted
    /// namespace, a corrupted database, ransomware or a lost cluster. Only
    /// a backup that runs on a schedule — and a restore that has been
    /// tried — does. No anchor tool checks for one.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: PersistentVolumeClaim
    /// metadata: {name: data, namespace: shop}
    /// spec:
    ///   accessModes: [ReadWriteOnce]
    ///   resources: {requests: {storage: 10Gi}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: PersistentVolumeClaim
    /// metadata: {name: data, namespace: shop}
    /// spec:
    ///   accessModes: [ReadWriteOnce]
    ///   resources: {requests: {storage: 10Gi}}
    /// ---
    /// apiVersion: velero.io/v1
    /// kind: Schedule
    /// metadata: {name: shop-daily, namespace: velero}
    /// spec:
    ///   schedule: "0 2 * * *"
    ///   template:
    ///     includedNamespaces: [shop]
    ///     snapshotVolumes: true
    ///     ttl: 720h0m0s
    /// ```
    ///
    /// ## How to fix
    /// Schedule backups of the namespaces with persistent data (Velero
    /// `Schedule`, K8up, your storage vendor's snapshots) and of etcd
    /// (`etcdctl snapshot save` in a CronJob on the control plane), keep
    /// them outside the cluster, and test restores.
    ///
    /// ## References
    /// - [Velero: scheduled backups](https://velero.io/docs/main/backup-reference/#schedule-a-backup)
    /// - [Backing up an etcd cluster](https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#backing-up-an-etcd-cluster)
    pub static RULE = Rule {
        id: "backup-schedule-missing",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Persistent data is defined but no backup schedule is",
        practice: Practice::Backups,
        fix: None,
        check: Check::Set {
            kinds: &["PersistentVolumeClaim", "StatefulSet", "Schedule", "CronJob"],
            check,
        },
    };
}

fn is_stateful(object: &Object<'_>) -> bool {
    match object.kind {
        "PersistentVolumeClaim" => object.api_version == "v1",
        "StatefulSet" => object
            .root
            .path(&["spec", "volumeClaimTemplates"])
            .is_some_and(|t| t.items().len() > 0),
        _ => false,
    }
}

fn is_backup(object: &Object<'_>) -> bool {
    match object.kind {
        "Schedule" => matches!(object.group(), "velero.io" | "k8up.io"),
        "CronJob" => {
            if object.name().is_some_and(|n| n.contains("backup")) {
                return true;
            }
            object
                .pod_specs()
                .iter()
                .flat_map(|pod| pod.containers())
                .any(|c| {
                    let words: Vec<&str> = ["command", "args"]
                        .iter()
                        .filter_map(|key| c.get(key))
                        .flat_map(|list| list.items())
                        .filter_map(|item| item.as_str())
                        .flat_map(str::split_whitespace)
                        .collect();
                    let image = c.get("image").and_then(|i| i.as_str()).unwrap_or("");
                    (words.iter().any(|w| w.ends_with("etcdctl")) && words.contains(&"snapshot"))
                        || image.contains("velero")
                })
        }
        _ => false,
    }
}

fn check(ctx: &SetCtx<'_>, findings: &mut SetFindings<'_>) {
    let objects = &ctx.index.objects;
    if objects.iter().any(|o| is_backup(&o.object)) {
        return;
    }
    let stateful: Vec<_> = objects.iter().filter(|o| is_stateful(&o.object)).collect();
    let Some(first) = stateful.first() else {
        return;
    };
    let more = match stateful.len() {
        1 => String::new(),
        2 => " (and 1 more stateful object)".to_owned(),
        n => format!(" (and {} more stateful objects)", n - 1),
    };
    let finding = findings.report(
        first.file,
        first.object.kind_span(),
        format!(
            "{} holds persistent data{more}, but the linted files define no backup schedule (Velero or K8up Schedule, etcd snapshot CronJob)",
            first.object.display_name()
        ),
    );
    finding.object = Some(first.object.display_name());
    finding.help("schedule backups of this data (e.g. a Velero Schedule for its namespace), store them outside the cluster, and test restores");
}
