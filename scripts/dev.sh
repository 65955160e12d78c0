#!/usr/bin/env bash
# `npm run dev`: the whole system on its embedded defaults — the Temporal dev server on a SQLite
# file under data/ (state survives a restart), the case worker and the HTTP API.
# Ctrl-C stops everything; the worker drains its tasks first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/ensure.sh

host="${HOST:-127.0.0.1}"
temporal_port="${TEMPORAL_PORT:-7233}"
ui_port="${TEMPORAL_UI_PORT:-8233}"
export PORT="${PORT:-3000}" HOST="$host" TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-$host:$temporal_port}"
data="${BANLI_DATA_DIR:-data}"
mkdir -p "$data/logs"

printf '[banli] building…\n'
rm -rf dist && npx tsc -p tsconfig.build.json

pids=()
stop() {
  trap - INT TERM EXIT
  printf '\n[banli] stopping…\n'
  for ((i=${#pids[@]}-1; i>=0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; wait "${pids[i]}" 2>/dev/null || true; done
}
trap stop INT TERM EXIT

wait_for() { # name, log, command that succeeds when ready
  local name="$1" log="$2"; shift 2
  for _ in $(seq 1 240); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then printf '[banli] %s failed to start; last lines of %s:\n' "$name" "$log"; tail -20 "$log"; exit 1; fi
    sleep 0.5
  done
  printf '[banli] %s did not become ready; see %s\n' "$name" "$log"; exit 1
}

"$TEMPORAL_CLI_PATH" server start-dev --db-filename "$data/temporal.db" --ip "$host" --port "$temporal_port" \
  --ui-port "$ui_port" --log-level warn >"$data/logs/temporal.log" 2>&1 &
pids+=($!)
wait_for "Temporal" "$data/logs/temporal.log" "$TEMPORAL_CLI_PATH" operator cluster health --address "$TEMPORAL_ADDRESS"
# Closed cases are records offices report on for years: keep them (the dev server's default is 24 h).
"$TEMPORAL_CLI_PATH" operator namespace update --address "$TEMPORAL_ADDRESS" --namespace default \
  --retention "${TEMPORAL_RETENTION:-3650d}" >>"$data/logs/temporal.log" 2>&1

node dist/apps/worker/src/main.js >"$data/logs/worker.log" 2>&1 &
pids+=($!)
wait_for "worker" "$data/logs/worker.log" grep -q "polling task queue" "$data/logs/worker.log"

node dist/apps/api/src/main.js >"$data/logs/api.log" 2>&1 &
pids+=($!)
wait_for "API" "$data/logs/api.log" curl -sf "http://$host:$PORT/health"

cat <<BANNER

  banli is running
    API          http://$host:$PORT/api
    OpenAPI      http://$host:$PORT/api/docs
    Health       http://$host:$PORT/health
    Temporal UI  http://$host:$ui_port
    Temporal     $TEMPORAL_ADDRESS (gRPC), data in $data/temporal.db
    Logs         $data/logs/

  Try:  curl -s -X POST http://$host:$PORT/api/cycles -H 'content-type: application/json' \\
          --data @test/fixtures/dongli-2020.json
  Ctrl-C stops everything.

BANNER
wait -n "${pids[@]}" || true
printf '[banli] a process exited; see %s/logs/\n' "$data"
