use super::context::{Findings, ObjectCtx, PodCtx, SetCtx, SetFindings};
use super::options::{options_section, RuleOption};
use crate::diagnostic::{Applicability, Severity};

/// A rule's metadata, documentation and check.
pub struct Rule {
    /// Stable kebab-case id, e.g. `privileged-container`.
    pub id: &'static str,
    /// The family, from the folder the rule lives in.
    pub family: Family,
    /// The default severity.
    pub severity: Severity,
    /// Whether the rule runs without being enabled in the configuration.
    pub default_enabled: bool,
    /// One line: what the rule flags.
    pub summary: &'static str,
    /// The security practice the rule serves.
    pub practice: Practice,
    /// The checks of other tools and the controls of standards that
    /// correspond to this rule.
    pub equivalents: &'static [Equivalent],
    /// Whether the rule offers a fix, and how safe it is.
    pub fix: Option<Applicability>,
    /// What the configuration may set in `rules.<id>.options`.
    pub options: &'static [RuleOption],
    /// Markdown documentation, from the rule's doc comment.
    pub docs: &'static str,
    /// What the rule looks at, and the function that judges it.
    pub(crate) check: Check,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl Rule {
    /// What `declare_rule!` fills in for the fields a rule file leaves out
    /// (`equivalents`, `fix`); it always sets `id`, `family` and `docs`.
    pub(crate) const DECLARATION_DEFAULTS: Rule = Rule {
        id: "",
        family: Family::Input,
        severity: Severity::Warning,
        default_enabled: false,
        summary: "",
        practice: Practice::ValidInput,
        equivalents: &[],
        fix: None,
        options: &[],
        docs: "",
        check: Check::Input(InputRule {
            not_checked: false,
            malformed_yaml: false,
            suppressible: true,
        }),
    };

    /// The documentation: the doc comment with its indentation removed,
    /// and the "Options" section made from the declared options (before
    /// "References", when there is one).
    pub fn documentation(&self) -> String {
        let mut out = String::with_capacity(self.docs.len());
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        let options = options_section(self.options);
        if !options.is_empty() {
            match out.find("## References") {
                Some(at) => out.insert_str(at, &format!("{options}\n")),
                None => out.push_str(&format!("\n{options}")),
            }
        }
        out
    }

    /// Whether the engine emits this rule itself, about the input rather
    /// than about objects (parse errors, suppressions).
    pub fn is_input(&self) -> bool {
        matches!(self.check, Check::Input(_))
    }

    /// Whether the rule looks across every linted file (RoleBindings and
    /// their roles, workloads and the NetworkPolicies that select them):
    /// its findings change when another file changes.
    pub fn is_set_rule(&self) -> bool {
        matches!(self.check, Check::Set { .. })
    }

    /// Whether a finding of this rule means part of the input was not
    /// checked ([`InputRule::not_checked`]).
    pub fn means_not_checked(&self) -> bool {
        matches!(
            self.check,
            Check::Input(InputRule {
                not_checked: true,
                ..
            })
        )
    }

    /// Whether a finding of this rule means the YAML text is malformed
    /// ([`InputRule::malformed_yaml`]).
    pub fn means_malformed_yaml(&self) -> bool {
        matches!(
            self.check,
            Check::Input(InputRule {
                malformed_yaml: true,
                ..
            })
        )
    }

    /// Whether a finding of this rule is worth an `ignore` action in the
    /// editor ([`InputRule::suppressible`]); every rule about objects is.
    pub fn is_suppressible(&self) -> bool {
        match self.check {
            Check::Input(input) => input.suppressible,
            _ => true,
        }
    }
}

/// What the findings of a rule the engine emits itself mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct InputRule {
    /// Part of the input (a file, a document, the configuration) could not
    /// be read, decoded or parsed, so it was not checked: the rule always
    /// runs, and the CLI exits with code 2.
    pub not_checked: bool,
    /// The YAML text is malformed (it does not parse, or repeats a key): a
    /// fix whose result has more of these findings is discarded.
    pub malformed_yaml: bool,
    /// Whether silencing a finding makes sense: input that cannot be read
    /// must be repaired, and a comment cannot silence suppression
    /// bookkeeping. The editor offers "ignore" actions only for these.
    pub suppressible: bool,
}

/// What a rule looks at.
pub(crate) enum Check {
    /// Emitted by the engine about the input: YAML and configuration
    /// problems, unreadable files, suppression bookkeeping.
    Input(InputRule),
    /// Sees one object at a time; runs in parallel.
    Object(fn(&ObjectCtx<'_>, &mut Findings<'_>)),
    /// Sees one pod spec at a time, with its object: the engine calls it for
    /// every pod spec of every object ([`crate::k8s::Object::pod_specs`]),
    /// so no pod of an object with several is forgotten.
    Pod(fn(&PodCtx<'_>, &mut Findings<'_>)),
    /// Sees every object of the run (or, in the editor, the workspace).
    /// `kinds` are the object kinds the rule reads in full; workloads are
    /// always available as summaries.
    Set {
        kinds: &'static [&'static str],
        check: fn(&SetCtx<'_>, &mut SetFindings<'_>),
    },
}

