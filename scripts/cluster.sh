#!/usr/bin/env bash
# `npm run cluster`: banli as it is deployed, without Docker — PostgreSQL (Debian's), a Temporal
# server built from the Go module proxy on it, two workers and two API processes behind a
# balancer. See README.md, "Cluster mode".
#
#   scripts/cluster.sh [up]        sets up what is missing, starts what is not running, prints where
#                                  everything listens, and stays in the foreground: Ctrl-C stops all
#   scripts/cluster.sh up --detach the same, but leaves it running (stop it with `down`)
#   scripts/cluster.sh down        stops everything (also: stop); the data stays for the next `up`
#   scripts/cluster.sh status      what runs, by name and pid
#   scripts/cluster.sh start NAME  starts one process that is down (worker-2, api-1, balancer, …)
#   scripts/cluster.sh restart api|worker|NAME
#                                  restarts gracefully, one at a time (a rolling restart), what runs
#   scripts/cluster.sh kill NAME   SIGKILLs one process and leaves it down (what the chaos test does)
#   scripts/cluster.sh test        a fresh cluster (its own directory and ports), the end-to-end
#                                  suites against it with one worker and one API killed mid-run,
#                                  then the check that nothing was lost (`npm run cluster:test`)
#
# Environment: BANLI_CLUSTER_DIR (data/cluster), BANLI_CLUSTER_PORT (17200: the first of its ports,
# remembered in the directory), BANLI_CLUSTER_WORKERS (2), BANLI_CLUSTER_APIS (2), HOST (127.0.0.1),
# TEMPORAL_SERVER_VERSION (v1.32.1), TEMPORAL_RETENTION (3650d); anything banli reads
# (libs/config/banli-env.ts) is passed to the workers and APIs, e.g. BANLI_RATE_LIMIT, SMTP_URL.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$(pwd)"

note() { printf '[cluster] %s\n' "$*" >&2; }
die() { note "$*"; exit 1; }

