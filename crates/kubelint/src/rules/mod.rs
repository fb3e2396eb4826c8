//! The rule framework and the registry of all rules.
//!
//! One rule, one file, grouped by family (`rules/pod_security/…`). A rule file
//! holds its metadata and user documentation (the doc comment, via
//! `declare_rule!`), its check, and its fix; it is named after the rule id.
//! Each family folder's `mod.rs` lists its rule files once
//! (`family_rules!`), and that list is the registry.

mod context;
pub mod docs;
mod meta;
pub mod names;
pub mod options;
pub mod profiles;
mod registry;
#[cfg(test)]
mod testing;

pub(crate) mod backup;
pub(crate) mod control_plane;
pub(crate) mod images;
pub(crate) mod input;
pub(crate) mod kubelet;
pub(crate) mod network;
pub(crate) mod pod_security;
pub(crate) mod policy;
pub(crate) mod rbac;
pub(crate) mod reliability;
pub(crate) mod secrets;

pub(crate) use context::{Findings, ObjectCtx, PodCtx, RuleOptions, SetCtx, SetFindings};
/// The rules the CLI and the language server raise themselves, about input
/// they could not read and suppressions that hide nothing.
pub use input::{
    unreadable_file::RULE as UNREADABLE_FILE, unused_suppression::RULE as UNUSED_SUPPRESSION,
};
pub(crate) use meta::Check;
pub use meta::{Equivalent, Family, InputRule, Practice, Rule, Tool};
pub use registry::{all, by_id, means_not_checked};

/// Declares a rule in its own file: its doc comment becomes both rustdoc
/// and the user documentation (`kubelint explain`, `docs/rules/<id>.md`).
/// The family comes from the folder (`family_rules!` in its `mod.rs`);
/// `equivalents`, `fix` and `options` may be left out when there are none.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        pub static RULE = Rule {
            id: $id:literal,
            $($field:ident: $value:expr),+ $(,)?
        };
    ) => {
        /// The rule's id; the file is named after it (checked when it compiles).
        pub(crate) const ID: &str = $id;

        $(#[doc = $doc])+
        // Rules that spell every field leave the defaults nothing to do.
        #[allow(clippy::needless_update)]
        pub static RULE: $crate::rules::Rule = $crate::rules::Rule {
            id: ID,
            family: super::FAMILY,
            docs: concat!($($doc, "\n"),+),
            $($field: $value,)+
            ..$crate::rules::Rule::DECLARATION_DEFAULTS
        };
    };
}
pub(crate) use declare_rule;

/// Lists the rules of a family folder, once: `rules/<folder>/mod.rs` calls
/// it with the family and the folder's rule files (named after their rule
/// ids, `_` for `-`). It declares the modules, the folder's `RULES` (which
/// the catalog gathers), the family every rule of the folder gets, and one
/// test per rule (fixtures, snapshot, doc examples, fixes; see
/// `rules::testing`). The compiler checks that each file holds the rule it
/// is named after and that the folder is named after the family.
macro_rules! family_rules {
    ($family:ident: $($rule:ident),+ $(,)?) => {
        /// The family of every rule in this folder.
        pub(crate) const FAMILY: $crate::rules::Family = $crate::rules::Family::$family;
        const _: () = assert!(
            $crate::rules::meta::is_folder_of(module_path!(), FAMILY),
            "a family's folder is its name in snake case"
        );

        $(pub mod $rule;)+

        /// The rules of this folder.
        pub(crate) static RULES: &[&$crate::rules::Rule] = &[$(&$rule::RULE),+];

        $(const _: () = assert!(
            $crate::rules::meta::is_module_of(stringify!($rule), $rule::ID),
            concat!("the file of rule `", stringify!($rule), "` must be named after its id")
        );)+

        #[cfg(test)]
        mod rule_tests {
            $(#[test]
            fn $rule() {
                $crate::rules::testing::check_rule(&super::$rule::RULE);
            })+
        }
    };
}
pub(crate) use family_rules;

/// The messages `rule` reports for `manifest` with the `.kubelint.yaml`
/// text `config`: for the tests of rule options.
#[cfg(test)]
pub(crate) fn messages_with_config(rule: &Rule, config: &str, manifest: &str) -> Vec<String> {
    let (config, problems) = crate::Config::from_yaml(".kubelint.yaml", config);
    assert!(problems.is_empty(), "{problems:?}");
    crate::Linter::new(config)
        .lint_str("pod.yaml", manifest)
        .into_iter()
        .filter(|d| d.rule == rule.id)
        .map(|d| d.message)
        .collect()
}
