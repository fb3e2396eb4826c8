use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, PodCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A `containerPort` below 1024 (a privileged port), reported at the
    /// port. Off by default: it is a hardening hint, not a vulnerability.
    ///
    /// ## Why it matters
    /// Binding a port below 1024 needs root or the `NET_BIND_SERVICE`
    /// capability (unless the node lowered
    /// `net.ipv4.ip_unprivileged_port_start`). Images that listen on 80 or
    /// 443 therefore tend to run as root. Listening on 8080 or 8443 and
    /// mapping the well-known port in the Service lets the container run
    /// without either.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: web}
    /// spec:
    ///   containers:
    ///   - name: web
    ///     image: registry.example.com/web:2.1.0
    ///     ports:
    ///     - containerPort: 80
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: web}
    /// spec:
    ///   containers:
    ///   - name: web
    ///     image: registry.example.com/web:2.1.0
    ///     ports:
    ///     - containerPort: 8080
    /// ```
    ///
    /// ## How to fix
    /// Configure the application to listen on a port of 1024 or above and
    /// map the well-known port in the Service (`port: 80`,
    /// `targetPort: 8080`).
    pub static RULE = Rule {
        id: "privileged-port",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Container listens on a privileged port (containerPort below 1024)",
        practice: Practice::NoRootContainers,
        equivalents: &[
            Tool::KubeLinter.same("privileged-ports"),
            Tool::Trivy.same("KSV-0117"),
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
    for container in pod.containers() {
        for port in container.ports() {
            let Some(value) = port.get("containerPort") else {
                continue;
            };
            let Some(number) = value.as_i64().filter(|n| (1..1024).contains(n)) else {
                continue;
            };
            findings
                .report_at(
                    value,
                    format!(
                        "{} listens on privileged port {number}, which needs root or NET_BIND_SERVICE",
                        container.describe()
                    ),
                )
                .help("listen on a port of 1024 or above and map the well-known port in the Service");
        }
    }
}