command="${1:-up}"
[[ $# -gt 0 ]] && shift

if [[ "$command" == test ]]; then
  # A fresh cluster of its own, so that the suites' fixed cycle ids are new and `npm run cluster` is left alone.
  export BANLI_CLUSTER_DIR="${BANLI_CLUSTER_TEST_DIR:-data/cluster-test}"
  export BANLI_CLUSTER_PORT="${BANLI_CLUSTER_TEST_PORT:-17600}"
  # The suites poll (a launch every 20 ms) with a few keys: not what the rate limit is for.
  export BANLI_RATE_LIMIT="${BANLI_RATE_LIMIT:-1000000}"
  # The suites start thousands of cases in minutes; every commit waiting for the disk's fsync
  # makes the one PostgreSQL the bottleneck of a 2-core machine (see README.md, "Cluster mode").
  export BANLI_CLUSTER_SYNCHRONOUS_COMMIT="${BANLI_CLUSTER_SYNCHRONOUS_COMMIT:-off}"
fi

state="${BANLI_CLUSTER_DIR:-data/cluster}"
mkdir -p "$state"
state="$(cd "$state" && pwd)"
host="${HOST:-127.0.0.1}"
run="$state/run"
logs="$state/logs"
mkdir -p "$run" "$logs"

# --- settings: `up` takes them from the environment and remembers them in cluster.env, so that
# down/status/start/restart find the cluster as it was started; banli's own settings given to `up`
# (BANLI_RATE_LIMIT, SMTP_URL, …) go to every worker and API process it starts, later ones too.
banli_settings=(BANLI_RATE_LIMIT BANLI_RATE_LIMIT_WINDOW_MS TEMPORAL_CALL_TIMEOUT_MS TEMPORAL_TASK_QUEUE SMTP_URL ALERT_EMAIL_FROM
  ALERT_RETRY_INITIAL_MS ALERT_RETRY_MAX_INTERVAL_MS ALERT_DELIVERY_WINDOW_MS ALERT_STREAM_POLL_MS BANLI_PUBLIC_URL
  BANLI_METRICS_TOKEN BANLI_TRACING OTEL_EXPORTER_OTLP_ENDPOINT)
if [[ "$command" == up || ! -f "$state/cluster.env" ]]; then
  {
    printf 'BANLI_CLUSTER_PORT=%q\nBANLI_CLUSTER_WORKERS=%q\nBANLI_CLUSTER_APIS=%q\nBANLI_CLUSTER_SYNCHRONOUS_COMMIT=%q\n' \
      "${BANLI_CLUSTER_PORT:-17200}" "${BANLI_CLUSTER_WORKERS:-2}" "${BANLI_CLUSTER_APIS:-2}" "${BANLI_CLUSTER_SYNCHRONOUS_COMMIT:-on}"
    for name in "${banli_settings[@]}"; do [[ -n "${!name:-}" ]] && printf '%s=%q\n' "$name" "${!name}"; done
  } > "$state/cluster.env"
fi
set -a; source "$state/cluster.env"; set +a
base="$BANLI_CLUSTER_PORT"
balancer_port=$base                 # the API, for clients: http://$host:$base
api_port() { echo $((base + $1)); } # api-N on base+N
pg_port=$((base + 32))
frontend_port=$((base + 33)); history_port=$((base + 34)); matching_port=$((base + 35)); tworker_port=$((base + 39))
frontend_http_port=$((base + 43))
worker_metrics_port() { echo $((base + 50 + $1)); } # worker-N's GET /metrics (METRICS_PORT) on base+50+N
membership() { echo $(($1 + 100)); } # each Temporal service's membership port: its gRPC port + 100
workers="$BANLI_CLUSTER_WORKERS"
apis="$BANLI_CLUSTER_APIS"
temporal_address="$host:$frontend_port"
namespace="${TEMPORAL_NAMESPACE:-default}"

# --- processes: one pidfile each, checked against its command line before any signal ----------
pidfile() { echo "$run/$1.pid"; }
running_pid() { # name → prints the pid if that process runs (and is ours), else nothing
  local f pid; f="$(pidfile "$1")"
  [[ -s "$f" ]] || return 0
  pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF "$state/"; then echo "$pid"; fi
}
start_process() { # name, command… (detached: its own session, output to logs/NAME.log)
  local name="$1"; shift
  rm -f "$run/$name.down"
  printf '\n=== %s: %s started by scripts/cluster.sh\n' "$(date -Is)" "$name" >> "$logs/$name.log"
  NO_COLOR=1 setsid "$@" >> "$logs/$name.log" 2>&1 < /dev/null 9>&- & # 9: the lock, which it must not keep
  echo $! > "$(pidfile "$name")"
  disown $! 2>/dev/null || true # its death is reported by `up`, not by the shell
}
stop_process() { # name, seconds to wait after SIGTERM before SIGKILL
  local name="$1" wait_s="${2:-30}" pid
  pid="$(running_pid "$name")"
  [[ -n "$pid" ]] || { rm -f "$(pidfile "$name")"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((wait_s * 5))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then note "$name (pid $pid) did not stop within ${wait_s} s; killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$(pidfile "$name")"
}
wait_until() { # name, seconds, command that succeeds when ready
  local name="$1" seconds="$2"; shift 2
  local pid; pid="$(cat "$(pidfile "$name")" 2>/dev/null || true)"
  for _ in $(seq 1 $((seconds * 2))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      note "$name exited while starting; last lines of $logs/$name.log:"; tail -25 "$logs/$name.log" >&2; exit 1
    fi
    sleep 0.5
  done
  note "$name was not ready within $seconds s; see $logs/$name.log"; exit 1
}
log_since() { # name, byte offset, text → succeeds once the log has the text after the offset
  tail -c +"$(($2 + 1))" "$logs/$1.log" 2>/dev/null | grep -qF "$3"
}
lock() { exec 9> "$run/lock"; flock 9; }

# --- PostgreSQL (Debian's) --------------------------------------------------------------------
pg_bin=""
find_postgres() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then pg_bin="$dir"; return 0; fi
  done
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then pg_bin="$(dirname "$(command -v pg_ctl)")"; return 0; fi
  return 1
}
ensure_postgres() {
  find_postgres && return 0
  note "PostgreSQL is not installed: installing Debian's postgresql package with apt-get…"
  local sudo=""; [[ "$(id -u)" == 0 ]] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
  find_postgres || die "no initdb/pg_ctl after installing postgresql"
}
# initdb refuses to run as root: as root, the cluster's files belong to the postgres system user.
pg_user=""
as_pg() { if [[ -n "$pg_user" ]]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi; }
pgdata="$state/pg"
pg_socket="$run/pg"
psql_admin() { as_pg "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$pg_socket" -p "$pg_port" -U postgres "$@"; }
pg_running() { [[ -d "$pgdata" ]] && as_pg "$pg_bin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; }

random_hex() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }
secrets() { # generated once, kept in the cluster directory (mode 600); one added later is appended
  umask 077
  touch "$state/secrets.env"
  source "$state/secrets.env"
  [[ -n "${TEMPORAL_DB_PASSWORD:-}" ]] || printf 'TEMPORAL_DB_PASSWORD=%s\n' "$(random_hex 18)" >> "$state/secrets.env"
  [[ -n "${BANLI_DB_PASSWORD:-}" ]] || printf 'BANLI_DB_PASSWORD=%s\n' "$(random_hex 18)" >> "$state/secrets.env"
  [[ -n "${BANLI_BOOTSTRAP_OFFICE_KEY:-}" ]] || printf 'BANLI_BOOTSTRAP_OFFICE_KEY=banli_%s\n' "$(random_hex 24)" >> "$state/secrets.env"
  # Signs survey links: every API process needs the same one (production refuses to start without it).
  [[ -n "${BANLI_SURVEY_SECRET:-}" ]] || printf 'BANLI_SURVEY_SECRET=%s\n' "$(random_hex 36)" >> "$state/secrets.env"
  umask 022
  source "$state/secrets.env"
  printf '%s\n' "$BANLI_BOOTSTRAP_OFFICE_KEY" > "$state/office-key.txt"; chmod 600 "$state/office-key.txt"
}

setup_postgres() {
  if [[ "$(id -u)" == 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root, but there is no postgres user to run PostgreSQL as"
    pg_user=postgres
  fi
  mkdir -p "$pg_socket"
  touch "$logs/postgres.log"
  if [[ -n "$pg_user" ]]; then chown "$pg_user" "$pg_socket" "$logs/postgres.log"; fi
  chmod 700 "$pg_socket"
  if [[ ! -s "$pgdata/PG_VERSION" ]]; then
    note "creating a PostgreSQL cluster in $pgdata ($("$pg_bin/postgres" --version))"
    mkdir -p "$pgdata"; [[ -n "$pg_user" ]] && chown "$pg_user" "$pgdata"
    chmod 700 "$pgdata"
    # Local connections (a socket in a directory only its owner may enter) are trusted; TCP needs a password.
    as_pg "$pg_bin/initdb" -D "$pgdata" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >> "$logs/postgres.log" 2>&1 \
      || { tail -20 "$logs/postgres.log" >&2; die "initdb failed"; }
  fi
  # Its own port, its own socket directory, loopback only; rewritten on each start (ports may change).
  as_pg tee "$pgdata/postgresql.auto.conf" > /dev/null <<CONF
# Written by scripts/cluster.sh on every start.
port = $pg_port
listen_addresses = '$host'
unix_socket_directories = '$pg_socket'
max_connections = 300
# on (PostgreSQL's default): a commit is on disk when Temporal or banli hears of it. off: it is in
# the WAL, in the OS's buffers — a killed process (even PostgreSQL) loses nothing, an OS crash may
# lose the last fraction of a second. \`scripts/cluster.sh test\` runs with off (see README.md).
synchronous_commit = ${BANLI_CLUSTER_SYNCHRONOUS_COMMIT:-on}
CONF
  if ! pg_running; then
    as_pg "$pg_bin/pg_ctl" -D "$pgdata" -l "$logs/postgres.log" -w -t 120 start > /dev/null 9>&- \
      || { tail -20 "$logs/postgres.log" >&2; die "PostgreSQL did not start"; }
  fi
  local pid; pid="$(as_pg head -1 "$pgdata/postmaster.pid")"; echo "$pid" > "$(pidfile postgres)"
  # Roles and databases: temporal owns Temporal's two, banli its own.
  psql_admin -d postgres <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'temporal') THEN CREATE ROLE temporal LOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'banli') THEN CREATE ROLE banli LOGIN; END IF;
END \$\$;
ALTER ROLE temporal PASSWORD '$TEMPORAL_DB_PASSWORD';
ALTER ROLE banli PASSWORD '$BANLI_DB_PASSWORD';
SQL
  local db owner
  for pair in temporal:temporal temporal_visibility:temporal banli:banli; do
    db="${pair%%:*}"; owner="${pair##*:}"
    if [[ -z "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]]; then
      psql_admin -d postgres -c "CREATE DATABASE $db OWNER $owner ENCODING 'UTF8'"
      note "created database $db"
    fi
  done
}

pg_running_as_found() { # before setup: is this directory's PostgreSQL running?
  [[ -s "$pgdata/postmaster.pid" ]] && kill -0 "$(head -1 "$pgdata/postmaster.pid" 2>/dev/null)" 2>/dev/null
}

# --- Temporal ---------------------------------------------------------------------------------
setup_temporal_schema() {
  local db dir version
  for pair in temporal:temporal temporal_visibility:visibility; do
    db="${pair%%:*}"; dir="${pair##*:}"
    sql_tool() { "$TEMPORAL_SQL_TOOL_PATH" --plugin postgres12 --endpoint "$host" --port "$pg_port" --user temporal --password "$TEMPORAL_DB_PASSWORD" --database "$db" "$@"; }
    if [[ -z "$(psql_admin -d "$db" -tAc "SELECT 1 FROM pg_tables WHERE tablename = 'schema_version'")" ]]; then
      sql_tool setup-schema -v 0.0 >> "$logs/schema.log" 2>&1 || { tail -20 "$logs/schema.log" >&2; die "setup-schema failed on $db"; }
    fi
    # Applies the versions not applied yet: nothing when the schema is current, the new ones after an upgrade.
    sql_tool update-schema -d "$TEMPORAL_SCHEMA_DIR/$dir/versioned" >> "$logs/schema.log" 2>&1 \
      || { tail -20 "$logs/schema.log" >&2; die "update-schema failed on $db"; }
    version="$(psql_admin -d "$db" -tAc "SELECT curr_version FROM schema_version")"
    note "schema of $db: $version"
  done
}

write_temporal_config() {
  mkdir -p "$state/temporal"
  local store
  umask 077
  {
    cat <<YAML
# Written by scripts/cluster.sh: one temporal-server process with every service, on PostgreSQL.
log:
  stdout: true
  level: warn
persistence:
  defaultStore: default
  visibilityStore: visibility
  # Fixed once the cluster exists (Temporal cannot change it); production uses 512 or more.
  numHistoryShards: 4
  datastores:
YAML
    for store in default:temporal:20 visibility:temporal_visibility:10; do
      IFS=: read -r name db conns <<< "$store"
      cat <<YAML
    $name:
      sql:
        pluginName: postgres12
        databaseName: $db
        connectAddr: "$host:$pg_port"
        connectProtocol: tcp
        user: temporal
        password: "$TEMPORAL_DB_PASSWORD"
        maxConns: $conns
        maxIdleConns: $conns
        maxConnLifetime: 1h
YAML
    done
    cat <<YAML
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "$host"
services:
  frontend:
    rpc: { grpcPort: $frontend_port, membershipPort: $(membership "$frontend_port"), bindOnIP: "$host", httpPort: $frontend_http_port }
  history:
    rpc: { grpcPort: $history_port, membershipPort: $(membership "$history_port"), bindOnIP: "$host" }
  matching:
    rpc: { grpcPort: $matching_port, membershipPort: $(membership "$matching_port"), bindOnIP: "$host" }
  worker:
    rpc: { grpcPort: $tworker_port, membershipPort: $(membership "$tworker_port"), bindOnIP: "$host" }
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: "$temporal_address"
dcRedirectionPolicy:
  policy: noop
dynamicConfigClient:
  filepath: "$repo/scripts/cluster/dynamicconfig.yaml"
  pollInterval: 10s
YAML
  } > "$state/temporal/config.yaml"
  umask 022
}

cli() { "$TEMPORAL_CLI_PATH" "$@" --address "$temporal_address"; }

start_temporal() {
  if [[ -z "$(running_pid temporal)" ]]; then
    start_process temporal "$TEMPORAL_SERVER_PATH" --config-file "$state/temporal/config.yaml" --allow-no-auth start
  fi
  wait_until temporal 180 cli operator cluster health
  # The namespace (its retention: TEMPORAL_RETENTION, 3650d) and banli's search attributes, as
  # docker-compose.yml's banli-setup does them.
  local out
  out="$(TEMPORAL_ADDRESS="$temporal_address" TEMPORAL_NAMESPACE="$namespace" node "$state/dist/scripts/cluster/setup.js" temporal 2>&1)" \
    || die "could not set up the namespace $namespace and its search attributes: $out"
  sed 's/^/[cluster] temporal: /' <<< "$out" >&2
}

# --- banli ------------------------------------------------------------------------------------
build_banli() {
  note "building banli into $state/dist…"
  rm -rf "$state/dist"
  npx tsc -p tsconfig.build.json --outDir "$state/dist"
  # Node resolves packages upwards from the code: a cluster directory outside the checkout needs a link.
  case "$state/" in "$repo/"*) ;; *) ln -sfn "$repo/node_modules" "$state/node_modules" ;; esac
}

database_url() { echo "postgres://banli:$BANLI_DB_PASSWORD@$host:$pg_port/banli?sslmode=disable"; }

start_worker() { # N
  local name="worker-$1" offset
  [[ -n "$(running_pid "$name")" ]] && return 0
  mkdir -p "$state/$name"
  offset="$(stat -c %s "$logs/$name.log" 2>/dev/null || echo 0)"
  start_process "$name" env NODE_ENV=production TEMPORAL_ADDRESS="$temporal_address" TEMPORAL_NAMESPACE="$namespace" \
    DATABASE_URL="$(database_url)" ALERT_LOG_PATH="$state/$name/alerts.jsonl" \
    METRICS_HOST="$host" METRICS_PORT="$(worker_metrics_port "$1")" \
    node --max-old-space-size="${WORKER_HEAP_MB:-256}" "$state/dist/apps/worker/src/main.js"
  wait_until "$name" 300 log_since "$name" "$offset" "polling task queue"
}

start_api() { # N
  local name="api-$1" port; port="$(api_port "$1")"
  [[ -n "$(running_pid "$name")" ]] && return 0
  start_process "$name" env NODE_ENV=production TEMPORAL_ADDRESS="$temporal_address" TEMPORAL_NAMESPACE="$namespace" \
    DATABASE_URL="$(database_url)" HOST="$host" PORT="$port" BANLI_BOOTSTRAP_OFFICE_KEY="$BANLI_BOOTSTRAP_OFFICE_KEY" \
    BANLI_SURVEY_SECRET="$BANLI_SURVEY_SECRET" BANLI_PUBLIC_URL="${BANLI_PUBLIC_URL:-http://$host:$balancer_port}" \
    node "$state/dist/apps/api/src/main.js"
  wait_until "$name" 180 curl -sf "http://$host:$port/health"
}

start_balancer() {
  local upstreams="" i
  [[ -n "$(running_pid balancer)" ]] && return 0
  for ((i = 1; i <= apis; i++)); do upstreams+="${upstreams:+,}http://$host:$(api_port "$i")"; done
  start_process balancer env BALANCER_HOST="$host" BALANCER_PORT="$balancer_port" BALANCER_UPSTREAMS="$upstreams" \
    node "$state/dist/scripts/cluster/balancer.js"
  wait_until balancer 60 curl -sf "http://$host:$balancer_port/health"
}

start_named() { # name
  case "$1" in
    worker-*) start_worker "${1#worker-}" ;;
    api-*) start_api "${1#api-}" ;;
    balancer) start_balancer ;;
    *) die "start: unknown process $1 (worker-N, api-N, balancer; \`up\` starts PostgreSQL and Temporal)" ;;
  esac
}

