#!/bin/sh
# `npx concierge …`: the operator CLI on the project's pinned Node.js.
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
exec sh "$ROOT/scripts/env.sh" tsx "$ROOT/src/cli.ts" "$@"
