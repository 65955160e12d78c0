#!/usr/bin/env bash
# Builds a class-data-sharing archive for the Java test server: starts it once through its
# wrapper with BANLI_CDS_DUMP, waits until it accepts connections, stops it, keeps the archive.
set -euo pipefail
wrapper="$1" archive="$2"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
BANLI_CDS_DUMP="$archive.tmp" "$wrapper" "$port" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 200); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.1
done
sleep 1
kill -TERM "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
[[ -s "$archive.tmp" ]] && mv "$archive.tmp" "$archive"
