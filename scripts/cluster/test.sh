#!/usr/bin/env bash
# `npm run cluster:test` (scripts/cluster.sh test): a fresh cluster in its own directory
# (BANLI_CLUSTER_DIR, data/cluster-test) on its own ports (BANLI_CLUSTER_PORT, 17600…), the
# end-to-end suites against it while a worker and an API process are killed, the checks that
# nothing was lost (test/cluster/chaos.ts), and the cluster stopped again. Its logs stay in the
# directory until the next run; BANLI_CLUSTER_KEEP=1 leaves the cluster running.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
: "${BANLI_CLUSTER_DIR:?run through scripts/cluster.sh test}"
note() { printf '[cluster test] %s\n' "$*" >&2; }

# A previous run's cluster is stopped and its directory removed: the suites' cycle ids are fixed,
# so they need a cluster that has not seen them.
if [[ -e "$BANLI_CLUSTER_DIR" ]]; then
  if [[ -n "$(ls -A "$BANLI_CLUSTER_DIR")" && ! -f "$BANLI_CLUSTER_DIR/cluster.env" ]]; then
    note "$BANLI_CLUSTER_DIR is not a cluster directory; not removing it"; exit 1
  fi
  bash scripts/cluster.sh down
  rm -rf "$BANLI_CLUSTER_DIR"
fi

started=$SECONDS
bash scripts/cluster.sh up --detach
note "cluster up in $((SECONDS - started)) s"
if [[ "${BANLI_CLUSTER_KEEP:-}" != 1 ]]; then trap 'bash scripts/cluster.sh down' EXIT; fi

status=0
BANLI_E2E_CLUSTER="$(cd "$BANLI_CLUSTER_DIR" && pwd)/cluster.json" \
  npx ts-node --transpile-only test/cluster/chaos.ts || status=$?
note "done in $((SECONDS - started)) s; logs in $BANLI_CLUSTER_DIR/logs/"
exit "$status"
