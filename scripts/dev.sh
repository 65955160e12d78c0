#!/usr/bin/env bash
# `npm run dev`: the whole system on its embedded defaults — the Temporal dev server on a SQLite
# file under data/ (state survives a restart), the case worker and the HTTP API.
# Ctrl-C stops everything; the worker drains its tasks first.
# `npm run dev -- --seed` (or BANLI_SEED=demo) also fills it with the demo once it is up (scripts/seed.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seed="${BANLI_SEED:-}"
for arg in "$@"; do
  case "$arg" in
    --seed) seed=demo ;;
    *) printf '[banli] unknown option %s (npm run dev [-- --seed])\n' "$arg"; exit 2 ;;
  esac
done
if [[ -n "$seed" && "$seed" != demo ]]; then printf '[banli] BANLI_SEED=%s: the only seed is demo\n' "$seed"; exit 2; fi
source scripts/ensure.sh

host="${HOST:-127.0.0.1}"
temporal_port="${TEMPORAL_PORT:-7233}"
ui_port="${TEMPORAL_UI_PORT:-8233}"
export PORT="${PORT:-3000}" HOST="$host" TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-$host:$temporal_port}"
data="${BANLI_DATA_DIR:-data}"
mkdir -p "$data/logs"

db_port="${DB_PORT:-5433}"
for port in "$temporal_port" "$ui_port" "$PORT" "$db_port"; do
  if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
    printf '[banli] port %s on %s is already in use (another banli or Temporal still running?)\n' "$port" "$host"; exit 1
  fi
done

printf '[banli] building…\n'
rm -rf dist && npx tsc -p tsconfig.build.json
npm run -s build:web   # the dashboard, served by the API at / (dist/web)

pids=()
stop() { # [exit code]: stops the API, then the worker (it drains its tasks), then Temporal
  trap - INT TERM EXIT
  printf '\n[banli] stopping…\n'
  local i
  for ((i=${#pids[@]}-1; i>=0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; wait "${pids[i]}" 2>/dev/null || true; done
  [[ $# -gt 0 ]] && exit "$1"
}
trap 'stop 130' INT
trap 'stop 143' TERM
trap 'stop' EXIT

# Each child gets its own session: Ctrl-C reaches only this script, which stops them in order.
start() { # log, command…
  local log="$1"; shift
  setsid "$@" >"$log" 2>&1 </dev/null &
  pids+=($!)
}

wait_for() { # name, log, command that succeeds when ready
  local name="$1" log="$2" last="${pids[${#pids[@]}-1]}"; shift 2
  for _ in $(seq 1 240); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$last" 2>/dev/null; then printf '[banli] %s failed to start; last lines of %s:\n' "$name" "$log"; tail -20 "$log"; exit 1; fi
    sleep 0.5
  done
  printf '[banli] %s did not become ready; see %s\n' "$name" "$log"; exit 1
}

start "$data/logs/temporal.log" "$TEMPORAL_CLI_PATH" server start-dev --db-filename "$data/temporal.db" \
  --ip "$host" --port "$temporal_port" --ui-port "$ui_port" --log-level warn
wait_for "Temporal" "$data/logs/temporal.log" "$TEMPORAL_CLI_PATH" operator cluster health --address "$TEMPORAL_ADDRESS"
# Closed cases are records offices report on for years: keep them (the dev server's default is 24 h).
"$TEMPORAL_CLI_PATH" operator namespace update --address "$TEMPORAL_ADDRESS" --namespace default \
  --retention "${TEMPORAL_RETENTION:-3650d}" >>"$data/logs/temporal.log" 2>&1

# PostgreSQL for keys, subscriptions, deliveries and alerts: embedded (PGlite) unless DATABASE_URL is given.
if [[ -z "${DATABASE_URL:-}" ]]; then
  start "$data/logs/db.log" env BANLI_PG_DIR="$data/pg" DB_PORT="$db_port" node dist/scripts/db-server.js
  wait_for "PostgreSQL (PGlite)" "$data/logs/db.log" grep -q "^ready" "$data/logs/db.log"
  export DATABASE_URL="postgres://postgres@$host:$db_port/postgres?sslmode=disable"
fi

# The worker's heap limit (WORKER_HEAP_MB, see README "Configuration") can only be given at start.
start "$data/logs/worker.log" node --max-old-space-size="${WORKER_HEAP_MB:-256}" dist/apps/worker/src/main.js
wait_for "worker" "$data/logs/worker.log" grep -q "polling task queue" "$data/logs/worker.log"

# In development the API creates an office key once and writes it here (see README, "API keys").
export BANLI_OFFICE_KEY_FILE="${BANLI_OFFICE_KEY_FILE:-$data/office-key.txt}"
start "$data/logs/api.log" node dist/apps/api/src/main.js
wait_for "API" "$data/logs/api.log" curl -sf "http://$host:$PORT/health"

if [[ -n "$seed" ]]; then
  printf '[banli] seeding the demo (log in %s/logs/seed.log)…\n' "$data"
  if ! BANLI_DATA_DIR="$data" bash scripts/seed.sh >"$data/logs/seed.log" 2>&1; then
    printf '[banli] the demo seed failed; last lines of %s/logs/seed.log:\n' "$data"; tail -20 "$data/logs/seed.log"; exit 1
  fi
  grep -v '^填充演示数据' "$data/logs/seed.log" || true
fi

cat <<BANNER

  banli is running
    Dashboard    http://$host:$PORT/  (sign in with a key, e.g. the office key below)
    API          http://$host:$PORT/api
    OpenAPI      http://$host:$PORT/api/docs
    Health       http://$host:$PORT/health
    Temporal UI  http://$host:$ui_port
    Temporal     $TEMPORAL_ADDRESS (gRPC), data in $data/temporal.db
    PostgreSQL   $DATABASE_URL
    Logs         $data/logs/
    Office key   $(cat "$BANLI_OFFICE_KEY_FILE" 2>/dev/null || echo "none written; see $data/logs/api.log") (in $BANLI_OFFICE_KEY_FILE)

  Try:  curl -s -X POST http://$host:$PORT/api/cycles -H 'content-type: application/json' \\
          -H "Authorization: Bearer \$(cat $BANLI_OFFICE_KEY_FILE)" --data @test/fixtures/dongli-2020.json
  Ctrl-C stops everything.

BANNER
while :; do # until one of them exits
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then printf '[banli] a process exited; see %s/logs/\n' "$data"; exit 1; fi
  done
  sleep 1
done
