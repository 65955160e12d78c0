#!/usr/bin/env bash
# Provides the two Temporal executables banli runs against, built from package registries
# and cached outside the checkout. Idempotent and silent when everything is already there.
#
#   temporal               the Temporal CLI (dev server), `go install`ed from the Go module proxy,
#                          or the binary named by TEMPORAL_CLI_PATH
#   temporal-test-server   a wrapper that execs Temporal's Java time-skipping test server,
#                          resolved from Maven Central, started with a class-data-sharing archive
#
# Writes the resolved paths to "$BANLI_CACHE/temporal.env" for the other scripts and the tests.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$here/scripts/cache-dir.sh"
cache="$BANLI_CACHE"
cli_version="v1.5.1"
pom="$here/tools/temporal-test-server/pom.xml"
test_server_version="$(sed -n 's:.*<temporal.test-server.version>\(.*\)</temporal.test-server.version>.*:\1:p' "$pom")"

note() { printf '[banli] %s\n' "$*" >&2; }
mkdir -p "$cache"

# --- Temporal CLI -------------------------------------------------------------------------
if [[ -n "${TEMPORAL_CLI_PATH:-}" ]]; then
  [[ -x "$TEMPORAL_CLI_PATH" ]] || { note "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable"; exit 1; }
  cli="$TEMPORAL_CLI_PATH"
else
  cli_dir="$cache/temporal-cli/$cli_version"
  cli="$cli_dir/temporal"
  if [[ ! -x "$cli" ]]; then
    command -v go >/dev/null || { note "Go 1.25+ is needed to build the Temporal CLI (or set TEMPORAL_CLI_PATH)"; exit 1; }
    note "building the Temporal CLI $cli_version with go install (first time only, a few minutes)…"
    mkdir -p "$cli_dir"
    (cd "$cache" && GOFLAGS="${GOFLAGS:--buildvcs=false}" GOBIN="$cli_dir" go install "github.com/temporalio/cli/cmd/temporal@$cli_version")
    note "Temporal CLI ready: $cli"
  fi
fi

# --- Time-skipping test server -----------------------------------------------------------
ts_dir="$cache/temporal-test-server/$test_server_version-$(sha256sum "$pom" | cut -c1-8)"
ts="$ts_dir/temporal-test-server"
if [[ ! -x "$ts" || ! -s "$ts_dir/classpath.txt" ]]; then
  command -v mvn >/dev/null || { note "Maven is needed to fetch the Temporal test server"; exit 1; }
  command -v java >/dev/null || { note "Java is needed to run the Temporal test server"; exit 1; }
  note "resolving io.temporal:temporal-test-server:$test_server_version from Maven Central (first time only)…"
  mkdir -p "$ts_dir"
  mvn -q -B -Dstyle.color=never -f "$pom" dependency:build-classpath -Dmdep.outputFile="$ts_dir/classpath.txt" -Dmdep.includeScope=runtime >&2
  rm -f "$ts_dir/app.jsa" "$ts_dir/cds.failed"
  # The SDK starts this with the port as its only argument. With BANLI_CDS_DUMP set, the JVM
  # records the classes it loads into that archive on exit (see test-server-cds.sh).
  cat > "$ts.tmp" <<'WRAPPER'
#!/bin/sh
dir="$(cd "$(dirname "$0")" && pwd)"
share=""
if [ -n "${BANLI_CDS_DUMP:-}" ]; then share="-XX:ArchiveClassesAtExit=$BANLI_CDS_DUMP"
elif [ -s "$dir/app.jsa" ]; then share="-XX:SharedArchiveFile=$dir/app.jsa -Xshare:auto"; fi
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k $share \
  -cp "$(cat "$dir/classpath.txt")" io.temporal.testserver.TestServer "$@"
WRAPPER
  chmod +x "$ts.tmp" && mv "$ts.tmp" "$ts"
fi
if [[ ! -s "$ts_dir/app.jsa" && ! -e "$ts_dir/cds.failed" ]]; then
  # Class-data sharing: later starts map the recorded classes instead of parsing them again.
  if ! "$here/scripts/test-server-cds.sh" "$ts" "$ts_dir/app.jsa" >&2; then
    touch "$ts_dir/cds.failed"   # tried once; the server starts without it (remove the file to retry)
    note "class-data-sharing archive not built; the test server starts without it"
  fi
fi

cat > "$cache/temporal.env.tmp" <<ENV
TEMPORAL_CLI_PATH=$cli
TEMPORAL_TEST_SERVER_PATH=$ts
ENV
mv "$cache/temporal.env.tmp" "$cache/temporal.env"
