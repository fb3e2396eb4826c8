//! The `equivalents` of every rule name real checks: each id is in the
//! anchors catalog (`tests/data/peer-check-ids.txt`, extracted from
//! `../shared/docs/anchors.md` §F, §C and §B.2) under the tool it is
//! claimed for, no check out of scope is claimed, and no check is claimed
//! `same` by two rules (it can decide what only one of them decides).

use kubelint::rules::{all, by_id, Tool};
use std::collections::{BTreeMap, BTreeSet};

const CATALOG: &str = include_str!("data/peer-check-ids.txt");

/// The catalog's name for a tool (first column of the ids file).
fn catalog_name(tool: Tool) -> &'static str {
    match tool {
        Tool::KubeLinter => "kube-linter",
        Tool::KubeScore => "kube-score",
        Tool::Polaris => "polaris",
        Tool::Checkov => "checkov",
        Tool::Trivy => "trivy",
        Tool::Kubesec => "kubesec",
        Tool::Pss => "pss",
        Tool::Cis => "cis",
        // A tool added later has no ids in the catalog until it is refreshed:
        // every id claimed for it fails the test below.
        _ => "not-in-the-catalog",
    }
}

/// `(tool, id)` → the third column: `out-of-scope:why`, `note:what`, or
/// empty.
fn catalog() -> BTreeMap<(&'static str, &'static str), &'static str> {
    CATALOG
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let mut cells = line.split_whitespace();
            let tool = cells.next().unwrap_or_default();
            let id = cells.next().unwrap_or_default();
            ((tool, id), cells.next().unwrap_or_default())
        })
        .collect()
}

#[test]
fn the_catalog_lists_every_tool_and_known_counts() {
    let catalog = catalog();
    let count = |tool: &str| catalog.keys().filter(|(t, _)| *t == tool).count();
    // The counts §F states (Trivy: 79 KSV, 45 KCV from manifests and the 45
    // nodeinfo KCV-0048..0092 its prose names).
    assert_eq!(count("kube-linter"), 63);
    assert_eq!(count("kube-score"), 39);
    assert_eq!(count("polaris"), 44);
    assert_eq!(count("kubesec"), 30);
    assert_eq!(count("checkov"), 119);
    assert_eq!(count("trivy"), 169);
    assert_eq!(count("pss"), 19);
    for tool in Tool::ALL {
        assert!(
            count(catalog_name(*tool)) > 0,
            "{} missing from the catalog",
            tool.name()
        );
    }
}

#[test]
fn every_equivalent_names_a_check_of_its_tool_in_scope() {
    let catalog = catalog();
    let mut wrong = Vec::new();
    for rule in all() {
        for equivalent in rule.equivalents {
            let tool = catalog_name(equivalent.tool);
            match catalog.get(&(tool, equivalent.id)) {
                None => {
                    let owners: Vec<&str> = catalog
                        .keys()
                        .filter(|(_, id)| *id == equivalent.id)
                        .map(|(t, _)| *t)
                        .collect();
                    wrong.push(format!(
                        "{}: {tool} has no check `{}`{}",
                        rule.id,
                        equivalent.id,
                        if owners.is_empty() {
                            String::new()
                        } else {
                            format!(" (it is {owners:?}'s)")
                        }
                    ));
                }
                Some(scope) if scope.starts_with("out-of-scope") => wrong.push(format!(
                    "{}: {tool} `{}` is {scope}",
                    rule.id, equivalent.id
                )),
                Some(_) => {}
            }
        }
    }
    assert!(wrong.is_empty(), "wrong equivalents:\n{}", wrong.join("\n"));
}

#[test]
fn no_check_is_the_same_as_two_rules_or_claimed_twice_by_one() {
    let mut same_as: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for rule in all() {
        let mut seen = BTreeSet::new();
        for equivalent in rule.equivalents {
            let key = (catalog_name(equivalent.tool), equivalent.id);
            assert!(seen.insert(key), "{} lists {key:?} twice", rule.id);
            if equivalent.same {
                same_as.entry(key).or_default().push(rule.id);
            }
        }
    }
    let twice: Vec<String> = same_as
        .iter()
        .filter(|(_, rules)| rules.len() > 1)
        .map(|(check, rules)| format!("{check:?} is `same` for {rules:?}"))
        .collect();
    assert!(
        twice.is_empty(),
        "a check decides what one rule decides; mark the others `inspired`:\n{}",
        twice.join("\n")
    );
}

