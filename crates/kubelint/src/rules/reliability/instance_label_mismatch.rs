use super::common::holds_placeholder;
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

/// The recommended label naming the instance of an application.
const INSTANCE: &str = "app.kubernetes.io/instance";

declare_rule! {
    /// ## What it flags
    /// An object that runs pods (a workload, a bare Pod, a custom resource
    /// with a pod template) whose label `app.kubernetes.io/instance` is not
    /// its own `metadata.name`. The label's value is reported. Values
    /// holding a placeholder (`${VAR}`, `{{ .x }}`) are filled in before
    /// apply and not judged, nor are patches.
    ///
    /// Polaris' `metadataAndInstanceMismatched` also fails an object
    /// without the label; to require it, add `app.kubernetes.io/instance`
    /// to `required-metadata`'s `labels`.
    ///
    /// ## Why it matters
    /// Dashboards, cost reports and `kubectl get -l
    /// app.kubernetes.io/instance=…` find an instance by this label. When
    /// it names something else — often a copy-pasted manifest still
    /// labelled with the object it was copied from — two instances look
    /// like one, and an operator scaling or deleting "an instance" by
    /// label acts on the wrong pods.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: checkout-eu
    ///   labels: {app.kubernetes.io/name: checkout, app.kubernetes.io/instance: checkout-us}
    /// spec:
    ///   selector: {matchLabels: {app: checkout}}
    ///   template:
    ///     metadata: {labels: {app: checkout}}
    ///     spec:
    ///       containers:
    ///       - {name: checkout, image: registry.example.com/checkout:1.0.0}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: checkout-eu
    ///   labels: {app.kubernetes.io/name: checkout, app.kubernetes.io/instance: checkout-eu}
    /// spec:
    ///   selector: {matchLabels: {app: checkout}}
    ///   template:
    ///     metadata: {labels: {app: checkout}}
    ///     spec:
    ///       containers:
    ///       - {name: checkout, image: registry.example.com/checkout:1.0.0}
    /// ```
    ///
    /// ## How to fix
    /// Set the label to the object's name (or rename the object). A chart
    /// that labels every object with its release name follows another
    /// convention: leave this rule off for it.
    ///
    /// ## References
    /// - [Recommended labels](https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/) (`app.kubernetes.io/instance`: "A unique name identifying the instance of an application")
    pub static RULE = Rule {
        id: "instance-label-mismatch",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Label app.kubernetes.io/instance is not the object's name",
        practice: Practice::DisasterRecovery,
        equivalents: &[Tool::Polaris.inspired("metadataAndInstanceMismatched")],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if ctx.pods.is_empty() || object.patch {
        return;
    }
    let Some(name) = object.name().filter(|n| !n.is_empty()) else {
        return;
    };
    let Some(node) = object.labels().and_then(|l| l.get(INSTANCE)) else {
        return;
    };
    let Some(value) = node.as_str() else {
        return;
    };
    if value == name || holds_placeholder(value) || holds_placeholder(name) {
        return;
    }
    findings
        .report_at(
            node,
            format!(
                "{}'s label `{INSTANCE}` is `{value}`, not its name `{name}`: whatever finds the instance by this label finds it under another name",
                object.display_name()
            ),
        )
        .help(format!("set `{INSTANCE}: {name}`"));
}
