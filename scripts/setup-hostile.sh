#!/usr/bin/env bash
# What the hostile-input suite (tests/hostile/) needs beyond Rust: strace, for
# the test that kubelint makes no network calls and runs no programs.
# Idempotent and quiet when everything is there; installs with apt-get
# (root, as on CI) otherwise.
#
# Usage: scripts/setup-hostile.sh
set -euo pipefail

if command -v strace >/dev/null 2>&1; then
  exit 0
fi
"$(dirname "$0")/apt-install.sh" setup-hostile strace
command -v strace >/dev/null 2>&1 || {
  echo "setup-hostile: error: strace still not found after apt-get install" >&2
  exit 1
}
