//! The selection a person makes on top of the project's configuration:
//! the command line (`--enable`, `--disable`, `--no-inline-ignores`) and
//! the editor settings (`select`, `ignore`, `severity`, `inlineIgnores`)
//! are the same layer, with the same names and the same precedence
//! ([`Config::rule_severity`](super::Config::rule_severity)).

use crate::diagnostic::Severity;
use crate::rules::names::RuleName;
use crate::rules::profiles::Profile;
use std::collections::BTreeMap;

/// Rule selection over a configuration file. Names are rule ids, `all`,
/// or aliases (another tool's id for the same check); [`Overrides::resolve_names`]
/// turns them into ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Overrides {
    /// The profile that replaces the project's (`--profile`, the editor's
    /// `profile`); `None` keeps the project's.
    pub profile: Option<Profile>,
    /// Rules to run, even where the project turns them off (`--enable`,
    /// the editor's `select`).
    pub enable: Vec<String>,
    /// Rules not to run (`--disable`, the editor's `ignore`).
    pub disable: Vec<String>,
    /// A severity per rule; `None` turns the rule off (the editor's
    /// `severity`).
    pub severity: BTreeMap<String, Option<Severity>>,
    /// `Some(false)`: audit run, suppressions written in the manifests are
    /// not honoured (`--no-inline-ignores`, the editor's `inlineIgnores`);
    /// `None` keeps the project's `inline-ignores`.
    pub inline_ignores: Option<bool>,
}

/// Which list of [`Overrides`] a name came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverrideList {
    /// [`Overrides::enable`].
    Enable,
    /// [`Overrides::disable`].
    Disable,
    /// [`Overrides::severity`].
    Severity,
}

/// A name in [`Overrides`] that names no rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRuleName {
    /// The list it was in.
    pub list: OverrideList,
    /// What was written.
    pub name: String,
    /// "unknown rule `x`; did you mean `y`? (`kubelint rules` lists them)".
    pub message: String,
}

impl std::fmt::Display for UnknownRuleName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UnknownRuleName {}

impl Overrides {
    /// Replaces every name by the rule id it stands for (aliases resolved,
    /// duplicates dropped) and drops the names that stand for nothing,
    /// returning them with a "did you mean".
    pub fn resolve_names(&mut self) -> Vec<UnknownRuleName> {
        let mut unknown = Vec::new();
        let mut resolve = |list: OverrideList, name: &str| match RuleName::resolve(name) {
            Ok(rule) => Some(rule.id()),
            Err(message) => {
                unknown.push(UnknownRuleName {
                    list,
                    name: name.to_owned(),
                    message,
                });
                None
            }
        };
        self.enable = ids(&self.enable, |name| resolve(OverrideList::Enable, name));
        self.disable = ids(&self.disable, |name| resolve(OverrideList::Disable, name));
        self.severity = std::mem::take(&mut self.severity)
            .into_iter()
            .filter_map(|(name, level)| {
                let id = resolve(OverrideList::Severity, &name)?;
                // A severity for `all` would be a default, not an override.
                (id != "all").then(|| (id.to_owned(), level))
            })
            .collect();
        unknown
    }
}

/// The ids `names` stand for, once each, in order.
fn ids(names: &[String], mut resolve: impl FnMut(&str) -> Option<&'static str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        if let Some(id) = resolve(name) {
            if !out.iter().any(|o| o == id) {
                out.push(id.to_owned());
            }
        }
    }
    out
}
