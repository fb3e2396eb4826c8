#!/usr/bin/env bash
# Real-editor test: headless Neovim drives `kubelint lsp` on a fixture and
# checks diagnostics and the "Set privileged: false" quick fix end to end.
#
# Usage: scripts/test-nvim.sh
#   KUBELINT_BIN  server binary under test (default: target/debug/kubelint).
#                 Nothing is built here: run `cargo build` first.
#   NVIM_BIN      Neovim to use (default: .tools/bin/nvim, installed on demand
#                 by scripts/install-nvim.sh). Not $NVIM: Neovim sets that
#                 inside its own :terminal.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
die() { echo "test-nvim: error: $*" >&2; exit 1; }

bin=${KUBELINT_BIN:-target/debug/kubelint}
resolved=$(command -v -- "$bin" 2>/dev/null) ||
  die "kubelint binary not found or not executable: $bin (run 'cargo build -p kubelint-cli' or set KUBELINT_BIN)"
case $resolved in /*) ;; *) resolved="$root/$resolved" ;; esac
export KUBELINT_BIN=$resolved

if [ -n "${NVIM_BIN:-}" ]; then
  nvim=$NVIM_BIN
else
  "$root/scripts/install-nvim.sh"
  nvim="$root/.tools/bin/nvim"
fi

# A throwaway HOME for Neovim: no user config/plugins, and its lsp.log
# (where the server's stderr ends up) is ours to show on failure.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" \
  XDG_STATE_HOME="$scratch/state" XDG_CACHE_HOME="$scratch/cache"

status=0
# Belt and braces: the test has its own 10 s waits, this catches a wedged editor.
timeout -k 5 60 "$nvim" --headless -u tests/nvim/init.lua -l tests/nvim/test_diagnostics.lua ||
  status=$?

if [ "$status" -ne 0 ]; then
  [ "$status" -eq 124 ] && echo "test-nvim: error: timed out after 60 s" >&2
  log="$XDG_STATE_HOME/nvim/lsp.log"
  # Line 1 is just Neovim's "logging initiated" banner.
  if [ -f "$log" ] && [ "$(wc -l <"$log")" -gt 1 ]; then
    echo "test-nvim: Neovim's lsp.log (the server's stderr is logged there):" >&2
    tail -n 40 "$log" >&2
  fi
fi
exit "$status"
