use crate::diagnostic::{Applicability, Severity};
use crate::edit::IntoFix as _;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A Gatekeeper `K8sAllowedRepos` constraint whose `parameters.repos`
    /// lists a prefix that does not end in `/`. Reported at the prefix; a
    /// bare registry host (`docker.io`, `registry.example.com`) is an
    /// error, a path that stops mid-name (`ghcr.io/example`) a warning.
    ///
    /// ## Why it matters
    /// The `k8sallowedrepos` template admits an image when it *starts
    /// with* one of the prefixes, as text. `docker.io` therefore also
    /// admits `docker.io.attacker.example/miner`, a host anyone can
    /// register, and `ghcr.io/example` admits `ghcr.io/example-evil/…`, an
    /// organisation anyone can create. The policy looks strict and lets
    /// attacker-controlled images in.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: constraints.gatekeeper.sh/v1beta1
    /// kind: K8sAllowedRepos
    /// metadata: {name: trusted-registries}
    /// spec:
    ///   match:
    ///     kinds: [{apiGroups: [""], kinds: ["Pod"]}]
    ///   parameters:
    ///     repos: ["registry.example.com", "ghcr.io/example"]
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: constraints.gatekeeper.sh/v1beta1
    /// kind: K8sAllowedRepos
    /// metadata: {name: trusted-registries}
    /// spec:
    ///   match:
    ///     kinds: [{apiGroups: [""], kinds: ["Pod"]}]
    ///   parameters:
    ///     repos: ["registry.example.com/", "ghcr.io/example/"]
    /// ```
    ///
    /// ## How to fix
    /// End every prefix with `/` (the quick fix does this; it is marked
    /// unsafe because a prefix that names one repository, `ghcr.io/example/app`,
    /// then no longer admits that repository's own images — end such a
    /// prefix with `:` instead), or move to `K8sAllowedReposv2`, whose
    /// `allowedImages` are matched as whole-path globs.
    ///
    /// ## References
    /// - [Gatekeeper library: allowed repositories](https://open-policy-agent.github.io/gatekeeper-library/website/validation/allowedrepos/)
    pub static RULE = Rule {
        id: "gatekeeper-repo-prefix-open",
        severity: Severity::Error,
        default_enabled: true,
        summary: "Gatekeeper allowed-repos prefix admits look-alike registries",
        practice: Practice::SecurityPolicies,
        equivalents: &[Tool::Trivy.inspired("KSV-0124")],
        fix: Some(Applicability::Unsafe),
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    let object = ctx.object;
    if object.kind != "K8sAllowedRepos" || object.group() != "constraints.gatekeeper.sh" {
        return;
    }
    let Some(repos) = object.root.path(&["spec", "parameters", "repos"]) else {
        return;
    };
    for repo in repos.items() {
        let Some(prefix) = repo.as_str() else {
            continue;
        };
        // A prefix ending in `:` or `@` stops at a whole repository name.
        if prefix.is_empty() || prefix.ends_with(['/', ':', '@']) {
            continue;
        }
        let fix = crate::edit::replace_scalar(
            repo,
            &crate::edit::yaml_string(repo, &format!("{prefix}/")),
        )
        .into_fix("End the prefix with `/`", Applicability::Unsafe);
        if prefix.contains('/') {
            findings
                .report_at(
                    repo,
                    format!("allowed-repos prefix `{prefix}` also admits every repository whose name starts with it (`{prefix}-evil/…`)"),
                )
                .help(format!("end the prefix with `/`: `{prefix}/`"))
                .fix(fix)
                .at_most(Severity::Warning);
        } else {
            findings
                .report_at(
                    repo,
                    format!("allowed-repos prefix `{prefix}` also admits every registry whose host starts with it (`{prefix}.attacker.example/…`)"),
                )
                .help(format!("end the prefix with `/`: `{prefix}/`"))
                .fix(fix);
        }
    }
}
