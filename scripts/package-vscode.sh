#!/usr/bin/env bash
# Packages the VS Code extension as a platform-specific .vsix that bundles
# the kubelint binary (bin/kubelint in the extension), the way ruff's and
# Biome's extensions ship theirs. The extension runs the bundled binary
# unless `kubelint.path` is set; a package without one uses PATH.
#
# Usage: scripts/package-vscode.sh [--target VSCODE_TARGET] [--bin FILE]
#   --target  linux-x64, linux-arm64, linux-armhf, alpine-x64, alpine-arm64,
#             darwin-x64, darwin-arm64, win32-x64 or win32-arm64
#             (default: this machine's platform).
#   --bin     the kubelint binary to bundle. Default: target/release/kubelint
#             for this machine (built if missing); for another target,
#             target/<rust-triple>/release/kubelint, built with
#             `cargo build --release --target <rust-triple>` (that Rust target
#             and a linker for it must be installed).
# Result: editors/vscode/kubelint-<target>-<version>.vsix (path printed).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
die() { echo "package-vscode: error: $*" >&2; exit 1; }

target="" bin=""
while [ $# -gt 0 ]; do
  case $1 in
    --target) target=${2:?--target needs a value}; shift 2 ;;
    --bin) bin=${2:?--bin needs a value}; shift 2 ;;
    *) die "unknown argument: $1 (usage: $0 [--target VSCODE_TARGET] [--bin FILE])" ;;
  esac
done

host_target() {
  local os arch
  os=$(uname -s) arch=$(uname -m)
  case "$os-$arch" in
    Linux-x86_64) if ldd --version 2>&1 | grep -qi musl; then echo alpine-x64; else echo linux-x64; fi ;;
    Linux-aarch64) if ldd --version 2>&1 | grep -qi musl; then echo alpine-arm64; else echo linux-arm64; fi ;;
    Linux-armv7l) echo linux-armhf ;;
    Darwin-x86_64) echo darwin-x64 ;;
    Darwin-arm64) echo darwin-arm64 ;;
    MINGW*-x86_64 | MSYS*-x86_64 | CYGWIN*-x86_64) echo win32-x64 ;;
    MINGW*-aarch64 | MSYS*-aarch64) echo win32-arm64 ;;
    *) die "no VS Code platform for $os-$arch: pass --target" ;;
  esac
}

rust_triple() {
  case $1 in
    linux-x64) echo x86_64-unknown-linux-gnu ;;
    linux-arm64) echo aarch64-unknown-linux-gnu ;;
    linux-armhf) echo armv7-unknown-linux-gnueabihf ;;
    alpine-x64) echo x86_64-unknown-linux-musl ;;
    alpine-arm64) echo aarch64-unknown-linux-musl ;;
    darwin-x64) echo x86_64-apple-darwin ;;
    darwin-arm64) echo aarch64-apple-darwin ;;
    win32-x64) echo x86_64-pc-windows-msvc ;;
    win32-arm64) echo aarch64-pc-windows-msvc ;;
    *) die "unknown VS Code target: $1" ;;
  esac
}

host=$(host_target)
target=${target:-$host}
triple=$(rust_triple "$target")
exe=kubelint
case $target in win32-*) exe=kubelint.exe ;; esac

if [ -z "$bin" ]; then
  if [ "$target" = "$host" ]; then
    bin="$root/target/release/$exe"
    [ -x "$bin" ] || (cd "$root" && cargo build --release --locked -p kubelint-cli)
  else
    bin="$root/target/$triple/release/$exe"
    [ -x "$bin" ] || (cd "$root" && cargo build --release --locked -p kubelint-cli --target "$triple")
  fi
fi
[ -f "$bin" ] || die "no binary at $bin"
if [ "$target" = "$host" ]; then
  "$bin" --version >/dev/null 2>&1 || die "$bin does not run here"
fi

cd "$root/editors/vscode"
[ -x node_modules/.bin/vsce ] || npm ci --no-audit --no-fund --loglevel=error
version=$(node -p "require('./package.json').version")
out="kubelint-$target-$version.vsix"
rm -rf bin
trap 'rm -rf "$root/editors/vscode/bin"' EXIT
mkdir bin
cp "$bin" "bin/$exe"
chmod 755 "bin/$exe"
node_modules/.bin/vsce package --no-dependencies --target "$target" --out "$out" >/dev/null
echo "$root/editors/vscode/$out"
