#!/usr/bin/env bash
# Installs the npm packages when node_modules is missing or older than package-lock.json.
# Silent when nothing needs doing. No install scripts are needed (npm 11 skips unapproved ones).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
stamp="node_modules/.banli-lock.sha256"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  printf '[banli] installing npm packages…\n' >&2
  # `npm install` rather than `npm ci`: the lock honours the same versions, and npm ci refuses
  # a lock whose optional platform builds (e.g. @swc/core for macOS) a registry mirror lacks.
  npm install --no-audit --no-fund --loglevel=error >&2
  sha256sum package-lock.json | cut -d' ' -f1 > "$stamp"   # as npm left it
fi