names() { # every process, in the order they start
  local i
  echo postgres; echo temporal
  for ((i = 1; i <= workers; i++)); do echo "worker-$i"; done
  for ((i = 1; i <= apis; i++)); do echo "api-$i"; done
  echo balancer
}

write_cluster_file() { # what tests and tools read: test/support/system.ts (BANLI_E2E_CLUSTER)
  local i api_list="" worker_list=""
  for ((i = 1; i <= apis; i++)); do api_list+="${api_list:+, }{ \"name\": \"api-$i\", \"url\": \"http://$host:$(api_port "$i")\" }"; done
  for ((i = 1; i <= workers; i++)); do worker_list+="${worker_list:+, }\"worker-$i\""; done
  umask 077
  cat > "$state/cluster.json" <<JSON
{
  "dir": "$state",
  "script": "$repo/scripts/cluster.sh",
  "apiUrl": "http://$host:$balancer_port",
  "apis": [$api_list],
  "workers": [$worker_list],
  "temporalAddress": "$temporal_address",
  "namespace": "$namespace",
  "taskQueue": "${TEMPORAL_TASK_QUEUE:-banli-cases}",
  "databaseUrl": "$(database_url)",
  "officeKey": "$BANLI_BOOTSTRAP_OFFICE_KEY"
}
JSON
  umask 022
}