#[test]
fn the_mappings_found_wrong_stay_fixed() {
    let claims = |rule: &str, tool: Tool, id: &str| {
        by_id(rule)
            .unwrap_or_else(|| panic!("no rule {rule}"))
            .equivalents
            .iter()
            .find(|e| e.tool == tool && e.id == id)
            .map(|e| e.same)
    };
    // KSV-0050 is write access to roles and rolebindings, not bind/escalate.
    assert_eq!(claims("rbac-bind-escalate", Tool::Trivy, "KSV-0050"), None);
    // CKV_K8S_41 judges the `default` ServiceAccount object, not pods.
    assert_eq!(
        claims("default-service-account", Tool::Checkov, "CKV_K8S_41"),
        None
    );
    // CIS 1.2.3 is an API server admission plugin flag.
    assert_eq!(claims("service-external-ips", Tool::Cis, "1.2.3"), None);
    // KSV-0104 fails a missing seccomp profile too; KSV-0106 a missing drop ALL.
    assert_eq!(
        claims("seccomp-profile-missing", Tool::Trivy, "KSV-0104"),
        Some(false)
    );
    assert_eq!(
        claims("capabilities-not-dropped", Tool::Trivy, "KSV-0106"),
        Some(false)
    );
    // Checkov's graph checks report on bindings, the rules on roles.
    assert_eq!(
        claims("rbac-impersonate", Tool::Checkov, "CKV2_K8S_3"),
        Some(false)
    );
    assert_eq!(
        claims("rbac-secrets-access", Tool::Checkov, "CKV2_K8S_5"),
        Some(false)
    );
    // CKV_K8S_156 fails a ClusterRole only when it also grants `approve` on
    // signers; the rule reports the approval grant alone too (CIS 5.1.11).
    assert_eq!(
        claims("rbac-csr-approve", Tool::Checkov, "CKV_K8S_156"),
        Some(false)
    );
}

/// Checks of a peer that no rule claims, each with the reason
/// (`tests/data/peer-gaps.txt`: tool, id, reason).
const GAPS: &str = include_str!("data/peer-gaps.txt");

fn gaps() -> BTreeMap<(&'static str, &'static str), &'static str> {
    GAPS.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let mut cells = line.splitn(3, char::is_whitespace);
            let tool = cells.next().unwrap_or_default();
            let id = cells.next().unwrap_or_default();
            ((tool, id), cells.next().unwrap_or_default().trim())
        })
        .collect()
}

/// `(tool, id)` → the rules that claim it, `same` first.
fn claims() -> BTreeMap<(&'static str, &'static str), Vec<(&'static str, bool)>> {
    let mut claims: BTreeMap<_, Vec<_>> = BTreeMap::new();
    for rule in all() {
        for equivalent in rule.equivalents {
            claims
                .entry((catalog_name(equivalent.tool), equivalent.id))
                .or_default()
                .push((rule.id, equivalent.same));
        }
    }
    for rules in claims.values_mut() {
        rules.sort_by_key(|(id, same)| (!same, *id));
    }
    claims
}

#[test]
fn every_check_in_scope_has_a_rule_or_a_stated_reason() {
    let (catalog, gaps, claims) = (catalog(), gaps(), claims());
    let mut wrong = Vec::new();
    for (key, scope) in &catalog {
        let claimed = claims.contains_key(key);
        let in_scope = !scope.starts_with("out-of-scope") && !scope.starts_with("note:nodeinfo");
        match (claimed, gaps.get(key)) {
            (false, None) if in_scope => wrong.push(format!("{key:?}: no rule and no reason")),
            (true, Some(_)) => wrong.push(format!("{key:?}: claimed, remove it from the gaps")),
            (_, Some(&"")) => wrong.push(format!("{key:?}: empty reason")),
            _ => {}
        }
    }
    for key in gaps.keys() {
        if !catalog.contains_key(key) {
            wrong.push(format!("{key:?}: a gap that is not in the catalog"));
        }
    }
    assert!(
        wrong.is_empty(),
        "tests/data/peer-gaps.txt:\n{}",
        wrong.join("\n")
    );
}

