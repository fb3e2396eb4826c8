#!/usr/bin/env python3
"""Scaffold a rule: `scripts/new-rule.py FAMILY RULE-ID [--check pod|object]`.

Writes the rule file `crates/kubelint/src/rules/<family>/<rule_id>.rs`
(named after the id, as the compiler checks), its fixtures
`fixtures/rules/<rule-id>/fail.yaml` and `pass.yaml`, and adds the module to
the family's `family_rules!` list — the one line outside the new files. The
generated test (`cargo test -p kubelint <rule_id>`) fails until the docs'
examples, the fixtures and the check agree; CONTRIBUTING.md says what comes
next. `--root DIR` writes into another checkout (the scaffold's own test).
"""
import argparse
import pathlib
import re
import sys

TEMPLATE = '''use crate::diagnostic::Severity;
use crate::rules::{{declare_rule, Check, Findings, {ctx}, Practice, Tool}};

declare_rule! {{
    /// ## What it flags
    /// What the rule reports, and where the finding points (the offending
    /// value or key; for something missing, the container or object that
    /// should hold it).
    ///
    /// ## Why it matters
    /// The attack or failure it prevents, with its source (a CIS item, a
    /// Kubernetes document, a CVE).
    ///
    /// ## Example
    /// ```yaml fail
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {{name: web}}
    /// spec:
    ///   containers:
    ///   - name: web
    ///     image: registry.example.com/web:1.0.0
    /// ```
    ///
    /// Use instead:
    /// ```yaml pass
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {{name: web}}
    /// spec:
    ///   containers:
    ///   - name: web
    ///     image: registry.example.com/web:1.0.0
    /// ```
    ///
    /// ## How to fix
    /// What to write instead.
    pub static RULE = Rule {{
        id: "{id}",
        severity: Severity::Warning,
        default_enabled: true,
        summary: "One line: what the rule flags",
        practice: Practice::SecurityPolicies,
        equivalents: &[
            // Tool::KubeLinter.same("peer-id") or .inspired(..): see anchors.md
        ],
        fix: None,
        check: Check::{variant}(check),
    }};
}}

fn check(ctx: &{ctx}<'_>, findings: &mut Findings<'_>) {{
{body}}}
'''

POD_BODY = '''    for container in ctx.pod.containers() {
        let _ = (&container, &findings);
    }
'''
OBJECT_BODY = '''    let _ = (ctx.object, &findings);
'''

FIXTURE = '''# {what} for `{id}`.
apiVersion: v1
kind: Pod
metadata: {{name: web}}
spec:
  containers:
  - name: web
    image: registry.example.com/web:1.0.0
'''


def add_to_family(mod_rs: pathlib.Path, module: str) -> None:
    text = mod_rs.read_text()
    match = re.search(r"family_rules!\((\w+):\n((?:    \w+,\n)+)\);", text)
    if not match:
        sys.exit(f"{mod_rs}: no family_rules! list found")
    modules = re.findall(r"    (\w+),\n", match.group(2))
    if module in modules:
        sys.exit(f"{module} is already listed in {mod_rs}")
    listed = "".join(f"    {m},\n" for m in sorted(modules + [module]))
    mod_rs.write_text(text[: match.start(2)] + listed + text[match.end(2) :])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("family", help="family folder under crates/kubelint/src/rules (e.g. pod_security)")
    parser.add_argument("id", help="rule id in kebab case (e.g. host-pid)")
    parser.add_argument("--check", choices=["pod", "object"], default="pod",
                        help="pod: sees every pod spec of every object; object: one object at a time")
    parser.add_argument("--root", default=str(pathlib.Path(__file__).resolve().parent.parent))
    args = parser.parse_args()

    if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", args.id):
        sys.exit(f"`{args.id}` is not a kebab-case rule id")
    root = pathlib.Path(args.root)
    family_dir = root / "crates/kubelint/src/rules" / args.family
    if not (family_dir / "mod.rs").is_file():
        families = sorted(p.parent.name for p in (root / "crates/kubelint/src/rules").glob("*/mod.rs"))
        sys.exit(f"no family `{args.family}`; families: {', '.join(families)}")
    module = args.id.replace("-", "_")
    rule_file = family_dir / f"{module}.rs"
    fixtures = root / "fixtures/rules" / args.id
    if rule_file.exists() or fixtures.exists():
        sys.exit(f"{args.id} exists already")

    ctx, variant, body = ("PodCtx", "Pod", POD_BODY) if args.check == "pod" else ("ObjectCtx", "Object", OBJECT_BODY)
    rule_file.write_text(TEMPLATE.format(id=args.id, ctx=ctx, variant=variant, body=body))
    add_to_family(family_dir / "mod.rs", module)
    fixtures.mkdir(parents=True)
    (fixtures / "fail.yaml").write_text(FIXTURE.format(what="A manifest the rule must flag", id=args.id))
    (fixtures / "pass.yaml").write_text(FIXTURE.format(what="Look-alikes the rule must leave alone", id=args.id))
    print(f"wrote {rule_file.relative_to(root)}, fixtures/rules/{args.id}/{{fail,pass}}.yaml;"
          f" listed {module} in {(family_dir / 'mod.rs').relative_to(root)}")
    print(f"next: write the check and the docs, then `cargo test -p kubelint {module}` (CONTRIBUTING.md)")


if __name__ == "__main__":
    main()
