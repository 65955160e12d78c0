#!/usr/bin/env bash
# Builds a class-data-sharing archive for the Java test server: starts it once with
# -XX:ArchiveClassesAtExit, waits until it accepts connections, and stops it.
set -euo pipefail
dir="$1"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 17233)"
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -XX:ArchiveClassesAtExit="$dir/app.jsa.tmp" \
  -cp "$(cat "$dir/classpath.txt")" io.temporal.testserver.TestServer "$port" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 200); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.1
done
sleep 1
kill -TERM "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
[[ -s "$dir/app.jsa.tmp" ]] && mv "$dir/app.jsa.tmp" "$dir/app.jsa"
