#!/usr/bin/env bash
# Builds, type-checks, unit-tests and packages the VS Code extension.
set -euo pipefail
cd "$(dirname "$0")/../editors/vscode"
npm ci --no-audit --no-fund --loglevel=error
npm run --silent typecheck
npm test
npm run --silent build
npm run --silent package
ls -1 ./*.vsix