/// A group of related rules; one folder under `rules/`, and the group
/// `kubelint rules` lists them under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Family {
    /// Files and YAML that cannot be read, and suppression bookkeeping.
    Input,
    /// Pod Security Standards controls: privileges, host namespaces, capabilities.
    PodSecurity,
    /// Image references: tags, digests, registries, pull policies.
    Images,
    /// Secret material in manifests.
    Secrets,
    /// Roles, bindings and service accounts.
    Rbac,
    /// NetworkPolicies, Services and Ingresses.
    Network,
    /// Flags of the API server, controller manager, scheduler and etcd.
    ControlPlane,
    /// Node components: kubelet and kube-proxy settings.
    Kubelet,
    /// Backups of cluster state and volumes.
    Backup,
    /// Admission policies and audit configuration.
    Policy,
    /// Availability: resources, probes, replicas, disruption budgets (off by default).
    Reliability,
}

impl Family {
    /// Every family, in the order of the enum.
    pub const ALL: &'static [Family] = &[
        Family::Input,
        Family::PodSecurity,
        Family::Images,
        Family::Secrets,
        Family::Rbac,
        Family::Network,
        Family::ControlPlane,
        Family::Kubelet,
        Family::Backup,
        Family::Policy,
        Family::Reliability,
    ];

    /// The family's name in kebab case; its folder is the same name in
    /// snake case (`pod-security` lives in `rules/pod_security/`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Family::Input => "input",
            Family::PodSecurity => "pod-security",
            Family::Images => "images",
            Family::Secrets => "secrets",
            Family::Rbac => "rbac",
            Family::Network => "network",
            Family::ControlPlane => "control-plane",
            Family::Kubelet => "kubelet",
            Family::Backup => "backup",
            Family::Policy => "policy",
            Family::Reliability => "reliability",
        }
    }
}

/// The security practices the rules come from (`security-practices.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Practice {
    /// 1. Scan images; pin them by digest from trusted registries.
    ImageScanning,
    /// 2. Run containers as non-root, unprivileged.
    NoRootContainers,
    /// 3. Least-privilege RBAC.
    Rbac,
    /// 4. Network policies that isolate workloads.
    NetworkPolicies,
    /// 5. TLS between components.
    EncryptedCommunication,
    /// 6. Keep secret data out of manifests and environment variables.
    SecretData,
    /// 7. Secure etcd.
    SecureEtcd,
    /// 8. Back up cluster state.
    Backups,
    /// 9. Enforce security policies (Pod Security admission).
    SecurityPolicies,
    /// 10. Plan for disaster recovery: requests, limits, probes, replicas.
    DisasterRecovery,
    /// 11. Harden nodes (kubelet, host access).
    HardenedNodes,
    /// 12. Stay on supported versions; follow the CIS Benchmark.
    VersionsAndBenchmarks,
    /// 13. Keep audit logs.
    AuditLogs,
    /// Not a security practice: correct, loadable input.
    ValidInput,
}

impl Practice {
    /// Number and title as in the practices document.
    pub fn title(self) -> &'static str {
        match self {
            Practice::ImageScanning => "1. Image scanning and image hygiene",
            Practice::NoRootContainers => "2. Avoid running containers as root / privileged",
            Practice::Rbac => "3. Use RBAC",
            Practice::NetworkPolicies => "4. Use Network Policies",
            Practice::EncryptedCommunication => "5. Encrypt communication (mTLS)",
            Practice::SecretData => "6. Secure Secret data",
            Practice::SecureEtcd => "7. Secure etcd",
            Practice::Backups => "8. Set up data backup and restore",
            Practice::SecurityPolicies => "9. Configure security policies",
            Practice::DisasterRecovery => "10. Disaster recovery",
            Practice::HardenedNodes => "11. Hardened nodes",
            Practice::VersionsAndBenchmarks => "12. Version updates and CIS benchmarking",
            Practice::AuditLogs => "13. Enable audit logs",
            Practice::ValidInput => "Valid input",
        }
    }
}

/// A check of another tool, or a standard's control, that corresponds to a
/// rule: for users migrating from that tool, and for the docs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Equivalent {
    /// Whose check it is.
    pub tool: Tool,
    /// The check's id in that tool (`latest-tag`, `CKV_K8S_14`, `5.1.3`).
    pub id: &'static str,
    /// `true` when the check decides exactly what the rule decides (the
    /// same objects fail): its id is then accepted as an alias of the rule
    /// wherever rules are named. `false` when it only overlaps (it is
    /// broader, narrower, or one of several checks the rule covers).
    pub same: bool,
}

