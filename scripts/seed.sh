#!/usr/bin/env bash
# `npm run seed`: fills a running `npm run dev` system with the demo (banli seed): the Dongli 2020
# cycle handled to its end, a 2021 cycle in progress with overdue and late cases, and demo keys
# (appended to data/demo-keys.txt). Uses the dev system's office key (data/office-key.txt) unless
# BANLI_API_KEY is set. Safe to run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
data="${BANLI_DATA_DIR:-data}"
api="${BANLI_API_URL:-http://${HOST:-127.0.0.1}:${PORT:-3000}}"
key="${BANLI_API_KEY:-}"
if [[ -z "$key" ]]; then
  key_file="${BANLI_OFFICE_KEY_FILE:-$data/office-key.txt}"
  if [[ ! -s "$key_file" ]]; then
    printf '[banli] no office key in %s: start the system with `npm run dev` first (or set BANLI_API_KEY)\n' "$key_file"; exit 1
  fi
  key="$(cat "$key_file")"
fi
if [[ -f dist/apps/cli/src/main.js ]]; then cli=(node dist/apps/cli/src/main.js); else cli=(npx ts-node --transpile-only apps/cli/src/main.ts); fi
mkdir -p "$data"
BANLI_API_URL="$api" BANLI_API_KEY="$key" "${cli[@]}" seed --keys-file "$data/demo-keys.txt" "$@"
