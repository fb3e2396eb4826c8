use crate::diagnostic::Severity;
use crate::rules::{declare_rule, Check, Findings, ObjectCtx, Practice, Tool};

declare_rule! {
    /// ## What it flags
    /// A mapping of an object — at any depth, in sequences too — whose
    /// keys are not in alphabetical order (byte order, so `Z` sorts before
    /// `a`). One finding per mapping, at its first key that sorts before
    /// the key written above it. Keys that are not strings and the merge
    /// key `<<` are left out of the comparison; a mapping reached through
    /// an alias is judged where its anchor is written, once.
    ///
    /// kube-linter's `sorted-keys` (recursive by default) flags the same
    /// mappings, once each.
    ///
    /// ## Why it matters
    /// A style rule: with one order, two manifests of the same object diff
    /// cleanly and a reviewer finds a field where they expect it. It decides
    /// nothing about how Kubernetes runs the object, and is off by default.
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   namespace: shop
    ///   name: settings
    /// data: {color: blue}
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// data: {color: blue}
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    ///   namespace: shop
    /// ```
    ///
    /// ## How to fix
    /// Reorder the keys; a formatter with sorted output (`yq -P 'sort_keys(..)'`)
    /// does it for a whole file, but drops comments' places.
    pub static RULE = Rule {
        id: "yaml-sorted-keys",
        severity: Severity::Info,
        default_enabled: false,
        summary: "Mapping keys are not in alphabetical order",
        practice: Practice::ValidInput,
        equivalents: &[Tool::KubeLinter.same("sorted-keys")],
        fix: None,
        check: Check::Object(check),
    };
}

fn check(ctx: &ObjectCtx<'_>, findings: &mut Findings<'_>) {
    // An explicit stack: nesting depth is bounded by the parser's limits,
    // but recursion would still cost a frame per level.
    let mut stack = vec![ctx.object.root];
    while let Some(node) = stack.pop() {
        // An alias is judged where its anchor is written.
        if node.is_alias() {
            continue;
        }
        if node.is_sequence() {
            stack.extend(node.items());
            continue;
        }
        if !node.is_mapping() {
            continue;
        }
        let entries: Vec<_> = node.raw_entries().collect();
        let mut previous: Option<&str> = None;
        let mut reported = false;
        for &(key, _) in &entries {
            let Some(text) = key.text().filter(|k| *k != "<<") else {
                continue;
            };
            if let Some(before) = previous {
                if !reported && text < before {
                    findings
                        .report(
                            key.span(),
                            format!("key `{text}` comes after `{before}`: this mapping's keys are not in alphabetical order"),
                        )
                        .help(format!("move `{text}` above `{before}`"));
                    reported = true;
                }
            }
            previous = Some(text);
        }
        // Children are pushed in reverse so findings come in file order.
        stack.extend(entries.iter().rev().map(|&(_, value)| value));
    }
}
