#!/bin/sh
# ctest "typescript": type-checks preload.ts and renderer.ts against the shipped Electron types
# (src/npm/webipc-electron-types, installed here as a file: dependency) with tsc from npm.
# ./run.sh test installs tsc first (npm ci in this folder).
cd "$(dirname "$0")" || exit 1
if ! command -v node >/dev/null 2>&1; then
    echo "SKIP: node is not installed, so tsc cannot run (./run.sh test installs it)"
    exit 77
fi
if [ ! -f node_modules/typescript/bin/tsc ]; then
    echo "tsc is missing: run 'npm ci' in $(pwd) (./run.sh test does it)"
    exit 1
fi
exec node node_modules/typescript/bin/tsc -p tsconfig.json
