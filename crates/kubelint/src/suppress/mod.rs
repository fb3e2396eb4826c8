//! Suppressions: `# kubelint-ignore` comments and `kubelint/ignore` annotations.
//!
//! - `# kubelint-ignore: rule-a, rule-b -- reason` at the end of a line covers
//!   findings that start on that line; alone on a line it covers the next line
//!   of its document that is not blank or a comment.
//! - `# kubelint-ignore-file: rule-a -- reason` in the file's leading comments
//!   covers the whole file; in rendered Helm output, after a template's
//!   `# Source: <path>` line, it covers that template's documents only.
//! - `kubelint/ignore: "rule-a,rule-b"` on an object covers the object's
//!   findings; on a pod template it covers the pod; `kubelint/ignore.<container>`
//!   covers one container. Never another object's findings, even where objects
//!   share text through anchors.
//!
//! A suppression is honoured only where a reader of the file sees it: a
//! comment must be a real YAML comment, never text inside a value (a script
//! in a ConfigMap, an annotation, a JSON string), see [`comments`]. `all`
//! matches every rule. Suppressions that match nothing, or cannot take
//! effect where they are written, are reported by `unused-suppression`.

mod annotations;
mod comments;
mod file_wide;

pub use annotations::annotation_suppressions;
pub use comments::comment_suppressions;
pub use file_wide::file_suppressions;

use crate::diagnostic::Finding;
use crate::source::{LineIndex, Span};
use std::collections::HashMap;

pub(crate) const COMMENT_MARKER: &str = "kubelint-ignore";
pub const ANNOTATION: &str = "kubelint/ignore";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Findings starting on the line with this byte range (line break excluded).
    Line(Span),
    /// Findings anywhere in the file.
    File,
    /// Findings starting inside one of these byte ranges (the documents of
    /// one Helm template).
    Documents(Vec<Span>),
    /// Findings of the object whose root node is at this span (and findings
    /// that belong to no object but start inside it).
    Object(Span),
    /// Findings starting inside this byte range (a pod template or a
    /// container); with [`Suppression::owner`], only that object's findings.
    Range(Span),
    /// Nothing: see [`Suppression::misplaced`].
    Nothing,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// The comment or annotation, where unused-suppression points.
    pub span: Span,
    pub scope: Scope,
    pub rules: Vec<String>,
    /// Which of `rules` suppressed something.
    pub used: Vec<bool>,
    /// For annotations: the root span of the object that carries it. Its
    /// scope covers that object's findings only.
    pub owner: Option<Span>,
    /// Whether it says why (`-- reason`).
    pub has_reason: bool,
    /// Why it suppresses nothing wherever it is (a file-wide comment outside
    /// the leading comments, a missing reason under `require-reason`).
    pub misplaced: Option<&'static str>,
}

impl Suppression {
    /// A suppression of the rules listed in `text` (`a, b -- reason`).
    pub(crate) fn new(span: Span, scope: Scope, text: &str) -> Suppression {
        let (rules, has_reason) = parse_rules(text);
        let used = vec![false; rules.len()];
        Suppression {
            span,
            scope,
            rules,
            used,
            owner: None,
            has_reason,
            misplaced: None,
        }
    }

    /// The same suppression moved by `moved` (an edit above it shifted the
    /// text). Every span field is listed here, so a new one is not forgotten.
    pub fn moved(&self, moved: impl Fn(Span) -> Span) -> Suppression {
        let scope = match &self.scope {
            Scope::Line(span) => Scope::Line(moved(*span)),
            Scope::Documents(spans) => Scope::Documents(spans.iter().map(|s| moved(*s)).collect()),
            Scope::Object(span) => Scope::Object(moved(*span)),
            Scope::Range(span) => Scope::Range(moved(*span)),
            Scope::File => Scope::File,
            Scope::Nothing => Scope::Nothing,
        };
        Suppression {
            span: moved(self.span),
            scope,
            owner: self.owner.map(&moved),
            ..self.clone()
        }
    }

