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
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-hostile: error: strace is missing and apt-get is not available; install strace" >&2
  exit 1
fi
sudo=
if [ "$(id -u)" != 0 ]; then
  sudo=sudo
fi
echo "setup-hostile: installing strace" >&2
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq strace >/dev/null
command -v strace >/dev/null 2>&1 || {
  echo "setup-hostile: error: strace still not found after apt-get install" >&2
  exit 1
}
