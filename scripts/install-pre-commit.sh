#!/usr/bin/env bash
# Install a pinned pre-commit (https://pre-commit.com, from PyPI) into
# .tools/ (project-local, gitignored) for the pre-commit hook's end-to-end
# test (scripts/test-pre-commit.sh). Needs only python3 with venv and pip.
#
# Usage: scripts/install-pre-commit.sh [-v]
#   Idempotent. Silent on success unless -v. Result: .tools/bin/pre-commit
set -euo pipefail

VERSION=4.7.0
# pre-commit and everything it depends on, at exact versions, so every
# machine runs the same tool.
REQUIREMENTS="pre_commit==$VERSION
cfgv==3.5.0
distlib==0.4.4
filelock==4.3.1
identify==2.6.20
nodeenv==1.12.0
packaging==26.4
platformdirs==4.14.8
python-discovery==1.9.6
PyYAML==6.0.4
virtualenv==21.15.11"

verbose=0
case "${1:-}" in
  -v) verbose=1 ;;
  "") ;;
  *) echo "usage: $0 [-v]" >&2; exit 2 ;;
esac
log() { if [ "$verbose" = 1 ]; then echo "install-pre-commit: $*"; fi; }
die() { echo "install-pre-commit: error: $*" >&2; exit 1; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools="$root/.tools"
dest="$tools/pre-commit-$VERSION"
link="$tools/bin/pre-commit"
target="../pre-commit-$VERSION/bin/pre-commit"

if [ "$(readlink "$link" 2>/dev/null || true)" = "$target" ] &&
  "$link" --version 2>/dev/null | grep -qx "pre-commit $VERSION"; then
  log "already installed: $link"
  exit 0
fi

python=${PYTHON:-python3}
command -v "$python" >/dev/null 2>&1 || die "$python not found (set PYTHON=...)"

mkdir -p "$tools/bin"
# A venv cannot be moved (it records its path), so it is built in place; the
# link is made only once it works, and a failed install is removed.
rm -rf "$dest"
trap 'rm -rf "$dest"' EXIT
"$python" -m venv "$dest" || die "'$python -m venv' failed (Debian: apt-get install python3-venv)"
quiet=-q
[ "$verbose" = 1 ] && quiet=
log "installing pre-commit $VERSION into $dest"
printf '%s\n' "$REQUIREMENTS" >"$dest/requirements.txt"
PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1 \
  "$dest/bin/python" -m pip install $quiet --no-deps -r "$dest/requirements.txt" ||
  die "pip install of pre-commit $VERSION failed"
"$dest/bin/pre-commit" --version >/dev/null 2>&1 || die "installed pre-commit does not run"
trap - EXIT
ln -sfn "$target" "$link"
log "installed $("$link" --version) at $link"
