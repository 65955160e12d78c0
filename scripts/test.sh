#!/usr/bin/env bash
# `npm test`: installs what is missing, type-checks, and runs every suite — unit and workflow
# (time-skipping test server), end-to-end (Temporal dev server) and replay.
# Extra arguments go to Jest, e.g. `npm test -- --selectProjects unit`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-node-deps.sh
bash scripts/ensure-temporal.sh
set -a
# shellcheck disable=SC1091
source "${BANLI_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/banli}/temporal.env"
set +a
mkdir -p test-results
rm -f test-results/jest.json
npx tsc -p tsconfig.json --noEmit
npx jest --json --outputFile=test-results/jest.json "$@"
