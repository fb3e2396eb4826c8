#!/usr/bin/env bash
# Runs the shell steps of the composite GitHub Action (action.yml) the way
# the runner does — inputs in `env:`, GITHUB_OUTPUT and GITHUB_PATH files —
# on the example manifests, with `version: path` (the kubelint under test on
# PATH). The `uses:` steps (cache, SARIF upload) need GitHub and are skipped.
#
# Usage: scripts/test-action.sh
#   KUBELINT_BIN  the binary (default: target/debug/kubelint).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bin=${KUBELINT_BIN:-target/debug/kubelint}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
# PyYAML comes with the project's pre-commit environment.
scripts/install-pre-commit.sh
python="$root/.tools/pre-commit-4.7.0/bin/python"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/bin"
ln -s "$bin" "$scratch/bin/kubelint"
PATH="$scratch/bin:$PATH" "$python" - "$root" "$scratch" <<'PY'
import json, os, re, subprocess, sys, yaml

root, scratch = sys.argv[1], sys.argv[2]
action = yaml.safe_load(open(os.path.join(root, "action.yml")))
defaults = {name: spec.get("default", "") for name, spec in action["inputs"].items()}

def run_action(inputs):
    inputs = {**defaults, **inputs}
    outputs = {}
    context = {"github.action_path": root, "runner.temp": scratch}
    def expand(value):
        def one(m):
            expr = m.group(1).strip()
            if expr.startswith("inputs."):
                return inputs[expr[len("inputs."):]]
            if expr.startswith("steps.check.outputs."):
                return outputs.get(expr.rsplit(".", 1)[1], "")
            return context[expr]
        return re.sub(r"\$\{\{(.*?)\}\}", one, str(value))
    for step in action["runs"]["steps"]:
        if "run" not in step:
            continue
        assert "if" not in step, f"{step['name']}: conditions of run steps are not simulated"
        assert re.search(r"\$\{\{", step["run"]) is None, f"{step['name']}: expressions in the script"
        out_file = os.path.join(scratch, "output")
        open(out_file, "w").close()
        env = {**os.environ, "GITHUB_OUTPUT": out_file, "GITHUB_PATH": os.path.join(scratch, "path")}
        env.update({k: expand(v) for k, v in step.get("env", {}).items()})
        proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=root, env=env,
                              capture_output=True, text=True)
        for line in open(out_file):
            key, _, value = line.strip().partition("=")
            outputs[key] = value
        yield step["name"], proc

sarif = os.path.join(scratch, "out.sarif")
steps = dict(run_action({"version": "path", "paths": "examples", "sarif-file": sarif}))
check = steps["kubelint check"]
assert check.returncode == 0, check.stderr
assert "::error file=examples/shop/" in check.stdout, check.stdout
assert "kubelint exited 1" in check.stdout, check.stdout
report = json.load(open(sarif))
assert report["runs"][0]["results"], "no results in the SARIF report"
assert steps["Result"].returncode == 1, "findings must fail the step"

steps = dict(run_action({"version": "path", "paths": "examples", "sarif-file": sarif,
                         "fail-on-findings": "false", "args": "--disable run-as-root"}))
assert steps["Result"].returncode == 0, steps["Result"].stderr
assert "run-as-root" not in steps["kubelint check"].stdout

steps = dict(run_action({"version": "path", "paths": "no/such/dir", "sarif-file": sarif,
                         "fail-on-findings": "false"}))
assert steps["Result"].returncode == 2, "unreadable input fails even with fail-on-findings: false"
print("test-action: the action's steps annotate, write SARIF and exit as documented")
PY
