#!/usr/bin/env bash
# `npm test`: installs what is missing, type-checks, lints workflow code, and runs every suite — unit and workflow
# (time-skipping test server), end-to-end (Temporal dev server; the dashboard in headless Chromium) and replay.
# Extra arguments go to Jest, e.g. `npm test -- --selectProjects unit`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/ensure.sh
mkdir -p test-results
rm -f test-results/jest.json
npx tsc -p tsconfig.json --noEmit
npx tsc -p apps/web/tsconfig.json   # the dashboard (React, DOM; noEmit in its tsconfig)
npx eslint workflows
# The dashboard, built for the API to serve at / (test/web.e2e-spec.ts drives it in Chromium).
npm run -s build:web
bash scripts/ensure-chromium.sh
npx jest --json --outputFile=test-results/jest.json "$@"