check_ports_free() {
  local port
  for port in $balancer_port $(for ((i = 1; i <= apis; i++)); do api_port "$i"; done) \
      $(for ((i = 1; i <= workers; i++)); do worker_metrics_port "$i"; done) $pg_port $frontend_port $history_port $matching_port \
      $tworker_port $frontend_http_port $(membership "$frontend_port") $(membership "$history_port") $(membership "$matching_port") $(membership "$tworker_port"); do
    if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
      die "port $port on $host is in use by something this cluster did not start (set BANLI_CLUSTER_PORT to move all its ports)"
    fi
  done
}

up() {
  lock
  local fresh=true name
  for name in $(names | grep -v '^postgres$'); do [[ -n "$(running_pid "$name")" ]] && fresh=false; done
  pg_running_as_found && fresh=false
  $fresh && check_ports_free
  bash scripts/ensure-node-deps.sh
  bash scripts/ensure-temporal.sh
  bash scripts/cluster/ensure-temporal-server.sh
  source "$BANLI_CACHE/temporal.env"
  source "$BANLI_CACHE/temporal-server.env"
  ensure_postgres
  secrets
  setup_postgres
  setup_temporal_schema
  write_temporal_config
  local name running_banli=""
  for name in $(names | grep -v '^postgres$\|^temporal$'); do [[ -n "$(running_pid "$name")" ]] && running_banli+=" $name"; done
  if [[ -z "$running_banli" || ! -d "$state/dist" ]]; then build_banli
  else note "not rebuilding banli: its processes run from $state/dist ($running_banli); \`down\` then \`up\` to run new code"; fi
  start_temporal
  local out
  out="$(DATABASE_URL="$(database_url)" node "$state/dist/scripts/cluster/setup.js" migrate 2>&1)" || die "could not migrate banli's database: $out"
  sed 's/^/[cluster] banli database: /' <<< "$out" >&2
  local i
  for ((i = 1; i <= workers; i++)); do start_worker "$i"; done
  for ((i = 1; i <= apis; i++)); do start_api "$i"; done
  start_balancer
  write_cluster_file
  flock -u 9
  banner
}

