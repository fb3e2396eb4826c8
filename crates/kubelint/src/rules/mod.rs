//! The rule framework and the registry of all rules.
//!
//! One rule, one file, grouped by family (`rules/pod_security/…`). A rule file
//! holds its metadata and user documentation (the doc comment, via
//! `declare_rule!`), its check, and its fix.

mod context;
pub mod docs;
mod meta;
mod registry;

pub mod backup;
pub mod control_plane;
pub mod images;
pub mod input;
pub mod network;
pub mod pod_security;
pub mod policy;
pub mod rbac;
pub mod reliability;
pub mod secrets;

pub use context::{Findings, ObjectCtx, PodCtx, RuleOptions, SetCtx, SetFindings};
pub use meta::{Check, Equivalents, Family, Practice, Rule};
pub use registry::{all, by_id};

/// Declares a rule: its doc comment becomes both rustdoc and the user
/// documentation (`kubelint explain`, `docs/rules/<id>.md`).
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])+ pub static $name:ident = Rule { $($field:ident: $value:expr),+ $(,)? };) => {
        $(#[doc = $doc])+
        pub static $name: $crate::rules::Rule = $crate::rules::Rule {
            docs: concat!($($doc, "\n"),+),
            $($field: $value),+
        };
    };
}
pub(crate) use declare_rule;

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
