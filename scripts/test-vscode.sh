#!/usr/bin/env bash
# Builds, type-checks and unit-tests the VS Code extension, packages it for
# this platform with the kubelint binary inside (scripts/package-vscode.sh),
# and checks that the .vsix holds a runnable binary: executable in the
# archive (VS Code keeps the mode when it installs a package), answering
# `--version` like the binary it was built from.
#
# Usage: scripts/test-vscode.sh
#   KUBELINT_BIN  the binary to bundle (default: target/release/kubelint,
#                 built if missing).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/editors/vscode"
npm ci --no-audit --no-fund --loglevel=error
npm run --silent typecheck
npm test
npm run --silent build

bin=${KUBELINT_BIN:-$root/target/release/kubelint}
vsix=$("$root/scripts/package-vscode.sh" --bin "$bin")
echo "packaged $vsix ($(du -k "$vsix" | cut -f1) KiB)"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
python3 - "$vsix" "$scratch" <<'PY'
import json, os, stat, sys, zipfile
vsix, dest = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(vsix) as z:
    names = z.namelist()
    for needed in ("extension/package.json", "extension/out/extension.js", "extension/bin/kubelint"):
        if needed not in names:
            sys.exit(f"{vsix}: no {needed} in {names}")
    info = z.getinfo("extension/bin/kubelint")
    mode = info.external_attr >> 16
    if not mode & stat.S_IXUSR:
        sys.exit(f"{vsix}: bin/kubelint is not executable in the archive (mode {oct(mode)})")
    # kubelint-<target>-<version>.vsix: the manifest must name that target.
    version = json.loads(z.read("extension/package.json"))["version"]
    target = os.path.basename(vsix)[len("kubelint-"):-len(f"-{version}.vsix")]
    manifest = z.read("extension.vsixmanifest").decode()
    if f'TargetPlatform="{target}"' not in manifest:
        sys.exit(f"{vsix}: the manifest does not name target {target}:\n{manifest}")
    path = z.extract(info, dest)
    os.chmod(path, mode & 0o777)
print(path)
PY
bundled="$scratch/extension/bin/kubelint"
got=$("$bundled" --version)
want=$("$bin" --version)
[ "$got" = "$want" ] || { echo "test-vscode: bundled binary says '$got', expected '$want'" >&2; exit 1; }
echo "test-vscode: the .vsix bundles a runnable binary ($got)"
