#!/usr/bin/env bash
# `npm run test:faults`: the fault tests (kill -9 of the worker and the API, restarts of the
# Temporal dev server and of PostgreSQL, a webhook receiver down for a while), one file at a time.
# Extra arguments go to Jest. Writes test-results/faults.json for .ci/run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/ensure.sh
mkdir -p test-results
rm -f test-results/faults.json
npx jest -c jest.faults.config.js --runInBand --json --outputFile=test-results/faults.json "$@"
