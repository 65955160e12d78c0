#!/usr/bin/env bash
# `npm test`: installs what is missing, type-checks, lints workflow code, and runs every suite — unit and workflow
# (time-skipping test server), end-to-end (Temporal dev server) and replay.
# Extra arguments go to Jest, e.g. `npm test -- --selectProjects unit`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/ensure.sh
mkdir -p test-results
rm -f test-results/jest.json
npx tsc -p tsconfig.json --noEmit
npx eslint workflows
npx jest --json --outputFile=test-results/jest.json "$@"
