//! Rule names as people write them in configuration files, on the command
//! line and in editor settings: one validation, one "did you mean".
//!
//! A name is a rule id, `all`, or an alias: the id of another tool's check
//! that decides exactly what a rule decides (an [`Equivalent`] marked
//! `same`), so a team migrating from kube-linter can keep writing
//! `latest-tag` for `latest-image-tag`.

use super::{all, by_id, Equivalent, Rule};

/// What a rule name in a selection stands for.
#[derive(Clone, Copy, Debug)]
pub enum RuleName {
    /// `all`: every rule.
    All,
    /// One rule.
    Rule(&'static Rule),
}

impl RuleName {
    /// The rule `name` names, or the message an unknown name gets.
    pub fn resolve(name: &str) -> Result<RuleName, String> {
        if name == "all" {
            return Ok(RuleName::All);
        }
        by_id(name)
            .or_else(|| alias(name))
            .map(RuleName::Rule)
            .ok_or_else(|| unknown_rule(name))
    }

    /// The canonical spelling: `all` or the rule id.
    pub fn id(self) -> &'static str {
        match self {
            RuleName::All => "all",
            RuleName::Rule(rule) => rule.id,
        }
    }
}

impl PartialEq for RuleName {
    fn eq(&self, other: &RuleName) -> bool {
        self.id() == other.id()
    }
}

impl Eq for RuleName {}

/// Every name that selects a rule, with the rule: ids, then aliases.
pub fn accepted() -> impl Iterator<Item = (&'static str, &'static Rule)> {
    let ids = all().iter().map(|rule| (rule.id, *rule));
    let aliases = all()
        .iter()
        .flat_map(|rule| aliases_of(rule).map(move |alias| (alias, *rule)));
    ids.chain(aliases)
}

/// The aliases of `rule`: the ids of other tools' checks that decide
/// exactly what it decides.
pub fn aliases_of(rule: &'static Rule) -> impl Iterator<Item = &'static str> {
    rule.equivalents
        .iter()
        .filter(|e: &&Equivalent| e.same && e.tool.names_checks())
        .map(|e| e.id)
}

/// The rule whose alias `name` is.
fn alias(name: &str) -> Option<&'static Rule> {
    all()
        .iter()
        .find(|rule| aliases_of(rule).any(|alias| alias == name))
        .copied()
}

/// "unknown rule `x`; did you mean `y`? (`kubelint rules` lists them)".
pub(crate) fn unknown_rule(name: &str) -> String {
    let suggestion = did_you_mean(name, accepted().map(|(name, _)| name));
    format!("unknown rule `{name}`{suggestion} (`kubelint rules` lists them)")
}

/// `; did you mean `x`?` for the candidate closest to `word`, or nothing
/// when none is close.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    closest(word, candidates)
        .map(|found| format!("; did you mean `{found}`?"))
        .unwrap_or_default()
}

/// The candidate most like `word`: a prefix either way (`privileged-containers`
/// for `privileged-container`), else the best Jaro-Winkler similarity of at
/// least 0.8 (the threshold clap suggests subcommands at).
fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = if !word.is_empty()
            && (candidate.starts_with(word.trim_end_matches('s')) || word.starts_with(candidate))
        {
            2.0
        } else {
            strsim::jaro_winkler(word, candidate)
        };
        if score >= 0.8 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, found)| found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn peer_ids_of_exact_equivalents_are_aliases() {
        assert_eq!(
            RuleName::resolve("latest-tag").map(RuleName::id),
            Ok("latest-image-tag")
        );
        assert_eq!(
            RuleName::resolve("CKV_K8S_16").map(RuleName::id),
            Ok("privileged-container")
        );
        // Related, not the same: kube-linter's check is about NET_RAW only.
        assert!(RuleName::resolve("drop-net-raw-capability").is_err());
        // Controls of a standard are not checks to turn on and off.
        assert!(RuleName::resolve("baseline/privileged").is_err());
    }

    #[test]
    fn every_alias_names_one_rule_and_no_alias_is_an_id() {
        let mut rules_of: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for rule in all() {
            for alias in aliases_of(rule) {
                rules_of.entry(alias).or_default().push(rule.id);
            }
        }
        for (alias, rules) in rules_of {
            assert_eq!(
                rules.len(),
                1,
                "`{alias}` is marked `same` for {rules:?}: a check can equal one rule only"
            );
            assert!(
                by_id(alias).is_none() || by_id(alias).map(|r| r.id) == Some(rules[0]),
                "`{alias}` is a rule id and another rule's alias"
            );
        }
    }

    #[test]
    fn unknown_names_get_the_closest_known_one() {
        assert_eq!(RuleName::resolve("all"), Ok(RuleName::All));
        assert_eq!(
            RuleName::resolve("run-as-root").map(RuleName::id),
            Ok("run-as-root")
        );
        let message = RuleName::resolve("privileged-containers").unwrap_err();
        assert!(
            message.contains("did you mean `privileged-container`?"),
            "{message}"
        );
        let message = RuleName::resolve("host-namespace").unwrap_err();
        assert!(
            message.contains("did you mean `host-namespaces`?"),
            "{message}"
        );
        let message = RuleName::resolve("latest-imagetag").unwrap_err();
        assert!(
            message.contains("did you mean `latest-image-tag`?"),
            "{message}"
        );
        assert!(!RuleName::resolve("zzz")
            .unwrap_err()
            .contains("did you mean"));
        assert_eq!(
            did_you_mean(
                "allowed-registrys",
                ["allowed-registries", "allowed-images"]
            ),
            "; did you mean `allowed-registries`?"
        );
    }
}
