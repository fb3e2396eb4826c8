//! Profiles: named selections of rules, so a team can run exactly a
//! standard (`kubelint check --profile cis`, `profile: cis` in
//! `.kubelint.yaml`). Membership comes from each rule's metadata, never
//! from a list: the standards' controls a rule declares in its
//! `equivalents` ([`Tool::Pss`], [`Tool::Cis`]) and its `default_enabled`.
//! A profile only decides which rules run when nothing names them; the
//! configuration's and the command line's `enable`, `disable` and
//! severities apply on top ([`crate::Config::rule_severity`]).

use super::names::did_you_mean;
use super::{all, Rule, Tool};

/// A named selection of rules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Profile {
    /// The rules that are on by default (`default_enabled`).
    #[default]
    Security,
    /// Rules that decide a control of the Pod Security Standards' Baseline
    /// level (a `baseline/…` PSS equivalent).
    PssBaseline,
    /// Rules that decide a control of the Restricted level, which includes
    /// every Baseline control (`baseline/…` and `restricted/…`).
    PssRestricted,
    /// Rules that decide a CIS Kubernetes Benchmark item (a CIS
    /// equivalent).
    Cis,
    /// Every rule.
    All,
}

impl Profile {
    /// Every profile, in the order the docs list them.
    pub const ALL: &'static [Profile] = &[
        Profile::Security,
        Profile::PssBaseline,
        Profile::PssRestricted,
        Profile::Cis,
        Profile::All,
    ];

    /// The name written in `--profile` and `profile:`.
    pub const fn name(self) -> &'static str {
        match self {
            Profile::Security => "security",
            Profile::PssBaseline => "pss-baseline",
            Profile::PssRestricted => "pss-restricted",
            Profile::Cis => "cis",
            Profile::All => "all",
        }
    }

    /// One line: what the profile selects.
    pub const fn description(self) -> &'static str {
        match self {
            Profile::Security => "the rules on by default (the default profile)",
            Profile::PssBaseline => {
                "the rules that decide a Pod Security Standards Baseline control"
            }
            Profile::PssRestricted => {
                "the rules that decide a Pod Security Standards Baseline or Restricted control"
            }
            Profile::Cis => "the rules that decide a CIS Kubernetes Benchmark item",
            Profile::All => "every rule",
        }
    }

    /// The profile named `name`, or "unknown profile `x`; did you mean
    /// `y`? (expected one of …)".
    pub fn parse(name: &str) -> Result<Profile, String> {
        Profile::ALL
            .iter()
            .copied()
            .find(|p| p.name() == name)
            .ok_or_else(|| {
                let names = Profile::ALL.iter().map(|p| p.name());
                format!(
                    "unknown profile `{name}`{} (expected one of {})",
                    did_you_mean(name, names.clone()),
                    names.collect::<Vec<_>>().join(", ")
                )
            })
    }

    /// Whether the profile turns `rule` on. The rules about the input
    /// (YAML errors, suppression bookkeeping) keep their default in every
    /// profile but `all`.
    pub fn includes(self, rule: &Rule) -> bool {
        let has = |tool: Tool, prefix: &str| {
            rule.equivalents
                .iter()
                .any(|e| e.tool == tool && e.id.starts_with(prefix))
        };
        match self {
            Profile::All => true,
            Profile::Security => rule.default_enabled,
            _ if rule.is_input() => rule.default_enabled,
            Profile::PssBaseline => has(Tool::Pss, "baseline/"),
            Profile::PssRestricted => has(Tool::Pss, "baseline/") || has(Tool::Pss, "restricted/"),
            Profile::Cis => has(Tool::Cis, ""),
        }
    }

    /// The profiles that turn `rule` on.
    pub fn of(rule: &Rule) -> impl Iterator<Item = Profile> + '_ {
        Profile::ALL.iter().copied().filter(|p| p.includes(rule))
    }

    /// The rules the profile turns on, sorted by id.
    pub fn rules(self) -> impl Iterator<Item = &'static Rule> {
        all()
            .iter()
            .copied()
            .filter(move |rule| self.includes(rule))
    }
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::by_id;

    fn ids(profile: Profile) -> Vec<&'static str> {
        profile.rules().map(|r| r.id).collect()
    }

    #[test]
    fn names_round_trip_and_unknown_names_get_a_suggestion() {
        for profile in Profile::ALL {
            assert_eq!(Profile::parse(profile.name()), Ok(*profile));
        }
        let message = Profile::parse("pss-restriced").unwrap_err();
        assert_eq!(
            message,
            "unknown profile `pss-restriced`; did you mean `pss-restricted`? (expected one of security, pss-baseline, pss-restricted, cis, all)"
        );
        assert!(Profile::parse("CIS").is_err());
    }

    #[test]
    fn membership_follows_the_metadata() {
        let privileged = by_id("privileged-container").unwrap();
        assert!(Profile::PssBaseline.includes(privileged));
        assert!(Profile::PssRestricted.includes(privileged));
        let escalation = ids(Profile::PssRestricted);
        assert!(
            escalation.contains(&"privilege-escalation-allowed"),
            "{escalation:?}"
        );
        assert!(!ids(Profile::PssBaseline).contains(&"privilege-escalation-allowed"));
        // Restricted includes Baseline.
        for id in ids(Profile::PssBaseline) {
            assert!(escalation.contains(&id), "{id}");
        }
        let cis = ids(Profile::Cis);
        for id in [
            "kubelet-anonymous-auth",
            "apiserver-anonymous-auth",
            "etcd-tls",
        ] {
            assert!(cis.contains(&id), "{id} not in cis: {cis:?}");
        }
        // Off by default but a CIS item: the profile turns it on.
        assert!(Profile::Cis.rules().any(|r| !r.default_enabled));
        assert!(!cis.contains(&"latest-image-tag"));
        assert_eq!(ids(Profile::All).len(), all().len());
        let security: Vec<&str> = all()
            .iter()
            .filter(|r| r.default_enabled)
            .map(|r| r.id)
            .collect();
        assert_eq!(ids(Profile::Security), security);
        // Input rules keep their default outside `all`.
        let invalid_config = by_id("invalid-config").unwrap();
        assert!(Profile::ALL.iter().all(|p| p.includes(invalid_config)));
    }
}
