#!/usr/bin/env bash
# The rule scaffold (scripts/new-rule.py) on a copy of the rules and their
# fixtures: it writes the rule file named after the id and its fixtures, and
# adds exactly one line, in order, to the family's list. (That the scaffolded
# rule compiles and its generated test runs was checked by hand; a compile
# here would cost a build of the library.)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git ls-files -z crates/kubelint/src/rules fixtures/rules | tar --null -T - -cf - | tar -xf - -C "$work"
scripts/new-rule.py network ingress-example-rule --check object --root "$work" >/dev/null
rules="$work/crates/kubelint/src/rules/network"
test -f "$rules/ingress_example_rule.rs"
grep -q 'id: "ingress-example-rule"' "$rules/ingress_example_rule.rs"
grep -q 'check: Check::Object(check)' "$rules/ingress_example_rule.rs"
test -f "$work/fixtures/rules/ingress-example-rule/fail.yaml"
test -f "$work/fixtures/rules/ingress-example-rule/pass.yaml"
added=$(diff crates/kubelint/src/rules/network/mod.rs "$rules/mod.rs" | grep -c '^>' || true)
[ "$added" = 1 ] || { echo "new-rule: expected one added line in network/mod.rs, got $added" >&2; exit 1; }
listed=$(sed -n '/family_rules!/,/);/p' "$rules/mod.rs" | grep -E '^    [a-z_]+,$')
[ "$listed" = "$(printf '%s\n' "$listed" | LC_ALL=C sort)" ] || { echo "new-rule: family list not sorted" >&2; exit 1; }
# Refusals: an existing id, an unknown family, an id that is not kebab case.
refuses() {
  if scripts/new-rule.py "$@" --root "$work" 2>/dev/null; then
    echo "new-rule: accepted $*" >&2
    exit 1
  fi
}
refuses network ingress-example-rule
refuses no_such_family some-rule
refuses network Not_Kebab
echo "new-rule scaffold: ok"