/// `docs/peer-coverage.md`: for each tool, which rule decides each of its
/// checks, and why the others have none. Regenerated with
/// `KUBELINT_UPDATE_DOCS=1`.
fn coverage_page() -> String {
    let (catalog, gaps, claims) = (catalog(), gaps(), claims());
    let mut summary = String::new();
    let mut sections = String::new();
    for tool in Tool::ALL {
        let name = catalog_name(*tool);
        let checks: Vec<(&str, &str)> = catalog
            .iter()
            .filter(|((t, _), _)| *t == name)
            .map(|((_, id), scope)| (*id, *scope))
            .collect();
        let in_scope: Vec<&str> = checks
            .iter()
            .filter(|(_, scope)| !scope.starts_with("out-of-scope"))
            .filter(|(id, scope)| {
                !scope.starts_with("note:nodeinfo") || claims.contains_key(&(name, *id))
            })
            .map(|(id, _)| *id)
            .collect();
        let covered = in_scope
            .iter()
            .filter(|id| claims.contains_key(&(name, **id)))
            .count();
        summary += &format!(
            "| {} | {} | {covered} | {:.0} % |\n",
            tool.name(),
            in_scope.len(),
            100.0 * covered as f64 / in_scope.len().max(1) as f64
        );
        sections += &format!(
            "\n## {}\n\n| Check | kubelint rule |\n|---|---|\n",
            tool.name()
        );
        for id in &in_scope {
            let cell = match claims.get(&(name, *id)) {
                Some(rules) => rules
                    .iter()
                    .map(|(rule, same)| {
                        let how = if *same { "" } else { " (overlaps)" };
                        format!("[`{rule}`](rules/{rule}.md){how}")
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                None => format!("none: {}", gaps.get(&(name, *id)).copied().unwrap_or("?")),
            };
            sections += &format!("| `{id}` | {cell} |\n");
        }
        let out: Vec<String> = checks
            .iter()
            .filter(|(_, scope)| scope.starts_with("out-of-scope"))
            .map(|(id, scope)| format!("`{id}` ({})", scope.trim_start_matches("out-of-scope:")))
            .collect();
        if !out.is_empty() {
            sections += &format!("\nOut of scope: {}.\n", out.join(", "));
        }
    }
    format!(
        "# Peer coverage\n\n\
         Generated from each rule's `equivalents` and `crates/kubelint/tests/data/peer-gaps.txt` \
         by `KUBELINT_UPDATE_DOCS=1 cargo test -p kubelint --test peer_equivalents`; do not edit.\n\n\
         For a team moving from another tool: which kubelint rule decides each of its checks. \
         \"(overlaps)\" marks a rule that decides part of the check, or more. Checks of a removed \
         API (PodSecurityPolicy, removed admission plugins), deprecated checks and checks that need \
         a live node's files are out of scope. Many rules are off by default: enable them by name or \
         with a profile (`kubelint rules` lists them).\n\n\
         | Tool | Checks in scope | With a kubelint rule | Share |\n|---|---|---|---|\n{summary}{sections}"
    )
}

#[test]
fn the_peer_coverage_page_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/peer-coverage.md");
    let expected = coverage_page();
    if std::env::var_os("KUBELINT_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).expect("write docs/peer-coverage.md");
    }
    assert!(
        std::fs::read_to_string(&path).ok().as_deref() == Some(expected.as_str()),
        "docs/peer-coverage.md is stale: run `KUBELINT_UPDATE_DOCS=1 cargo test -p kubelint --test peer_equivalents`"
    );
}
