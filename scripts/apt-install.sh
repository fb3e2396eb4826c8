#!/usr/bin/env bash
# Installs Debian packages for the test suite's setup scripts: quietly, as
# root or through sudo. Usage: scripts/apt-install.sh NAME PACKAGE...
# (NAME prefixes the messages). Fails if apt-get is missing or the install
# fails.
set -euo pipefail
name=$1
shift
if ! command -v apt-get >/dev/null 2>&1; then
  echo "$name: error: apt-get is not available; install $* by hand" >&2
  exit 1
fi
sudo=
if [ "$(id -u)" != 0 ]; then
  sudo=sudo
fi
echo "$name: installing $*" >&2
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
