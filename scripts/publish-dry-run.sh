#!/usr/bin/env bash
# `cargo publish --dry-run --workspace`: packages every publishable crate and
# builds each from its package alone, against the packages of the others
# (needs the crates.io index).
#
# Cargo unpacks the packages of the other workspace crates from a temporary
# registry under the target directory into $CARGO_HOME/registry/src/-<hash>/,
# and treats registry crates as immutable: it never unpacks a name and
# version it finds there again, nor rebuilds one it built before. A second
# dry run of the same version, after a change, would build against the first
# run's sources. So the unpacked copies of our own crates, and what was built
# from them, are removed first (only those: dependencies stay built). The
# dry run has a target directory of its own, so the workspace's builds are
# left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
crates="kubelint kubelint-cli kubelint-lsp kubelint-saphyr-parser"
cargo_home=${CARGO_HOME:-$HOME/.cargo}
for dir in "$cargo_home"/registry/src/-*/; do
  [ -d "$dir" ] || continue
  for crate in $crates; do rm -rf "$dir$crate"-[0-9]*; done
done
export CARGO_TARGET_DIR="$PWD/target/publish-dry-run"
for crate in $crates; do
  name=${crate//-/_}
  rm -rf "$CARGO_TARGET_DIR"/debug/.fingerprint/"$crate"-* "$CARGO_TARGET_DIR"/debug/build/"$crate"-* \
    "$CARGO_TARGET_DIR"/debug/deps/lib"$name"-* "$CARGO_TARGET_DIR"/debug/deps/"$name"-* \
    "$CARGO_TARGET_DIR"/debug/incremental/"$name"-*
done
cargo publish --dry-run --workspace --locked "$@"