/// The tools and standards rules are compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Tool {
    /// stackrox/kube-linter.
    KubeLinter,
    /// zegl/kube-score.
    KubeScore,
    /// FairwindsOps/polaris.
    Polaris,
    /// bridgecrewio/checkov (`CKV_K8S_*`, `CKV2_K8S_*`).
    Checkov,
    /// aquasecurity/trivy (`KSV-*`, `KCV-*`).
    Trivy,
    /// controlplaneio/kubesec.
    Kubesec,
    /// Pod Security Standards controls (`baseline/privileged`).
    Pss,
    /// CIS Kubernetes Benchmark controls.
    Cis,
}

impl Tool {
    /// Every tool, in the order the docs list them.
    pub const ALL: &'static [Tool] = &[
        Tool::KubeLinter,
        Tool::KubeScore,
        Tool::Polaris,
        Tool::Checkov,
        Tool::Trivy,
        Tool::Kubesec,
        Tool::Pss,
        Tool::Cis,
    ];

    /// `id` decides exactly what the rule decides.
    pub const fn same(self, id: &'static str) -> Equivalent {
        Equivalent {
            tool: self,
            id,
            same: true,
        }
    }

    /// `id` overlaps the rule: broader, narrower, or one of several.
    pub const fn inspired(self, id: &'static str) -> Equivalent {
        Equivalent {
            tool: self,
            id,
            same: false,
        }
    }

    /// The name users know it by.
    pub fn name(self) -> &'static str {
        match self {
            Tool::KubeLinter => "kube-linter",
            Tool::KubeScore => "kube-score",
            Tool::Polaris => "Polaris",
            Tool::Checkov => "Checkov",
            Tool::Trivy => "Trivy",
            Tool::Kubesec => "kubesec",
            Tool::Pss => "Pod Security Standards",
            Tool::Cis => "CIS Benchmark",
        }
    }

    /// Whether its ids name checks a user turns on and off (tools), rather
    /// than controls of a standard (PSS, CIS), and so can be aliases.
    pub fn names_checks(self) -> bool {
        !matches!(self, Tool::Pss | Tool::Cis)
    }
}

impl Rule {
    /// `(tool, equivalents)` for every tool with at least one, in
    /// [`Tool::ALL`] order.
    pub fn equivalents_by_tool(&self) -> Vec<(Tool, Vec<&Equivalent>)> {
        Tool::ALL
            .iter()
            .map(|tool| {
                let of_tool = self
                    .equivalents
                    .iter()
                    .filter(|e| e.tool == *tool)
                    .collect();
                (*tool, of_tool)
            })
            .filter(|(_, of_tool): &(Tool, Vec<&Equivalent>)| !of_tool.is_empty())
            .collect()
    }
}

/// Whether the module `module` (a rule file's name, `rbac_wildcard`) holds
/// the rule `id` (`rbac-wildcard`): the names agree with `_` for `-`.
/// Checked at compile time by `family_rules!`.
pub(crate) const fn is_module_of(module: &str, id: &str) -> bool {
    snake_case_of(module.as_bytes(), id.as_bytes())
}

/// Whether `module_path` (`kubelint::rules::pod_security`) ends with the
/// folder of `family`. Checked at compile time by `family_rules!`.
pub(crate) const fn is_folder_of(module_path: &str, family: Family) -> bool {
    let (path, name) = (module_path.as_bytes(), family.as_str().as_bytes());
    if path.len() < name.len() + 2 {
        return false;
    }
    let (parent, folder) = path.split_at(path.len() - name.len());
    parent[parent.len() - 2] == b':'
        && parent[parent.len() - 1] == b':'
        && snake_case_of(folder, name)
}

/// Whether `snake` is `kebab` with `_` for `-`.
const fn snake_case_of(snake: &[u8], kebab: &[u8]) -> bool {
    if snake.len() != kebab.len() {
        return false;
    }
    let mut i = 0;
    while i < kebab.len() {
        let expected = if kebab[i] == b'-' { b'_' } else { kebab[i] };
        if snake[i] != expected {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_and_folder_names_follow_ids_and_families() {
        assert!(is_module_of("rbac_wildcard", "rbac-wildcard"));
        assert!(!is_module_of("wildcard", "rbac-wildcard"));
        assert!(!is_module_of("rbac_wildcards", "rbac-wildcard"));
        assert!(is_folder_of(
            "kubelint::rules::pod_security",
            Family::PodSecurity
        ));
        assert!(!is_folder_of(
            "kubelint::rules::backup",
            Family::Reliability
        ));
        assert!(!is_folder_of("kubelint::rules::xrbac", Family::Rbac));
    }
}
