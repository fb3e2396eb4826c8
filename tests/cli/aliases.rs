//! Values shared through anchors are judged where they take effect: each
//! user of an anchored value gets its own finding at its own alias (the
//! anchored value as a secondary label), suppressing one user does not
//! silence the others, and fixes never edit text that other users share.

use crate::support::{json, kubelint, TempDir};

const SHARED: &str = "\
apiVersion: v1
kind: Pod
metadata: {name: shared}
spec:
  containers:
  - name: a
    image: nginx:1.27
    securityContext: &sc
      privileged: true # kubelint-ignore: privileged-container -- a is reviewed
  - name: b
    image: nginx:1.27
    securityContext: *sc
  - name: c
    image: nginx:1.27
    securityContext:
      <<: *sc
      runAsNonRoot: true
";

/// A privileged finding: line, column, its labels' line:column, has a fix.
type Privileged = (u32, u32, Vec<(u32, u32)>, bool);

fn privileged(report: &kubelint::JsonReport) -> Vec<Privileged> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "privileged-container")
        .map(|d| {
            (
                d.start.line,
                d.start.column,
                d.labels
                    .iter()
                    .map(|l| (l.start.line, l.start.column))
                    .collect(),
                d.fix.is_some(),
            )
        })
        .collect()
}

#[test]
fn each_user_of_an_anchor_is_reported_at_its_alias_without_a_fix() {
    let dir = TempDir::new("aliases");
    dir.write("pod.yaml", SHARED);
    let run = kubelint(dir.path(), &["check", "pod.yaml", "--format", "json"], None);
    let report = json(&run);
    // `a` is suppressed on its own line; `b` and `c` are reported at their
    // aliases, with the anchored value (9:19) as a label, and no fix:
    // editing the anchored text would change every user.
    assert_eq!(
        privileged(&report),
        [
            (12, 22, vec![(9, 19)], false),
            (16, 11, vec![(9, 19)], false)
        ],
        "{}",
        run.stdout
    );
}

#[test]
fn fixes_leave_shared_text_alone_and_say_what_is_left() {
    let dir = TempDir::new("aliases-fix");
    let text = SHARED.replace(
        " # kubelint-ignore: privileged-container -- a is reviewed",
        "",
    );
    let path = dir.write("pod.yaml", &text);
    let run = kubelint(
        dir.path(),
        &["check", "--unsafe-fixes", "pod.yaml", "--format", "json"],
        None,
    );
    // Other fixes apply; the anchored value and its aliases stay as written.
    let fixed = std::fs::read_to_string(&path).unwrap();
    for shared in [
        "    securityContext: &sc\n      privileged: true\n",
        "    securityContext: *sc\n",
        "      <<: *sc\n",
    ] {
        assert!(fixed.contains(shared), "{shared:?} changed:\n{fixed}");
    }
    let report = json(&run);
    assert_eq!(privileged(&report).len(), 3, "{}", run.stdout);
}

#[test]
fn a_merge_after_the_fixed_key_is_not_reported_as_fixed() {
    // The finding is about the value Kubernetes applies: the one the inline
    // merge brings in. Fixing it fixes the container; the overridden key
    // before it is irrelevant.
    let dir = TempDir::new("merge-fix");
    let path = dir.write(
        "pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: m}\nspec:\n  containers:\n  - name: a\n    image: nginx:1.27\n    securityContext:\n      privileged: false\n      <<: {privileged: true}\n",
    );
    let run = kubelint(
        dir.path(),
        &["check", "--unsafe-fixes", "pod.yaml", "--format", "json"],
        None,
    );
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(fixed.contains("      <<: {privileged: false}\n"), "{fixed}");
    assert!(privileged(&json(&run)).is_empty(), "{}", run.stdout);
}