    /// Whether this suppression names `rule`; marks the names that do.
    fn mark(&mut self, rule: &str) -> bool {
        let mut matched = false;
        for (name, used) in self.rules.iter().zip(self.used.iter_mut()) {
            if name == "all" || name == rule {
                *used = true;
                matched = true;
            }
        }
        matched
    }

    /// Whether its scope may cover a finding of `owner` (`None`: a finding
    /// of no object, such as a YAML error).
    fn covers_owner(&self, owner: Option<Span>) -> bool {
        match (self.owner, owner) {
            (Some(mine), Some(theirs)) => mine == theirs,
            _ => true,
        }
    }
}

/// Parses the rule list of a suppression: `a, b -- reason` → `([a, b], true)`.
pub(crate) fn parse_rules(text: &str) -> (Vec<String>, bool) {
    let (list, reason) = text.split_once("--").unwrap_or((text, ""));
    let rules = list
        .split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    (rules, !reason.trim().is_empty())
}

/// Drops suppressed findings, marking the suppressions that matched.
/// Suppressions with a [`Suppression::misplaced`] note suppress nothing.
///
/// Suppressions are indexed by scope first, so a file with a suppression on
/// each of 100,000 objects and as many findings costs a lookup per finding,
/// not 10^10 comparisons.
pub fn apply(
    findings: &mut Vec<Finding>,
    suppressions: &mut [Suppression],
    text: &str,
    index: &LineIndex,
) {
    if suppressions.is_empty() {
        return;
    }
    let mut file_wide = Vec::new();
    let mut by_line: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut by_owner: HashMap<Span, Vec<usize>> = HashMap::new();
    let mut ranges: Vec<(Span, usize)> = Vec::new();
    for (i, suppression) in suppressions.iter().enumerate() {
        if suppression.misplaced.is_some() {
            continue;
        }
        match &suppression.scope {
            Scope::File => file_wide.push(i),
            Scope::Line(line) => by_line.entry(line.start).or_default().push(i),
            Scope::Documents(spans) => ranges.extend(spans.iter().map(|&span| (span, i))),
            // Findings of the object match by owner wherever they sit (a
            // value reached through an alias); findings of no object match
            // by position.
            Scope::Object(span) => {
                by_owner.entry(*span).or_default().push(i);
                ranges.push((*span, i));
            }
            Scope::Range(span) => ranges.push((*span, i)),
            Scope::Nothing => {}
        }
    }
    ranges.sort_by_key(|&(span, i)| (span.start, i));
    // `reach[k]`: the furthest end of the ranges up to `k`. Walking back from
    // the last range that starts at or before a finding stops as soon as no
    // earlier range can reach it.
    let reach: Vec<u32> = ranges
        .iter()
        .scan(0, |furthest, (span, _)| {
            *furthest = span.end.max(*furthest);
            Some(*furthest)
        })
        .collect();
    findings.retain(|finding| {
        let start = finding.span.start;
        let line = index.line_start(index.line_of(start.min(text.len() as u32)));
        let mut suppressed = false;
        let lines = by_line.get(&line).map_or(&[][..], Vec::as_slice);
        let owned = finding
            .owner
            .and_then(|owner| by_owner.get(&owner))
            .map_or(&[][..], Vec::as_slice);
        for &i in file_wide.iter().chain(lines).chain(owned) {
            suppressed |= suppressions[i].mark(finding.rule);
        }
        let mut k = ranges.partition_point(|(span, _)| span.start <= start);
        while k > 0 && reach[k - 1] >= start {
            k -= 1;
            let (span, i) = ranges[k];
            if start <= span.end && suppressions[i].covers_owner(finding.owner) {
                suppressed |= suppressions[i].mark(finding.rule);
            }
        }
        !suppressed
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(span: Span, rule: &str) -> Suppression {
        Suppression::new(span, Scope::Range(span), rule)
    }

    #[test]
    fn parses_rules_and_reasons() {
        assert_eq!(
            parse_rules(" a, b c -- why"),
            (vec!["a".into(), "b".into(), "c".into()], true)
        );
        assert_eq!(parse_rules("a --  "), (vec!["a".into()], false));
        assert_eq!(parse_rules("a"), (vec!["a".into()], false));
    }

    #[test]
    fn range_suppressions_nest_and_do_not_leak() {
        let text = "0123456789abcdefghij";
        let index = LineIndex::new(text);
        let finding = |rule: &'static str, at: u32| Finding::new(rule, Span::at(at), "m");
        let mut suppressions = vec![
            range(Span::new(0, 9), "a"),
            range(Span::new(2, 4), "b"),
            range(Span::new(10, 19), "c"),
            Suppression::new(Span::at(0), Scope::Range(Span::new(15, 16)), "d"),
        ];
        let mut findings = vec![
            finding("a", 3),
            finding("b", 3),
            finding("b", 5),
            finding("a", 12),
            finding("c", 9),
            finding("c", 19),
            finding("d", 17),
        ];
        apply(&mut findings, &mut suppressions, text, &index);
        let left: Vec<_> = findings.iter().map(|f| (f.rule, f.span.start)).collect();
        assert_eq!(left, [("b", 5), ("a", 12), ("c", 9), ("d", 17)]);
        let used: Vec<_> = suppressions.iter().map(|s| s.used[0]).collect();
        assert_eq!(used, [true, true, true, false]);
    }

    #[test]
    fn object_suppressions_cover_their_own_object_only() {
        // Object `a` spans 0..10 and `b` 10..20; b's finding sits in a's
        // text (a value b reaches through an alias anchored in a).
        let text = "0123456789abcdefghij";
        let index = LineIndex::new(text);
        let (a, b) = (Span::new(0, 10), Span::new(10, 20));
        let owned = |at: u32, owner: Span| {
            let mut f = Finding::new("r", Span::at(at), "m");
            f.owner = Some(owner);
            f
        };
        let object = |owner: Span| {
            let mut s = Suppression::new(Span::at(owner.start), Scope::Object(owner), "r");
            s.owner = Some(owner);
            s
        };
        let mut suppressions = vec![object(a)];
        let mut findings = vec![
            owned(3, a),
            owned(4, b),
            Finding::new("r", Span::at(5), "m"),
        ];
        apply(&mut findings, &mut suppressions, text, &index);
        let left: Vec<_> = findings.iter().map(|f| (f.span.start, f.owner)).collect();
        assert_eq!(left, [(4, Some(b))]);
        // b's own annotation covers b's finding wherever it sits.
        let mut suppressions = vec![object(b)];
        apply(&mut findings, &mut suppressions, text, &index);
        assert!(findings.is_empty());
    }

    #[test]
    fn misplaced_suppressions_suppress_nothing() {
        let text = "a: 1\n";
        let index = LineIndex::new(text);
        let mut s = Suppression::new(Span::at(0), Scope::File, "all");
        s.misplaced = Some("why");
        let mut suppressions = vec![s];
        let mut findings = vec![Finding::new("r", Span::at(0), "m")];
        apply(&mut findings, &mut suppressions, text, &index);
        assert_eq!(findings.len(), 1);
        assert!(!suppressions[0].used[0]);
    }

    #[test]
    fn many_suppressions_and_findings_cost_linear_time() {
        // A suppression per object and a run of suppression comments were
        // quadratic: 20,000 comment lines took 40 s in a debug build.
        let n = 100_000u32;
        let text: String = (0..n).map(|_| "# kubelint-ignore: r\n").collect();
        let index = LineIndex::new(&text);
        let started = std::time::Instant::now();
        let mut suppressions: Vec<Suppression> = (0..n)
            .map(|i| {
                Suppression::new(
                    Span::at(i * 21),
                    Scope::Line(Span::new(i * 21, i * 21 + 20)),
                    "x",
                )
            })
            .collect();
        suppressions.extend((0..n).map(|i| range(Span::new(i * 10, i * 10 + 5), "x")));
        let mut findings: Vec<Finding> = (0..n)
            .map(|i| Finding::new("x", Span::at(i * 10 + 3), "m"))
            .collect();
        apply(&mut findings, &mut suppressions, &text, &index);
        assert!(findings.is_empty());
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
    }
}