banner() {
  local i
  cat <<BANNER

  banli cluster is running ($state)
    API (balancer)  http://$host:$balancer_port/api      OpenAPI http://$host:$balancer_port/api/docs
$(for ((i = 1; i <= apis; i++)); do printf '    api-%s           http://%s:%s   (pid %s)\n' "$i" "$host" "$(api_port "$i")" "$(running_pid "api-$i")"; done)
$(for ((i = 1; i <= workers; i++)); do printf '    worker-%s        task queue %s, metrics http://%s:%s/metrics   (pid %s)\n' "$i" "${TEMPORAL_TASK_QUEUE:-banli-cases}" "$host" "$(worker_metrics_port "$i")" "$(running_pid "worker-$i")"; done)
    Temporal        $temporal_address (gRPC; HTTP $host:$frontend_http_port), server $TEMPORAL_SERVER_VERSION, namespace $namespace
    PostgreSQL      $host:$pg_port ($pg_bin): temporal, temporal_visibility, banli
    Logs            $logs/
    Office key      $(cat "$state/office-key.txt") (in $state/office-key.txt)
    Addresses       $state/cluster.json

  Try:  curl -s -X POST http://$host:$balancer_port/api/cycles -H 'content-type: application/json' \\
          -H "Authorization: Bearer \$(cat $state/office-key.txt)" --data @test/fixtures/dongli-2020.json
        npm run temporal -- workflow list --address $temporal_address
  Stop: Ctrl-C here, or scripts/cluster.sh down (BANLI_CLUSTER_DIR=$state)

BANNER
}

