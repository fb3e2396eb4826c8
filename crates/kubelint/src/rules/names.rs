//! Rule names as people write them in configuration files, on the command
//! line and in editor settings: one validation, one "did you mean".

use super::{all, by_id, Rule};

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

/// Every name that selects a rule, with the rule: its id.
pub fn accepted() -> impl Iterator<Item = (&'static str, &'static Rule)> {
    all().iter().map(|rule| (rule.id, *rule))
}

/// "unknown rule `x`; did you mean `y`? (`kubelint rules` lists them)".
pub(crate) fn unknown_rule(name: &str) -> String {
    let suggestion = did_you_mean(name, all().iter().map(|r| r.id));
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
