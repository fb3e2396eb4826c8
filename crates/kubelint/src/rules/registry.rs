//! The catalog of every rule, gathered from the family folders' own lists
//! (`family_rules!` in each `rules/<family>/mod.rs`) and sorted by id.

use super::{
    backup, control_plane, images, input, kubelet, network, pod_security, policy, rbac,
    reliability, secrets, Rule,
};
use std::sync::LazyLock;

/// Every family's rules. A family is a folder under `rules/`; its rules
/// are the files its `mod.rs` lists.
static FAMILIES: &[&[&Rule]] = &[
    backup::RULES,
    control_plane::RULES,
    images::RULES,
    input::RULES,
    kubelet::RULES,
    network::RULES,
    pod_security::RULES,
    policy::RULES,
    rbac::RULES,
    reliability::RULES,
    secrets::RULES,
];

static SORTED: LazyLock<Vec<&'static Rule>> = LazyLock::new(|| {
    let mut rules: Vec<&'static Rule> = FAMILIES.iter().flat_map(|f| f.iter().copied()).collect();
    rules.sort_by_key(|rule| rule.id);
    rules
});

/// All rules, sorted by id.
pub fn all() -> &'static [&'static Rule] {
    &SORTED
}

/// The rule with this id.
pub fn by_id(id: &str) -> Option<&'static Rule> {
    let rules = all();
    rules
        .binary_search_by(|rule| rule.id.cmp(id))
        .ok()
        .map(|i| rules[i])
}

/// Whether findings of the rule `id` mean part of the input was not
/// checked ([`Rule::means_not_checked`]); `false` for an unknown id.
pub fn means_not_checked(id: &str) -> bool {
    by_id(id).is_some_and(Rule::means_not_checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Family;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        for pair in all().windows(2) {
            assert!(pair[0].id != pair[1].id, "{} is declared twice", pair[0].id);
        }
        for rule in all() {
            assert!(
                !rule.id.is_empty() && rule.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                rule.id
            );
            assert_eq!(by_id(rule.id).map(|r| r.id), Some(rule.id));
        }
    }

    #[test]
    fn every_family_has_its_folder_and_rules() {
        let families: Vec<Family> = FAMILIES.iter().map(|rules| rules[0].family).collect();
        for (rules, family) in FAMILIES.iter().zip(&families) {
            assert!(rules.iter().all(|r| r.family == *family));
        }
        let mut sorted = families.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), families.len(), "a family is listed twice");
        assert_eq!(families.len(), Family::ALL.len(), "a family has no folder");
    }
}
