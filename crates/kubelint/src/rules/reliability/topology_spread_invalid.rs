use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};
use crate::source::Span;
use crate::yaml::NodeRef;

declare_rule! {
    /// ## What it flags
    /// An entry of a pod's `topologySpreadConstraints` that cannot spread
    /// anything, most of which the API server rejects:
    /// - `maxSkew` missing or not above 0;
    /// - `topologyKey` missing or empty;
    /// - `whenUnsatisfiable` missing or other than `DoNotSchedule` or
    ///   `ScheduleAnyway`;
    /// - `minDomains` not above 0, or set with `whenUnsatisfiable` other
    ///   than `DoNotSchedule` (it applies only then);
    /// - no `labelSelector`: the constraint counts no pods, so every
    ///   domain looks empty and nothing is spread.
    ///
    /// The finding points at the offending value, or at the entry's first
    /// key when a field is missing. A patch is judged only for the values
    /// it sets.
    ///
    /// ## Why it matters
    /// Spread constraints are how replicas survive the loss of a node or a
    /// zone. An invalid one makes `kubectl apply` fail (so the rollout never
    /// happens); one without a selector is accepted and silently does
    /// nothing, so the replicas can all land in one place.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   replicas: 3
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       topologySpreadConstraints:
    ///       - maxSkew: 0
    ///         topologyKey: topology.kubernetes.io/zone
    ///         whenUnsatisfiable: ScheduleAnyway
    ///         labelSelector: {matchLabels: {app: api}}
    ///       containers:
    ///       - {name: api, image: registry.example.com/api:5.0.0}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: api}
    /// spec:
    ///   replicas: 3
    ///   selector: {matchLabels: {app: api}}
    ///   template:
    ///     metadata: {labels: {app: api}}
    ///     spec:
    ///       topologySpreadConstraints:
    ///       - maxSkew: 1
    ///         topologyKey: topology.kubernetes.io/zone
    ///         whenUnsatisfiable: ScheduleAnyway
    ///         labelSelector: {matchLabels: {app: api}}
    ///       containers:
    ///       - {name: api, image: registry.example.com/api:5.0.0}
    /// ```
    ///
    /// ## How to fix
    /// Give every constraint a `maxSkew` of at least 1, a node label as
    /// `topologyKey` (`kubernetes.io/hostname`, `topology.kubernetes.io/zone`),
    /// `whenUnsatisfiable: DoNotSchedule` or `ScheduleAnyway`, and a
    /// `labelSelector` that selects the pod's own labels; use `minDomains`
    /// only with `DoNotSchedule`.
    ///
    /// ## References
    /// - [Pod topology spread constraints](https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/)
    /// - [TopologySpreadConstraint API](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#scheduling)
    pub static RULE = Rule {
        id: "topology-spread-invalid",
        severity: Severity::Warning,
        default_enabled: false,
        summary: "Topology spread constraint is invalid or selects no pods",
        practice: Practice::DisasterRecovery,
        equivalents: &[Tool::KubeScore.same("pod-topology-spread-constraints")],
        fix: None,
        check: Check::Pod(check),
    };
}

const WHEN_UNSATISFIABLE: [&str; 2] = ["DoNotSchedule", "ScheduleAnyway"];

fn check(ctx: &PodCtx<'_>, findings: &mut Findings<'_>) {
    let pod = ctx.pod;
    let Some(constraints) = pod.get("topologySpreadConstraints").filter(|c| c.is_sequence()) else {
        return;
    };
    let partial = pod.is_partial();
    for (index, entry) in constraints.items().enumerate() {
        if !entry.is_mapping() {
            continue;
        }
        let field = |key: &str| entry.get(key).filter(|v| !v.is_null());
        let entry_span = entry
            .raw_entries()
            .next()
            .map_or(entry.span(), |(key, _)| key.span());
        let missing = |findings: &mut Findings<'_>, key: &str, why: &str| {
            if !partial {
                report(findings, entry_span, index, format!("has no `{key}`{why}"));
            }
        };
        match field("maxSkew") {
            None => missing(findings, "maxSkew", ""),
            Some(value) if value.as_i64().is_none_or(|n| n < 1) => {
                report_value(findings, value, index, "maxSkew", "must be a whole number of at least 1");
            }
            Some(_) => {}
        }
        match field("topologyKey") {
            None => missing(findings, "topologyKey", ""),
            Some(value) if value.as_str().is_none_or(str::is_empty) => {
                report_value(findings, value, index, "topologyKey", "must name a node label such as topology.kubernetes.io/zone");
            }
            Some(_) => {}
        }
        let when = field("whenUnsatisfiable");
        match when {
            None => missing(findings, "whenUnsatisfiable", ""),
            Some(value) if !value.as_str().is_some_and(|w| WHEN_UNSATISFIABLE.contains(&w)) => {
                report_value(findings, value, index, "whenUnsatisfiable", "must be DoNotSchedule or ScheduleAnyway");
            }
            Some(_) => {}
        }
        if let Some(value) = field("minDomains") {
            if value.as_i64().is_none_or(|n| n < 1) {
                report_value(findings, value, index, "minDomains", "must be a whole number of at least 1");
            } else if when.is_some_and(|w| w.as_str() != Some("DoNotSchedule")) {
                report_value(findings, value, index, "minDomains", "applies only with `whenUnsatisfiable: DoNotSchedule`");
            }
        }
        if field("labelSelector").is_none() {
            missing(findings, "labelSelector", ", so it counts no pods and spreads nothing");
        }
    }
}

fn report(findings: &mut Findings<'_>, span: Span, index: usize, what: String) {
    findings
        .report(span, format!("topology spread constraint #{} {what}", index + 1))
        .help("set maxSkew ≥ 1, a topologyKey, whenUnsatisfiable (DoNotSchedule or ScheduleAnyway) and a labelSelector matching the pod's labels");
}

fn report_value(findings: &mut Findings<'_>, value: NodeRef<'_>, index: usize, key: &str, rule: &str) {
    // A string shows its quotes: `"1"` is not the number 1 to Kubernetes.
    let written = match (value.as_str(), value.text()) {
        (Some(text), _) => format!("`\"{text}\"`"),
        (None, Some(text)) => format!("`{text}`"),
        (None, None) => "this value".to_owned(),
    };
    findings
        .report_at(value, format!("{key} {written} of topology spread constraint #{} {rule}", index + 1))
        .help("set maxSkew ≥ 1, a topologyKey, whenUnsatisfiable (DoNotSchedule or ScheduleAnyway) and a labelSelector matching the pod's labels");
}
