//! Suppressions: `# kubelint-ignore` comments and `kubelint/ignore` annotations.
//!
//! - `# kubelint-ignore: rule-a, rule-b -- reason` at the end of a line covers
//!   findings that start on that line; alone on a line it covers the next line
//!   that is not blank or a comment.
//! - `# kubelint-ignore-file: rule-a -- reason` covers the whole file.
//! - `kubelint/ignore: "rule-a,rule-b"` on an object covers the object; on a
//!   pod template it covers the pod; `kubelint/ignore.<container>` covers one
//!   container.
//!
//! `all` matches every rule. Suppressions that match nothing are reported by
//! `unused-suppression`.

use crate::diagnostic::Finding;
use crate::k8s::{Object, PodSpec};
use crate::source::{LineIndex, Span};
use std::collections::HashMap;

const COMMENT_MARKER: &str = "kubelint-ignore";
pub const ANNOTATION: &str = "kubelint/ignore";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Findings starting on this 0-based line.
    Line(u32),
    /// Findings anywhere in the file.
    File,
    /// Findings starting inside this byte range (an object, pod or container).
    Range(Span),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// The comment or annotation, where unused-suppression points.
    pub span: Span,
    pub scope: Scope,
    pub rules: Vec<String>,
    /// Which of `rules` suppressed something.
    pub used: Vec<bool>,
}

