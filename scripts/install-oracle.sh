#!/usr/bin/env bash
# Builds the reference decoder the differential tests compare kubelint with
# (oracle/go/src/kubeoracle: how `kubectl apply -f` reads manifests, on
# Debian's sigs.k8s.io/yaml, go-yaml v2 and x/text) into .tools/kubeoracle.
#
# Installs Go and the two libraries with apt-get when they are missing
# (root, as on CI). Idempotent: rebuilds only when the source is newer.
# Exits non-zero if it cannot build the decoder on a machine with apt-get;
# without apt-get it says so and exits 0 (the oracle tests then skip with
# that message).
#
# Usage: scripts/install-oracle.sh
set -euo pipefail
cd "$(dirname "$0")/.."

src=oracle/go/src/kubeoracle/main.go
out=.tools/kubeoracle
gopath="/usr/share/gocode"
if [ -x "$out" ] && [ "$out" -nt "$src" ]; then
  exit 0
fi

if ! command -v go >/dev/null 2>&1 || [ ! -d "$gopath/src/sigs.k8s.io/yaml" ] || [ ! -d "$gopath/src/gopkg.in/yaml.v2" ] || [ ! -d "$gopath/src/golang.org/x/text" ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-oracle: no apt-get here; install Go, sigs.k8s.io/yaml and gopkg.in/yaml.v2 under $gopath to run the oracle tests" >&2
    exit 0
  fi
  scripts/apt-install.sh install-oracle golang-go golang-k8s-sigs-yaml-dev golang-gopkg-yaml.v2-dev golang-golang-x-text-dev
fi

mkdir -p .tools
# GOPATH mode: the decoder builds from Debian's packaged sources only, no
# module download.
(
  cd oracle/go/src/kubeoracle
  GO111MODULE=off GOPATH="$PWD/../..:$gopath" GOFLAGS= go build -o "../../../../$out" .
)
echo "install-oracle: built $out" >&2