down() {
  lock
  local name i
  stop_process balancer 15
  for ((i = apis; i >= 1; i--)); do stop_process "api-$i" 30; done
  # A worker finishes the tasks it holds before it exits (up to its drain time).
  for ((i = workers; i >= 1; i--)); do stop_process "worker-$i" 90; done
  for name in $(cd "$run" && ls *.pid 2>/dev/null | sed 's/\.pid$//'); do # any started with other counts
    case "$name" in postgres|temporal) ;; *) stop_process "$name" 60 ;; esac
  done
  stop_process temporal 60
  if [[ -s "$pgdata/PG_VERSION" ]]; then
    [[ "$(id -u)" == 0 ]] && pg_user=postgres
    find_postgres || true
    if [[ -n "$pg_bin" ]] && pg_running; then as_pg "$pg_bin/pg_ctl" -D "$pgdata" -m fast -w stop > /dev/null; fi
    rm -f "$(pidfile postgres)"
  fi
  note "stopped ($state)"
}

status() {
  local name pid
  for name in $(names); do
    if [[ "$name" == postgres ]]; then
      [[ "$(id -u)" == 0 ]] && pg_user=postgres
      find_postgres || true
      if [[ -n "$pg_bin" ]] && pg_running; then pid="$(cat "$(pidfile postgres)" 2>/dev/null)"; else pid=""; fi
    else
      pid="$(running_pid "$name")"
    fi
    if [[ -n "$pid" ]]; then printf '%-10s running (pid %s)\n' "$name" "$pid"
    else printf '%-10s down%s\n' "$name" "$([[ -e "$run/$name.down" ]] && echo ' (killed)')"; fi
  done
}

