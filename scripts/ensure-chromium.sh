#!/usr/bin/env bash
# Sourced-free helper of test.sh: Debian's Chromium (and a Chinese font, so the dashboard's
# screenshots read) for the browser tests (test/web.e2e-spec.ts, driven by playwright-core).
# Installs them with apt-get when they are missing and this is root with apt; otherwise says so and
# leaves it to the browser tests to fail, naming what is missing (never a silent skip).
set -uo pipefail
chromium="${BANLI_CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[[ -x "$chromium" ]] || missing+=(chromium)
if command -v fc-list >/dev/null 2>&1 && [[ -z "$(fc-list :lang=zh 2>/dev/null)" ]]; then missing+=(fonts-wqy-microhei); fi
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  printf '[banli] installing %s for the browser tests (apt-get)…\n' "${missing[*]}" >&2
  if DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1; }; then
    exit 0
  fi
  printf '[banli] apt-get could not install %s: the browser tests will fail\n' "${missing[*]}" >&2
else
  printf '[banli] %s missing and cannot be installed here (needs root and apt-get): the browser tests will fail; install it, or set BANLI_CHROMIUM_PATH\n' "${missing[*]}" >&2
fi
exit 0
