#!/usr/bin/env bash
# End-to-end test of the pre-commit hooks in .pre-commit-hooks.yaml with the
# real pre-commit (installed into .tools/ by scripts/install-pre-commit.sh):
# on a temporary git repository, `git commit` is refused for a bad manifest
# (YAML or JSON), goes through once it is fixed, and the hook does not run
# for a commit without YAML or JSON files.
#
# The hook repository is a snapshot of this working tree, committed, because
# pre-commit clones a repository at a `rev`. The build-from-source hook runs
# `cargo install --path .` there, offline (CARGO_NET_OFFLINE: crates come from
# the local registry cache). To keep the suite short, that build goes to
# target/pre-commit-hook (kept between runs) with a quick release profile
# (CARGO_PROFILE_RELEASE_*: no LTO, no optimisation): what is tested is that
# pre-commit can install and run the hook, not the optimised binary.
#
# Usage: scripts/test-pre-commit.sh
#   KUBELINT_BIN  the binary the `kubelint-system` hook finds on PATH
#                 (default: target/debug/kubelint).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
die() { echo "test-pre-commit: error: $*" >&2; exit 1; }
step() { echo "test-pre-commit: $*"; }

bin=${KUBELINT_BIN:-target/debug/kubelint}
[ -x "$bin" ] || die "kubelint binary not found: $bin (run 'cargo build' or set KUBELINT_BIN)"
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

scripts/install-pre-commit.sh
pre_commit="$root/.tools/bin/pre-commit"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# Isolated from the user's pre-commit cache and git configuration.
export PRE_COMMIT_HOME="$scratch/pre-commit-home"
export GIT_CONFIG_GLOBAL="$scratch/gitconfig" GIT_CONFIG_NOSYSTEM=1
git config --global user.name "kubelint test"
git config --global user.email "test@kubelint.invalid"
git config --global init.defaultBranch main
export CARGO_NET_OFFLINE=true CARGO_TARGET_DIR="$root/target/pre-commit-hook"
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_OPT_LEVEL=0 \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 CARGO_PROFILE_RELEASE_INCREMENTAL=true

# The hook repository: tracked and new files of the working tree, as they are.
hooks="$scratch/hook-repo"
mkdir "$hooks"
git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do
    if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
  done |
  tar --null -T - -cf - | tar -C "$hooks" -xf -
git -C "$hooks" init -q
git -C "$hooks" add -A
git -C "$hooks" commit -qm snapshot
rev=$(git -C "$hooks" rev-parse HEAD)

project="$scratch/project"
mkdir "$project"
cd "$project"
git init -q
cat >.pre-commit-config.yaml <<YAML
repos:
- repo: $hooks
  rev: $rev
  hooks:
  - id: kubelint
YAML
git add .pre-commit-config.yaml
git commit -qm "pre-commit configuration" --no-verify
"$pre_commit" install >/dev/null

step "installing the build-from-source hook (cargo install --path . in the hook repository)"
started=$(date +%s)
"$pre_commit" install-hooks >"$scratch/install.log" 2>&1 || {
  cat "$scratch/install.log" "$PRE_COMMIT_HOME/pre-commit.log" 2>/dev/null >&2
  die "pre-commit install-hooks failed"
}
step "installed in $(($(date +%s) - started))s"
installed=$(find "$PRE_COMMIT_HOME" -path '*/rustenv-*/bin/kubelint' -type f | head -n 1)
[ -n "$installed" ] || die "no kubelint in pre-commit's rust environment"
"$installed" --version | grep -qx "kubelint $("$bin" --version | cut -d' ' -f2)" ||
  die "the installed hook is not this version: $("$installed" --version)"

# Commits with `git commit`, which runs the hook; $1 is the expected result.
commit() {
  local expect=$1 message=$2 status=0
  git commit -qm "$message" >"$scratch/commit.log" 2>&1 || status=$?
  if { [ "$expect" = pass ] && [ $status -ne 0 ]; } || { [ "$expect" = fail ] && [ $status -eq 0 ]; }; then
    cat "$scratch/commit.log" >&2
    die "commit '$message': expected the hook to $expect (git commit exited $status)"
  fi
}
expect_log() {
  grep -qF -- "$1" "$scratch/commit.log" || {
    cat "$scratch/commit.log" >&2
    die "expected '$1' in the hook's output"
  }
}

mkdir k8s
clean="$root/tests/pre-commit/clean.yaml"
sed 's/privileged: false/privileged: true/' "$clean" >k8s/pod.yaml
git add k8s/pod.yaml
commit fail "a privileged pod"
expect_log "k8s/pod.yaml:20:19: error[privileged-container]"
step "a privileged pod (YAML) is refused"

cp "$clean" k8s/pod.yaml
git add k8s/pod.yaml
commit pass "the pod, fixed"
expect_log "kubelint"
expect_log "Passed"
step "the fixed pod is committed"

# Not YAML or JSON: the hook does not run, whatever the file holds.
sed 's/privileged: false/privileged: true/' "$clean" >k8s/pod.yaml.txt
git add k8s/pod.yaml.txt
commit pass "a text file"
expect_log "(no files to check)Skipped"
step "a commit without YAML or JSON files skips the hook"

# JSON manifests are linted too.
printf '%s\n' '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j", "namespace": "shop", "labels": {"app": "web"}},' \
  ' "spec": {"hostNetwork": true, "containers": []}}' >k8s/pod.json
git add k8s/pod.json
commit fail "a JSON pod on the host network"
expect_log "k8s/pod.json:2:26: error[host-namespaces]"
step "a JSON manifest is linted"
git rm -q --cached k8s/pod.json
rm k8s/pod.json

# The `language: system` hook runs the kubelint on PATH.
cat >.pre-commit-config.yaml <<YAML
repos:
- repo: $hooks
  rev: $rev
  hooks:
  - id: kubelint-system
YAML
cp k8s/pod.yaml.txt k8s/pod.yaml
git add .pre-commit-config.yaml k8s/pod.yaml
status=0
PATH="$(dirname "$bin"):$PATH" "$pre_commit" run >"$scratch/commit.log" 2>&1 || status=$?
[ $status -ne 0 ] || { cat "$scratch/commit.log" >&2; die "kubelint-system passed a privileged pod"; }
expect_log "k8s/pod.yaml:20:19: error[privileged-container]"
cp "$clean" k8s/pod.yaml
git add k8s/pod.yaml
PATH="$(dirname "$bin"):$PATH" "$pre_commit" run >"$scratch/commit.log" 2>&1 ||
  { cat "$scratch/commit.log" >&2; die "kubelint-system refused the fixed pod"; }
step "the kubelint-system hook refuses and then passes"

echo "test-pre-commit: all checks passed"