# --- commands ---------------------------------------------------------------------------------
source scripts/cache-dir.sh
case "$command" in
  up)
    detach=false
    [[ "${1:-}" == --detach || "${1:-}" == -d ]] && detach=true
    up
    if ! $detach; then
      trap 'trap - INT TERM; printf "\n"; down; exit 130' INT TERM
      note "Ctrl-C stops everything."
      declare -A reported=()
      while :; do # reports a process that exits; `scripts/cluster.sh start NAME` starts it again
        for name in $(names); do
          [[ "$name" == postgres ]] && continue
          if [[ -z "$(running_pid "$name")" && -z "${reported[$name]:-}" ]]; then
            note "$name is down$([[ -e "$run/$name.down" ]] && echo ' (killed on request)'); see $logs/$name.log; scripts/cluster.sh start $name starts it again"
            reported[$name]=1
          elif [[ -n "$(running_pid "$name")" ]]; then
            unset "reported[$name]"
          fi
        done
        sleep 2
      done
    fi
    ;;
  down|stop) down ;;
  status) status ;;
  start)
    [[ $# -ge 1 ]] || die "usage: scripts/cluster.sh start NAME"
    lock; secrets; start_named "$1"; note "$1 running (pid $(running_pid "$1"))" ;;
  restart)
    # Rolling: one at a time, each only while another of its kind runs (the balancer, the task
    # queue carry on without it), so a restart never takes the last API or worker away.
    [[ $# -ge 1 ]] || die "usage: scripts/cluster.sh restart api|worker|NAME [--one]"
    lock; secrets
    case "$1" in api) targets=$(names | grep '^api-' | tac) ;; worker) targets=$(names | grep '^worker-' | tac) ;; *) targets="$1" ;; esac
    one=false; [[ "${2:-}" == --one ]] && one=true
    restarted=0
    for name in $targets; do
      [[ -n "$(running_pid "$name")" ]] || { note "$name is down; left down (start it with: scripts/cluster.sh start $name)"; continue; }
      kind="${name%-*}"
      others=0
      for other in $(names | grep "^$kind-"); do [[ "$other" != "$name" && -n "$(running_pid "$other")" ]] && others=$((others + 1)); done
      if [[ $others -eq 0 && "$name" != balancer ]]; then note "$name is the only $kind running: not restarted"; continue; fi
      case "$name" in worker-*) stop_process "$name" 90 ;; *) stop_process "$name" 30 ;; esac
      start_named "$name"
      note "$name restarted (pid $(running_pid "$name"))"
      restarted=$((restarted + 1))
      $one && break
    done
    note "restarted $restarted" ;;
  kill)
    [[ $# -ge 1 ]] || die "usage: scripts/cluster.sh kill NAME"
    lock
    pid="$(running_pid "$1")"
    [[ -n "$pid" ]] || die "$1 is not running"
    kill -KILL "$pid"
    touch "$run/$1.down"
    note "killed $1 (pid $pid, SIGKILL); it stays down until: scripts/cluster.sh start $1" ;;
  test)
    bash scripts/cluster/test.sh "$@" ;;
  *) die "unknown command $command (up [--detach], down, status, start NAME, restart api|worker|NAME, kill NAME, test)" ;;
esac
