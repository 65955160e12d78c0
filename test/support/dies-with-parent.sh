#!/bin/sh
# Usage: dies-with-parent.sh <executable> [args…]
# Runs the executable as this very process (exec: it keeps the pid whoever started it signals),
# beside a watchdog that ends it once the process that started it is gone, however that died
# (even SIGKILL). Linux: /proc/<pid>/stat is "pid (comm) state ppid …"; elsewhere, kill -0 on
# the parent. See test/support/dies-with-parent.ts.
parent=$PPID
self=$$
(
  while kill -0 "$self" 2>/dev/null; do
    if fields=$(cat "/proc/$self/stat" 2>/dev/null); then
      fields=${fields##*) }
      state=${fields%% *}
      rest=${fields#* }
      [ "$state" = Z ] && exit 0
      if [ "${rest%% *}" = "$parent" ]; then gone=; else gone=yes; fi
    else
      if kill -0 "$parent" 2>/dev/null; then gone=; else gone=yes; fi
    fi
    if [ -n "$gone" ]; then
      kill -TERM "$self" 2>/dev/null
      sleep 5
      kill -KILL "$self" 2>/dev/null
      exit 0
    fi
    sleep 1
  done
) </dev/null >/dev/null 2>&1 &
exec "$@"
