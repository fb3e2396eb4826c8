#!/usr/bin/env bash
# `cargo publish --dry-run --workspace`: packages every publishable crate and
# builds each from its package alone, against the packages of the others
# (needs the crates.io index).
#
# Cargo unpacks the packages of the other workspace crates from a temporary
# registry under target/package/ into $CARGO_HOME/registry/src/-<hash>/, and
# never unpacks a name and version it finds there again: a second dry run of
# the same version, after a change, would build against the first run's
# sources. So the unpacked copies of our own crates are removed first (and
# only those: they exist nowhere else).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo_home=${CARGO_HOME:-$HOME/.cargo}
for dir in "$cargo_home"/registry/src/-*/; do
  [ -d "$dir" ] || continue
  for crate in kubelint kubelint-cli kubelint-lsp kubelint-saphyr-parser; do
    rm -rf "$dir$crate"-[0-9]*
  done
done
cargo publish --dry-run --workspace --locked "$@"