impl Suppression {
    fn new(span: Span, scope: Scope, rules: Vec<String>) -> Suppression {
        let used = vec![false; rules.len()];
        Suppression {
            span,
            scope,
            rules,
            used,
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
}

/// Parses the rule list of a suppression: `a, b -- reason` → `[a, b]`.
fn parse_rules(text: &str) -> Vec<String> {
    let list = text.split("--").next().unwrap_or("");
    list.split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Finds suppression comments in a file. Cheap when there are none: one
/// substring search.
pub fn comment_suppressions(text: &str, index: &LineIndex) -> Vec<Suppression> {
    let mut out = Vec::new();
    let finder = memchr::memmem::Finder::new(COMMENT_MARKER);
    let mut next_code = None;
    for at in finder.find_iter(text.as_bytes()) {
        let line = index.line_of(at as u32);
        let line_span = index.line_span(text, line);
        let line_text = &text[line_span.range()];
        let rel = at - line_span.start as usize;
        // The marker must directly follow a `#` that starts a comment.
        let before = line_text[..rel].trim_end();
        let Some(hash) = before.strip_suffix('#').map(str::len) else {
            continue;
        };
        if hash > 0 && !line_text[..hash].ends_with([' ', '\t']) {
            continue;
        }
        let after = &line_text[rel + COMMENT_MARKER.len()..];
        let (file_wide, rest) = match after.strip_prefix("-file") {
            Some(rest) => (true, rest),
            None => (false, after),
        };
        let Some(rest) = rest.trim_start().strip_prefix(':') else {
            continue;
        };
        let rules = parse_rules(rest);
        if rules.is_empty() {
            continue;
        }
        let comment = Span::new(line_span.start + hash as u32, line_span.end);
        let scope = if file_wide {
            Scope::File
        } else if line_text[..hash].trim().is_empty() {
            Scope::Line(next_code_line(text, index, line, &mut next_code) as u32)
        } else {
            Scope::Line(line as u32)
        };
        out.push(Suppression::new(comment, scope, rules));
    }
    out
}

/// The first line after `line` that is not blank and not only a comment.
///
/// `cache` holds the last answer as `(from, to)`: every line in `from..=to`
/// has the same next code line, so a run of 100,000 suppression comments is
/// scanned once, not once per comment.
fn next_code_line(
    text: &str,
    index: &LineIndex,
    line: usize,
    cache: &mut Option<(usize, usize)>,
) -> usize {
    if let Some((from, to)) = *cache {
        if from <= line + 1 && line < to {
            return to;
        }
    }
    let next = scan_code_line(text, index, line);
    *cache = Some((line + 1, next));
    next
}

fn scan_code_line(text: &str, index: &LineIndex, line: usize) -> usize {
    let mut next = line + 1;
    while next < index.line_count() {
        let t = text[index.line_span(text, next).range()].trim_start();
        if !t.is_empty() && !t.starts_with('#') {
            break;
        }
        next += 1;
    }
    next
}

/// Suppressions from `kubelint/ignore` annotations on an object, its pod
/// templates and (with `kubelint/ignore.<name>`) its containers. `pods` are
/// the object's [`Object::pod_specs`].
pub fn annotation_suppressions(
    object: &Object<'_>,
    pods: &[PodSpec<'_>],
    out: &mut Vec<Suppression>,
) {
    let object_span = object.root.span();
    // (metadata, the range it covers, the pods whose containers it names):
    // the object's annotations cover all its pods, a pod template's its own.
    let mut scopes = vec![(object.metadata(), object_span, pods)];
    for (i, pod) in pods.iter().enumerate() {
        let template_span = pod
            .metadata
            .map_or(pod.spec.span(), |m| m.span().cover(pod.spec.span()));
        if object.kind != "Pod" {
            scopes.push((pod.metadata, template_span, &pods[i..=i]));
        }
    }
    for (metadata, scope, scope_pods) in scopes {
        let Some(annotations) = metadata.and_then(|m| m.get("annotations")) else {
            continue;
        };
        for (key, value) in annotations.entries() {
            let (Some(key_text), Some(value_text)) = (key.as_str(), value.as_str()) else {
                continue;
            };
            let range = if key_text == ANNOTATION {
                scope
            } else if let Some(container_name) = key_text
                .strip_prefix(ANNOTATION)
                .and_then(|r| r.strip_prefix('.'))
            {
                let containers: Vec<_> = scope_pods
                    .iter()
                    .flat_map(|p| p.containers())
                    .filter(|c| c.name() == Some(container_name))
                    .collect();
                if containers.is_empty() {
                    continue;
                }
                for c in &containers[1..] {
                    out.push(Suppression::new(
                        key.span().cover(value.span()),
                        Scope::Range(c.node.span()),
                        parse_rules(value_text),
                    ));
                }
                containers[0].node.span()
            } else {
                continue;
            };
            out.push(Suppression::new(
                key.span().cover(value.span()),
                Scope::Range(range),
                parse_rules(value_text),
            ));
        }
    }
}

/// Drops suppressed findings, marking the suppressions that matched.
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
    let mut ranges: Vec<(Span, usize)> = Vec::new();
    for (i, suppression) in suppressions.iter().enumerate() {
        match suppression.scope {
            Scope::File => file_wide.push(i),
            Scope::Line(line) => by_line.entry(line).or_default().push(i),
            Scope::Range(span) => ranges.push((span, i)),
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
        let line = index.line_of(start.min(text.len() as u32)) as u32;
        let mut suppressed = false;
        let lines = by_line.get(&line).map_or(&[][..], Vec::as_slice);
        for &i in file_wide.iter().chain(lines) {
            suppressed |= suppressions[i].mark(finding.rule);
        }
        let mut k = ranges.partition_point(|(span, _)| span.start <= start);
        while k > 0 && reach[k - 1] >= start {
            k -= 1;
            let (span, i) = ranges[k];
            if start <= span.end {
                suppressed |= suppressions[i].mark(finding.rule);
            }
        }
        !suppressed
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_comment_suppressions_and_their_lines() {
        let text = "a: 1 # kubelint-ignore: r1, r2 -- legacy\n# kubelint-ignore: r3\n\n# note\nb: 2\nc: \"# kubelint-ignore: nope\"\n# kubelint-ignore-file: r4\n";
        let index = LineIndex::new(text);
        let found = comment_suppressions(text, &index);
        let summary: Vec<_> = found
            .iter()
            .map(|s| (s.scope.clone(), s.rules.join(",")))
            .collect();
        assert_eq!(
            summary,
            vec![
                (Scope::Line(0), "r1,r2".to_owned()),
                (Scope::Line(4), "r3".to_owned()),
                (Scope::File, "r4".to_owned()),
            ]
        );
        assert_eq!(
            &text[found[0].span.range()],
            "# kubelint-ignore: r1, r2 -- legacy"
        );
    }

    #[test]
    fn range_suppressions_nest_and_do_not_leak() {
        let text = "0123456789abcdefghij";
        let index = LineIndex::new(text);
        let finding = |rule: &'static str, at: u32| Finding::new(rule, Span::at(at), "m");
        let mut suppressions = vec![
            Suppression::new(Span::at(0), Scope::Range(Span::new(0, 9)), vec!["a".into()]),
            Suppression::new(Span::at(2), Scope::Range(Span::new(2, 4)), vec!["b".into()]),
            Suppression::new(
                Span::at(10),
                Scope::Range(Span::new(10, 19)),
                vec!["c".into()],
            ),
            Suppression::new(
                Span::at(0),
                Scope::Range(Span::new(15, 16)),
                vec!["d".into()],
            ),
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
    fn many_suppressions_and_findings_cost_linear_time() {
        // A suppression per object and a run of suppression comments were
        // quadratic: 20,000 comment lines took 40 s in a debug build.
        let n = 100_000u32;
        let text: String = (0..n).map(|_| "# kubelint-ignore: r\n").collect();
        let index = LineIndex::new(&text);
        let started = std::time::Instant::now();
        let mut suppressions = comment_suppressions(&text, &index);
        assert_eq!(suppressions.len(), n as usize);
        // The comment run covers the line after it (past the end here).
        assert!(suppressions.iter().all(|s| s.scope == Scope::Line(n + 1)));
        suppressions.extend((0..n).map(|i| {
            Suppression::new(
                Span::at(i * 10),
                Scope::Range(Span::new(i * 10, i * 10 + 5)),
                vec!["x".into()],
            )
        }));
        let mut findings: Vec<Finding> = (0..n)
            .map(|i| Finding::new("x", Span::at(i * 10 + 3), "m"))
            .collect();
        apply(&mut findings, &mut suppressions, &text, &index);
        assert!(findings.is_empty());
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
    }
}
