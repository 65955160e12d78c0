#!/usr/bin/env bash
# Provides the Temporal server for cluster mode, built from the Go module proxy and cached outside
# the checkout (like scripts/ensure-temporal.sh does for the CLI). Idempotent and silent when
# everything is already there.
#
#   temporal-server     go.temporal.io/server/cmd/server at $TEMPORAL_SERVER_VERSION
#   temporal-sql-tool   go.temporal.io/server/cmd/tools/sql, same version
#   schema/             the module's schema/postgresql/v12 (temporal and visibility, versioned)
#
# The version is pinned: v1.32.1 is the newest tag whose go.mod asks for a Go this machine has
# (`go 1.26.8`; v1.32.2 asks for 1.26.10) and has no `replace` directive, so `go install pkg@version`
# builds it as published. GOTOOLCHAIN=local: never fetch another Go toolchain.
#
# Writes the resolved paths to "$BANLI_CACHE/temporal-server.env" for scripts/cluster.sh.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$here/scripts/cache-dir.sh"
version="${TEMPORAL_SERVER_VERSION:-v1.32.1}"
dir="$BANLI_CACHE/temporal-server/$version"
note() { printf '[cluster] %s\n' "$*" >&2; }

if [[ ! -x "$dir/temporal-server" || ! -x "$dir/temporal-sql-tool" || ! -s "$dir/schema/temporal/versioned/v1.0/manifest.json" ]]; then
  command -v go >/dev/null || { note "Go is needed to build the Temporal server (go.temporal.io/server@$version)"; exit 1; }
  export GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:--buildvcs=false}"
  note "building temporal-server and temporal-sql-tool $version with go install (first time only; many minutes)…"
  started=$SECONDS
  build="$dir.build"
  rm -rf "$build" && mkdir -p "$build/bin"
  (cd "$build" && GOBIN="$build/bin" go install "go.temporal.io/server/cmd/server@$version" "go.temporal.io/server/cmd/tools/sql@$version")
  # The module's source (schema files) as the build downloaded it; copied so a cleaned module cache does not matter.
  src="$(cd "$build" && go mod download -json "go.temporal.io/server@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [[ -d "$src/schema/postgresql/v12/temporal/versioned" ]] || { note "no PostgreSQL schema in $src"; exit 1; }
  mkdir -p "$build/schema"
  cp -R "$src/schema/postgresql/v12/temporal" "$src/schema/postgresql/v12/visibility" "$build/schema/"
  chmod -R u+w "$build/schema"
  mv "$build/bin/server" "$build/temporal-server"
  mv "$build/bin/sql" "$build/temporal-sql-tool"
  rmdir "$build/bin"
  rm -rf "$dir" && mv "$build" "$dir"
  note "Temporal server $version ready in $dir (built in $((SECONDS - started)) s)"
fi

cat > "$BANLI_CACHE/temporal-server.env.tmp" <<ENV
TEMPORAL_SERVER_VERSION=$version
TEMPORAL_SERVER_PATH=$dir/temporal-server
TEMPORAL_SQL_TOOL_PATH=$dir/temporal-sql-tool
TEMPORAL_SCHEMA_DIR=$dir/schema
ENV
mv "$BANLI_CACHE/temporal-server.env.tmp" "$BANLI_CACHE/temporal-server.env"
